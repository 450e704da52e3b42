"""Writes of supervision: one transaction each, validated first, audited.

Inspection events are recorded on the inspection; findings, rectification orders and sanctions
on their project (its history page tells the whole story), with the row's id in ``after``.
The transitions a sanction takes effect through (``suspend``, ``lift_suspension``,
``terminate``) are run from here through the engine, inside the same transaction, after every
other check passed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import Organisation, User
from govit.applications.models import DocumentKind
from govit.applications.reports import parse_report, store_report
from govit.audit.services import record
from govit.core.decisions import Decision, deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.inputs import optional_text, parse_date, required_text
from govit.obligations.models import ObligationKind
from govit.obligations.services import key_of, obligation_fulfil, obligation_open
from govit.projects.models import Project
from govit.projects.rules import is_owner_staff
from govit.projects.workflow import PROJECT_MACHINE

from . import rules
from .models import (
    MAX_ARTICLE,
    Finding,
    Inspection,
    RectificationOrder,
    Sanction,
    SanctionKind,
)

ARTICLE = rules.ARTICLE
ACCEPT, REJECT = "accept", "reject"


# --- helpers ------------------------------------------------------------------------------
def _check(decision: Decision) -> None:
    if not decision.allowed:
        raise RuleViolation(decision)


def _today() -> date:
    return timezone.localdate()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _locked_project(pk: int) -> Project:
    return Project.objects.with_owner().select_for_update(of=("self",)).get(pk=pk)


def _require_bdb_staff(jurisdiction_id: int, by: User, action: str) -> None:
    if not rules.is_bdb_staff(jurisdiction_id, by):
        raise RuleViolation(
            deny(
                f"只有本行政区域大数据局的经办人可以{action}",
                ARTICLE,
                en="Only Big Data Bureau staff of the jurisdiction may do this",
            )
        )


def _require_bdb(jurisdiction_id: int, by: User, action: str) -> None:
    if not rules.is_bdb(jurisdiction_id, by):
        raise RuleViolation(
            deny(
                f"只有本行政区域大数据局的经办人或领导可以{action}",
                ARTICLE,
                en="Only the Big Data Bureau of the jurisdiction may do this",
            )
        )


def _require_bdb_leader(jurisdiction_id: int, by: User, action: str) -> None:
    if not rules.is_bdb_leader(jurisdiction_id, by):
        raise RuleViolation(
            deny(
                f"只有本行政区域大数据局领导可以{action}",
                ARTICLE,
                en="Only a Big Data Bureau leader of the jurisdiction may decide this",
            )
        )


def _ids(values: Any, *, field: str, label: str) -> list[int]:
    if values is None or values == "":
        return []
    if isinstance(values, str | int):
        values = [values]
    ids: list[int] = []
    for value in values:
        try:
            ids.append(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            raise InvalidInput(
                f"{label}中有无效的编号「{value}」",
                message_en=f"{field} contains an invalid id",
                field=field,
            ) from None
    return sorted(set(ids))


# --- inspections --------------------------------------------------------------------------
def _inspection_facts(inspection: Inspection) -> dict[str, Any]:
    return {
        "inspection_id": inspection.pk,
        "title": inspection.title,
        "planned_on": _iso(inspection.planned_on),
        "state": inspection.state,
        "projects": sorted(inspection.projects.values_list("code", flat=True)),
        "departments": sorted(inspection.departments.values_list("name", flat=True)),
    }


def inspection_plan(
    *, title: Any, planned_on: Any, projects: Any = (), departments: Any = (), by: User
) -> Inspection:
    """BDB staff plan an inspection of projects and/or departments of their jurisdiction."""
    jurisdiction_id = rules.jurisdiction_id_of(by)
    if jurisdiction_id is None or not rules.is_bdb_staff(jurisdiction_id, by):
        raise RuleViolation(
            deny(
                "只有大数据局经办人可以计划监督检查",
                ARTICLE,
                en="Only Big Data Bureau staff may plan an inspection",
            )
        )
    title_text = required_text(title, field="title", label="检查名称", max_length=200)
    day = parse_date(planned_on, field="planned_on", label="计划检查日期")
    project_ids = _ids(projects, field="projects", label="检查项目")
    department_ids = _ids(departments, field="departments", label="检查部门")
    if not project_ids and not department_ids:
        raise InvalidInput(
            "请至少选择一个检查项目或检查部门",
            message_en="Choose at least one project or department to inspect",
            field="projects",
        )
    chosen_projects = list(
        Project.objects.filter(pk__in=project_ids, jurisdiction_id=jurisdiction_id)
    )
    if len(chosen_projects) != len(project_ids):
        raise InvalidInput(
            "检查项目须为本行政区域的项目",
            message_en="Projects must be of your jurisdiction",
            field="projects",
        )
    chosen_departments = list(
        Organisation.objects.filter(
            pk__in=department_ids,
            jurisdiction_id=jurisdiction_id,
            function=Organisation.Function.DEPARTMENT,
        )
    )
    if len(chosen_departments) != len(department_ids):
        raise InvalidInput(
            "检查部门须为本行政区域的项目建设部门",
            message_en="Departments must be project-owning departments of your jurisdiction",
            field="departments",
        )
    with transaction.atomic():
        inspection = Inspection.objects.create(
            jurisdiction_id=jurisdiction_id, title=title_text, planned_on=day, planned_by=by
        )
        inspection.projects.set(chosen_projects)
        inspection.departments.set(chosen_departments)
        record(
            action="supervision.inspection_plan",
            obj=inspection,
            by=by,
            after=_inspection_facts(inspection),
        )
    return inspection


def _locked_inspection(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


def in_scope(inspection: Inspection, project: Project) -> bool:
    return (
        inspection.projects.filter(pk=project.pk).exists()
        or inspection.departments.filter(pk=project.organisation_id).exists()
    )


def _parse_article(value: Any) -> int:
    text = str(value).strip() if value is not None else ""
    if not text:
        raise InvalidInput(
            "请填写违反的条款（条）", message_en="article is required", field="article"
        )
    if not text.isdigit() or not 1 <= int(text) <= MAX_ARTICLE:
        raise InvalidInput(
            f"违反的条款须为 1–{MAX_ARTICLE} 之间的条号（本办法共 {MAX_ARTICLE} 条）",
            message_en=f"article must be a number from 1 to {MAX_ARTICLE}",
            field="article",
        )
    return int(text)


def finding_record(
    *,
    inspection: Inspection,
    project: Any,
    article: Any,
    rule_text: Any,
    description: Any,
    by: User,
) -> Finding:
    """BDB staff record a finding of a planned inspection: a project of its scope, the rule
    broken (article and text) and what was found."""
    _require_bdb_staff(inspection.jurisdiction_id, by, "记录检查发现的问题")
    try:
        project_pk = int(getattr(project, "pk", project))
    except (TypeError, ValueError):
        raise InvalidInput(
            "请选择项目", message_en="project is required", field="project"
        ) from None
    article_number = _parse_article(article)
    rule = required_text(rule_text, field="rule_text", label="条款内容", max_length=2000)
    text = required_text(description, field="description", label="问题描述", max_length=5000)
    with transaction.atomic():
        locked = _locked_inspection(inspection)
        if locked.state != Inspection.State.PLANNED:
            raise RuleViolation(
                deny(
                    "监督检查已经领导审批，不能再记录问题；如有新问题请另行计划检查",
                    ARTICLE,
                    en="The inspection is approved: plan a new one for new findings",
                )
            )
        try:
            target = _locked_project(project_pk)
        except Project.DoesNotExist:
            raise InvalidInput(
                "请选择项目", message_en="project is required", field="project"
            ) from None
        if target.jurisdiction_id != locked.jurisdiction_id or not in_scope(locked, target):
            raise InvalidInput(
                "该项目不在本次检查范围内（检查项目或检查部门的项目）",
                message_en="The project is outside the inspection's scope",
                field="project",
            )
        finding = Finding.objects.create(
            inspection=locked,
            project=target,
            article=article_number,
            rule_text=rule,
            description=text,
            recorded_by=by,
        )
        record(
            action="supervision.finding_record",
            obj=target,
            by=by,
            after={
                "inspection_id": locked.pk,
                "finding_id": finding.pk,
                "article": article_number,
                "rule_text": rule,
                "description": text,
            },
        )
    return finding


def inspection_approve(*, inspection: Inspection, note: Any = "", by: User) -> Inspection:
    """A BDB leader approves the inspection with its findings; orders may then be issued."""
    _require_bdb_leader(inspection.jurisdiction_id, by, "审批监督检查")
    text = optional_text(note, field="note", label="审批意见", max_length=2000)
    with transaction.atomic():
        locked = _locked_inspection(inspection)
        if locked.state != Inspection.State.PLANNED:
            raise RuleViolation(
                deny("监督检查已经审批", ARTICLE, en="The inspection is already approved")
            )
        before = {"state": locked.state}
        locked.state = Inspection.State.APPROVED
        locked.approved_by, locked.approved_at, locked.approval_note = by, timezone.now(), text
        locked.save(update_fields=["state", "approved_by", "approved_at", "approval_note"])
        record(
            action="supervision.inspection_approve",
            obj=locked,
            by=by,
            before=before,
            after={**_inspection_facts(locked), "findings": locked.findings.count()},
            reason=text,
        )
    return locked


# --- rectification orders -----------------------------------------------------------------
def _order_facts(order: RectificationOrder) -> dict[str, Any]:
    return {
        "order_id": order.pk,
        "finding_id": order.finding_id,
        "state": order.state,
        "deadline": _iso(order.deadline),
        "rejections": order.rejections,
    }


def order_key(order: RectificationOrder) -> str:
    """The key of the order's obligation (``supervision.rectificationorder:<pk>``)."""
    return key_of(order)


