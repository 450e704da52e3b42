"""Who may author and change plans: answers with their reason (and article)."""

from __future__ import annotations

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.core.decisions import ALLOW, Decision, deny

from .models import CityPlan, DepartmentPlan, PlanState

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_LEADER)
BDB_ROLES = (Role.BDB_STAFF, Role.BDB_LEADER)


# --- department plans (Art. 6) ---------------------------------------------------------------
def may_draft_department_plans(user: User) -> Decision:
    """The role check for opening a new department plan: unit staff of an in-scope organisation."""
    if not user.has_role(Role.UNIT_STAFF) or user.organisation is None:
        return deny(
            "只有建设单位经办人可以编制本部门的规划和年度建设计划",
            6,
            en="Only unit staff may draft their department's plans",
        )
    organisation = user.organisation
    if not organisation.in_scope:
        return deny(
            f"{organisation.get_org_type_display()}不属于本办法适用范围，不编制规划和年度建设计划",
            2,
            en="Municipal universities and public hospitals are outside the measures' scope",
        )
    return ALLOW


def is_department_plan_author(user: User, plan: DepartmentPlan) -> bool:
    """Unit staff or leader of the plan's own organisation (who may edit it while editable)."""
    return user.has_any_role(*UNIT_ROLES) and user.organisation_id == plan.organisation_id


def department_plan_editable(plan: DepartmentPlan, user: User) -> Decision:
    if not is_department_plan_author(user, plan):
        return deny(
            "只有本部门经办人或负责人可以修改本部门的规划和计划",
            6,
            en="Only the department's own staff or leader may change its plans",
        )
    if not plan.is_editable:
        return deny(
            f"计划当前状态为「{plan.state_label}」，不能修改（草稿或退回修改时才能修改）",
            en="The plan can be changed only while it is a draft or returned",
        )
    return ALLOW


# --- city plans (Art. 5) ---------------------------------------------------------------------
def may_draft_city_plans(user: User) -> Decision:
    if not user.has_role(Role.BDB_STAFF) or user.organisation is None:
        return deny(
            "只有大数据局经办人可以编制政务信息化规划和年度指导计划",
            5,
            en="Only Big Data Bureau staff may draft the city's plans",
        )
    return ALLOW


def is_city_plan_author(user: User, plan: CityPlan) -> bool:
    """BDB staff or leader of the plan's jurisdiction."""
    return (
        user.has_any_role(*BDB_ROLES)
        and user.organisation is not None
        and user.organisation.jurisdiction_id == plan.jurisdiction_id
    )


def city_plan_editable(plan: CityPlan, user: User) -> Decision:
    if not is_city_plan_author(user, plan):
        return deny(
            "只有本行政区域大数据局可以修改政务信息化规划和年度指导计划",
            5,
            en="Only the Big Data Bureau of the jurisdiction may change the city's plans",
        )
    if plan.state != PlanState.DRAFT:
        return deny(
            "已发布的规划和计划不能修改",
            en="A published plan cannot be changed",
        )
    return ALLOW
