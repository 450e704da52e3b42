"""Writes of the acceptance stage: one transaction each, validated first, audited.

Each service locks the project row, re-checks who may act and the rules, validates every
input before its first write, records one event on the project (``acceptance.<verb>``) and,
when the step moves the lifecycle, runs the transition through ``PROJECT_MACHINE.execute``
(which re-checks roles and guards and writes its own ``project.<code>`` event).
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.applications.models import DocumentKind
from govit.applications.reports import ReportInput, parse_report, store_report
from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.inputs import optional_text, parse_date, required_text
from govit.evaluation.windows import self_evaluation_window
from govit.obligations.models import DayCount, ObligationKind
from govit.obligations.services import (
    key_of,
    obligation_fulfil,
    obligation_open,
    obligation_reschedule,
)
from govit.policy.calendar import add_months
from govit.policy.packs import pack_in_force, rule
from govit.projects.models import Project
from govit.projects.workflow import PROJECT_MACHINE

from .models import (
    AcceptanceApplication,
    Completion,
    Conclusion,
    CryptoResult,
    Extension,
    Filing,
    MlpsResult,
)
from .selectors import acceptance_due

ACCEPTANCE_MONTHS_RULE = "acceptance_application_months"


# --- parsing ------------------------------------------------------------------------------
def _not_in_future(day: date, *, field: str, label: str) -> date:
    today = timezone.localdate()
    if day > today:
        raise InvalidInput(
            f"{label}（{day:%Y-%m-%d}）不能晚于今天（{today:%Y-%m-%d}）",
            message_en=f"{field} cannot be in the future",
            field=field,
        )
    return day


def parse_conclusion(value: Any, *, field: str = "conclusion", label: str = "结论") -> str:
    text = str(value or "").strip()
    by_label = {c.label: c.value for c in Conclusion}
    text = by_label.get(text, text)
    if text not in Conclusion.values:
        raise InvalidInput(
            f"请选择{label}（符合、基本符合或不符合）",
            message_en=f"{field} must be one of {', '.join(Conclusion.values)}",
            field=field,
        )
    return text


def parse_level(value: Any, *, field: str = "level") -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput("请选择保护等级", message_en="level is required", field=field)
    if isinstance(value, bool):
        raise InvalidInput("保护等级应为 1–5 的整数", message_en="level must be 1–5", field=field)
    try:
        level = int(str(value).strip())
    except ValueError:
        raise InvalidInput(
            "保护等级应为 1–5 的整数", message_en="level must be 1–5", field=field
        ) from None
    if not 1 <= level <= 5:
        raise InvalidInput(
            f"保护等级应为第一级至第五级（填写的是 {level}）",
            message_en="level must be between 1 and 5",
            field=field,
        )
    return level


def parse_yes_no(value: Any, *, field: str, label: str) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidInput(f"请选择{label}", message_en=f"{field} is required", field=field)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- who may act --------------------------------------------------------------------------
def _locked(project: Project) -> Project:
    """The project row, locked for the rest of the transaction."""
    return Project.objects.with_owner().select_for_update(of=("self",)).get(pk=project.pk)


def _check_transition(project: Project, by: User, code: str) -> None:
    """The engine's own check (state, role, guards) before any write of ours."""
    decision = PROJECT_MACHINE.check(project, by, code)
    if not decision.allowed:
        raise RuleViolation(decision)


def _execute(project: Project, code: str, *, by: User, reason: str = "", **data: Any) -> Project:
    return cast(
        Project,
        PROJECT_MACHINE.execute(project, code, by=by, reason=reason, data=data),
    )


def _require_owner_staff(by: User, project: Project, action: str, action_en: str) -> None:
    if not by.has_role(Role.UNIT_STAFF) or by.organisation_id != project.organisation_id:
        raise RuleViolation(
            deny(
                f"只有建设单位经办人可以{action}",
                en=f"Only staff of the owning unit may {action_en}",
            )
        )


def _require_bdb(by: User, project: Project, role: str, action: str, action_en: str) -> None:
    if not by.has_role(role):
        label = Role(role).label
        raise RuleViolation(deny(f"只有{label}可以{action}", 23, en=f"Only {role} may {action_en}"))
    if by.organisation is None or by.organisation.jurisdiction_id != project.jurisdiction_id:
        raise RuleViolation(
            deny("只能办理本行政区域的项目", en="Only projects of your own jurisdiction")
        )


