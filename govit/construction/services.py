"""Writes of the construction stage: one transaction each, validated first, audited.

Every event is recorded on the project (its history page tells the whole story), with the id
of the milestone, report, incident or change request in ``after``.  Lifecycle transitions of
Art. 20 (order_rectification, close_rectification, suspend, lift_suspension) are run from here
through the engine, inside the same transaction, after everything else has been checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import User
from govit.applications.models import DocumentKind
from govit.applications.services import document_attach
from govit.audit.services import record
from govit.core.decisions import Decision, deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.inputs import optional_text, parse_date, parse_yuan, required_text
from govit.obligations.models import DayCount, ObligationKind
from govit.obligations.services import key_of, obligation_fulfil, obligation_open
from govit.policy.packs import rule
from govit.projects.models import Project
from govit.projects.rules import is_owner_staff
from govit.projects.workflow import PROJECT_MACHINE

from . import rules, variance
from .baselines import BaselineView, commitments_exceeding, current_baseline, original_baseline
from .inputs import parse_percent
from .models import (
    RECTIFICATION_STATES,
    Baseline,
    ChangeRequest,
    Incident,
    Milestone,
    ProgressReport,
)

MAX_MILESTONES = 30
ZERO = Decimal("0.00")


# --- helpers ------------------------------------------------------------------------------
def _locked(project: Project | int) -> Project:
    """The project row, locked for the rest of the transaction."""
    pk = project if isinstance(project, int) else project.pk
    return Project.objects.with_owner().select_for_update(of=("self",)).get(pk=pk)


def _check(decision: Decision) -> None:
    if not decision.allowed:
        raise RuleViolation(decision)


def _require_owner_staff(project: Project, by: User, action: str, article: int) -> None:
    if not is_owner_staff(by, project):
        raise RuleViolation(
            deny(
                f"只有本项目建设单位（{project.organisation.name}）的经办人可以{action}",
                article,
                en="Only the owning unit's staff may do this",
            )
        )


def _require_bdb(project: Project, by: User, action: str, article: int) -> None:
    if not rules.is_bdb(project, by):
        raise RuleViolation(
            deny(
                f"只有本行政区域大数据局的经办人或领导可以{action}",
                article,
                en="Only the Big Data Bureau of the project's jurisdiction may do this",
            )
        )


def _require_bdb_leader(project: Project, by: User, action: str, article: int) -> None:
    if not rules.is_bdb_leader(project, by):
        raise RuleViolation(
            deny(
                f"只有本行政区域大数据局领导可以{action}",
                article,
                en="Only a Big Data Bureau leader of the project's jurisdiction may do this",
            )
        )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _today() -> date:
    return timezone.localdate()


def _milestone_plan(project: Project) -> list[dict[str, Any]]:
    return [
        {"id": m.pk, "name": m.name, "planned_on": m.planned_on.isoformat()}
        for m in Milestone.objects.filter(project=project).order_by("order", "id")
    ]


def _attach(project: Project, kind: str, title: str, file: Any, by: User, *, field: str) -> Any:
    """Store an uploaded file as a project document; a refused file names this form's field."""
    try:
        return document_attach(project=project, kind=kind, title=title, file=file, by=by)
    except InvalidInput as error:
        if error.field == "file":
            error.field = field
        raise


def _baseline_facts(view: BaselineView) -> dict[str, Any]:
    return {
        "version": view.version,
        "total": view.total,
        "lines": {str(key): value for key, value in sorted(view.lines.items())},
        "planned_completion": _iso(view.planned_completion),
        "scope": view.scope,
    }


# --- schedule (Art. 15, 19) ---------------------------------------------------------------
@dataclass(frozen=True)
class MilestoneInput:
    """One row of the schedule as typed: a name and a planned date."""

    name: Any
    planned_on: Any


