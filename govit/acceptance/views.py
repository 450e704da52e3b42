"""Acceptance pages.  Views parse input, call one service, render.

A project outside the user's scope is a 404 (``project_get``); a step their role may not take
is a 403; a refused service call re-renders the page with the error next to its field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.core.forms import call_service
from govit.projects.models import Project
from govit.projects.rules import is_owner_staff
from govit.projects.selectors import project_get
from govit.projects.workflow import PROJECT_MACHINE

from . import services
from .forms import (
    ApplicationForm,
    CompletionForm,
    CryptoResultForm,
    DecisionForm,
    ExtensionApplyForm,
    ExtensionDecideForm,
    FilingForm,
    MlpsResultForm,
)
from .permissions import (
    can_decide_acceptance,
    can_decide_extension,
    can_file,
    is_bdb,
)
from .selectors import acceptance_overview, can_read_overdue, overdue_projects


def _project(request: HttpRequest, pk: int) -> tuple[User, Project]:
    user = acting_user(request)
    return user, project_get(user, pk)


def _owner_staff(request: HttpRequest, pk: int) -> tuple[User, Project]:
    user, project = _project(request, pk)
    if not is_owner_staff(user, project):
        raise PermissionDenied(_("只有建设单位经办人可以办理"))
    return user, project


def _render(
    request: HttpRequest,
    template: str,
    user: User,
    project: Project,
    *,
    status: int = 200,
    submitted: forms.Form | None = None,
    **extra: Any,
) -> HttpResponse:
    """Render an acceptance page.  ``submitted``: the posted form, whose errors go to the
    messages when the page no longer shows that form (the project moved on meanwhile)."""
    if submitted is not None and submitted.errors and submitted not in extra.values():
        for errors in submitted.errors.values():
            for error in errors:
                messages.error(request, str(error))
    today = timezone.localdate()
    context: dict[str, Any] = {
        "project": project,
        "overview": acceptance_overview(project, today),
        "today": today,
        "is_owner_staff": is_owner_staff(user, project),
        "is_bdb": is_bdb(user, project),
        **extra,
    }
    return render(request, f"acceptance/pages/{template}.html", context, status=status)


# --- the whole record ---------------------------------------------------------------------
@require_http_methods(["GET"])
def project(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _project(request, pk)
    return _render(
        request,
        "project",
        user,
        project,
        pass_check=PROJECT_MACHINE.check(project, user, "pass_acceptance")
        if project.state == "acceptance_applied"
        else None,
        can_decide=can_decide_acceptance(user, project),
        can_file=can_file(user, project),
        can_decide_extension=can_decide_extension(user, project),
    )


# --- completion ---------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def completion(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _owner_staff(request, pk)
    form = CompletionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done = call_service(
                form,
                lambda: services.completion_record(
                    project=project, completed_on=form.cleaned_data["completed_on"], by=user
                ),
            )
            if done is not None:
                messages.success(
                    request,
                    _("已登记建设完成，验收申请截止日期为 %(due)s")
                    % {"due": done.due_on.isoformat()},
                )
                return redirect("acceptance:project", pk=pk)
    return _render(
        request,
        "completion",
        user,
        project,
        status=status,
        submitted=form,
        form=form if project.state == "in_construction" else None,
    )


# --- extension ----------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def extension(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _project(request, pk)
    owner, leader = is_owner_staff(user, project), can_decide_extension(user, project)
    if not owner and not is_bdb(user, project):
        raise PermissionDenied(_("只有建设单位经办人和大数据局可以办理延期"))
    apply_form = ExtensionApplyForm(request.POST if request.POST.get("action") == "apply" else None)
    decide_form = ExtensionDecideForm(
        request.POST if request.POST.get("action") == "decide" else None
    )
    status = 200
    if request.method == "POST":
        status = 400
        action = request.POST.get("action")
        if action == "apply":
            if not owner:
                raise PermissionDenied(_("只有建设单位经办人可以申请延期"))
            if apply_form.is_valid():
                data = apply_form.cleaned_data
                done: Any = call_service(
                    apply_form,
                    lambda: services.extension_apply(
                        project=project,
                        requested_due_on=data["requested_due_on"],
                        reasons=data["reasons"],
                        by=user,
                    ),
                )
                if done is not None:
                    messages.success(request, _("已提交延期申请，等待大数据局领导审批"))
                    return redirect("acceptance:extension", pk=pk)
        elif action == "decide":
            if not leader:
                raise PermissionDenied(_("只有大数据局领导可以审批延期申请"))
            if decide_form.is_valid():
                data = decide_form.cleaned_data
                decision = data["decision"]
                done = call_service(
                    decide_form,
                    lambda: services.extension_decide(
                        project=project,
                        approve={"approve": True, "reject": False}.get(decision),
                        approved_due_on=data["approved_due_on"],
                        reason=data["reason"],
                        by=user,
                    ),
                )
                if done is not None:
                    messages.success(
                        request,
                        _("已办理延期申请：%(state)s") % {"state": done.get_state_display()},
                    )
                    return redirect("acceptance:extension", pk=pk)
        else:
            apply_form.add_error(None, _("请选择要办理的事项"))
    return _render(
        request,
        "extension",
        user,
        project,
        status=status,
        submitted=decide_form if request.POST.get("action") == "decide" else None,
        apply_form=apply_form if owner else None,
        decide_form=decide_form if leader else None,
    )


# --- the application and its results -------------------------------------------------------
def _apply_page(
    request: HttpRequest,
    user: User,
    project: Project,
    *,
    application_form: ApplicationForm | None = None,
    mlps_form: MlpsResultForm | None = None,
    crypto_form: CryptoResultForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return _render(
        request,
        "apply",
        user,
        project,
        status=status,
        submitted=application_form or mlps_form or crypto_form,
        application_form=(application_form or ApplicationForm(project=project))
        if project.state == "completed"
        else None,
        mlps_form=(mlps_form or MlpsResultForm(project=project))
        if project.state == "acceptance_applied"
        else None,
        crypto_form=(crypto_form or CryptoResultForm(project=project))
        if project.state == "acceptance_applied"
        else None,
    )


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _owner_staff(request, pk)
    if request.method == "GET":
        return _apply_page(request, user, project)
    form = ApplicationForm(request.POST, request.FILES, project=project)
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.acceptance_apply(
                project=project,
                notes=data["notes"],
                **form.report_data("acceptance_report"),
                **form.report_data("test_report"),
                by=user,
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("已提交第 %(n)s 轮验收申请；请补充等级保护测评和密码应用安全性评估结果")
                % {"n": done.round_no},
            )
            return redirect("acceptance:apply", pk=pk)
    return _apply_page(request, user, project, application_form=form, status=400)


@require_POST
def mlps_result(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _owner_staff(request, pk)
    form = MlpsResultForm(request.POST, request.FILES, project=project)
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.mlps_result_add(
                project=project,
                level=data["level"],
                assessed_on=data["assessed_on"],
                conclusion=data["conclusion"],
                **form.report_data("report"),
                by=user,
            ),
        )
        if done is not None:
            messages.success(request, _("已登记等级保护测评结果"))
            return redirect("acceptance:apply", pk=pk)
    return _apply_page(request, user, project, mlps_form=form, status=400)


@require_POST
def crypto_result(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _owner_staff(request, pk)
    form = CryptoResultForm(request.POST, request.FILES, project=project)
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.crypto_result_add(
                project=project,
                evaluated_on=data["evaluated_on"],
                conclusion=data["conclusion"],
                **form.report_data("report"),
                by=user,
            ),
        )
        if done is not None:
            messages.success(request, _("已登记密码应用安全性评估结果"))
            return redirect("acceptance:apply", pk=pk)
    return _apply_page(request, user, project, crypto_form=form, status=400)


# --- decision -----------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _project(request, pk)
    if not can_decide_acceptance(user, project):
        raise PermissionDenied(_("只有大数据局可以办理验收"))
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            done = call_service(
                form,
                lambda: services.acceptance_decide(
                    project=project,
                    passed={"passed": True, "failed": False}.get(data["outcome"]),
                    decided_on=data["decided_on"],
                    opinion=data["opinion"],
                    rectification=data["rectification"],
                    by=user,
                ),
            )
            if done is not None:
                messages.success(
                    request, _("已办理验收：%(outcome)s") % {"outcome": done.get_outcome_display()}
                )
                return redirect("acceptance:project", pk=pk)
    return _render(
        request,
        "decide",
        user,
        project,
        status=status,
        submitted=form,
        form=form if project.state == "acceptance_applied" else None,
        pass_check=PROJECT_MACHINE.check(project, user, "pass_acceptance")
        if project.state == "acceptance_applied"
        else None,
    )


# --- filing and go-live -------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def filing(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _project(request, pk)
    if not can_file(user, project):
        raise PermissionDenied(_("只有大数据局经办人可以办理验收备案"))
    form = FilingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            done = call_service(
                form,
                lambda: services.filing_record(
                    project=project,
                    filing_number=data["filing_number"],
                    filed_on=data["filed_on"],
                    go_live_on=data["go_live_on"],
                    by=user,
                ),
            )
            if done is not None:
                messages.success(request, _("已办理验收备案，项目投入运行"))
                return redirect("acceptance:project", pk=pk)
    return _render(
        request,
        "filing",
        user,
        project,
        status=status,
        submitted=form,
        form=form if project.state == "accepted" else None,
    )


# --- late without extension ---------------------------------------------------------------
@require_http_methods(["GET"])
def overdue(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not can_read_overdue(user):
        raise PermissionDenied(_("只有大数据局、财政局和审计局可以查看逾期未申请验收的项目"))
    today = timezone.localdate()
    return render(
        request,
        "acceptance/pages/overdue.html",
        {"rows": overdue_projects(user, today), "today": today},
    )