def order_issue(
    *, finding: Finding, requirements: Any, deadline: Any, by: User
) -> RectificationOrder:
    """BDB orders the unit to rectify a finding of an approved inspection by ``deadline``;
    this opens the unit's obligation (Art. 35: 责令限期整改)."""
    project = finding.project
    _require_bdb(project.jurisdiction_id, by, "下达整改通知")
    text = required_text(requirements, field="requirements", label="整改要求", max_length=5000)
    due = parse_date(deadline, field="deadline", label="整改期限")
    if due <= _today():
        raise InvalidInput(
            "整改期限须晚于今天，请给建设单位留出整改时间",
            message_en="The deadline must be after today",
            field="deadline",
        )
    with transaction.atomic():
        locked = _locked_project(project.pk)
        row = Finding.objects.select_related("inspection").get(pk=finding.pk)
        if row.inspection.state != Inspection.State.APPROVED:
            raise RuleViolation(
                deny(
                    "监督检查尚未经大数据局领导审批，不能据此下达整改通知；请先提请领导审批",
                    ARTICLE,
                    en="The inspection is not approved yet",
                )
            )
        if RectificationOrder.objects.filter(finding=row).exists():
            raise RuleViolation(
                deny(
                    "该问题已下达整改通知，请在整改通知中跟踪办理",
                    ARTICLE,
                    en="An order was already issued for this finding",
                )
            )
        order = RectificationOrder.objects.create(
            finding=row, project=locked, requirements=text, deadline=due, ordered_by=by
        )
        obligation_open(
            kind=ObligationKind.SUPERVISION_RECTIFICATION,
            key=order_key(order),
            title=f"监督检查整改：{row.inspection.title}（第{row.article}条）",
            responsible=locked.organisation,
            due_on=due,
            project=locked,
            by=by,
        )
        record(
            action="supervision.order_issue",
            obj=locked,
            by=by,
            after={**_order_facts(order), "requirements": text},
        )
    return order


