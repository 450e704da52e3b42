"""Writes of the procurement stage: record a signed contract, file it with BDB (Art. 15, 16, 19).

Both run in one transaction that first locks the project row, re-checks who acts and every
rule, validates all input before the first write (the signed copy is stored last, after
everything else passed) and writes one history event on the project, so that the project's
history tells the whole story.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import User
from govit.applications.models import BudgetLine, DocumentKind
from govit.applications.services import document_attach
from govit.applications.values import choice
from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.inputs import optional_text, parse_date, parse_decimal, required_text
from govit.core.money import yuan
from govit.obligations.models import DayCount, ObligationKind
from govit.obligations.services import key_of, obligation_fulfil, obligation_open
from govit.policy.calendar import add_working_days, working_days_between
from govit.policy.packs import rule
from govit.projects.models import Project

from .models import Contract, ContractKind, ProcurementMethod
from .selectors import RECORDING_STATES, can_record, contracted_total
from .uscc import parse_uscc

FILING_RULE = "contract_filing_working_days"


# --- helpers ------------------------------------------------------------------------------
def _refuse(zh: str, article: int | None, en: str, *, field: str | None = None) -> RuleViolation:
    """A rule refusal that also names the form field it concerns (shown next to it)."""
    error = RuleViolation(deny(zh, article, en=en))
    error.field = field
    return error


def _require_owner_staff(by: User, project: Project, action: str, action_en: str) -> None:
    if not can_record(by, project):
        raise _refuse(
            f"只有项目建设单位的经办人可以{action}",
            16,
            f"Only the owning unit's staff may {action_en}",
        )


def _locked(project: Project) -> Project:
    return Project.objects.with_owner().select_for_update(of=("self",)).get(pk=project.pk)


def _budget_line_ids(values: Iterable[Any]) -> list[int]:
    ids: list[int] = []
    for value in values or ():
        raw = getattr(value, "pk", value)
        if isinstance(raw, bool):
            raw = None
        try:
            line_id = int(str(raw).strip())
        except (TypeError, ValueError):
            raise InvalidInput(
                f"预算明细「{value}」无效，请选择本项目的预算明细",
                message_en="budget_lines must be ids of this project's budget lines",
                field="budget_lines",
            ) from None
        if line_id not in ids:
            ids.append(line_id)
    return ids


def approval_date(project: Project) -> date | None:
    """The day the project was approved (the signed opinion) or, for a filed project (备案),
    registered by BDB — the day of its passed intake round, which the registration writes;
    None before either."""
    from govit.reviews.models import IntakeRound

    if project.opinion_date is not None:
        return project.opinion_date
    if project.procedure == "filing" or project.upper_level:
        registered = (
            IntakeRound.objects.filter(project=project, outcome=IntakeRound.Outcome.PASSED)
            .order_by("-round_no")
            .first()
        )
        if registered is not None:
            return timezone.localdate(registered.at)
    return None


def _check_state(project: Project) -> None:
    if project.state == "suspended":
        raise _refuse(
            "项目已被暂停建设，暂停期间不能登记新合同；待市大数据局恢复建设后再登记",
            20,
            "The project is suspended: no contract can be recorded until the suspension is lifted",
        )
    if project.state not in RECORDING_STATES:
        from govit.projects.workflow import PROJECT_MACHINE

        wanted = "、".join(PROJECT_MACHINE.states[s].label for s in RECORDING_STATES)
        raise _refuse(
            f"项目当前状态为「{project.state_label}」，只有「{wanted}」的项目可以登记合同"
            "（须在审核批准后按批准的采购内容组织采购）",
            16,
            f"Contracts are recorded only in the states {', '.join(RECORDING_STATES)}",
        )


def _check_signing_date(project: Project, signed_on: date, today: date) -> None:
    if signed_on > today:
        raise InvalidInput(
            f"合同签订日期（{signed_on.isoformat()}）晚于今天（{today.isoformat()}），"
            "请在合同签订后再登记",
            message_en="The signing date is in the future: record the contract once signed",
            field="signed_on",
        )
    approved_on = approval_date(project)
    if approved_on is None:
        raise _refuse(
            "项目没有批复（备案）日期，不能登记合同：须在市大数据局审核批准后按批准的采购内容组织采购",
            16,
            "The project has no approval date: contracts follow the approval",
            field="signed_on",
        )
    if signed_on < approved_on:
        raise _refuse(
            f"合同签订日期（{signed_on.isoformat()}）早于项目批复日期（{approved_on.isoformat()}）："
            "须在审核批准后按批准的采购内容组织采购，请核对签订日期",
            16,
            f"The signing date is before the approval ({approved_on.isoformat()})",
            field="signed_on",
        )


def _check_within_baseline(project: Project, amount: Decimal) -> None:
    from govit.construction.baselines import current_baseline

    baseline = current_baseline(project)
    existing = contracted_total(project)
    after = existing + amount
    if after > baseline.total:
        approved = (
            "批复金额"
            if baseline.version == 0
            else f"现行批复金额（第 {baseline.version} 次变更后）"
        )
        raise _refuse(
            f"本项目已登记合同金额 {yuan(existing)} 元，加上本合同 {yuan(amount)} 元共 "
            f"{yuan(after)} 元，超过{approved} {yuan(baseline.total)} 元。合同金额合计不得超过"
            "批复金额；确需超出的，须先提出变更申请并经市大数据局批准",
            19,
            f"Contracts would total {after} yuan, above the approved {baseline.total} yuan: "
            "exceeding needs an approved change request",
            field="amount",
        )


def _contract_facts(contract: Contract, line_ids: list[int]) -> dict[str, Any]:
    return {
        "contract_id": contract.pk,
        "kind": contract.kind,
        "number": contract.number,
        "title": contract.title,
        "supplier_name": contract.supplier_name,
        "supplier_uscc": contract.supplier_uscc,
        "amount": contract.amount,
        "procurement_method": contract.procurement_method,
        "signed_on": contract.signed_on,
        "budget_lines": line_ids,
        "signed_copy": contract.signed_copy_id,
        "copy_note": contract.copy_note,
        "filing_working_days": contract.filing_working_days,
        "filing_due": contract.filing_due,
        "filing_due_provisional": contract.filing_due_provisional,
    }


# --- recording (Art. 15, 16, 19) -----------------------------------------------------------
def contract_record(
    *,
    project: Project,
    kind: Any,
    number: Any,
    title: Any,
    supplier_name: Any,
    supplier_uscc: Any,
    amount: Any,
    procurement_method: Any,
    signed_on: Any,
    budget_lines: Iterable[Any] = (),
    signed_copy: Any = None,
    copy_note: Any = "",
    by: User,
) -> Contract:
    """The owning unit's staff record a signed contract (main or third-party service).

    Refused: a signing date in the future or before the approval; contracts above the
    approved amount (Art. 19: needs a change request); an invalid unified social credit code;
    a budget line of another project; a suspended project (Art. 20).  The filing due date is
    the policy pack's working days after signing (the signing day not counted, Art. 16).
    """
    _require_owner_staff(by, project, "登记合同", "record contracts")
    kind = choice(kind, field="kind", label="合同类型", choices=ContractKind)
    number = required_text(number, field="number", label="合同编号", max_length=60)
    title = required_text(title, field="title", label="合同名称", max_length=200)
    supplier_name = required_text(
        supplier_name, field="supplier_name", label="供应商名称", max_length=200
    )
    supplier_uscc = parse_uscc(supplier_uscc, field="supplier_uscc", label="供应商统一社会信用代码")
    amount = parse_decimal(amount, field="amount", label="合同金额", positive=True)
    procurement_method = choice(
        procurement_method, field="procurement_method", label="采购方式", choices=ProcurementMethod
    )
    signed_on = parse_date(signed_on, field="signed_on", label="签订日期")
    line_ids = _budget_line_ids(budget_lines)
    copy_note = optional_text(
        copy_note, field="copy_note", label="合同文本登记信息", max_length=300
    )
    today = timezone.localdate()
    with transaction.atomic():
        locked = _locked(project)
        _require_owner_staff(by, locked, "登记合同", "record contracts")
        _check_state(locked)
        _check_signing_date(locked, signed_on, today)
        if Contract.objects.filter(project=locked, number=number).exists():
            raise InvalidInput(
                f"本项目已登记编号为「{number}」的合同，请核对合同编号",
                message_en="A contract with this number is already recorded for the project",
                field="number",
            )
        lines = list(BudgetLine.objects.filter(pk__in=line_ids, project=locked))
        if len(lines) != len(line_ids):
            foreign = sorted(set(line_ids) - {line.pk for line in lines})
            raise InvalidInput(
                f"预算明细 {'、'.join(f'#{i}' for i in foreign)} 不属于本项目，请选择本项目的预算明细",
                message_en="Budget lines must belong to this project",
                field="budget_lines",
            )
        if locked.metadata_only:
            if signed_copy is not None:
                raise _refuse(
                    "拟定涉密项目只登记合同文本的元数据（文号、保管处），平台不接收文件内容",
                    4,
                    "A classified candidate keeps metadata only; do not upload the copy",
                    field="signed_copy",
                )
            if not copy_note:
                raise InvalidInput(
                    "拟定涉密项目请填写合同文本登记信息（如合同文号、保管单位和保管处）",
                    message_en="copy_note is required for a classified candidate",
                    field="copy_note",
                )
        elif signed_copy is None:
            raise InvalidInput(
                "请上传签字盖章的合同文本",
                message_en="signed_copy (the signed contract) is required",
                field="signed_copy",
            )
        _check_within_baseline(locked, amount)
        filing = rule(locked.jurisdiction, FILING_RULE, on=signed_on)
        working_days = filing.as_int()
        due = add_working_days(signed_on, working_days)
        # Everything is checked: the copy is stored only now (document_attach checks the file
        # type and size first; a refused file stores nothing).
        document = None
        if signed_copy is not None:
            try:
                document = document_attach(
                    project=locked,
                    kind=DocumentKind.CONTRACT_COPY,
                    title=number,
                    file=signed_copy,
                    by=by,
                )
            except InvalidInput as error:
                error.field = "signed_copy"  # the file's problem, shown next to the upload
                raise
        contract = Contract.objects.create(
            project=locked,
            kind=kind,
            number=number,
            title=title,
            supplier_name=supplier_name,
            supplier_uscc=supplier_uscc,
            amount=amount,
            procurement_method=procurement_method,
            signed_on=signed_on,
            signed_copy=document,
            copy_note=copy_note if locked.metadata_only else "",
            filing_working_days=working_days,
            filing_due=due.date,
            filing_due_provisional=due.provisional,
            recorded_by=by,
        )
        contract.budget_lines.set(lines)
        # The filing is an obligation of the owning unit (Art. 16), on the working-day calendar.
        obligation_open(
            kind=ObligationKind.CONTRACT_FILING,
            key=key_of(contract),
            title=f"合同「{number}」向市大数据局备案",
            responsible=locked.organisation,
            project=locked,
            opened_on=signed_on,
            due_on=due.date,
            due_provisional=due.provisional,
            day_count=DayCount.WORKING,
            pack=filing.pack,
            by=by,
        )
        record(
            action="contracts.record",
            obj=locked,
            by=by,
            after=_contract_facts(contract, sorted(line.pk for line in lines)),
        )
    return contract


# --- filing (Art. 16) ---------------------------------------------------------------------
def contract_file(*, contract: Contract, filed_on: Any, by: User) -> Contract:
    """The owning unit files (备案) the contract with BDB on ``filed_on``.

    ``filed_on`` may not be in the future nor before the signing.  After the due date the
    filing is late by the working days in (due date, filed_on] (``working_days_between``);
    on time it is 0.
    """
    _require_owner_staff(by, contract.project, "办理合同备案", "file contracts")
    filed_on = parse_date(filed_on, field="filed_on", label="备案日期")
    today = timezone.localdate()
    with transaction.atomic():
        locked_project = _locked(contract.project)
        _require_owner_staff(by, locked_project, "办理合同备案", "file contracts")
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        if locked.filed_on is not None:
            raise InvalidInput(
                f"该合同已于 {locked.filed_on.isoformat()} 备案，不能重复备案",
                message_en="This contract is already filed",
                field="filed_on",
            )
        if filed_on > today:
            raise InvalidInput(
                f"备案日期（{filed_on.isoformat()}）晚于今天（{today.isoformat()}），"
                "请填写实际向市大数据局备案的日期",
                message_en="The filing date is in the future",
                field="filed_on",
            )
        if filed_on < locked.signed_on:
            raise InvalidInput(
                f"备案日期（{filed_on.isoformat()}）早于合同签订日期（{locked.signed_on.isoformat()}），"
                "请核对日期：合同须签订后才能备案",
                message_en="The filing date is before the signing date",
                field="filed_on",
            )
        late = working_days_between(locked.filing_due, filed_on).count
        days_late = max(late, 0)
        Contract.objects.filter(pk=locked.pk).update(
            filed_on=filed_on, filed_by=by, days_late=days_late
        )
        locked.refresh_from_db()
        obligation_fulfil(key=key_of(locked), on=filed_on, by=by)
        record(
            action="contracts.file",
            obj=locked_project,
            by=by,
            before={"contract_id": locked.pk, "filed_on": None},
            after={
                "contract_id": locked.pk,
                "number": locked.number,
                "filed_on": filed_on,
                "filing_due": locked.filing_due,
                "days_late": days_late,
            },
        )
    return locked
