"""The Art. 35 check of ``govit.funds.eligibility.EXTRA_CHECKS``: 暂缓拨付建设资金.

While a fund suspension decided by a BDB leader is in force on day ``on`` (decided on or before
it, not lifted by then), construction funds are not released.  Art. 35 names construction funds
(暂缓拨付建设资金); O&M funds are not held by this sanction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govit.core.decisions import Decision, deny

from .models import Sanction, SanctionKind

# Cached on the project instance: Finance's queue judges every pending batch of a project
# against the same instance, so the check costs one query per project, not per batch.
_CACHE = "_supervision_fund_suspensions"


def _suspensions(project: Any) -> list[tuple[date, date | None]]:
    cached = project.__dict__.get(_CACHE)
    if cached is None:
        cached = list(
            Sanction.objects.filter(
                project_id=project.pk, kind=SanctionKind.FUND_SUSPENSION
            ).values_list("decided_on", "lifted_on")
        )
        project.__dict__[_CACHE] = cached
    return cached


def fund_suspension(project: Any, on: date, kind: str) -> list[Decision]:
    """Art. 35: a fund suspension in force on ``on`` blocks construction funds."""
    if kind != "construction":
        return []
    for decided_on, lifted_on in _suspensions(project):
        if decided_on <= on and (lifted_on is None or lifted_on > on):
            return [
                deny(
                    f"大数据局已于 {decided_on:%Y-%m-%d} 决定对本项目暂缓拨付建设资金"
                    "（监督检查整改不到位），解除前不拨付建设资金；请按整改通知完成整改，"
                    "待大数据局领导决定解除后再办理",
                    35,
                    en=f"Construction funds are suspended by BDB since {decided_on:%Y-%m-%d} "
                    "until the suspension is lifted",
                )
            ]
    return []
