"""The lifecycle of a project (SPEC.md), declared once.

States are the stable codes of SPEC.md plus ``submitted`` (待单位审核): the step between a
unit's staff submitting and its leader signing off (issue 3's flow).  Transitions that later
stages (review, funds, acceptance …) need are added here by those issues, next to their guards.
"""

from __future__ import annotations

from typing import Any

from govit.accounts.roles import ROLE_LABELS, Role
from govit.audit.services import record
from govit.core.decisions import ALLOW, Decision, deny
from govit.core.workflow import State, StateMachine, Transition

S = State
STATES = [
    S("draft", "草稿", "Draft"),
    S("submitted", "待单位审核", "Submitted to unit leader"),
    S("unit_signed", "单位已审核", "Signed off by unit"),
    S("under_review", "评审中", "Under review"),
    S("returned", "退回修改", "Returned for changes"),
    S("approved", "已批复", "Approved"),
    S("rejected", "不予批复", "Rejected", terminal=True),
    S("ndrc_review", "投资审批", "NDRC investment review"),
    S("procurement", "采购中", "Procurement"),
    S("in_construction", "建设中", "In construction"),
    S("suspended", "暂停", "Suspended"),
    S("rectifying", "整改中", "Rectifying"),
    S("completed", "建设完成", "Construction completed"),
    S("acceptance_applied", "已申请验收", "Acceptance applied"),
    S("accepted", "已验收", "Accepted"),
    S("in_operation", "运行中", "In operation"),
    S("self_evaluated", "已自评", "Self-evaluated"),
    S("evaluated", "已绩效评价", "Performance evaluated"),
    S("retired", "已下线", "Retired", terminal=True),
    S("terminated", "已终止", "Terminated", terminal=True),
]

# The main line, in order: what the lifecycle diagram draws as steps.
MAIN_LINE = [
    "draft", "submitted", "unit_signed", "under_review", "approved", "ndrc_review", "procurement",
    "in_construction", "completed", "acceptance_applied", "accepted", "in_operation",
    "self_evaluated", "evaluated", "retired",
]  # fmt: skip

LIVE_STATES = tuple(s.code for s in STATES if not s.terminal)


# --- guards: (project, user) -> Decision ------------------------------------------------------
def actor_in_owner_unit(project: Any, user: Any) -> Decision:
    if user.organisation_id != project.organisation_id:
        return deny("只能办理本单位的项目", en="Only the owning unit may do this")
    return ALLOW


def applicant_in_scope(project: Any, user: Any) -> Decision:
    if not project.organisation.in_scope:
        return deny(
            f"{project.organisation.get_org_type_display()}不属于本办法适用范围，不能申报",
            2,
            en="Municipal universities and public hospitals are outside the measures' scope",
        )
    return ALLOW


def actor_in_project_jurisdiction(project: Any, user: Any) -> Decision:
    if user.organisation is None or user.organisation.jurisdiction_id != project.jurisdiction_id:
        return deny("只能办理本行政区域的项目", en="Only projects of your own jurisdiction")
    return ALLOW


T = Transition
TRANSITIONS = [
    T("submit", "提交单位审核", "Submit to unit leader", ("draft", "returned"), "submitted",
      frozenset({Role.UNIT_STAFF}), (actor_in_owner_unit, applicant_in_scope)),
    T("withdraw", "撤回", "Withdraw", ("submitted",), "draft",
      frozenset({Role.UNIT_STAFF}), (actor_in_owner_unit,), style="secondary"),
    T("sign_off", "单位审核通过", "Sign off", ("submitted",), "unit_signed",
      frozenset({Role.UNIT_LEADER}), (actor_in_owner_unit, applicant_in_scope)),
    T("send_back", "单位退回", "Send back to staff", ("submitted",), "draft",
      frozenset({Role.UNIT_LEADER}), (actor_in_owner_unit,), requires_reason=True, style="secondary"),
    T("accept_intake", "形式审查通过", "Pass intake check", ("unit_signed",), "under_review",
      frozenset({Role.BDB_STAFF}), (actor_in_project_jurisdiction,)),
    T("return", "退回修改", "Return for changes", ("unit_signed", "under_review"), "returned",
      frozenset({Role.BDB_STAFF, Role.BDB_LEADER}), (actor_in_project_jurisdiction,),
      requires_reason=True, style="secondary"),
    T("approve", "批复", "Approve", ("under_review",), "approved",
      frozenset({Role.BDB_LEADER}), (actor_in_project_jurisdiction,)),
    T("reject", "不予批复", "Reject", ("under_review",), "rejected",
      frozenset({Role.BDB_LEADER}), (actor_in_project_jurisdiction,), requires_reason=True, style="danger"),
    T("terminate", "终止项目", "Terminate", tuple(c for c in LIVE_STATES if c != "draft"), "terminated",
      frozenset({Role.BDB_LEADER}), (actor_in_project_jurisdiction,), requires_reason=True, style="danger"),
]  # fmt: skip

PROJECT_MACHINE = StateMachine(
    name="project",
    states=STATES,
    transitions=TRANSITIONS,
    initial="draft",
    history=record,
    role_labels=ROLE_LABELS,
)