def _parse_milestones(
    milestones: Sequence[MilestoneInput], planned_completion: date
) -> list[tuple[str, date]]:
    rows = [m for m in milestones if str(m.name or "").strip() or m.planned_on not in (None, "")]
    if not rows:
        raise InvalidInput(
            "请至少填写一个里程碑（名称和计划日期）",
            message_en="At least one milestone is required",
            field="milestones",
        )
    if len(rows) > MAX_MILESTONES:
        raise InvalidInput(
            f"里程碑不能超过 {MAX_MILESTONES} 个",
            message_en=f"At most {MAX_MILESTONES} milestones",
            field="milestones",
        )
    parsed: list[tuple[str, date]] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        name = required_text(
            row.name, field="milestones", label=f"第 {index} 个里程碑的名称", max_length=100
        )
        planned_on = parse_date(
            row.planned_on, field="milestones", label=f"里程碑「{name}」的计划日期"
        )
        if name in seen:
            raise InvalidInput(
                f"里程碑「{name}」重复，请使用不同的名称",
                message_en="Milestone names must be unique",
                field="milestones",
            )
        if planned_on > planned_completion:
            raise InvalidInput(
                f"里程碑「{name}」的计划日期（{planned_on}）晚于计划完成日期（{planned_completion}），"
                "请调整",
                message_en="A milestone is planned after the planned completion",
                field="milestones",
            )
        seen.add(name)
        parsed.append((name, planned_on))
    return parsed


def schedule_save(
    *,
    project: Project,
    planned_completion: Any,
    scope: Any,
    milestones: Sequence[MilestoneInput],
    by: User,
) -> Baseline:
    """The owning unit saves its schedule once: milestones, planned completion and scope.

    The first save writes baseline version 1 (Art. 19): the approved amounts of the opinion
    (``original_baseline``) with this planned completion, scope and milestone plan.  After
    that, planned dates change only through an approved change request; actual dates are
    recorded with ``milestone_record_actual``.
    """
    _require_owner_staff(project, by, "保存进度计划", 15)
    completion = parse_date(planned_completion, field="planned_completion", label="计划完成日期")
    if completion <= _today():
        raise InvalidInput(
            "计划完成日期须晚于今天，请填写项目计划完成建设的日期",
            message_en="The planned completion must be after today",
            field="planned_completion",
        )
    scope_text = required_text(scope, field="scope", label="建设内容", max_length=5000)
    rows = _parse_milestones(milestones, completion)
    with transaction.atomic():
        locked = _locked(project)
        _require_owner_staff(locked, by, "保存进度计划", 15)
        _check(rules.schedule_open(locked, by))
        existing = Baseline.objects.filter(project=locked).order_by("-version").first()
        if existing is not None:
            raise RuleViolation(
                deny(
                    f"进度计划已确认为项目基线（第{existing.version}版），计划日期和计划完成日期"
                    "只能通过变更申请调整；实际完成日期可随时登记",
                    19,
                    en="The schedule is already part of the baseline: change it with a change request",
                )
            )
        if locked.construction_started_on and completion <= locked.construction_started_on:
            raise InvalidInput(
                f"计划完成日期须晚于开工日期（{locked.construction_started_on}）",
                message_en="The planned completion must be after the construction start",
                field="planned_completion",
            )
        created = Milestone.objects.bulk_create(
            [
                Milestone(
                    project=locked, order=order, name=name, planned_on=planned_on, created_by=by
                )
                for order, (name, planned_on) in enumerate(rows, start=1)
            ]
        )
        original = original_baseline(locked)
        baseline = Baseline.objects.create(
            project=locked,
            version=1,
            total_amount=original.total,
            line_amounts={str(key): str(value) for key, value in original.lines.items()},
            planned_completion=completion,
            scope=scope_text,
            milestones=_milestone_plan(locked),
            reason="建设单位首次保存进度计划，确立项目基线",
            created_by=by,
        )
        record(
            action="construction.schedule_save",
            obj=locked,
            by=by,
            after={
                "baseline_version": 1,
                "planned_completion": completion,
                "scope": scope_text,
                "total": original.total,
                "milestones": [
                    {"id": m.pk, "name": m.name, "planned_on": m.planned_on} for m in created
                ],
            },
        )
    return baseline