def _locked_order(order: RectificationOrder) -> tuple[Project, RectificationOrder]:
    project = _locked_project(order.project_id)
    row = RectificationOrder.objects.select_for_update().get(pk=order.pk)
    return project, row


def order_answer(
    *,
    order: RectificationOrder,
    note: Any,
    evidence: Any = None,
    evidence_number: Any = None,
    evidence_date: Any = None,
    by: User,
) -> RectificationOrder:
    """The unit's staff report what they rectified, with evidence: a file, or for a classified
    candidate the evidence's number and date (Art. 4).  A late answer is taken and marked late."""
    project = order.project
    if not is_owner_staff(by, project):
        raise RuleViolation(
            deny(
                f"只有本项目建设单位（{project.organisation.name}）的经办人可以报送整改情况",
                ARTICLE,
                en="Only the owning unit's staff may answer the order",
            )
        )
    text = required_text(note, field="note", label="整改情况", max_length=5000)
    report = parse_report(
        project=project,
        file=evidence,
        number=evidence_number,
        dated=evidence_date,
        field="evidence",
        label="整改材料",
        label_en="rectification evidence",
    )
    with transaction.atomic():
        locked, row = _locked_order(order)
        if row.state == RectificationOrder.State.ANSWERED:
            raise RuleViolation(
                deny(
                    "整改情况已报送，正待大数据局审核；审核不通过后可重新报送",
                    ARTICLE,
                    en="An answer is waiting for BDB's review",
                )
            )
        if row.state == RectificationOrder.State.ACCEPTED:
            raise RuleViolation(
                deny("整改已通过审核，无需再报送", ARTICLE, en="The rectification was accepted")
            )
        document = store_report(
            report,
            project=locked,
            kind=DocumentKind.INCIDENT_EVIDENCE,
            title=f"监督检查整改材料（整改通知 #{row.pk}）",
            by=by,
        )
        before = {"state": row.state}
        row.state = RectificationOrder.State.ANSWERED
        row.answer_note, row.answer_evidence = text, document
        row.answered_by, row.answered_at, row.answered_on = by, timezone.now(), _today()
        row.save()
        record(
            action="supervision.order_answer",
            obj=locked,
            by=by,
            before=before,
            after={
                **_order_facts(row),
                "answer_note": text,
                "answered_on": _iso(row.answered_on),
                "late": row.answered_late,
                "evidence_id": document.pk,
            },
        )
    return row


