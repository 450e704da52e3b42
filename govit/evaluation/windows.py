"""The self-evaluation window (Art. 24): "项目竣工验收并投入使用或运营后12—24个月内开展自评价".

The window runs from the later of the acceptance date and the go-live date (the project must be
both accepted *and* running).  Its bounds are calendar months on the policy pack in force on
that start date (``self_evaluation_opens_months`` / ``self_evaluation_closes_months``, 12 and
24 in Heze), end-of-month aware: accepted 2025-08-31 → opens 2026-08-31, closes 2027-08-31;
live on 2024-02-29 → opens 2025-02-28, closes 2026-02-28.  Both bounds are inclusive days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from govit.policy.calendar import add_months
from govit.policy.packs import rule

ARTICLE = 24


class WindowStatus(models.TextChoices):
    NOT_YET = "not_yet", "尚未开始"
    OPEN = "open", "开放中"
    CLOSED = "closed", "已截止"


WINDOW_STATUS_EN = {
    WindowStatus.NOT_YET: "not yet open",
    WindowStatus.OPEN: "open",
    WindowStatus.CLOSED: "closed",
}


@dataclass(frozen=True)
class Window:
    """The window of one project as seen on ``today``."""

    start: date
    opens: date
    closes: date
    opens_months: int
    closes_months: int
    today: date
    article: int | None = ARTICLE

    @property
    def status(self) -> str:
        if self.today < self.opens:
            return WindowStatus.NOT_YET.value
        if self.today > self.closes:
            return WindowStatus.CLOSED.value
        return WindowStatus.OPEN.value

    @property
    def status_label(self) -> str:
        return str(WindowStatus(self.status).label)

    @property
    def is_open(self) -> bool:
        return self.status == WindowStatus.OPEN

    @property
    def days_until_open(self) -> int:
        return max(0, (self.opens - self.today).days)

    @property
    def days_late(self) -> int:
        """Calendar days after the closing day (0 inside or before the window)."""
        return max(0, (self.today - self.closes).days)

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "opens": self.opens,
            "closes": self.closes,
            "opens_months": self.opens_months,
            "closes_months": self.closes_months,
            "status": self.status,
            "status_label": self.status_label,
            "days_late": self.days_late,
            "article": self.article,
        }


def window_start(project: Any) -> date | None:
    """The later of ``accepted_on`` and ``go_live_on``; None until both are recorded."""
    if project.accepted_on is None or project.go_live_on is None:
        return None
    return max(project.accepted_on, project.go_live_on)


def self_evaluation_window(project: Any, *, on: date | None = None) -> Window | None:
    """The window of ``project`` on ``on`` (today in Asia/Shanghai by default).

    None while the acceptance or go-live date is missing.  Reads the policy pack in force on
    the start date (raises ``NoPolicyPackInForce`` / ``RuleNotDefined`` if it has no rule);
    writes nothing.
    """
    start = window_start(project)
    if start is None:
        return None
    opens_rule = rule(project.jurisdiction, "self_evaluation_opens_months", on=start)
    closes_rule = rule(project.jurisdiction, "self_evaluation_closes_months", on=start)
    opens_months, closes_months = opens_rule.as_int(), closes_rule.as_int()
    return Window(
        start=start,
        opens=add_months(start, opens_months),
        closes=add_months(start, closes_months),
        opens_months=opens_months,
        closes_months=closes_months,
        today=on or timezone.localdate(),
        article=opens_rule.article or ARTICLE,
    )