def milestone_record_actual(*, milestone: Milestone, actual_on: Any, by: User) -> Milestone:
    """The unit records (or corrects) the day a milestone was actually reached."""
    project = milestone.project
    _require_owner_staff(project, by, "登记里程碑实际完成日期", 15)
    reached = parse_date(actual_on, field="actual_on", label="实际完成日期")
    if reached > _today():
        raise InvalidInput(
            "实际完成日期不能晚于今天；里程碑完成后再登记",
            message_en="The actual date cannot be in the future",
            field="actual_on",
        )
    with transaction.atomic():
        locked = _locked(project)
        _check(rules.schedule_open(locked, by))
        row = Milestone.objects.select_for_update().get(pk=milestone.pk)
        before = _iso(row.actual_on)
        row.actual_on = reached
        row.save(update_fields=["actual_on"])
        record(
            action="construction.milestone_actual",
            obj=locked,
            by=by,
            before={"milestone_id": row.pk, "name": row.name, "actual_on": before},
            after={"milestone_id": row.pk, "name": row.name, "actual_on": reached},
        )
    return row


# --- progress (Art. 15) -------------------------------------------------------------------
def thresholds_on(project: Project, on: date) -> tuple[variance.Thresholds, dict[str, Any]]:
    """The pack's variance thresholds on ``on`` and a JSON-able record of them."""
    values = {
        key: rule(project.jurisdiction, f"{key}_pct", on=on)
        for key in (
            "schedule_variance_amber",
            "schedule_variance_red",
            "cost_variance_amber",
            "cost_variance_red",
        )
    }
    thresholds = variance.Thresholds(
        schedule_amber=values["schedule_variance_amber"].as_decimal(),
        schedule_red=values["schedule_variance_red"].as_decimal(),
        cost_amber=values["cost_variance_amber"].as_decimal(),
        cost_red=values["cost_variance_red"].as_decimal(),
    )
    facts = {
        "schedule_amber": str(thresholds.schedule_amber),
        "schedule_red": str(thresholds.schedule_red),
        "cost_amber": str(thresholds.cost_amber),
        "cost_red": str(thresholds.cost_red),
        "pack": values["schedule_variance_amber"].pack.code,
    }
    return thresholds, facts


def progress_report_file(
    *,
    project: Project,
    report_date: Any,
    percent_complete: Any,
    spend_to_date: Any,
    issues: Any = "",
    evidence: Any = None,
    by: User,
) -> ProgressReport:
    """The unit files a periodic progress report; its variance is computed and kept."""
    _require_owner_staff(project, by, "报送建设进度", 15)
    on = parse_date(report_date, field="report_date", label="报告日期")
    percent = parse_percent(percent_complete, field="percent_complete", label="完成百分比")
    spend = parse_yuan(spend_to_date, field="spend_to_date", label="累计支出")
    issues_text = optional_text(issues, field="issues", label="存在问题", max_length=5000)
    if on > _today():
        raise InvalidInput(
            "报告日期不能晚于今天",
            message_en="The report date cannot be in the future",
            field="report_date",
        )
    with transaction.atomic():
        locked = _locked(project)
        _check(rules.progress_open(locked, by))
        _check(rules.schedule_saved(locked, by))
        started = locked.construction_started_on
        if started is not None and on < started:
            raise InvalidInput(
                f"报告日期不能早于开工日期（{started}）",
                message_en="The report date cannot be before the construction start",
                field="report_date",
            )
        latest = ProgressReport.objects.filter(project=locked).order_by("-report_date").first()
        if latest is not None and on <= latest.report_date:
            raise InvalidInput(
                f"报告日期须晚于上一期进度报告（{latest.report_date}），每期报告一个日期",
                message_en="The report date must be after the previous report's",
                field="report_date",
            )
        baseline = current_baseline(locked)
        thresholds, threshold_facts = thresholds_on(locked, on)
        result = variance.compute(
            started_on=started,
            planned_completion=baseline.planned_completion,
            report_date=on,
            percent_complete=percent,
            spend_to_date=spend,
            baseline_total=baseline.total,
            thresholds=thresholds,
        )
        document = (
            _attach(
                locked,
                DocumentKind.PROGRESS_EVIDENCE,
                f"{on.isoformat()} 建设进度证明材料",
                evidence,
                by,
                field="evidence",
            )
            if evidence is not None
            else None
        )
        report = ProgressReport.objects.create(
            project=locked,
            report_date=on,
            percent_complete=percent,
            spend_to_date=spend,
            issues=issues_text,
            evidence=document,
            baseline_version=baseline.version,
            baseline_total=baseline.total,
            planned_completion=baseline.planned_completion,
            planned_percent=result.planned_percent,
            schedule_variance=result.schedule_variance,
            cost_variance=result.cost_variance,
            schedule_colour=result.schedule_colour,
            cost_colour=result.cost_colour,
            thresholds=threshold_facts,
            reported_by=by,
        )
        record(
            action="construction.progress_report",
            obj=locked,
            by=by,
            after={
                "progress_report_id": report.pk,
                "report_date": on,
                "percent_complete": percent,
                "spend_to_date": spend,
                "schedule_variance": result.schedule_variance,
                "cost_variance": result.cost_variance,
                "schedule_colour": result.schedule_colour,
                "cost_colour": result.cost_colour,
                "baseline_version": baseline.version,
                "evidence_id": document.pk if document else None,
            },
        )
    return report