# --- completion (Art. 23) -----------------------------------------------------------------
def completion_record(*, project: Project, completed_on: Any, by: User) -> Completion:
    """The owning unit's staff record the completion date; the acceptance application falls
    due the policy pack's months later (calendar months, end-of-month aware)."""
    completed_on = parse_date(
        completed_on, field="completed_on", label="建设完成日期", label_en="completed_on"
    )
    _not_in_future(completed_on, field="completed_on", label="建设完成日期")
    with transaction.atomic():
        locked = _locked(project)
        _check_transition(locked, by, "complete")
        if Completion.objects.filter(project=locked).exists():
            raise RuleViolation(
                deny("本项目已登记建设完成", 23, en="Completion is already recorded")
            )
        started = locked.construction_started_on
        if started is not None and completed_on < started:
            raise InvalidInput(
                f"建设完成日期（{completed_on:%Y-%m-%d}）不能早于开工日期（{started:%Y-%m-%d}）",
                message_en="completed_on cannot be before the construction start",
                field="completed_on",
            )
        months_rule = rule(locked.jurisdiction, ACCEPTANCE_MONTHS_RULE, on=completed_on)
        months = months_rule.as_int()
        due_on = add_months(completed_on, months)
        completion = Completion.objects.create(
            project=locked,
            completed_on=completed_on,
            months=months,
            due_on=due_on,
            pack_code=months_rule.pack.code,
            recorded_by=by,
        )
        # Applying for acceptance is an obligation of the owning unit (Art. 23, calendar months).
        obligation_open(
            kind=ObligationKind.ACCEPTANCE_APPLICATION,
            key=key_of(completion),
            title=f"「{locked.name}」申请竣工验收",
            responsible=locked.organisation,
            project=locked,
            opened_on=completed_on,
            due_on=due_on,
            day_count=DayCount.CALENDAR,
            pack=months_rule.pack,
            by=by,
        )
        Project.objects.filter(pk=locked.pk).update(
            completed_on=completed_on, updated_at=timezone.now()
        )
        record(
            action="acceptance.completion_record",
            obj=locked,
            by=by,
            after={
                "completed_on": _iso(completed_on),
                "months": months,
                "acceptance_due_on": _iso(due_on),
                "pack": months_rule.pack.code,
                "article": months_rule.article,
            },
        )
        _execute(
            locked,
            "complete",
            by=by,
            completed_on=_iso(completed_on),
            acceptance_due_on=_iso(due_on),
        )
    return completion


# --- extension (Art. 23) ------------------------------------------------------------------
def _extension_open(project: Project) -> None:
    if not Completion.objects.filter(project=project).exists():
        raise RuleViolation(
            deny(
                "项目尚未登记建设完成，没有验收申请期限可延期",
                23,
                en="No completion recorded: there is no due date to extend",
            )
        )
    applied = AcceptanceApplication.objects.filter(project=project).exists()
    if applied or project.state != "completed":
        raise RuleViolation(
            deny(
                f"项目当前状态为「{project.state_label}」"
                + ("，已提交验收申请" if applied else "")
                + "，无需延期",
                23,
                en="Acceptance has been applied for (or the project is not completed)",
            )
        )


def extension_apply(
    *, project: Project, requested_due_on: Any, reasons: Any, by: User
) -> Extension:
    """The unit asks BDB for a later acceptance application due date, before or after it."""
    requested = parse_date(
        requested_due_on, field="requested_due_on", label="申请延期至", label_en="requested_due_on"
    )
    reasons = required_text(
        reasons, field="reasons", label="延期理由", label_en="reasons", max_length=2000
    )
    with transaction.atomic():
        locked = _locked(project)
        _require_owner_staff(by, locked, "申请延期验收", "apply for an extension")
        _extension_open(locked)
        if Extension.objects.filter(project=locked, state=Extension.State.PENDING).exists():
            raise RuleViolation(
                deny(
                    "已有待审批的延期申请，请等待大数据局领导审批后再申请",
                    23,
                    en="An extension request is already waiting for BDB's decision",
                )
            )
        current = _current_due(locked)
        _later_than_current(requested, current, field="requested_due_on", label="申请延期至的日期")
        extension = Extension.objects.create(
            project=locked,
            previous_due_on=current,
            requested_due_on=requested,
            reasons=reasons,
            applied_by=by,
        )
        record(
            action="acceptance.extension_apply",
            obj=locked,
            by=by,
            before={"acceptance_due_on": _iso(current)},
            after={"extension_id": extension.pk, "requested_due_on": _iso(requested)},
            reason=reasons,
        )
    return extension