def order_decide(
    *, order: RectificationOrder, decision: Any, reason: Any = "", by: User
) -> RectificationOrder:
    """BDB accepts the answer (the obligation is fulfilled on the answer date) or rejects it
    with a reason (the order is open again and its obligation stays open or overdue)."""
    project = order.project
    _require_bdb(project.jurisdiction_id, by, "审核整改情况")
    if decision not in (ACCEPT, REJECT):
        raise InvalidInput(
            "请选择审核结果：整改通过或整改未通过",
            message_en="decision must be accept or reject",
            field="decision",
        )
    if decision == REJECT:
        text = required_text(reason, field="reason", label="未通过理由", max_length=5000)
    else:
        text = optional_text(reason, field="reason", label="审核意见", max_length=5000)
    with transaction.atomic():
        locked, row = _locked_order(order)
        if row.state != RectificationOrder.State.ANSWERED:
            raise RuleViolation(
                deny(
                    "建设单位尚未报送整改情况（或已审核），现在不能审核；请待单位报送后办理",
                    ARTICLE,
                    en="There is no answer waiting for review",
                )
            )
        before = {"state": row.state}
        row.decided_by, row.decided_at, row.decision_reason = by, timezone.now(), text
        if decision == ACCEPT:
            row.state = RectificationOrder.State.ACCEPTED
            row.save()
            # An answered order always has its date; today is only a defensive fallback.
            obligation_fulfil(key=order_key(row), on=row.answered_on or _today(), by=by)
        else:
            row.state = RectificationOrder.State.OPEN
            row.rejections += 1
            row.save()
        record(
            action=f"supervision.order_{decision}",
            obj=locked,
            by=by,
            before=before,
            after=_order_facts(row),
            reason=text,
        )
    return row


# --- sanctions (the ladder of Art. 35) ------------------------------------------------------
def _sanction_facts(sanction: Sanction) -> dict[str, Any]:
    return {
        "sanction_id": sanction.pk,
        "kind": sanction.kind,
        "order_id": sanction.order_id,
        "decided_on": _iso(sanction.decided_on),
        "lifted_on": _iso(sanction.lifted_on),
    }


def _parse_kind(kind: Any) -> str:
    if kind not in SanctionKind.values:
        raise InvalidInput(
            "请选择处理措施：通报批评、暂缓拨付、暂停建设或终止项目",
            message_en="kind must be one of " + ", ".join(SanctionKind.values),
            field="kind",
        )
    return str(kind)