# --- incidents (Art. 20) ------------------------------------------------------------------
RECTIFICATION, SUSPENSION = "rectification", "suspension"


def _incident_facts(incident: Incident) -> dict[str, Any]:
    return {
        "incident_id": incident.pk,
        "kind": incident.kind,
        "state": incident.state,
        "rectification_deadline": _iso(incident.rectification_deadline),
    }


def _locked_incident(incident: Incident) -> tuple[Project, Incident]:
    locked = _locked(incident.project_id)
    row = Incident.objects.select_for_update().get(pk=incident.pk)
    return locked, row


def _refuse_incident_state(incident: Incident, action: str) -> RuleViolation:
    return RuleViolation(
        deny(
            f"该情况报告当前为「{incident.get_state_display()}」，不能{action}",
            20,
            en=f"Not possible while the incident is {incident.state}",
        )
    )


def incident_report(*, project: Project, kind: Any, description: Any, by: User) -> Incident:
    """The owning unit reports, or BDB raises, a severe delay or major investment loss."""
    if is_owner_staff(by, project):
        source = Incident.Source.UNIT
    elif rules.is_bdb(project, by):
        source = Incident.Source.BDB
    else:
        raise RuleViolation(
            deny(
                "只有建设单位经办人或本行政区域大数据局可以报告重大情况",
                20,
                en="Only the owning unit's staff or the Big Data Bureau may report an incident",
            )
        )
    if kind not in Incident.Kind.values:
        raise InvalidInput(
            "请选择情况类型（严重滞后或重大投资损失）",
            message_en="kind must be severe_delay or major_loss",
            field="kind",
        )
    text = required_text(description, field="description", label="情况说明", max_length=5000)
    with transaction.atomic():
        locked = _locked(project)
        _check(rules.incident_open(locked, by))
        incident = Incident.objects.create(
            project=locked, kind=kind, description=text, source=source, reported_by=by
        )
        record(
            action="construction.incident_report",
            obj=locked,
            by=by,
            after={**_incident_facts(incident), "source": source, "description": text},
        )
    return incident


