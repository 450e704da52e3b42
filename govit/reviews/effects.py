"""Effects of lifecycle transitions, ``(project, user, context) -> None``.

They run inside the transition's transaction (the project row is locked by the engine).
The lead wires them into ``govit/projects/workflow.py``:

- ``accept_intake`` → ``record_intake_passed``
- ``return`` → ``record_intake_returned`` (records a round only when returning from unit_signed)
- ``approve`` → ``sign_opinion``
- ``reject`` → ``mark_opinion_rejected``
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max
from django.utils import timezone

from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.policy.packs import rule
from govit.projects.models import Project
from govit.projects.services import next_serial

from .models import ApprovalOpinion, IntakeRound
from .services import latest_draft

OPINION_NUMBER_RULE = "opinion_number_format"


def _next_round(project: Any) -> int:
    last = IntakeRound.objects.filter(project=project).aggregate(n=Max("round_no"))["n"]
    return (last or 0) + 1


def _intake_round(project: Any, user: Any, outcome: str, reasons: str) -> IntakeRound:
    intake = IntakeRound.objects.create(
        project=project,
        round_no=_next_round(project),
        outcome=outcome,
        reasons=reasons,
        by=user,
        at=timezone.now(),
    )
    record(
        action=f"reviews.intake_{'pass' if outcome == IntakeRound.Outcome.PASSED else 'return'}",
        obj=project,
        by=user,
        after={"intake_round": intake.round_no, "outcome": outcome},
        reason=reasons,
    )
    return intake


def record_intake_passed(project: Any, user: Any, context: Any) -> None:
    """形式审查通过: keep the round (effect of ``accept_intake``); a new review round starts.

    A draft opinion left from an earlier round judged an earlier dossier: it is superseded.
    """
    round_ = _intake_round(project, user, IntakeRound.Outcome.PASSED, "")
    ApprovalOpinion.objects.filter(project=project, state=ApprovalOpinion.State.DRAFT).update(
        state=ApprovalOpinion.State.SUPERSEDED
    )
    context.data["intake_round"] = round_.round_no


def record_intake_returned(project: Any, user: Any, context: Any) -> None:
    """形式审查退回 with the reasons (effect of ``return``; only from ``unit_signed``)."""
    if context.source != "unit_signed":
        return  # a return from under_review is a review outcome, not an intake round
    round_ = _intake_round(project, user, IntakeRound.Outcome.RETURNED, context.reason)
    context.data["intake_round"] = round_.round_no


def opinion_serial_key(pack_jurisdiction_code: str, year: int) -> str:
    """The counter opinion numbers come from: per year and per jurisdiction of the pack."""
    return f"opinion:{pack_jurisdiction_code}:{year}"


def opinion_number(project: Any, on: Any) -> str:
    """The next number in the pack's format, e.g. ``菏大数审〔2026〕12号`` (never reused).

    Numbers run per year and per jurisdiction **of the pack that supplies the format**: a
    county without its own pack follows the city's (Art. 39) and so shares the city's
    sequence — otherwise 曹县 and 菏泽 would both issue 菏大数审〔2026〕1号.  Once a county has
    its own pack (its own format), it has its own sequence.
    """
    found = rule(project.jurisdiction, OPINION_NUMBER_RULE, on=on)
    number_format = found.as_text()
    seq = next_serial(opinion_serial_key(found.pack.jurisdiction.code, on.year))
    try:
        return number_format.format(year=on.year, seq=seq)
    except (KeyError, IndexError, ValueError):
        raise InvalidInput(
            f"政策包中的审核意见文号格式「{number_format}」有误，请系统管理员核对",
            message_en="The policy pack's opinion number format is invalid",
        ) from None


def sign_opinion(project: Any, user: Any, context: Any) -> None:
    """Number and date the latest draft opinion; the project carries its amount (Art. 11)."""
    opinion = latest_draft(project)
    if opinion is None:
        raise RuleViolation(deny("尚未起草审核意见", 11, en="No opinion has been drafted"))
    opinion = ApprovalOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.approved_amount > project.requested_amount:
        raise RuleViolation(
            deny(
                f"批复金额（{opinion.approved_amount} 元）超过申请金额（{project.requested_amount} 元）",
                11,
                en="The approved amount exceeds the requested amount",
            )
        )
    today = timezone.localdate()  # Asia/Shanghai
    before = {
        "approved_amount": project.approved_amount,
        "opinion_number": project.opinion_number,
        "opinion_date": project.opinion_date,
    }
    opinion.number = opinion_number(project, today)
    opinion.date = today
    opinion.signed_by = user
    opinion.state = ApprovalOpinion.State.SIGNED
    opinion.save(update_fields=["number", "date", "signed_by", "state"])
    Project.objects.filter(pk=project.pk).update(
        approved_amount=opinion.approved_amount,
        opinion_number=opinion.number,
        opinion_date=today,
    )
    # The engine returns this instance: keep it in step with the row.
    project.approved_amount = opinion.approved_amount
    project.opinion_number = opinion.number
    project.opinion_date = today
    after = {
        "approved_amount": opinion.approved_amount,
        "opinion_number": opinion.number,
        "opinion_date": today,
    }
    record(
        action="reviews.opinion_sign",
        obj=project,
        by=user,
        before=before,
        after={**after, "opinion_id": opinion.pk},
    )
    context.data.update(after)


def mark_opinion_rejected(project: Any, user: Any, context: Any) -> None:
    """The leader rejects: the latest draft (if any) is marked rejected with the reason."""
    opinion = latest_draft(project)
    if opinion is None:
        return
    opinion.state = ApprovalOpinion.State.REJECTED
    opinion.rejection_reason = context.reason
    opinion.signed_by = user
    opinion.save(update_fields=["state", "rejection_reason", "signed_by"])
    record(
        action="reviews.opinion_reject",
        obj=project,
        by=user,
        after={"opinion_id": opinion.pk, "state": opinion.state},
        reason=context.reason,
    )
