"""Guards of the review stage, ``(project, user) -> Decision``, each citing its article.

The lead names them by dotted path in ``govit/projects/workflow.py``:

- approve: ``opinion_drafted`` (11), ``opinion_within_request`` (11), ``reviews_complete`` (10),
  ``plan_or_exception`` (10);
- request_ndrc / start_procurement: ``opinion_signed`` (11) — or, for start_procurement from
  ``filed``, ``opinion_signed_or_filed`` (11) — and ``secrecy_answered`` (4);
- request_ndrc: ``ndrc_required`` (4); start_procurement: ``ndrc_not_required`` (4);
- ndrc_approve / ndrc_reject: ``ndrc_decision_recorded`` (4), or the stricter
  ``ndrc_approval_recorded`` / ``ndrc_refusal_recorded``.
"""

from __future__ import annotations

from typing import Any

from govit.core.decisions import ALLOW, Decision, deny

from .models import ApprovalOpinion, NdrcDecision, PlanException
from .selectors import current_assignments


def _latest_draft(project: Any) -> ApprovalOpinion | None:
    return (
        ApprovalOpinion.objects.filter(project=project, state=ApprovalOpinion.State.DRAFT)
        .order_by("-id")
        .first()
    )


def opinion_drafted(project: Any, user: Any) -> Decision:
    """Art. 11: BDB's opinion is the basis of approval — a draft must exist."""
    if _latest_draft(project) is None:
        return deny("尚未起草审核意见", 11, en="No approval opinion has been drafted")
    return ALLOW


def opinion_within_request(project: Any, user: Any) -> Decision:
    """Art. 11: the opinion never approves more than was requested."""
    draft = _latest_draft(project)
    if draft is not None and draft.approved_amount > project.requested_amount:
        return deny(
            f"审核意见的批复金额（{draft.approved_amount} 元）超过申请金额"
            f"（{project.requested_amount} 元）",
            11,
            en="The drafted approved amount exceeds the requested amount",
        )
    return ALLOW


def reviews_complete(project: Any, user: Any) -> Decision:
    """Art. 10: experts were drawn (in the current review round) and every one has scored."""
    assignments = current_assignments(project)
    if not assignments.exists():
        return deny("尚未抽取评审专家", 10, en="No experts have been drawn")
    pending = list(assignments.filter(submitted_at__isnull=True).order_by("id"))
    if pending:
        return deny(
            f"还有 {len(pending)} 位专家未提交评审意见",
            10,
            en=f"{len(pending)} drawn expert(s) have not submitted their review",
        )
    return ALLOW


def plan_or_exception(project: Any, user: Any) -> Decision:
    """Art. 10: a project outside the annual plan is approved only with a recorded exception."""
    if project.outside_plan and not PlanException.objects.filter(project=project).exists():
        return deny(
            "项目未列入部门年度建设计划，须经大数据局领导记录例外审批",
            10,
            en="Outside the annual plan: a BDB leader's recorded exception is needed",
        )
    return ALLOW


def opinion_signed(project: Any, user: Any) -> Decision:
    """Art. 11: the numbered opinion is the precondition of everything after approval."""
    if not project.opinion_number:
        return deny("审核意见尚未签发（无文号）", 11, en="The approval opinion has not been signed")
    return ALLOW


def opinion_signed_or_filed(project: Any, user: Any) -> Decision:
    """Art. 11 (Art. 3, 14 for filing): an approved project needs its numbered opinion; a
    filed (备案) project has no opinion and needs none."""
    if project.state == "filed" or project.procedure == "filing":
        return ALLOW
    return opinion_signed(project, user)


def secrecy_answered(project: Any, user: Any) -> Decision:
    """Art. 4: a classified candidate waits for the Secrecy bureau's confirmation."""
    if project.is_classified_candidate and not project.secrecy_status:
        return deny(
            "拟定涉密项目尚未经保密局审查确认",
            4,
            en="The Secrecy bureau has not yet confirmed this classified candidate",
        )
    return ALLOW


def ndrc_required(project: Any, user: Any) -> Decision:
    """Art. 4: fixed-asset projects go to NDRC for investment approval (approved → ndrc_review)."""
    if not project.is_fixed_asset:
        return deny(
            "非固定资产投资项目，无需发展改革委投资审批",
            4,
            en="Not a fixed-asset project: no NDRC investment approval needed",
        )
    return ALLOW


def ndrc_not_required(project: Any, user: Any) -> Decision:
    """Art. 4: only projects without fixed-asset investment go straight to procurement."""
    if project.is_fixed_asset:
        return deny(
            "固定资产投资项目须先经发展改革委投资立项审批",
            4,
            en="A fixed-asset project needs NDRC investment approval first",
        )
    return ALLOW


def _latest_ndrc_decision(project: Any) -> NdrcDecision | None:
    return NdrcDecision.objects.filter(project=project).order_by("-id").first()


NDRC_VIA_PAGE = "请由发展改革委在投资审批页面录入审批结果（批复文号、日期）"
NDRC_VIA_PAGE_EN = "NDRC records its decision (document number, date) on the NDRC page first"


def ndrc_decision_recorded(project: Any, user: Any) -> Decision:
    """Art. 4, 11: NDRC's decision moves the project only once it is on record
    (``reviews.services.ndrc_decide`` records it, then runs the transition)."""
    if _latest_ndrc_decision(project) is None:
        return deny(NDRC_VIA_PAGE, 4, en=NDRC_VIA_PAGE_EN)
    return ALLOW


def ndrc_approval_recorded(project: Any, user: Any) -> Decision:
    """Art. 4: ndrc_approve only after an approving decision with its document number."""
    decision = _latest_ndrc_decision(project)
    if decision is None or not decision.approved:
        return deny(NDRC_VIA_PAGE, 4, en=NDRC_VIA_PAGE_EN)
    return ALLOW


def ndrc_refusal_recorded(project: Any, user: Any) -> Decision:
    """Art. 4: ndrc_reject only after a refusing decision is on record."""
    decision = _latest_ndrc_decision(project)
    if decision is None or decision.approved:
        return deny(NDRC_VIA_PAGE, 4, en=NDRC_VIA_PAGE_EN)
    return ALLOW