def incident_decide(
    *,
    incident: Incident,
    decision: Any,
    reason: Any,
    deadline: Any = None,
    requirements: Any = "",
    by: User,
) -> Incident:
    """A BDB leader decides: rectification with a deadline, or suspension (Art. 20).

    An open incident takes either; an incident under rectification may be escalated to a
    suspension.  Ordering a rectification moves the project to 整改中 (when it is not there
    already, for another incident); a suspension moves it to 暂停.
    """
    project = incident.project
    _require_bdb_leader(project, by, "决定整改或暂停建设", 20)
    if decision not in (RECTIFICATION, SUSPENSION):
        raise InvalidInput(
            "请选择处理决定：责令整改或暂停建设",
            message_en="decision must be rectification or suspension",
            field="decision",
        )
    reason_text = required_text(reason, field="reason", label="决定理由", max_length=5000)
    due: date | None = None
    requirement_text = ""
    if decision == RECTIFICATION:
        due = parse_date(deadline, field="deadline", label="整改期限")
        if due <= _today():
            raise InvalidInput(
                "整改期限须晚于今天，请给建设单位留出整改时间",
                message_en="The rectification deadline must be after today",
                field="deadline",
            )
        requirement_text = required_text(
            requirements, field="requirements", label="整改要求", max_length=5000
        )
    with transaction.atomic():
        locked, row = _locked_incident(incident)
        _require_bdb_leader(locked, by, "决定整改或暂停建设", 20)
        now = timezone.now()
        if decision == RECTIFICATION:
            if row.state != Incident.State.OPEN:
                raise _refuse_incident_state(row, "再责令整改")
            if locked.state not in ("in_construction", "rectifying"):
                raise RuleViolation(
                    deny(
                        f"项目当前状态为「{locked.state_label}」，只有建设中或整改中的项目可以责令整改",
                        20,
                        en="Rectification can be ordered only for a project in construction",
                    )
                )
            row.state = Incident.State.RECTIFYING
            row.rectification_deadline = due
            row.rectification_requirements = requirement_text
            row.decision_reason = reason_text
            row.decided_by, row.decided_at = by, now
            row.save()
            # The rectification is the owning unit's obligation until it answers (Art. 20).
            obligation_open(
                kind=ObligationKind.INCIDENT_RECTIFICATION,
                key=key_of(row),
                title=f"重大情况整改（情况报告 #{row.pk}）",
                responsible=locked.organisation,
                project=locked,
                opened_on=_today(),
                due_on=cast(date, due),  # parsed above for a rectification
                day_count=DayCount.CALENDAR,
                by=by,
            )
            if locked.state == "in_construction":
                PROJECT_MACHINE.execute(
                    locked,
                    "order_rectification",
                    by=by,
                    reason=reason_text,
                    data={"incident_id": row.pk, "rectification_deadline": _iso(due)},
                )
            action = "construction.incident_rectification"
        else:
            if row.state not in (Incident.State.OPEN, *RECTIFICATION_STATES):
                raise _refuse_incident_state(row, "决定暂停建设")
            if locked.state not in ("in_construction", "rectifying"):
                raise RuleViolation(
                    deny(
                        f"项目当前状态为「{locked.state_label}」，只有建设中或整改中的项目可以暂停建设",
                        20,
                        en="Only a project in construction or rectifying can be suspended",
                    )
                )
            if row.decided_at is None:
                row.decision_reason = reason_text
                row.decided_by, row.decided_at = by, now
            row.state = Incident.State.SUSPENDED
            row.suspension_reason = reason_text
            row.suspended_by, row.suspended_at = by, now
            row.save()
            PROJECT_MACHINE.execute(
                locked, "suspend", by=by, reason=reason_text, data={"incident_id": row.pk}
            )
            action = "construction.incident_suspension"
        record(
            action=action,
            obj=locked,
            by=by,
            after={**_incident_facts(row), "requirements": requirement_text},
            reason=reason_text,
        )
    return row


def incident_answer(*, incident: Incident, note: Any, evidence: Any = None, by: User) -> Incident:
    """The unit reports what it rectified, with optional evidence (Art. 20).

    A later answer before BDB closes the incident replaces the earlier one (both are kept in
    the history).  An answer after the deadline is accepted and marked late.
    """
    project = incident.project
    _require_owner_staff(project, by, "报送整改情况", 20)
    note_text = required_text(note, field="note", label="整改情况", max_length=5000)
    with transaction.atomic():
        locked, row = _locked_incident(incident)
        if row.state not in RECTIFICATION_STATES:
            raise _refuse_incident_state(row, "报送整改情况")
        document = (
            _attach(
                locked,
                DocumentKind.INCIDENT_EVIDENCE,
                f"整改情况报告（情况报告 #{row.pk}）",
                evidence,
                by,
                field="evidence",
            )
            if evidence is not None
            else None
        )
        before = {"state": row.state, "answer_note": row.answer_note}
        row.answer_note = note_text
        if document is not None:
            row.answer_evidence = document
        row.answered_by, row.answered_at, row.answered_on = by, timezone.now(), _today()
        row.state = Incident.State.ANSWERED
        row.save()
        obligation_fulfil(key=key_of(row), on=row.answered_on, by=by)
        record(
            action="construction.incident_answer",
            obj=locked,
            by=by,
            before=before,
            after={
                **_incident_facts(row),
                "answer_note": note_text,
                "answered_on": row.answered_on,
                "late": row.answered_late,
                "evidence_id": document.pk if document else None,
            },
        )
    return row