def _current_due(project: Project) -> date:
    current = acceptance_due(project)
    if current is None:  # a completion exists whenever an extension can be applied or decided
        raise RuleViolation(deny("项目尚未登记建设完成", 23, en="No completion has been recorded"))
    return current


def _later_than_current(day: date, current: date, *, field: str, label: str) -> None:
    if day <= current:
        raise InvalidInput(
            f"{label}（{day:%Y-%m-%d}）须晚于当前验收申请截止日期（{current:%Y-%m-%d}），"
            "请重新选择日期（第二十三条）",
            message_en=(
                f"{field} ({day.isoformat()}) must be later than the current due date "
                f"({current.isoformat()}) (Art. 23)"
            ),
            field=field,
        )
    today = timezone.localdate()
    if day < today:
        raise InvalidInput(
            f"{label}（{day:%Y-%m-%d}）不能早于今天（{today:%Y-%m-%d}）",
            message_en=f"{field} cannot be in the past",
            field=field,
        )


def extension_decide(
    *,
    project: Project,
    approve: Any,
    approved_due_on: Any = None,
    reason: Any = "",
    by: User,
) -> Extension:
    """A BDB leader approves the pending extension (with the requested date or another one,
    later than the current due date) or rejects it with a reason (Art. 23)."""
    approve = parse_yes_no(approve, field="approve", label="是否批准延期")
    if approve:
        reason = optional_text(reason, field="reason", label="审批意见", max_length=2000)
    else:
        reason = required_text(
            reason, field="reason", label="不予批准的理由", label_en="reason", max_length=2000
        )
    chosen: date | None = None
    if approve and not (approved_due_on is None or str(approved_due_on).strip() == ""):
        chosen = parse_date(approved_due_on, field="approved_due_on", label="批准的截止日期")
    with transaction.atomic():
        locked = _locked(project)
        _require_bdb(by, locked, Role.BDB_LEADER, "审批延期申请", "decide extensions")
        pending = (
            Extension.objects.select_for_update()
            .filter(project=locked, state=Extension.State.PENDING)
            .first()
        )
        if pending is None:
            raise RuleViolation(
                deny("没有待审批的延期申请", 23, en="No extension request is pending")
            )
        current = _current_due(locked)
        new_due = None
        if approve:
            new_due = chosen or pending.requested_due_on
            _later_than_current(new_due, current, field="approved_due_on", label="批准的截止日期")
        pending.state = Extension.State.APPROVED if approve else Extension.State.REJECTED
        pending.approved_due_on = new_due
        pending.decision_reason = reason
        pending.decided_by = by
        pending.decided_at = timezone.now()
        pending.save()
        if new_due is not None:
            completion = Completion.objects.get(project=locked)
            obligation_reschedule(
                key=key_of(completion),
                due_on=new_due,
                reason=reason or f"批准延期至 {new_due:%Y-%m-%d}",
                by=by,
            )
        record(
            action="acceptance.extension_decide",
            obj=locked,
            by=by,
            before={"acceptance_due_on": _iso(current), "extension_state": "pending"},
            after={
                "extension_id": pending.pk,
                "extension_state": pending.state,
                "acceptance_due_on": _iso(new_due or current),
            },
            reason=reason,
        )
    return pending


