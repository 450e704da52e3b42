"""Supervision pages.  Views parse input, call one service or selector, render.

A refused service call re-renders the page with the error next to its field; an inspection,
project or order outside the user's scope is a 404, an action their role may not take a 403.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.core.forms import run_service
from govit.projects.models import Project
from govit.projects.rules import is_owner_staff

from . import rules, services
from .forms import (
    AnswerForm,
    ApproveForm,
    DecideForm,
    FindingForm,
    InspectionForm,
    LiftForm,
    OrderForm,
    SanctionForm,
)
from .models import Inspection, RectificationOrder, Sanction, SanctionKind
from .selectors import (
    finding_get,
    findings_of,
    inspection_get,
    inspections_for,
    notices_for,
    order_get,
    project_supervision,
    sanction_get,
    scope_projects,
    supervision_project,
    user_jurisdiction,
)

T = TypeVar("T")


def _forbid(zh: str) -> PermissionDenied:
    return PermissionDenied(zh)


def _require(user: User, role: str, zh: str) -> None:
    if not user.has_role(role):
        raise _forbid(zh)


# --- inspections --------------------------------------------------------------------------
def _inspection_form(user: User, data: Any = None) -> InspectionForm:
    jurisdiction_id = user_jurisdiction(user)
    return InspectionForm(
        data,
        projects=Project.objects.with_owner()
        .filter(jurisdiction_id=jurisdiction_id)
        .exclude(state="draft")
        .order_by("code"),
        departments=Organisation.objects.filter(
            jurisdiction_id=jurisdiction_id,
            function=Organisation.Function.DEPARTMENT,
            is_active=True,
        ).order_by("code"),
    )


def _inspections_page(
    request: HttpRequest, user: User, form: InspectionForm | None = None, status: int = 200
) -> HttpResponse:
    rows = list(inspections_for(user).order_by("-planned_on", "-id"))
    can_plan = user.has_role(Role.BDB_STAFF)
    return render(
        request,
        "supervision/pages/inspections.html",
        {"inspections": rows, "form": (form or _inspection_form(user)) if can_plan else None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def inspections(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if request.method == "GET":
        return _inspections_page(request, user)
    inspections_for(user)  # 403 for a role that does not read inspections
    _require(user, Role.BDB_STAFF, "只有大数据局经办人可以计划监督检查")
    form = _inspection_form(user, request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.inspection_plan(
                title=data["title"],
                planned_on=data["planned_on"],
                projects=data["projects"],
                departments=data["departments"],
                by=user,
            ),
        )
        if done is not None:
            messages.success(request, _("已计划监督检查「%(title)s」") % {"title": done.title})
            return redirect("supervision:inspection", pk=done.pk)
    return _inspections_page(request, user, form, status=status)


def _inspection_page(
    request: HttpRequest,
    user: User,
    inspection: Inspection,
    *,
    finding_form: FindingForm | None = None,
    approve_form: ApproveForm | None = None,
    failed_order: tuple[int, OrderForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    planned = inspection.state == Inspection.State.PLANNED
    staff = rules.is_bdb_staff(inspection.jurisdiction_id, user)
    leader = rules.is_bdb_leader(inspection.jurisdiction_id, user)
    bdb = rules.is_bdb(inspection.jurisdiction_id, user)
    rows = []
    for finding in findings_of(inspection):
        order = getattr(finding, "order", None)
        form = None
        if bdb and not planned and order is None:
            form = (
                failed_order[1]
                if failed_order and failed_order[0] == finding.pk
                else OrderForm(prefix=f"order-{finding.pk}")
            )
        rows.append({"finding": finding, "order": order, "order_form": form})
    return render(
        request,
        "supervision/pages/inspection.html",
        {
            "inspection": inspection,
            "rows": rows,
            "finding_form": (finding_form or FindingForm(projects=scope_projects(inspection)))
            if staff and planned
            else None,
            "approve_form": (approve_form or ApproveForm()) if leader and planned else None,
        },
        status=status,
    )


@require_http_methods(["GET"])
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _inspection_page(request, user, inspection_get(user, pk))


@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = inspection_get(user, pk)
    _require(user, Role.BDB_STAFF, "只有大数据局经办人可以记录检查发现的问题")
    form = FindingForm(request.POST, projects=scope_projects(record))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.finding_record(
                inspection=record,
                project=data["project"],
                article=data["article"],
                rule_text=data["rule_text"],
                description=data["description"],
                by=user,
            ),
        )
        if done is not None:
            messages.success(request, _("已记录检查发现的问题"))
            return redirect("supervision:inspection", pk=pk)
    return _inspection_page(request, user, record, finding_form=form, status=status)


@require_POST
def inspection_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = inspection_get(user, pk)
    _require(user, Role.BDB_LEADER, "只有大数据局领导可以审批监督检查")
    form = ApproveForm(request.POST)
    status = 400
    if form.is_valid():
        done, status = run_service(
            form,
            lambda: services.inspection_approve(
                inspection=record, note=form.cleaned_data["note"], by=user
            ),
        )
        if done is not None:
            messages.success(request, _("已审批监督检查，可据此下达整改通知"))
            return redirect("supervision:inspection", pk=pk)
    return _inspection_page(request, user, record, approve_form=form, status=status)


@require_POST
def order_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    finding = finding_get(user, pk)
    if not user.has_any_role(Role.BDB_STAFF, Role.BDB_LEADER):
        raise _forbid("只有大数据局可以下达整改通知")
    form = OrderForm(request.POST, prefix=f"order-{finding.pk}")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.order_issue(
                finding=finding,
                requirements=data["requirements"],
                deadline=data["deadline"],
                by=user,
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("已下达整改通知，整改期限 %(deadline)s")
                % {"deadline": done.deadline.isoformat()},
            )
            return redirect("supervision:order", pk=done.pk)
    record = inspection_get(user, finding.inspection_id)
    return _inspection_page(request, user, record, failed_order=(finding.pk, form), status=status)


# --- rectification orders -----------------------------------------------------------------
def _order_page(
    request: HttpRequest,
    user: User,
    order: RectificationOrder,
    *,
    answer_form: AnswerForm | None = None,
    decide_form: DecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    project = order.project
    owner = is_owner_staff(user, project)
    bdb = rules.is_bdb(project.jurisdiction_id, user)
    can_answer = owner and order.state == RectificationOrder.State.OPEN
    can_decide = bdb and order.state == RectificationOrder.State.ANSWERED
    return render(
        request,
        "supervision/pages/order.html",
        {
            "order": order,
            "project": project,
            "answer_form": (answer_form or AnswerForm()) if can_answer or answer_form else None,
            "decide_form": (decide_form or DecideForm()) if can_decide or decide_form else None,
        },
        status=status,
    )


@require_http_methods(["GET"])
def order(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _order_page(request, user, order_get(user, pk))


@require_POST
def order_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = order_get(user, pk)
    _require(user, Role.UNIT_STAFF, "只有建设单位经办人可以报送整改情况")
    form = AnswerForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.order_answer(
                order=record,
                note=data["note"],
                evidence=data["evidence"],
                evidence_number=data["evidence_number"],
                evidence_date=data["evidence_date"],
                by=user,
            ),
        )
        if done is not None:
            messages.success(request, _("已报送整改情况，待大数据局审核"))
            return redirect("supervision:order", pk=pk)
    return _order_page(request, user, record, answer_form=form, status=status)


@require_POST
def order_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = order_get(user, pk)
    if not user.has_any_role(Role.BDB_STAFF, Role.BDB_LEADER):
        raise _forbid("只有大数据局可以审核整改情况")
    form = DecideForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.order_decide(
                order=record, decision=data["decision"], reason=data["reason"], by=user
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("已确认整改通过")
                if done.state == RectificationOrder.State.ACCEPTED
                else _("已退回重新整改"),
            )
            return redirect("supervision:order", pk=pk)
    return _order_page(request, user, record, decide_form=form, status=status)


# --- a project's record and its sanctions -------------------------------------------------
def _project_page(
    request: HttpRequest,
    user: User,
    project: Project,
    *,
    sanction_form: SanctionForm | None = None,
    failed_lift: tuple[int, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = project_supervision(project)
    leader = rules.is_bdb_leader(project.jurisdiction_id, user)
    sanctions = []
    for sanction in overview.sanctions:
        lift_form = None
        if leader and sanction.in_force and sanction.kind != SanctionKind.TERMINATION:
            lift_form = (
                failed_lift[1]
                if failed_lift and failed_lift[0] == sanction.pk
                else LiftForm(prefix=f"lift-{sanction.pk}")
            )
        sanctions.append({"sanction": sanction, "lift_form": lift_form})
    basis = rules.sanction_basis(project, user)
    return render(
        request,
        "supervision/pages/project.html",
        {
            "project": project,
            "overview": overview,
            "sanctions": sanctions,
            "basis": basis,
            "sanction_form": (sanction_form or SanctionForm()) if leader else None,
        },
        status=status,
    )


@require_http_methods(["GET"])
def project(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _project_page(request, user, supervision_project(user, pk))


@require_POST
def sanction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = supervision_project(user, pk)
    _require(user, Role.BDB_LEADER, "只有大数据局领导可以作出处理决定")
    form = SanctionForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.sanction_decide(
                project=record, kind=data["kind"], reason=data["reason"], by=user
            ),
        )
        if done is not None:
            messages.success(
                request, _("已作出处理决定：%(kind)s") % {"kind": done.get_kind_display()}
            )
            return redirect("supervision:project", pk=pk)
    return _project_page(request, user, record, sanction_form=form, status=status)


@require_POST
def sanction_lift(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    sanction: Sanction = sanction_get(user, pk)
    _require(user, Role.BDB_LEADER, "只有大数据局领导可以解除处理决定")
    form = LiftForm(request.POST, prefix=f"lift-{sanction.pk}")
    status = 400
    if form.is_valid():
        done, status = run_service(
            form,
            lambda: services.sanction_lift(
                sanction=sanction, reason=form.cleaned_data["reason"], by=user
            ),
        )
        if done is not None:
            messages.success(
                request, _("已解除处理决定：%(kind)s") % {"kind": done.get_kind_display()}
            )
            return redirect("supervision:project", pk=sanction.project_id)
    return _project_page(
        request, user, sanction.project, failed_lift=(sanction.pk, form), status=status
    )


# --- notices ------------------------------------------------------------------------------
@require_http_methods(["GET"])
def notices(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(request, "supervision/pages/notices.html", {"notices": notices_for(user)})