def incident_close(*, incident: Incident, reason: Any, by: User) -> Incident:
    """BDB staff or a leader accept the unit's rectification (Art. 20).

    The project leaves 整改中 when this was its last open rectification.
    """
    project = incident.project
    _require_bdb(project, by, "确认整改完成", 20)
    reason_text = required_text(reason, field="reason", label="办结意见", max_length=5000)
    with transaction.atomic():
        locked, row = _locked_incident(incident)
        if row.state == Incident.State.RECTIFYING:
            raise RuleViolation(
                deny(
                    "建设单位尚未报送整改情况，不能确认整改完成；请待单位报送后办理",
                    20,
                    en="The unit has not reported its rectification yet",
                )
            )
        if row.state != Incident.State.ANSWERED:
            raise _refuse_incident_state(row, "确认整改完成")
        row.state = Incident.State.CLOSED
        row.close_reason = reason_text
        row.closed_by, row.closed_at = by, timezone.now()
        row.save()
        still_open = (
            Incident.objects.filter(project=locked, state__in=RECTIFICATION_STATES)
            .exclude(pk=row.pk)
            .exists()
        )
        moved = locked.state == "rectifying" and not still_open
        if moved:
            PROJECT_MACHINE.execute(
                locked,
                "close_rectification",
                by=by,
                reason=reason_text,
                data={"incident_id": row.pk},
            )
        record(
            action="construction.incident_close",
            obj=locked,
            by=by,
            after={**_incident_facts(row), "project_back_in_construction": moved},
            reason=reason_text,
        )
    return row


def incident_lift(*, incident: Incident, reason: Any, by: User) -> Incident:
    """A BDB leader lifts the suspension decided on this incident (Art. 20)."""
    project = incident.project
    _require_bdb_leader(project, by, "决定恢复建设", 20)
    reason_text = required_text(reason, field="reason", label="恢复建设理由", max_length=5000)
    with transaction.atomic():
        locked, row = _locked_incident(incident)
        if row.state != Incident.State.SUSPENDED:
            raise _refuse_incident_state(row, "恢复建设")
        if locked.state != "suspended":
            raise RuleViolation(
                deny(
                    f"项目当前状态为「{locked.state_label}」，不是暂停状态",
                    20,
                    en="The project is not suspended",
                )
            )
        row.state = Incident.State.LIFTED
        row.close_reason = reason_text
        row.closed_by, row.closed_at = by, timezone.now()
        row.save()
        PROJECT_MACHINE.execute(
            locked, "lift_suspension", by=by, reason=reason_text, data={"incident_id": row.pk}
        )
        record(
            action="construction.incident_lift",
            obj=locked,
            by=by,
            after=_incident_facts(row),
            reason=reason_text,
        )
    return row


# --- change requests (Art. 19) ------------------------------------------------------------
def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    return bool(value)


def _parse_lines(
    project: Project, current: BaselineView, given: dict[Any, Any]
) -> tuple[dict[int, Decimal], Decimal]:
    known = {line.pk: line.name for line in project.budget_lines.all()}
    allowed = set(known) | set(current.lines)
    amounts = dict(current.lines)
    for key, raw in (given or {}).items():
        try:
            line_id = int(key)
        except (TypeError, ValueError):
            line_id = -1
        if line_id not in allowed:
            raise InvalidInput(
                "预算明细不属于本项目，请从本项目的预算明细中选择",
                message_en="The budget line does not belong to this project",
                field="new_line_amounts",
            )
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue  # a line left empty keeps its current amount
        name = known.get(line_id, f"#{line_id}")
        amounts[line_id] = parse_yuan(raw, field=f"line_{line_id}", label=f"「{name}」变更后金额")
    if amounts == dict(current.lines):
        raise InvalidInput(
            "投资预算没有变化：请至少修改一项预算明细的金额，或取消「变更投资预算」",
            message_en="The budget is unchanged",
            field="new_line_amounts",
        )
    return amounts, sum(amounts.values(), ZERO)