# --- the acceptance application (Art. 21–22) ----------------------------------------------
def acceptance_apply(
    *,
    project: Project,
    acceptance_report: Any = None,
    test_report: Any = None,
    notes: Any = "",
    acceptance_report_number: Any = "",
    acceptance_report_date: Any = None,
    test_report_number: Any = "",
    test_report_date: Any = None,
    by: User,
) -> AcceptanceApplication:
    """The unit applies for acceptance with the acceptance report and the test report; a
    failed round is kept and this opens the next one.

    A classified candidate (``metadata_only``, Art. 4) gives each report's number and date
    (``acceptance_report_number`` / ``_date``, ``test_report_number`` / ``_date``) instead of
    the files; the wrong kind of input is refused citing Art. 4.
    """
    notes = optional_text(notes, field="notes", label="申请说明", max_length=2000)
    acceptance = parse_report(
        project=project,
        file=acceptance_report,
        number=acceptance_report_number,
        dated=acceptance_report_date,
        field="acceptance_report",
        label="验收报告",
        label_en="acceptance report",
    )
    tested = parse_report(
        project=project,
        file=test_report,
        number=test_report_number,
        dated=test_report_date,
        field="test_report",
        label="测试报告",
        label_en="test report",
    )
    with transaction.atomic():
        locked = _locked(project)
        _check_transition(locked, by, "apply_acceptance")
        previous = AcceptanceApplication.objects.filter(project=locked).order_by("-round_no")
        round_no = (previous.values_list("round_no", flat=True).first() or 0) + 1
        report = store_report(
            acceptance,
            project=locked,
            kind=DocumentKind.ACCEPTANCE_REPORT,
            title="验收报告",
            by=by,
        )
        tests = store_report(
            tested, project=locked, kind=DocumentKind.TEST_REPORT, title="测试报告", by=by
        )
        application = AcceptanceApplication.objects.create(
            project=locked,
            round_no=round_no,
            applied_on=timezone.localdate(),
            notes=notes,
            acceptance_report=report,
            test_report=tests,
            applied_by=by,
        )
        completion = Completion.objects.filter(project=locked).first()
        if completion is not None:  # the first round fulfils it; later rounds change nothing
            obligation_fulfil(key=key_of(completion), on=application.applied_on, by=by)
        due = acceptance_due(locked)
        record(
            action="acceptance.apply",
            obj=locked,
            by=by,
            after={
                "application_id": application.pk,
                "round_no": round_no,
                "applied_on": _iso(application.applied_on),
                "acceptance_due_on": _iso(due),
                "acceptance_report_id": report.pk,
                "test_report_id": tests.pk,
            },
        )
        _execute(locked, "apply_acceptance", by=by, round_no=round_no)
    return application


def _open_round_for_results(project: Project) -> AcceptanceApplication:
    application = (
        AcceptanceApplication.objects.select_for_update()
        .filter(project=project, outcome=AcceptanceApplication.Outcome.PENDING)
        .first()
    )
    if application is None:
        raise RuleViolation(
            deny(
                "没有待验收的验收申请：测评结果须在提交验收申请后、验收办结前补充",
                33,
                en="No open acceptance application: results are added to an open round",
            )
        )
    return application


def _result_report(
    project: Project, file: Any, number: Any, dated: Any, label: str, label_en: str
) -> ReportInput:
    return parse_report(
        project=project,
        file=file,
        number=number,
        dated=dated,
        field="report",
        label=label,
        label_en=label_en,
    )


def mlps_result_add(
    *,
    project: Project,
    level: Any,
    assessed_on: Any,
    conclusion: Any,
    report: Any = None,
    report_number: Any = "",
    report_date: Any = None,
    by: User,
) -> MlpsResult:
    """Add the MLPS (等级保护) assessment result to the open round (Art. 31, 33).

    A classified candidate (Art. 4) gives the report's ``report_number`` and ``report_date``
    instead of the file."""
    level = parse_level(level)
    assessed_on = parse_date(assessed_on, field="assessed_on", label="测评日期")
    _not_in_future(assessed_on, field="assessed_on", label="测评日期")
    conclusion = parse_conclusion(conclusion, label="测评结论")
    parsed = _result_report(
        project, report, report_number, report_date, "等级保护测评报告", "MLPS assessment report"
    )
    with transaction.atomic():
        locked = _locked(project)
        _require_owner_staff(by, locked, "登记等级保护测评结果", "record MLPS results")
        application = _open_round_for_results(locked)
        document = store_report(
            parsed, project=locked, kind=DocumentKind.MLPS_RESULT, title=parsed.label, by=by
        )
        result = MlpsResult.objects.create(
            application=application,
            level=level,
            assessed_on=assessed_on,
            conclusion=conclusion,
            report=document,
            recorded_by=by,
        )
        record(
            action="acceptance.mlps_result_add",
            obj=locked,
            by=by,
            after={
                "application_id": application.pk,
                "round_no": application.round_no,
                "mlps_result_id": result.pk,
                "level": level,
                "assessed_on": _iso(assessed_on),
                "conclusion": conclusion,
                "report_id": document.pk,
            },
        )
    return result


