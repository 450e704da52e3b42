"""Planning's gates on the project lifecycle, named by dotted path in projects/workflow.py."""

from __future__ import annotations

from typing import Any

from govit.core.decisions import ALLOW, Decision, deny

from .models import DepartmentPlan, PlanState

PLAN_BASIS_REASON = "项目须来自本单位已批准的年度建设计划，或标记为计划外项目"
PLAN_BASIS_REASON_EN = (
    "The project must come from an item of its own organisation's approved annual "
    "construction plan, or be marked as outside the plan"
)


def plan_basis(project: Any, user: Any) -> Decision:
    """Art. 7: an application is made from the approved annual construction plan.

    A project marked ``outside_plan`` passes here; Art. 10 then requires a recorded BDB
    leader exception at approval (a separate gate).
    """
    if project.outside_plan:
        return ALLOW
    item = project.plan_item if project.plan_item_id else None
    if item is not None:
        plan = item.plan
        if (
            plan.kind == DepartmentPlan.Kind.ANNUAL_CONSTRUCTION
            and plan.state == PlanState.APPROVED
            and plan.organisation_id == project.organisation_id
        ):
            return ALLOW
    return deny(PLAN_BASIS_REASON, 7, en=PLAN_BASIS_REASON_EN)
