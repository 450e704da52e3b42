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
    S("consent_requested", "待同意申报上级", "Consent to apply upward requested"),
    S("consented", "已同意申报上级", "Consent to apply upward given"),
    S("filed", "已备案", "Filed"),
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


def approval_procedure(project: Any, user: Any) -> Decision:
    if project.procedure != "approval" or project.upper_level:
        return deny(
            "备案类项目和上级项目由大数据局登记备案，不经评审批复",
            3,
            en="Filing and higher-level projects are registered, not reviewed",
        )
    return ALLOW


def filing_procedure(project: Any, user: Any) -> Decision:
    if project.procedure != "filing" and not project.upper_level:
        return deny(
            "审批类项目须经评审和批复，不能直接备案",
            3,
            en="Approval projects are reviewed, not filed",
        )
    return ALLOW


def higher_level_project(project: Any, user: Any) -> Decision:
    if not project.upper_level:
        return deny(
            "只有国家级、省级项目需要申请同意申报上级",
            12,
            en="Only higher-level projects ask for consent",
        )
    return ALLOW


def consent_obtained_for_higher_level(project: Any, user: Any) -> Decision:
    if project.upper_level and project.state == "draft":
        return deny(
            "上级项目须先取得大数据局同意后方可申报上级，并在上级批复后备案",
            12,
            en="A higher-level project first needs BDB's consent (Art. 12)",
        )
    return ALLOW


def fixed_asset_project(project: Any, user: Any) -> Decision:
    if not project.is_fixed_asset:
        return deny("非固定资产投资项目不需发展改革委审批", 4, en="Not a fixed-asset project")
    return ALLOW


def not_fixed_asset_project(project: Any, user: Any) -> Decision:
    if project.is_fixed_asset:
        return deny(
            "固定资产投资项目须先经发展改革委审批投资",
            4,
            en="Fixed-asset projects need NDRC approval first",
        )
    return ALLOW


# --- effects: (project, user, context) -> None ---------------------------------------------
def record_construction_start(project: Any, user: Any, context: Any) -> None:
    """The day construction started: the start of the schedule baseline (Art. 15)."""
    from django.utils import timezone

    started = timezone.localdate()
    type(project)._default_manager.filter(pk=project.pk).update(construction_started_on=started)
    project.construction_started_on = started
    context.data["construction_started_on"] = started.isoformat()


# Gates that stage apps own, named by path (see core.workflow): the dossier must be complete
# before the unit submits it (Art. 7, 8, 9, 12, 27, 33).
SUBMISSION_GATES = (
    "govit.planning.rules.plan_basis",
    "govit.applications.rules.pre_evaluation_complete",
    "govit.applications.rules.catalogue_complete",
    "govit.applications.rules.cobuilders_confirmed",
    "govit.applications.rules.budget_present",
    "govit.applications.rules.construction_plan_uploaded",
    "govit.applications.rules.security_profile_complete",
    "govit.applications.rules.upper_approval_uploaded",
)


T = Transition
UNIT_STAFF, UNIT_LEADER = frozenset({Role.UNIT_STAFF}), frozenset({Role.UNIT_LEADER})
BDB_STAFF, BDB_LEADER = frozenset({Role.BDB_STAFF}), frozenset({Role.BDB_LEADER})
OWNER = (actor_in_owner_unit,)
BDB = (actor_in_project_jurisdiction,)
R = "govit.reviews.rules."
E = "govit.reviews.effects."