def change_request_submit(
    *,
    project: Project,
    changes_scope: Any = False,
    changes_budget: Any = False,
    changes_schedule: Any = False,
    new_scope: Any = "",
    new_line_amounts: dict[Any, Any] | None = None,
    new_planned_completion: Any = None,
    new_milestone_dates: dict[Any, Any] | None = None,
    reason: Any,
    document: Any = None,
    by: User,
) -> ChangeRequest:
    """The unit asks to change scope, budget and/or schedule (Art. 19)."""
    _require_owner_staff(project, by, "提交变更申请", 19)
    scope_flag, budget_flag, schedule_flag = (
        _truthy(changes_scope),
        _truthy(changes_budget),
        _truthy(changes_schedule),
    )
    if not (scope_flag or budget_flag or schedule_flag):
        raise InvalidInput(
            "请至少选择一项变更：建设内容、投资预算或进度计划",
            message_en="Choose at least one kind of change",
            field="changes",
        )
    reason_text = required_text(reason, field="reason", label="变更理由", max_length=5000)
    scope_text = (
        required_text(new_scope, field="new_scope", label="变更后建设内容", max_length=5000)
        if scope_flag
        else ""
    )
    completion = (
        parse_date(
            new_planned_completion, field="new_planned_completion", label="变更后计划完成日期"
        )
        if schedule_flag
        else None
    )
    if completion is not None and completion <= _today():
        raise InvalidInput(
            "变更后计划完成日期须晚于今天",
            message_en="The new planned completion must be after today",
            field="new_planned_completion",
        )
    with transaction.atomic():
        locked = _locked(project)
        _check(rules.change_open(locked, by))
        _check(rules.baseline_set(locked, by))
        pending = ChangeRequest.objects.filter(
            project=locked, state=ChangeRequest.State.SUBMITTED
        ).first()
        if pending is not None:
            raise RuleViolation(
                deny(
                    f"已有待审批的变更申请（#{pending.pk}），请待大数据局领导审批后再提交新的申请",
                    19,
                    en="A change request is already pending",
                )
            )
        current = current_baseline(locked)
        if scope_flag and scope_text == current.scope:
            raise InvalidInput(
                "建设内容没有变化：请修改建设内容，或取消「变更建设内容」",
                message_en="The scope is unchanged",
                field="new_scope",
            )
        lines: dict[int, Decimal] = {}
        total: Decimal | None = None
        if budget_flag:
            lines, total = _parse_lines(locked, current, new_line_amounts or {})
        dates: dict[str, str] = {}
        if completion is not None:  # parsed above exactly when the schedule changes
            dates = _parse_milestone_dates(locked, current, completion, new_milestone_dates or {})
        document_row = (
            _attach(
                locked,
                DocumentKind.CHANGE_REQUEST,
                f"变更申请材料（基线第{current.version + 1}版）",
                document,
                by,
                field="document",
            )
            if document is not None
            else None
        )
        request = ChangeRequest.objects.create(
            project=locked,
            base_version=current.version,
            changes_scope=scope_flag,
            changes_budget=budget_flag,
            changes_schedule=schedule_flag,
            new_scope=scope_text,
            new_line_amounts={str(key): str(value) for key, value in lines.items()},
            new_total=total,
            new_planned_completion=completion,
            new_milestone_dates=dates,
            reason=reason_text,
            document=document_row,
            submitted_by=by,
        )
        record(
            action="construction.change_request_submit",
            obj=locked,
            by=by,
            before=_baseline_facts(current),
            after={
                "change_request_id": request.pk,
                "kinds": request.kind_labels,
                "new_scope": scope_text or None,
                "new_total": total,
                "new_lines": {str(k): v for k, v in lines.items()} or None,
                "new_planned_completion": completion,
                "new_milestone_dates": dates or None,
                "document_id": document_row.pk if document_row else None,
            },
            reason=reason_text,
        )
    return request


def _parse_milestone_dates(
    project: Project, current: BaselineView, completion: date, given: dict[Any, Any]
) -> dict[str, str]:
    if completion == current.planned_completion and not any(
        str(value or "").strip() for value in given.values()
    ):
        raise InvalidInput(
            "计划完成日期没有变化：请填写新的计划完成日期或调整里程碑日期，或取消「变更进度计划」",
            message_en="The schedule is unchanged",
            field="new_planned_completion",
        )
    milestones = {m.pk: m for m in Milestone.objects.filter(project=project)}
    planned = {pk: m.planned_on for pk, m in milestones.items()}
    changed: dict[str, str] = {}
    for key, raw in given.items():
        try:
            milestone_id = int(key)
        except (TypeError, ValueError):
            milestone_id = -1
        if milestone_id not in milestones:
            raise InvalidInput(
                "里程碑不属于本项目", message_en="Unknown milestone", field="new_milestone_dates"
            )
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        name = milestones[milestone_id].name
        new_date = parse_date(
            raw, field=f"milestone_{milestone_id}", label=f"里程碑「{name}」的新计划日期"
        )
        if new_date != planned[milestone_id]:
            changed[str(milestone_id)] = new_date.isoformat()
        planned[milestone_id] = new_date
    for milestone_id, planned_on in planned.items():
        if planned_on > completion:
            name = milestones[milestone_id].name
            raise InvalidInput(
                f"里程碑「{name}」的计划日期（{planned_on}）晚于变更后的计划完成日期（{completion}），"
                "请一并调整该里程碑的计划日期",
                message_en="A milestone would be planned after the new planned completion",
                field=f"milestone_{milestone_id}",
            )
    return changed


