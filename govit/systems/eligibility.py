"""Art. 30 in the funding verdict: a running system that does not share stops further
construction and O&M funds of its project (``govit.funds.eligibility.EXTRA_CHECKS``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from govit.core.decisions import Decision, deny

from .selectors import not_sharing_running

# The Finance queue asks for every pending batch of a project with the same project instance:
# the answer is kept on that instance for the day asked, so the queue costs one query per
# project, not per batch.  A project read anew (every service call locks and reads it) asks anew.
_MEMO = "_systems_not_sharing"


def _why(system: Any) -> str:
    missing = []
    if not system.exchange_connected:
        missing.append("未接入市共享交换平台")
    if not system.active_interfaces:
        missing.append("没有已启用的共享接口")
    return "、".join(missing)


def sharing_compliance(project: Any, on: date, kind: str) -> list[Decision]:
    """One reason per running system of ``project`` that does not share on ``on``."""
    memo: dict[date, list[Decision]] = project.__dict__.setdefault(_MEMO, {})
    if on in memo:
        return memo[on]
    reasons = [
        deny(
            f"信息系统「{system.name}」已投入运行但{_why(system)}，不符合信息共享要求，"
            "暂停拨付建设资金和运维经费；请接入市共享交换平台、启用共享接口并在「信息系统」页面登记后再申请",
            30,
            en=f"The running system “{system.name}” does not share through the city exchange "
            "platform: no construction or O&M funds until it is connected and shares",
        )
        for system in not_sharing_running(project, on)
    ]
    memo[on] = reasons
    return reasons