TRANSITIONS = [
    # The unit: staff submit, the leader signs off (单位审核).
    T("submit", "提交单位审核", "Submit to unit leader", ("draft", "returned", "consented"), "submitted",
      UNIT_STAFF, (*OWNER, applicant_in_scope, consent_obtained_for_higher_level, *SUBMISSION_GATES)),
    T("withdraw", "撤回", "Withdraw", ("submitted",), "draft", UNIT_STAFF, OWNER, style="secondary"),
    T("sign_off", "单位审核通过", "Sign off", ("submitted",), "unit_signed",
      UNIT_LEADER, (*OWNER, applicant_in_scope)),
    T("send_back", "单位退回", "Send back to staff", ("submitted",), "draft",
      UNIT_LEADER, OWNER, requires_reason=True, style="secondary"),
    # BDB intake check (形式审查), each round kept.
    T("accept_intake", "形式审查通过", "Pass intake check", ("unit_signed",), "under_review",
      BDB_STAFF, (*BDB, approval_procedure), effects=(E + "record_intake_passed",)),
    T("return", "退回修改", "Return for changes", ("unit_signed", "under_review"), "returned",
      BDB_STAFF | BDB_LEADER, BDB, effects=(E + "record_intake_returned",),
      requires_reason=True, style="secondary"),
    # Decision (Art. 10, 11): the leader signs the drafted opinion, which gets its number.
    T("approve", "批复", "Approve", ("under_review",), "approved", BDB_LEADER,
      (*BDB, R + "reviews_complete", R + "opinion_drafted", R + "opinion_within_request",
       R + "plan_or_exception"),
      effects=(E + "sign_opinion",)),
    T("reject", "不予批复", "Reject", ("under_review",), "rejected", BDB_LEADER, BDB,
      effects=(E + "mark_opinion_rejected",), requires_reason=True, style="danger"),
    # After the opinion: NDRC for fixed-asset projects (Art. 4, 11); Secrecy first for
    # classified candidates (Art. 4).
    T("request_ndrc", "报发展改革委审批", "Send to NDRC", ("approved",), "ndrc_review", UNIT_STAFF,
      (*OWNER, fixed_asset_project, R + "opinion_signed", R + "secrecy_answered")),
    T("ndrc_approve", "发展改革委批准", "NDRC approves", ("ndrc_review",), "procurement",
      frozenset({Role.NDRC}), (*BDB, R + "opinion_signed", R + "ndrc_decision_recorded")),
    T("ndrc_reject", "发展改革委不予批准", "NDRC rejects", ("ndrc_review",), "rejected",
      frozenset({Role.NDRC}), (*BDB, R + "ndrc_decision_recorded"), requires_reason=True, style="danger"),
    T("start_procurement", "进入采购", "Start procurement", ("approved", "filed"), "procurement", UNIT_STAFF,
      (*OWNER, not_fixed_asset_project, R + "opinion_signed_or_filed", R + "secrecy_answered")),
    # Filing (备案, Art. 3, 12, 14) and higher-level projects (Art. 12).
    T("register", "登记备案", "Register the filing", ("unit_signed",), "filed", BDB_STAFF,
      (*BDB, filing_procedure), effects=(E + "record_intake_passed",)),
    T("request_consent", "申请同意申报上级", "Ask consent to apply upward", ("draft",), "consent_requested",
      UNIT_STAFF, (*OWNER, applicant_in_scope, higher_level_project)),
    T("consent", "同意申报上级", "Consent", ("consent_requested",), "consented", BDB_LEADER, BDB),
    T("refuse_consent", "不同意申报上级", "Refuse consent", ("consent_requested",), "rejected", BDB_LEADER, BDB,
      requires_reason=True, style="danger"),
    # Delivery (issue 4, Art. 15–24, 33).  Transitions with ``via`` need data (dates, outcomes,
    # documents): their page and service in the stage app run them through the engine.
    T("start_construction", "开工建设", "Start construction", ("procurement",), "in_construction",
      UNIT_STAFF, (*OWNER, "govit.contracts.rules.contract_recorded"),
      effects=(record_construction_start,)),
    T("order_rectification", "责令整改", "Order rectification", ("in_construction",), "rectifying",
      BDB_LEADER, BDB, requires_reason=True, style="secondary", via="construction:incidents"),
    T("close_rectification", "整改完成", "Rectification done", ("rectifying",), "in_construction",
      BDB_STAFF | BDB_LEADER, BDB, requires_reason=True, via="construction:incidents"),
    T("suspend", "暂停建设", "Suspend construction", ("in_construction", "rectifying"), "suspended",
      BDB_LEADER, BDB, requires_reason=True, style="danger", via="construction:incidents"),
    T("lift_suspension", "恢复建设", "Lift the suspension", ("suspended",), "in_construction",
      BDB_LEADER, (*BDB, "govit.supervision.rules.no_construction_suspension_in_force"),
      requires_reason=True, via="construction:incidents"),
    T("complete", "建设完成登记", "Record completion", ("in_construction",), "completed",
      UNIT_STAFF, OWNER, via="acceptance:completion"),
    T("apply_acceptance", "申请验收", "Apply for acceptance", ("completed",), "acceptance_applied",
      UNIT_STAFF, OWNER, via="acceptance:apply"),
    T("pass_acceptance", "验收通过", "Acceptance passed", ("acceptance_applied",), "accepted",
      BDB_STAFF | BDB_LEADER, (*BDB, "govit.acceptance.rules.security_and_crypto_results"),
      via="acceptance:decide"),
    T("fail_acceptance", "验收不通过", "Acceptance failed", ("acceptance_applied",), "completed",
      BDB_STAFF | BDB_LEADER, BDB, requires_reason=True, style="secondary", via="acceptance:decide"),
    T("go_live", "验收备案并投入运行", "File the acceptance and go live", ("accepted",), "in_operation",
      BDB_STAFF, BDB, via="acceptance:filing"),
    T("self_evaluate", "提交自评价", "Submit the self-evaluation", ("in_operation",), "self_evaluated",
      UNIT_STAFF, (*OWNER, "govit.evaluation.rules.self_evaluation_window_open"),
      via="evaluation:self_evaluation"),
    T("evaluate", "完成第三方绩效评价", "Third-party evaluation done", ("in_operation", "self_evaluated"),
      "evaluated", frozenset({Role.EVALUATOR}), ("govit.evaluation.rules.assigned_evaluator",),
      via="evaluation:assignments"),
    T("terminate", "终止项目", "Terminate", tuple(c for c in LIVE_STATES if c != "draft"), "terminated",
      BDB_LEADER, BDB, requires_reason=True, style="danger"),
]  # fmt: skip

PROJECT_MACHINE = StateMachine(
    name="project",
    states=STATES,
    transitions=TRANSITIONS,
    initial="draft",
    history=record,
    role_labels=ROLE_LABELS,
)