def crypto_result_add(
    *,
    project: Project,
    evaluated_on: Any,
    conclusion: Any,
    report: Any = None,
    report_number: Any = "",
    report_date: Any = None,
    by: User,
) -> CryptoResult:
    """Add the cryptography application security evaluation (密评) result (Art. 32, 33).

    A classified candidate (Art. 4) gives the report's ``report_number`` and ``report_date``
    instead of the file."""
    evaluated_on = parse_date(evaluated_on, field="evaluated_on", label="评估日期")
    _not_in_future(evaluated_on, field="evaluated_on", label="评估日期")
    conclusion = parse_conclusion(conclusion, label="评估结论")
    parsed = _result_report(
        project,
        report,
        report_number,
        report_date,
        "密码应用安全性评估报告",
        "cryptography evaluation report",
    )
    with transaction.atomic():
        locked = _locked(project)
        _require_owner_staff(by, locked, "登记密码应用安全性评估结果", "record crypto results")
        application = _open_round_for_results(locked)
        document = store_report(
            parsed, project=locked, kind=DocumentKind.CRYPTO_RESULT, title=parsed.label, by=by
        )
        result = CryptoResult.objects.create(
            application=application,
            evaluated_on=evaluated_on,
            conclusion=conclusion,
            report=document,
            recorded_by=by,
        )
        record(
            action="acceptance.crypto_result_add",
            obj=locked,
            by=by,
            after={
                "application_id": application.pk,
                "round_no": application.round_no,
                "crypto_result_id": result.pk,
                "evaluated_on": _iso(evaluated_on),
                "conclusion": conclusion,
                "report_id": document.pk,
            },
        )
    return result


# --- the decision (Art. 22, 33) -----------------------------------------------------------
def acceptance_decide(
    *,
    project: Project,
    passed: Any,
    decided_on: Any,
    opinion: Any = "",
    rectification: Any = "",
    by: User,
) -> AcceptanceApplication:
    """BDB passes the open round (refused without the MLPS and crypto results, Art. 33) or
    fails it with the reason and the rectification required; the unit then applies again."""
    passed = parse_yes_no(passed, field="passed", label="验收结论")
    decided_on = parse_date(decided_on, field="decided_on", label="验收日期")
    _not_in_future(decided_on, field="decided_on", label="验收日期")
    if passed:
        opinion = optional_text(opinion, field="opinion", label="验收意见", max_length=5000)
        rectification = ""
    else:
        opinion = required_text(
            opinion, field="opinion", label="验收不通过的理由", label_en="opinion", max_length=5000
        )
        rectification = required_text(
            rectification,
            field="rectification",
            label="整改要求",
            label_en="rectification",
            max_length=5000,
        )
    code = "pass_acceptance" if passed else "fail_acceptance"
    with transaction.atomic():
        locked = _locked(project)
        _check_transition(locked, by, code)
        application = (
            AcceptanceApplication.objects.select_for_update()
            .filter(project=locked, outcome=AcceptanceApplication.Outcome.PENDING)
            .first()
        )
        if application is None:
            raise RuleViolation(
                deny("没有待验收的验收申请", 22, en="No acceptance application is open")
            )
        if decided_on < application.applied_on:
            raise InvalidInput(
                f"验收日期（{decided_on:%Y-%m-%d}）不能早于申请日期"
                f"（{application.applied_on:%Y-%m-%d}）",
                message_en="decided_on cannot be before the application date",
                field="decided_on",
            )
        application.outcome = (
            AcceptanceApplication.Outcome.PASSED if passed else AcceptanceApplication.Outcome.FAILED
        )
        application.decided_on = decided_on
        application.opinion = opinion
        application.rectification = rectification
        application.decided_by = by
        application.decided_at = timezone.now()
        application.save()
        if passed:
            Project.objects.filter(pk=locked.pk).update(
                accepted_on=decided_on, updated_at=timezone.now()
            )
        record(
            action="acceptance.decide",
            obj=locked,
            by=by,
            after={
                "application_id": application.pk,
                "round_no": application.round_no,
                "outcome": application.outcome,
                "decided_on": _iso(decided_on),
                "rectification": rectification,
            },
            reason=opinion,
        )
        reason = opinion if passed else f"{opinion}\n整改要求：{rectification}"
        _execute(
            locked,
            code,
            by=by,
            reason=reason,
            round_no=application.round_no,
            decided_on=_iso(decided_on),
        )
    return application