def sanction_decide(*, project: Project, kind: Any, reason: Any, by: User) -> Sanction:
    """A BDB leader decides a step of the ladder, with its reason (Art. 35).

    It takes effect at once: 通报批评 is listed on the notice page; 暂缓拨付 blocks construction
    funds (``funding_eligibility``); 暂停建设 runs the project transition ``suspend``; 终止 runs
    ``terminate``.
    """
    _require_bdb_leader(project.jurisdiction_id, by, "作出处理决定")
    kind = _parse_kind(kind)
    text = required_text(reason, field="reason", label="决定理由", max_length=5000)
    with transaction.atomic():
        locked = _locked_project(project.pk)
        _check(rules.sanction_basis(locked, by))
        existing = Sanction.objects.in_force().filter(project=locked, kind=kind).first()
        if existing is not None:
            raise RuleViolation(
                deny(
                    f"本项目已有生效中的「{existing.get_kind_display()}」决定"
                    f"（{existing.decided_on:%Y-%m-%d}），不能重复作出；如需调整请先解除",
                    ARTICLE,
                    en="The same sanction is already in force",
                )
            )
        if kind == SanctionKind.CONSTRUCTION_SUSPENSION:
            _check(rules.construction_suspendable(locked, by))
        if kind == SanctionKind.TERMINATION:
            _check(rules.terminable(locked, by))
        basis = rules.failed_orders(locked).order_by("deadline", "id").first()
        now = timezone.now()
        sanction = Sanction.objects.create(
            project=locked,
            kind=kind,
            order=basis,
            reason=text,
            decided_by=by,
            decided_at=now,
            decided_on=timezone.localdate(now),
        )
        if kind == SanctionKind.CONSTRUCTION_SUSPENSION:
            PROJECT_MACHINE.execute(
                locked, "suspend", by=by, reason=text, data={"sanction_id": sanction.pk}
            )
        elif kind == SanctionKind.TERMINATION:
            PROJECT_MACHINE.execute(
                locked, "terminate", by=by, reason=text, data={"sanction_id": sanction.pk}
            )
        record(
            action="supervision.sanction_decide",
            obj=locked,
            by=by,
            after=_sanction_facts(sanction),
            reason=text,
        )
    return sanction


def _other_suspension_holds(project: Project) -> bool:
    """A suspension decided on a construction incident (Art. 20) still holds the project."""
    from govit.construction.models import Incident

    return Incident.objects.filter(project=project, state=Incident.State.SUSPENDED).exists()


def sanction_lift(*, sanction: Sanction, reason: Any, by: User) -> Sanction:
    """A BDB leader lifts a sanction in force, with a reason.  Lifting 暂停建设 resumes
    construction (``lift_suspension``) unless an incident's suspension still holds the project;
    终止 is final and cannot be lifted."""
    project = sanction.project
    _require_bdb_leader(project.jurisdiction_id, by, "解除处理决定")
    text = required_text(reason, field="reason", label="解除理由", max_length=5000)
    with transaction.atomic():
        locked = _locked_project(project.pk)
        row = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if row.kind == SanctionKind.TERMINATION:
            raise RuleViolation(
                deny(
                    "终止项目是处理的最终决定，不能解除；如需继续建设请重新申报立项",
                    ARTICLE,
                    en="A termination is final and cannot be lifted",
                )
            )
        if not row.in_force:
            raise RuleViolation(
                deny(
                    f"该决定已于 {row.lifted_on:%Y-%m-%d} 解除",
                    ARTICLE,
                    en="The sanction is already lifted",
                )
            )
        now = timezone.now()
        row.lifted_at, row.lifted_on, row.lifted_by, row.lift_reason = (
            now,
            timezone.localdate(now),
            by,
            text,
        )
        row.save(update_fields=["lifted_at", "lifted_on", "lifted_by", "lift_reason"])
        resumed = False
        if (
            row.kind == SanctionKind.CONSTRUCTION_SUSPENSION
            and locked.state == "suspended"
            and not _other_suspension_holds(locked)
        ):
            PROJECT_MACHINE.execute(
                locked, "lift_suspension", by=by, reason=text, data={"sanction_id": row.pk}
            )
            resumed = True
        record(
            action="supervision.sanction_lift",
            obj=locked,
            by=by,
            after={**_sanction_facts(row), "construction_resumed": resumed},
            reason=text,
        )
    return row
