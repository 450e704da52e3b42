"""The lifecycles of plans, declared once (Art. 5, 6).

A department plan: draft --submit--> submitted --approve--> approved
                                     submitted --return(opinion)--> returned --submit--> …
Every BDB decision is kept as a ``PlanReview`` round (effects below) and in the history.

A city plan (BDB's own): draft --publish--> published.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.utils import timezone

from govit.accounts.roles import ROLE_LABELS, Role
from govit.audit.services import record
from govit.core.decisions import ALLOW, Decision, deny
from govit.core.workflow import State, StateMachine, Transition, TransitionContext

from .models import PlanReview, PlanState, as_yuan

# --- guards: (plan, user) -> Decision -------------------------------------------------------


def actor_in_plan_organisation(plan: Any, user: Any) -> Decision:
    if user.organisation_id != plan.organisation_id:
        return deny(
            "只能报送本部门的规划和年度建设计划",
            6,
            en="Only the department that authors the plan may submit it",
        )
    return ALLOW


def plan_owner_in_scope(plan: Any, user: Any) -> Decision:
    organisation = plan.organisation
    if not organisation.in_scope:
        return deny(
            f"{organisation.get_org_type_display()}不属于本办法适用范围，不能报送规划和年度建设计划",
            2,
            en="Municipal universities and public hospitals are outside the measures' scope",
        )
    return ALLOW


def plan_has_items(plan: Any, user: Any) -> Decision:
    if not plan.items.exists():
        return deny(
            "计划中还没有任何项目，请先添加项目再报送",
            6,
            en="The plan has no items; add at least one item before submitting",
        )
    return ALLOW


def actor_in_plan_jurisdiction(plan: Any, user: Any) -> Decision:
    organisation = user.organisation
    if organisation is None or organisation.jurisdiction_id != plan.organisation.jurisdiction_id:
        return deny(
            "只能审核本行政区域部门报送的规划和计划",
            6,
            en="Only the Big Data Bureau of the department's jurisdiction may decide",
        )
    return ALLOW


def actor_in_city_plan_jurisdiction(plan: Any, user: Any) -> Decision:
    organisation = user.organisation
    if organisation is None or organisation.jurisdiction_id != plan.jurisdiction_id:
        return deny(
            "只能发布本行政区域的规划和年度指导计划",
            5,
            en="Only the Big Data Bureau of the plan's jurisdiction may publish it",
        )
    return ALLOW


# --- effects: (plan, user, context) -> None (inside the transition's transaction) ------------


def _keep_review_round(plan: Any, user: Any, context: TransitionContext, outcome: str) -> None:
    items = list(plan.items.order_by("id"))
    total = as_yuan(plan.items.aggregate(total=Sum("estimated_budget"))["total"])
    round_number = plan.reviews.count() + 1
    PlanReview.objects.create(
        plan=plan,
        round=round_number,
        outcome=outcome,
        opinion=context.reason,
        items_snapshot=[item.snapshot() for item in items],
        total_budget=total,
        decided_by=user,
        decided_at=timezone.now(),
    )
    plan.bdb_opinion = context.reason
    plan.save(update_fields=["bdb_opinion"])
    context.data.update(round=round_number, items=len(items), total_budget=str(total))


def keep_approval_round(plan: Any, user: Any, context: TransitionContext) -> None:
    _keep_review_round(plan, user, context, PlanReview.Outcome.APPROVED)


def keep_return_round(plan: Any, user: Any, context: TransitionContext) -> None:
    _keep_review_round(plan, user, context, PlanReview.Outcome.RETURNED)


S = State
T = Transition

DEPARTMENT_PLAN_STATES = [
    S(PlanState.DRAFT, "草稿", "Draft"),
    S(PlanState.SUBMITTED, "已报送", "Submitted to the Big Data Bureau"),
    S(PlanState.RETURNED, "退回修改", "Returned for changes"),
    S(PlanState.APPROVED, "已批准", "Approved", terminal=True),
]

UNIT_AUTHORS = frozenset({Role.UNIT_STAFF, Role.UNIT_LEADER})
BDB = frozenset({Role.BDB_STAFF, Role.BDB_LEADER})

DEPARTMENT_PLAN_TRANSITIONS = [
    T("submit", "报送大数据局", "Submit to the Big Data Bureau",
      (PlanState.DRAFT, PlanState.RETURNED), PlanState.SUBMITTED, UNIT_AUTHORS,
      (actor_in_plan_organisation, plan_owner_in_scope, plan_has_items)),
    T("approve", "批准", "Approve", (PlanState.SUBMITTED,), PlanState.APPROVED,
      frozenset({Role.BDB_LEADER}), (actor_in_plan_jurisdiction,),
      effects=(keep_approval_round,)),
    T("return", "退回修改", "Return for changes", (PlanState.SUBMITTED,), PlanState.RETURNED,
      BDB, (actor_in_plan_jurisdiction,), effects=(keep_return_round,),
      requires_reason=True, style="secondary"),
]  # fmt: skip

DEPARTMENT_PLAN_MACHINE = StateMachine(
    name="planning.department_plan",
    states=DEPARTMENT_PLAN_STATES,
    transitions=DEPARTMENT_PLAN_TRANSITIONS,
    initial=PlanState.DRAFT,
    history=record,
    role_labels=ROLE_LABELS,
)

CITY_PLAN_STATES = [
    S(PlanState.DRAFT, "草稿", "Draft"),
    S(PlanState.PUBLISHED, "已发布", "Published", terminal=True),
]

CITY_PLAN_TRANSITIONS = [
    T("publish", "发布", "Publish", (PlanState.DRAFT,), PlanState.PUBLISHED,
      frozenset({Role.BDB_LEADER}), (actor_in_city_plan_jurisdiction,)),
]  # fmt: skip

CITY_PLAN_MACHINE = StateMachine(
    name="planning.city_plan",
    states=CITY_PLAN_STATES,
    transitions=CITY_PLAN_TRANSITIONS,
    initial=PlanState.DRAFT,
    history=record,
    role_labels=ROLE_LABELS,
)
