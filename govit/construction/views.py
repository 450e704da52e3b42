"""Construction pages.  Views parse input, call one service, redirect; on a refusal they
re-render the page with the error next to its field.

A project outside the user's scope is a 404, an action their role may not take a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.core.forms import call_service
from govit.projects.models import Project
from govit.projects.rules import is_owner_staff

from . import rules, services
from .forms import (
    SCHEDULE_ROWS,
    ActualDateForm,
    AnswerForm,
    ChangeDecisionForm,
    ChangeRequestForm,
    DecideForm,
    IncidentForm,
    ProgressForm,
    ReasonForm,
    ScheduleForm,
)
from .models import RECTIFICATION_STATES, ChangeRequest, Incident
from .selectors import (
    baseline_comparison,
    change_request_get,
    change_requests_of,
    construction_overview,
    construction_project,
    incident_get,
    incidents_of,
    milestone_get,
    milestones_of,
)


def _forbid(zh: str) -> PermissionDenied:
    return PermissionDenied(zh)


def _require_owner_staff(project: Project, user: User) -> None:
    if not is_owner_staff(user, project):
        raise _forbid("只有本项目建设单位的经办人可以办理")


def _require_bdb(project: Project, user: User) -> None:
    if not rules.is_bdb(project, user):
        raise _forbid("只有本行政区域大数据局可以办理")


def _require_bdb_leader(project: Project, user: User) -> None:
    if not rules.is_bdb_leader(project, user):
        raise _forbid("只有本行政区域大数据局领导可以办理")


# --- the construction page (schedule, milestones, progress) -------------------------------
def _project_page(
    request: HttpRequest,
    user: User,
    project: Project,
    *,
    schedule_form: ScheduleForm | None = None,
    progress_form: ProgressForm | None = None,
    failed_actual: tuple[int, ActualDateForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = construction_overview(project)
    owner = is_owner_staff(user, project)
    schedule_rule = rules.schedule_open(project, user)
    progress_rule = rules.progress_open(project, user)
    if progress_rule.allowed:
        progress_rule = rules.schedule_saved(project, user)
    can_schedule = owner and schedule_rule.allowed and not overview.baseline_set
    can_actual = owner and schedule_rule.allowed
    can_report = owner and progress_rule.allowed
    actual_forms = {}
    if can_actual:
        for milestone in overview.milestones:
            actual_forms[milestone.pk] = ActualDateForm(prefix=f"actual-{milestone.pk}")
        if failed_actual is not None:
            actual_forms[failed_actual[0]] = failed_actual[1]
    return render(
        request,
        "construction/pages/project.html",
        {
            "project": project,
            "overview": overview,
            "milestone_rows": [(m, actual_forms.get(m.pk)) for m in overview.milestones],
            "schedule_form": (schedule_form or ScheduleForm()) if can_schedule else None,
            "schedule_rows": range(1, SCHEDULE_ROWS + 1),
            "progress_form": (progress_form or ProgressForm()) if can_report else None,
            "is_owner": owner,
            "schedule_rule": schedule_rule,
            "progress_rule": progress_rule,
            "can_change": owner and rules.change_open(project, user).allowed,
        },
        status=status,
    )


@require_http_methods(["GET"])
def project(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _project_page(request, user, construction_project(user, pk))


@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = construction_project(user, pk)
    _require_owner_staff(record, user)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        rows = [
            services.MilestoneInput(data[f"milestone_{i}_name"], data[f"milestone_{i}_planned"])
            for i in range(1, SCHEDULE_ROWS + 1)
        ]
        done = call_service(
            form,
            lambda: services.schedule_save(
                project=record,
                planned_completion=data["planned_completion"],
                scope=data["scope"],
                milestones=rows,
                by=user,
            ),
        )
        if done is not None:
            messages.success(request, _("已保存进度计划，确立项目基线第 1 版"))
            return redirect("construction:project", pk=pk)
    return _project_page(request, user, record, schedule_form=form, status=400)


@require_POST
def milestone_actual(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    milestone = milestone_get(user, pk)
    record = milestone.project
    _require_owner_staff(record, user)
    form = ActualDateForm(request.POST, prefix=f"actual-{milestone.pk}")
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.milestone_record_actual(
                milestone=milestone, actual_on=form.cleaned_data["actual_on"], by=user
            ),
        )
        if done is not None:
            messages.success(
                request, _("已登记里程碑「%(name)s」的实际完成日期") % {"name": done.name}
            )
            return redirect("construction:project", pk=record.pk)
    return _project_page(request, user, record, failed_actual=(milestone.pk, form), status=400)


@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = construction_project(user, pk)
    _require_owner_staff(record, user)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.progress_report_file(
                project=record,
                report_date=data["report_date"],
                percent_complete=data["percent_complete"],
                spend_to_date=data["spend_to_date"],
                issues=data["issues"],
                evidence=data["evidence"],
                by=user,
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("已报送 %(date)s 的建设进度（完成 %(percent)s%%）")
                % {"date": done.report_date.isoformat(), "percent": done.percent_complete},
            )
            return redirect("construction:project", pk=pk)
    return _project_page(request, user, record, progress_form=form, status=400)


# --- incidents (Art. 20) ------------------------------------------------------------------
def _incident_row(incident: Incident, user: User, failed: dict[str, forms.Form]) -> dict[str, Any]:
    project = incident.project
    leader = rules.is_bdb_leader(project, user)
    bdb = rules.is_bdb(project, user)
    owner = is_owner_staff(user, project)
    pk = incident.pk
    row: dict[str, Any] = {"incident": incident}
    if leader and incident.state in (Incident.State.OPEN, *RECTIFICATION_STATES):
        row["decide_form"] = failed.get("decide") or DecideForm(prefix=f"decide-{pk}")
    if owner and incident.state in RECTIFICATION_STATES:
        row["answer_form"] = failed.get("answer") or AnswerForm(prefix=f"answer-{pk}")
    if bdb and incident.state == Incident.State.ANSWERED:
        row["close_form"] = failed.get("close") or ReasonForm(prefix=f"close-{pk}")
    if leader and incident.state == Incident.State.SUSPENDED:
        row["lift_form"] = failed.get("lift") or ReasonForm(prefix=f"lift-{pk}")
    # A refused form stays on the page with its error, whatever the incident's state.
    for kind, form in failed.items():
        row[f"{kind}_form"] = form
    return row


def _incidents_page(
    request: HttpRequest,
    user: User,
    project: Project,
    *,
    report_form: IncidentForm | None = None,
    failed: tuple[int, str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    incidents = list(incidents_of(project))
    for incident in incidents:
        incident.project = project  # one project row for every permission check
    can_report = (
        is_owner_staff(user, project) or rules.is_bdb(project, user)
    ) and rules.incident_open(project, user).allowed
    rows = [
        _incident_row(
            incident,
            user,
            {failed[1]: failed[2]} if failed is not None and failed[0] == incident.pk else {},
        )
        for incident in incidents
    ]
    return render(
        request,
        "construction/pages/incidents.html",
        {
            "project": project,
            "rows": rows,
            "report_form": (report_form or IncidentForm()) if can_report else None,
            "report_rule": rules.incident_open(project, user),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def incidents(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = construction_project(user, pk)
    if request.method == "GET":
        return _incidents_page(request, user, record)
    if not (is_owner_staff(user, record) or rules.is_bdb(record, user)):
        raise _forbid("只有建设单位经办人或大数据局可以报告重大情况")
    form = IncidentForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.incident_report(
                project=record,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                by=user,
            ),
        )
        if done is not None:
            messages.success(request, _("已报告重大情况，待大数据局领导研判"))
            return redirect("construction:incidents", pk=pk)
    return _incidents_page(request, user, record, report_form=form, status=400)


def _incident_action(
    request: HttpRequest,
    pk: int,
    *,
    kind: str,
    form_class: type[forms.Form],
    check: Callable[[Project, User], None],
    run: Callable[[Incident, User, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    user = acting_user(request)
    incident = incident_get(user, pk)
    record = incident.project
    check(record, user)
    form = form_class(request.POST, request.FILES, prefix=f"{kind}-{pk}")
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(form, lambda: run(incident, user, data))
        if done is not None:
            messages.success(request, success)
            return redirect("construction:incidents", pk=record.pk)
    return _incidents_page(request, user, record, failed=(incident.pk, kind, form), status=400)


@require_POST
def incident_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_action(
        request,
        pk,
        kind="decide",
        form_class=DecideForm,
        check=_require_bdb_leader,
        run=lambda incident, user, data: services.incident_decide(
            incident=incident,
            decision=data["decision"],
            reason=data["reason"],
            deadline=data["deadline"],
            requirements=data["requirements"],
            by=user,
        ),
        success=_("已作出处理决定"),
    )


@require_POST
def incident_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_action(
        request,
        pk,
        kind="answer",
        form_class=AnswerForm,
        check=_require_owner_staff,
        run=lambda incident, user, data: services.incident_answer(
            incident=incident, note=data["note"], evidence=data["evidence"], by=user
        ),
        success=_("已报送整改情况，待大数据局确认"),
    )


@require_POST
def incident_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_action(
        request,
        pk,
        kind="close",
        form_class=ReasonForm,
        check=_require_bdb,
        run=lambda incident, user, data: services.incident_close(
            incident=incident, reason=data["reason"], by=user
        ),
        success=_("已确认整改完成"),
    )


@require_POST
def incident_lift(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_action(
        request,
        pk,
        kind="lift",
        form_class=ReasonForm,
        check=_require_bdb_leader,
        run=lambda incident, user, data: services.incident_lift(
            incident=incident, reason=data["reason"], by=user
        ),
        success=_("已决定恢复建设"),
    )


# --- baseline and change requests (Art. 19) -----------------------------------------------
@require_http_methods(["GET"])
def baseline(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = construction_project(user, pk)
    return render(
        request,
        "construction/pages/baseline.html",
        {
            "project": record,
            "comparison": baseline_comparison(record),
            "change_requests": change_requests_of(record),
            "can_change": is_owner_staff(user, record) and rules.change_open(record, user).allowed,
        },
    )


def _change_form(project: Project, data: Any = None, files: Any = None) -> ChangeRequestForm:
    view = construction_overview(project)
    names = {line.pk: line.name for line in project.budget_lines.all()}
    line_ids = sorted(set(names) | set(view.baseline.lines))
    lines = [(pk, names.get(pk, f"#{pk}"), view.baseline.line_limit(pk)) for pk in line_ids]
    return ChangeRequestForm(data, files, lines=lines, milestones=view.milestones)


@require_http_methods(["GET", "POST"])
def change_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = construction_project(user, pk)
    _require_owner_staff(record, user)
    status = 200
    if request.method == "POST":
        status = 400
        form = _change_form(record, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            done = call_service(
                form,
                lambda: services.change_request_submit(
                    project=record,
                    changes_scope=data["changes_scope"],
                    changes_budget=data["changes_budget"],
                    changes_schedule=data["changes_schedule"],
                    new_scope=data["new_scope"],
                    new_line_amounts={
                        line_id: data[f"line_{line_id}"] for line_id in form.line_ids
                    },
                    new_planned_completion=data["new_planned_completion"],
                    new_milestone_dates={
                        m_id: data[f"milestone_{m_id}"] for m_id in form.milestone_ids
                    },
                    reason=data["reason"],
                    document=data["document"],
                    by=user,
                ),
            )
            if done is not None:
                messages.success(request, _("已提交变更申请，待大数据局领导审批"))
                return redirect("construction:change_request", pk=done.pk)
    else:
        form = _change_form(record)
    overview = construction_overview(record)
    return render(
        request,
        "construction/pages/change_request_form.html",
        {
            "project": record,
            "form": form,
            "baseline": overview.baseline,
            "rule": rules.change_open(record, user),
            "baseline_rule": rules.baseline_set(record, user),
            "pending": overview.pending_change,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def change_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    row = change_request_get(user, pk)
    record = row.project
    can_decide = rules.is_bdb_leader(record, user) and row.state == ChangeRequest.State.SUBMITTED
    form = ChangeDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _require_bdb_leader(record, user)
        status = 400
        if form.is_valid():
            choice = form.cleaned_data["approve"]
            approve: Any = {"yes": True, "no": False}.get(choice, choice)
            done = call_service(
                form,
                lambda: services.change_request_decide(
                    change_request=row, approve=approve, reason=form.cleaned_data["reason"], by=user
                ),
            )
            if done is not None:
                messages.success(
                    request,
                    _("已批准变更申请，项目基线已更新")
                    if done.state == ChangeRequest.State.APPROVED
                    else _("已不予批准变更申请"),
                )
                return redirect("construction:change_request", pk=pk)
    names = {line.pk: line.name for line in record.budget_lines.all()}
    lines = [
        {"name": names.get(int(key), f"#{key}"), "amount": value}
        for key, value in sorted(row.new_line_amounts.items(), key=lambda item: int(item[0]))
    ]
    milestone_names = {m.pk: m.name for m in milestones_of(record)}
    dates = [
        {"name": milestone_names.get(int(key), f"#{key}"), "planned_on": value}
        for key, value in row.new_milestone_dates.items()
    ]
    return render(
        request,
        "construction/pages/change_request.html",
        {
            "project": record,
            "change": row,
            "lines": lines,
            "dates": dates,
            "form": form if can_decide or request.method == "POST" else None,
            "comparison": baseline_comparison(record),
        },
        status=status,
    )