def change_request_decide(
    *, change_request: ChangeRequest, approve: Any, reason: Any, by: User
) -> ChangeRequest:
    """A BDB leader approves (writing the next baseline version) or rejects (Art. 19)."""
    project = change_request.project
    _require_bdb_leader(project, by, "审批变更申请", 19)
    if not isinstance(approve, bool):
        raise InvalidInput(
            "请选择批准或不予批准", message_en="approve must be true or false", field="approve"
        )
    reason_text = required_text(
        reason,
        field="reason",
        label="审批意见" if approve else "不予批准的理由",
        max_length=5000,
    )
    with transaction.atomic():
        locked = _locked(project)
        _require_bdb_leader(locked, by, "审批变更申请", 19)
        row = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
        if row.state != ChangeRequest.State.SUBMITTED:
            raise RuleViolation(
                deny(
                    f"该变更申请已审批（{row.get_state_display()}），不能再次审批",
                    19,
                    en="The change request has already been decided",
                )
            )
        current = current_baseline(locked)
        if approve:
            _check(rules.change_open(locked, by))
            if current.version != row.base_version:
                raise RuleViolation(
                    deny(
                        f"项目基线已从第{row.base_version}版更新为第{current.version}版，"
                        "该申请依据的基线已过时；请不予批准，由建设单位按最新基线重新申请",
                        19,
                        en="The baseline changed since the request was made",
                    )
                )
        row.state = ChangeRequest.State.APPROVED if approve else ChangeRequest.State.REJECTED
        row.decided_by, row.decided_at, row.decision_reason = by, timezone.now(), reason_text
        row.save()
        after: dict[str, Any] = {"change_request_id": row.pk, "state": row.state}
        if approve:
            baseline = _write_next_baseline(locked, current, row, by)
            refusals = commitments_exceeding(locked, _view(baseline))
            if refusals:
                # Raised inside the transaction: the new version and the decision roll back.
                raise RuleViolation(
                    Decision(
                        False,
                        "；".join(refusal.reason for refusal in refusals),
                        refusals[0].article,
                        "; ".join(refusal.reason_en for refusal in refusals),
                    )
                )
            after.update(_baseline_facts(_view(baseline)))
        record(
            action=f"construction.change_request_{'approve' if approve else 'reject'}",
            obj=locked,
            by=by,
            before=_baseline_facts(current),
            after=after,
            reason=reason_text,
        )
    return row


def _view(row: Baseline) -> BaselineView:
    from .baselines import as_view

    return as_view(row)


def _write_next_baseline(
    project: Project, current: BaselineView, request: ChangeRequest, by: User
) -> Baseline:
    if request.changes_schedule:
        for key, value in request.new_milestone_dates.items():
            Milestone.objects.filter(project=project, pk=int(key)).update(
                planned_on=date.fromisoformat(value)
            )
    return Baseline.objects.create(
        project=project,
        version=current.version + 1,
        total_amount=(
            request.new_total
            if request.changes_budget and request.new_total is not None
            else current.total
        ),
        line_amounts=(
            dict(request.new_line_amounts)
            if request.changes_budget
            else {str(key): str(value) for key, value in current.lines.items()}
        ),
        planned_completion=(
            request.new_planned_completion
            if request.changes_schedule
            else current.planned_completion
        ),
        scope=request.new_scope if request.changes_scope else current.scope,
        milestones=_milestone_plan(project),
        reason=request.reason,
        change_request=request,
        created_by=by,
    )