# --- filing and go-live (Art. 23) ---------------------------------------------------------
def _open_self_evaluation(project: Project, go_live_on: date, by: User) -> None:
    """Accepted and live: the self-evaluation window (Art. 24) becomes the unit's obligation,
    open from the window's first day, due on its last (calendar days)."""
    project.go_live_on = go_live_on
    window = self_evaluation_window(project)
    if window is None:  # pragma: no cover - filing requires the acceptance date
        return
    obligation_open(
        kind=ObligationKind.SELF_EVALUATION,
        key=key_of(project, "self_evaluation"),
        title=f"「{project.name}」开展绩效自评价",
        responsible=project.organisation,
        project=project,
        opened_on=window.start,
        opens_on=window.opens,
        due_on=window.closes,
        day_count=DayCount.CALENDAR,
        pack=pack_in_force(project.jurisdiction, window.start),
        by=by,
    )


def filing_record(
    *, project: Project, filing_number: Any, filed_on: Any, go_live_on: Any, by: User
) -> Filing:
    """BDB staff register the acceptance report's filing (备案) and the go-live date; the
    project moves to in operation."""
    filing_number = required_text(
        filing_number, field="filing_number", label="备案编号", max_length=60
    )
    filed_on = parse_date(filed_on, field="filed_on", label="备案日期")
    _not_in_future(filed_on, field="filed_on", label="备案日期")
    go_live_on = parse_date(go_live_on, field="go_live_on", label="投入运行日期")
    _not_in_future(go_live_on, field="go_live_on", label="投入运行日期")
    with transaction.atomic():
        locked = _locked(project)
        _check_transition(locked, by, "go_live")
        application = (
            AcceptanceApplication.objects.filter(
                project=locked, outcome=AcceptanceApplication.Outcome.PASSED
            )
            .order_by("-round_no")
            .first()
        )
        accepted = locked.accepted_on
        if application is None or accepted is None:
            raise RuleViolation(
                deny("项目尚未通过验收，不能备案", 23, en="The project has not passed acceptance")
            )
        for day, field, label in (
            (filed_on, "filed_on", "备案日期"),
            (go_live_on, "go_live_on", "投入运行日期"),
        ):
            if day < accepted:
                raise InvalidInput(
                    f"{label}（{day:%Y-%m-%d}）不能早于验收通过日期（{accepted:%Y-%m-%d}）",
                    message_en=f"{field} cannot be before the acceptance date",
                    field=field,
                )
        if Filing.objects.filter(filing_number=filing_number).exists():
            raise InvalidInput(
                f"备案编号「{filing_number}」已被使用，请核对",
                message_en="This filing number is already used",
                field="filing_number",
            )
        filing = Filing.objects.create(
            project=locked,
            application=application,
            filing_number=filing_number,
            filed_on=filed_on,
            go_live_on=go_live_on,
            recorded_by=by,
        )
        Project.objects.filter(pk=locked.pk).update(
            go_live_on=go_live_on, updated_at=timezone.now()
        )
        _open_self_evaluation(locked, go_live_on, by)
        record(
            action="acceptance.filing_record",
            obj=locked,
            by=by,
            after={
                "filing_id": filing.pk,
                "filing_number": filing_number,
                "filed_on": _iso(filed_on),
                "go_live_on": _iso(go_live_on),
            },
        )
        _execute(locked, "go_live", by=by, go_live_on=_iso(go_live_on))
    return filing
