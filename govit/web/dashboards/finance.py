"""财政资金工作台: the batches waiting for Finance with the release verdict of each (the one
``funding_eligibility`` the queue shows), what is pending, and what was released this year by
month.  The full list with its actions is ``funds:queue``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from govit.accounts.models import User
from govit.accounts.selectors import jurisdiction_id_of
from govit.funds.eligibility import eligibility_of_batches
from govit.funds.models import BatchState, FundBatch
from govit.funds.selectors import QueueRow, paid_from_budget_of, queue_for

from .common import ZERO, Chart, Series

# The dashboard judges the first batches of the queue; the queue page judges them all.
PENDING_SHOWN = 10


@dataclass(frozen=True)
class PendingStep:
    state: str
    label: str
    count: int
    amount: Decimal


def pending_by_step(queue: QuerySet[FundBatch]) -> list[PendingStep]:
    """Pending batches waiting for BDB (requested) and for Finance (confirmed), one query."""
    found = {
        row["state"]: row
        for row in queue.order_by().values("state").annotate(n=Count("id"), amount=Sum("amount"))
    }
    steps = (
        (BatchState.REQUESTED, _("待大数据局确认进度")),
        (BatchState.CONFIRMED, _("待财政拨付")),
    )
    return [
        PendingStep(
            str(state),
            label,
            found[state]["n"] if state in found else 0,
            (found[state]["amount"] or ZERO) if state in found else ZERO,
        )
        for state, label in steps
    ]


def released_by_month(user: User, year: int) -> list[Decimal]:
    """What the user's budget released in ``year``, month by month (one query)."""
    found = (
        FundBatch.objects.filter(
            paid_from_budget_of(jurisdiction_id_of(user)),
            state=BatchState.RELEASED,
            released_on__year=year,
        )
        .annotate(month=ExtractMonth("released_on"))
        .order_by()
        .values("month")
        .annotate(amount=Sum("amount"))
    )
    months = {row["month"]: row["amount"] or ZERO for row in found}
    return [months.get(month, ZERO) for month in range(1, 13)]


def month_chart(amounts: list[Decimal], year: int) -> Chart:
    return Chart(
        id="chart-released",
        title=_("%(year)s 年各月拨付金额（元）") % {"year": year},
        kind="bar",
        category_header=_("月份"),
        categories=[_("%(month)s月") % {"month": month} for month in range(1, 13)],
        series=[Series(_("拨付金额"), amounts, money=True)],
    )


def pending_chart(steps: list[PendingStep]) -> Chart:
    return Chart(
        id="chart-pending",
        title=_("在途批次金额（元）"),
        kind="pie",
        category_header=_("环节"),
        categories=[step.label for step in steps],
        series=[Series(_("金额"), [step.amount for step in steps], money=True)],
    )


def first_pending(user: User, today: date) -> list[QueueRow]:
    """The first batches of the queue, each with its release verdict and reasons."""
    batches = list(queue_for(user)[:PENDING_SHOWN])
    verdicts = eligibility_of_batches(batches, on=today)
    return [QueueRow(batch, verdicts[batch.pk]) for batch in batches]


def finance_dashboard(user: User, today: date) -> dict[str, Any]:
    steps = pending_by_step(queue_for(user))
    released = released_by_month(user, today.year)
    pending_count = sum(step.count for step in steps)
    return {
        "steps": steps,
        "pending_count": pending_count,
        "pending_amount": sum((step.amount for step in steps), ZERO),
        "released_total": sum(released, ZERO),
        "year": today.year,
        "rows": first_pending(user, today) if pending_count else [],
        "more": pending_count > PENDING_SHOWN,
        "today": today,
        "charts": {
            "pending": pending_chart(steps),
            "released": month_chart(released, today.year),
        },
    }
