"""Writes of fund batches (Art. 11, 13, 19, 20, 23, 25, 38): one transaction each, validated
first, audited.

Every service parses its input before the transaction, then locks the project row (so that
two requests or releases of the same project are judged one after the other against the same
sums), re-checks who may act and every rule, and only then writes.  State changes go through
``FUND_BATCH_MACHINE``; every change writes one event ``funds.<verb>`` on the project.

Limits (checked under the project lock):

- construction: released + pending + this request ≤ the current baseline's total (Art. 13, 19 —
  part of the eligibility verdict); per budget line ≤ its line limit (Art. 38); a line of
  another project is refused (Art. 38);
- the payers (Art. 25): a county's construction share is ``construction_share_pct`` of the
  baseline total, the project's own budget carries the rest; each payer's batches stay within
  its share and are released by its own Finance bureau;
- O&M: requested per year for running systems only; a year's request is split by the counties'
  ``om_share_pct`` (``ledger.om_split``) into one batch per payer.

At release the limits are judged against what is *released* (other pending batches wait for
their own turn), with the release date as the day of the eligibility verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.applications.models import BudgetLine, CountyParticipant, Document, DocumentKind
from govit.applications.services import document_attach
from govit.audit.services import record
from govit.construction.baselines import BaselineView, current_baseline
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.inputs import optional_text, parse_date, parse_decimal, required_text
from govit.projects.models import Project

from . import ledger
from .eligibility import Eligibility, funding_eligibility
from .models import BatchState, FundBatch, FundBatchLine, FundKind
from .workflow import FUND_BATCH_MACHINE

# O&M funds are for running systems (Art. 13, 18).
RUNNING_STATES = ("in_operation", "self_evaluated", "evaluated")
# States in which no construction money is asked for any more (besides the eligibility reasons).
CONSTRUCTION_CLOSED_STATES = ("rejected", "retired")
MAX_TOTAL = Decimal("999999999999.99")


@dataclass(frozen=True)
class LineRequest:
    """The amount asked for one budget line, as typed."""

    budget_line_id: Any
    amount: Any


# --- helpers ----------------------------------------------------------------------------------
def _locked(project: Project) -> Project:
    """The project row, locked for the rest of the transaction."""
    return Project.objects.with_owner().select_for_update(of=("self",)).get(pk=project.pk)


def _locked_batch(batch: FundBatch) -> FundBatch:
    return (
        FundBatch.objects.select_for_update(of=("self",))
        .select_related("project__jurisdiction", "payer__jurisdiction")
        .get(pk=batch.pk)
    )


def _require_owner_staff(project: Project, by: User) -> None:
    if not by.has_role(Role.UNIT_STAFF) or by.organisation_id != project.organisation_id:
        raise RuleViolation(
            deny(
                "只有项目建设单位的经办人可以申请资金拨付",
                13,
                en="Only staff of the owning unit request funds",
            )
        )


def refusal(verdict: Eligibility, action: str, action_en: str) -> RuleViolation:
    """The verdict as one error: the first reason (code, article) with every reason in the text."""
    error = RuleViolation(verdict.reasons[0])
    error.message = f"不能{action}：{verdict.message}"
    error.message_en = f"Cannot {action_en}: {verdict.message_en}"
    return error


def _next_number(project: Project) -> int:
    last = FundBatch.objects.filter(project=project).aggregate(n=Max("number"))["n"]
    return int(last or 0) + 1


def _parse_stage(stage: Any) -> str:
    return required_text(
        stage, field="stage", label="阶段（如：第一期）", label_en="stage", max_length=50
    )


def _parse_note(note: Any, label: str = "建设进度说明") -> str:
    return required_text(
        note, field="progress_note", label=label, label_en="progress_note", max_length=2000
    )


def _parse_line_id(value: Any) -> int:
    if isinstance(value, bool):
        value = None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(
            "预算明细编号无效", message_en="budget_line must be an id", field="lines"
        ) from None


def _parse_lines(
    project: Project, lines: Iterable[LineRequest]
) -> list[tuple[BudgetLine, Decimal]]:
    """Each line of this project once, with a positive amount (Art. 38: only this project's)."""
    own = {line.pk: line for line in BudgetLine.objects.filter(project=project)}
    parsed: list[tuple[BudgetLine, Decimal]] = []
    seen: set[int] = set()
    for item in lines:
        line_id = _parse_line_id(item.budget_line_id)
        field = f"line_{line_id}"
        if line_id not in own:
            error = RuleViolation(
                deny(
                    f"预算明细（编号 {line_id}）不属于本项目；资金只能用于本项目批复的预算明细，"
                    "不得用于其他项目",
                    38,
                    en=f"Budget line {line_id} does not belong to this project",
                )
            )
            error.field = "lines"
            raise error
        if line_id in seen:
            raise InvalidInput(
                f"预算明细「{own[line_id].name}」在同一批次中只能填写一次",
                message_en="A budget line appears twice",
                field=field,
            )
        seen.add(line_id)
        amount = parse_decimal(
            item.amount,
            field=field,
            label=f"「{own[line_id].name}」申请金额",
            label_en=f"amount of line {line_id}",
            positive=True,
        )
        parsed.append((own[line_id], amount))
    if not parsed:
        raise InvalidInput(
            "请至少填写一项预算明细的申请金额",
            message_en="Ask for an amount on at least one budget line",
            field="lines",
        )
    return parsed


def _parse_payer(project: Project, payer: Any) -> CountyParticipant | None:
    if payer is None or payer == "":
        return None
    if isinstance(payer, CountyParticipant):
        payer = payer.pk
    try:
        payer_id = int(str(payer).strip())
    except (TypeError, ValueError):
        payer_id = -1
    participant = (
        CountyParticipant.objects.filter(project=project, pk=payer_id)
        .select_related("jurisdiction")
        .first()
    )
    if participant is None:
        raise InvalidInput(
            "所选出资县区不是本项目的参与县区（第二十五条）",
            message_en="The payer is not a county participant of this project (Art. 25)",
            field="payer",
        )
    return participant


def _total(amounts: Iterable[Decimal]) -> Decimal:
    total = sum(amounts, Decimal("0.00"))
    if total > MAX_TOTAL:
        raise InvalidInput(
            f"本批合计金额超出上限（不超过 {MAX_TOTAL} 元）",
            message_en="The batch total is too large",
            field="lines",
        )
    return total


def _attach(project: Project, evidence: Any, title: str, by: User) -> Document | None:
    if evidence is None:
        return None
    return document_attach(
        project=project, kind=DocumentKind.PROGRESS_EVIDENCE, title=title, file=evidence, by=by
    )


def _facts(
    batch: FundBatch, lines: list[tuple[BudgetLine, Decimal]] | None = None
) -> dict[str, Any]:
    return {
        "batch_id": batch.pk,
        "batch_number": batch.number,
        "kind": batch.kind,
        "year": batch.year,
        "stage": batch.stage,
        "payer": batch.payer.jurisdiction.name if batch.payer else None,
        "amount": batch.amount,
        "lines": [{"budget_line_id": line.pk, "amount": amount} for line, amount in lines or []],
        "evidence_id": batch.evidence_id,
    }


# --- limits -----------------------------------------------------------------------------------
def _check_lines(
    project: Project,
    baseline: BaselineView,
    lines: list[tuple[BudgetLine, Decimal]],
    *,
    releasing: bool,
) -> None:
    """Art. 38: no budget line ever gets more than its approved amount."""
    sums = ledger.line_sums(project)
    for line, amount in lines:
        limit = baseline.line_limit(line.pk)
        used = sums.get(line.pk, ledger.Sums())
        counted = used.released if releasing else used.committed
        if counted + amount <= limit:
            continue
        remaining = max(limit - counted, Decimal("0.00"))
        pending = "" if releasing else f"，在途 {used.pending} 元"
        error = RuleViolation(
            deny(
                f"「{line.name}」本批 {amount} 元超过该预算明细剩余{'可拨付' if releasing else '可申请'}"
                f"金额 {remaining} 元（核定 {limit} 元，已拨付 {used.released} 元{pending}）；"
                "资金只能按批复的预算明细使用",
                38,
                en=f"{amount} on budget line {line.pk} exceeds its remaining {remaining} "
                f"(approved {limit})",
            )
        )
        error.field = f"line_{line.pk}"
        raise error


def _check_share(
    project: Project,
    total: Decimal,
    participant: CountyParticipant | None,
    amount: Decimal,
    *,
    releasing: bool,
) -> None:
    """Art. 25: each payer (a county, or the project's own budget) within its construction share."""
    shares = ledger.construction_shares(project, total)
    share = next(s for s in shares if s.payer_id == (participant.pk if participant else None))
    used = ledger.payer_sums(project, FundKind.CONSTRUCTION).get(share.payer_id, ledger.Sums())
    counted = used.released if releasing else used.committed
    if counted + amount <= share.cap:
        return
    remaining = max(share.cap - counted, Decimal("0.00"))
    who = (
        f"{participant.jurisdiction.name}承担的建设资金（分担比例 {share.pct}%）"
        if participant
        else f"本级财政承担的建设资金（扣除县区分担后为 {share.pct}%）"
    )
    error = RuleViolation(
        deny(
            f"{who}为 {share.cap} 元，已拨付 {used.released} 元"
            + ("" if releasing else f"，在途 {used.pending} 元")
            + f"，本批 {amount} 元超过剩余 {remaining} 元；各出资方分别核算、分别拨付",
            25,
            en=f"{amount} exceeds the payer's remaining construction share {remaining} "
            f"(share {share.cap})",
        )
    )
    error.field = "payer"
    raise error


# --- requests ---------------------------------------------------------------------------------
def fund_batch_request(
    *,
    project: Project,
    stage: Any,
    progress_note: Any,
    lines: Iterable[LineRequest],
    payer: Any = None,
    evidence: Any = None,
    by: User,
) -> FundBatch:
    """The owning unit's staff ask for a batch of construction funds, amount per budget line,
    paid by the project's own budget or by a county participant (``payer``: its id)."""
    _require_owner_staff(project, by)
    stage = _parse_stage(stage)
    note = _parse_note(progress_note)
    requested = _parse_lines(project, lines)
    participant = _parse_payer(project, payer)
    amount = _total(amount for _, amount in requested)
    today = timezone.localdate()
    with transaction.atomic():
        locked = _locked(project)
        _require_owner_staff(locked, by)
        if locked.state in CONSTRUCTION_CLOSED_STATES:
            raise RuleViolation(
                deny(
                    f"项目当前状态为「{locked.state_label}」，不再拨付建设资金",
                    13,
                    en=f"No construction funds in state {locked.state!r}",
                )
            )
        verdict = funding_eligibility(locked, on=today, kind=FundKind.CONSTRUCTION, amount=amount)
        if not verdict.clear:
            raise refusal(verdict, "申请建设资金", "request construction funds")
        baseline = current_baseline(locked)
        _check_lines(locked, baseline, requested, releasing=False)
        _check_share(locked, baseline.total, participant, amount, releasing=False)
        number = _next_number(locked)
        document = _attach(locked, evidence, f"第{number}批建设资金进度证明", by)
        batch = FundBatch.objects.create(
            project=locked,
            number=number,
            kind=FundKind.CONSTRUCTION,
            stage=stage,
            payer=participant,
            amount=amount,
            progress_note=note,
            evidence=document,
            requested_by=by,
        )
        FundBatchLine.objects.bulk_create(
            [FundBatchLine(batch=batch, budget_line=line, amount=part) for line, part in requested]
        )
        record(action="funds.request", obj=locked, by=by, after=_facts(batch, requested))
    return batch


def _parse_year(year: Any) -> int:
    if isinstance(year, bool):
        year = None
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        raise InvalidInput(
            "请填写运维年度（四位年份，如 2026）", message_en="year is required", field="year"
        ) from None
    latest = timezone.localdate().year + 1
    if not 2000 <= value <= latest:
        raise InvalidInput(
            f"运维年度应在 2000–{latest} 年之间",
            message_en=f"year must be between 2000 and {latest}",
            field="year",
        )
    return value


def om_funds_request(
    *,
    project: Project,
    year: Any,
    stage: Any,
    progress_note: Any,
    amount: Any,
    evidence: Any = None,
    by: User,
) -> list[FundBatch]:
    """The owning unit's staff ask for a year's O&M funds of a running system (Art. 13, 18).

    The amount is the year's request; it is split by the county participants' O&M shares
    (Art. 25, ``ledger.om_split``) into one batch per payer, each released by its own Finance.
    """
    _require_owner_staff(project, by)
    year = _parse_year(year)
    stage = _parse_stage(stage)
    note = _parse_note(progress_note, "运维情况说明")
    total = parse_decimal(
        amount, field="amount", label="运维经费金额", label_en="amount", positive=True
    )
    today = timezone.localdate()
    with transaction.atomic():
        locked = _locked(project)
        _require_owner_staff(locked, by)
        verdict = funding_eligibility(locked, on=today, kind=FundKind.OM, amount=total)
        if not verdict.clear:
            raise refusal(verdict, "申请运维经费", "request O&M funds")
        _require_running(locked)
        number = _next_number(locked)
        document = _attach(locked, evidence, f"{year}年度运维经费申请材料（第{number}批）", by)
        batches = []
        for participant, part in ledger.om_split(locked, total):
            batch = FundBatch.objects.create(
                project=locked,
                number=number,
                kind=FundKind.OM,
                year=year,
                stage=stage,
                payer=participant,
                amount=part,
                progress_note=note,
                evidence=document,
                requested_by=by,
            )
            record(
                action="funds.request",
                obj=locked,
                by=by,
                after={**_facts(batch), "year_request": total},
            )
            batches.append(batch)
            number += 1
    return batches


def _require_running(project: Project) -> None:
    if project.state not in RUNNING_STATES:
        raise RuleViolation(
            deny(
                f"运维经费只拨付给运行中的系统（运行中、已自评、已绩效评价），项目当前状态为「{project.state_label}」",
                13,
                en="O&M funds are for running systems only",
            )
        )


# --- the steps after the request ------------------------------------------------------------
def fund_batch_confirm(*, batch: FundBatch, note: Any = "", by: User) -> FundBatch:
    """BDB staff confirm the progress the unit reported (Art. 13: funds follow progress)."""
    note = optional_text(note, field="note", label="进度确认意见", max_length=2000)
    with transaction.atomic():
        _locked(batch.project)
        locked = _locked_batch(batch)
        done = FUND_BATCH_MACHINE.execute(
            locked, "confirm", by=by, data={"confirmation_note": note}
        )
    return cast(FundBatch, done)


def _parse_release_date(value: Any) -> date:
    value = parse_date(value, field="released_on", label="拨付日期", label_en="released_on")
    today = timezone.localdate()
    if value > today:
        raise InvalidInput(
            f"拨付日期（{value}）不能晚于今天（{today}）：请在资金实际拨付后登记",
            message_en="released_on cannot be in the future",
            field="released_on",
        )
    return value


def fund_batch_release(
    *, batch: FundBatch, released_on: Any, reference: Any, by: User
) -> FundBatch:
    """Finance of the payer releases a confirmed batch (its whole amount) on ``released_on``.

    Refused when the eligibility verdict on that day is not clear (every reason in the
    message, the first one's article in the error), or when a limit would be exceeded.
    """
    day = _parse_release_date(released_on)
    reference = required_text(
        reference, field="reference", label="拨付凭证号", label_en="reference", max_length=60
    )
    with transaction.atomic():
        project = _locked(batch.project)
        locked = _locked_batch(batch)
        decision = FUND_BATCH_MACHINE.check(locked, by, "release")
        if not decision:
            raise RuleViolation(decision)
        confirmed_on = timezone.localdate(locked.confirmed_at) if locked.confirmed_at else day
        if day < confirmed_on:
            raise InvalidInput(
                f"拨付日期（{day}）不能早于大数据局确认建设进度的日期（{confirmed_on}）",
                message_en="released_on is before the progress was confirmed",
                field="released_on",
            )
        verdict = funding_eligibility(project, on=day, kind=locked.kind, batch=locked)
        if not verdict.clear:
            raise refusal(verdict, "拨付", "release")
        if locked.kind == FundKind.OM:
            _require_running(project)
        else:
            baseline = current_baseline(project)
            lines = [
                (line.budget_line, line.amount)
                for line in locked.lines.select_related("budget_line")
            ]
            _check_lines(project, baseline, lines, releasing=True)
            _check_share(project, baseline.total, locked.payer, locked.amount, releasing=True)
        # Date and reference first: every released row has them (check constraint).
        FundBatch.objects.filter(pk=locked.pk).update(released_on=day, reference=reference)
        done = FUND_BATCH_MACHINE.execute(
            locked,
            "release",
            by=by,
            data={"released_on": day.isoformat(), "reference": reference},
        )
    return cast(FundBatch, done)


def fund_batch_refuse(*, batch: FundBatch, reason: Any, by: User) -> FundBatch:
    """BDB (at any pending step) or the payer's Finance (after confirmation) refuse, with a reason."""
    reason = required_text(
        reason, field="reason", label="不予拨付理由", label_en="reason", max_length=2000
    )
    with transaction.atomic():
        _locked(batch.project)
        locked = _locked_batch(batch)
        decision = FUND_BATCH_MACHINE.check(locked, by, "refuse")
        if not decision:
            raise RuleViolation(decision)
        # The reason first: every refused row has one (check constraint).
        FundBatch.objects.filter(pk=locked.pk).update(refusal_reason=reason)
        done = FUND_BATCH_MACHINE.execute(locked, "refuse", by=by, reason=reason)
    return cast(FundBatch, done)


def fund_batch_withdraw(*, batch: FundBatch, reason: Any = "", by: User) -> FundBatch:
    """The owning unit withdraws its request before it is released."""
    reason = optional_text(reason, field="reason", label="撤回说明", max_length=2000)
    with transaction.atomic():
        _locked(batch.project)
        locked = _locked_batch(batch)
        done = FUND_BATCH_MACHINE.execute(locked, "withdraw", by=by, reason=reason)
    return cast(FundBatch, done)


__all__ = [
    "BatchState",
    "LineRequest",
    "fund_batch_confirm",
    "fund_batch_refuse",
    "fund_batch_release",
    "fund_batch_request",
    "fund_batch_withdraw",
    "om_funds_request",
]
