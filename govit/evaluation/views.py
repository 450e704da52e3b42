"""Evaluation pages.  Views parse input, call one service or selector, render.

A refused service call re-renders the page with the error next to its field; a project or
commission outside the user's scope is a 404, an action their role may not take a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.core.forms import call_service
from govit.projects.models import Project
from govit.projects.rules import is_owner_staff
from govit.projects.selectors import project_get

from . import services
from .forms import CommissionForm, SelfEvaluationForm, SubmitForm, WithdrawForm, YearForm
from .models import EvaluationAssignment
from .selectors import (
    EVALUABLE_STATES,
    assignment_get,
    can_read_ranking,
    default_ranking_year,
    evaluation_overview,
    is_bdb,
    my_assignments,
    open_assignment,
    project_assignments,
    ranking_for,
    ranking_years,
    window_of,
)


# --- a project's evaluation ---------------------------------------------------------------
@require_GET
def project(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = project_get(user, pk)
    overview = evaluation_overview(user, record)
    return render(
        request,
        "evaluation/pages/project.html",
        {
            "project": record,
            "overview": overview,
            "can_self_evaluate": is_owner_staff(user, record) and record.state == "in_operation",
            "can_open_assignments": is_bdb(user, record) or user.has_role(Role.EVALUATOR),
        },
    )


# --- self-evaluation (Art. 8, 24) ---------------------------------------------------------
def _self_evaluation_page(
    request: HttpRequest,
    record: Project,
    form: SelfEvaluationForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    window, window_error = window_of(record)
    indicators = services.indicators_of(record)
    return render(
        request,
        "evaluation/pages/self_evaluation.html",
        {
            "project": record,
            "window": window,
            "window_error": window_error,
            "form": form or SelfEvaluationForm(project=record, indicators=indicators),
            "open_for_submission": record.state == "in_operation",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def self_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = project_get(user, pk)
    if not is_owner_staff(user, record):
        raise PermissionDenied("只有项目建设单位的经办人可以提交绩效自评价")
    if request.method == "GET":
        return _self_evaluation_page(request, record)
    form = SelfEvaluationForm(
        request.POST, request.FILES, project=record, indicators=services.indicators_of(record)
    )
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.self_evaluation_submit(
                project=record,
                conclusion=data["conclusion"],
                self_score=data["self_score"],
                results=form.results(),
                **form.report_data(),
                by=user,
            ),
        )
        if done is not None:
            if done.late:
                messages.warning(
                    request,
                    _("已提交绩效自评价（逾期 %(days)s 天）") % {"days": done.days_late},
                )
            else:
                messages.success(request, _("已提交绩效自评价"))
            return redirect("evaluation:project", pk=pk)
    return _self_evaluation_page(request, record, form, status=400)


# --- third-party evaluation (Art. 24) -----------------------------------------------------
def _assignments_reader(request: HttpRequest, pk: int) -> tuple[User, Project]:
    user = acting_user(request)
    record = project_get(user, pk)
    if not (is_bdb(user, record) or user.has_role(Role.EVALUATOR)):
        raise PermissionDenied("只有大数据局和受委托的第三方评价机构可以办理绩效评价")
    return user, record


def _assignments_page(
    request: HttpRequest,
    user: User,
    record: Project,
    *,
    commission_form: CommissionForm | None = None,
    submit_form: SubmitForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    assignments = project_assignments(user, record)
    current = open_assignment(record)
    can_commission = is_bdb(user, record) and record.state in EVALUABLE_STATES and current is None
    mine = (
        current
        if current is not None
        and user.has_role(Role.EVALUATOR)
        and current.evaluator_id == user.organisation_id
        else None
    )
    return render(
        request,
        "evaluation/pages/assignments.html",
        {
            "project": record,
            "assignments": assignments,
            "current": current if is_bdb(user, record) else mine,
            "commission_form": (commission_form or CommissionForm()) if can_commission else None,
            "withdraw_form": (withdraw_form or WithdrawForm())
            if current is not None and is_bdb(user, record)
            else None,
            "mine": mine,
            "submit_form": (submit_form or SubmitForm(project=record))
            if mine is not None
            else None,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest, pk: int) -> HttpResponse:
    user, record = _assignments_reader(request, pk)
    if request.method == "GET":
        return _assignments_page(request, user, record)
    if is_bdb(user, record):
        commission = CommissionForm(request.POST)
        if commission.is_valid():
            data = commission.cleaned_data
            done = call_service(
                commission,
                lambda: services.assignment_commission(
                    project=record,
                    evaluator=data.get("evaluator"),
                    scope=data.get("scope"),
                    due_on=data.get("due_on"),
                    by=user,
                ),
            )
            if done is not None:
                messages.success(
                    request, _("已委托 %(org)s 开展绩效评价") % {"org": done.evaluator.name}
                )
                return redirect("evaluation:assignments", pk=pk)
        return _assignments_page(request, user, record, commission_form=commission, status=400)
    # An evaluator: the open commission of its organisation, or nothing to submit.
    current = open_assignment(record)
    if current is None or current.evaluator_id != user.organisation_id:
        raise PermissionDenied("本项目没有委托贵机构、待提交的绩效评价")
    submit = SubmitForm(request.POST, request.FILES, project=record)
    if submit.is_valid():
        data = submit.cleaned_data
        done = call_service(
            submit,
            lambda: services.assignment_submit(
                assignment=current,
                score=data.get("score"),
                conclusion=data.get("conclusion"),
                **submit.report_data(),
                by=user,
            ),
        )
        if done is not None:
            messages.success(request, _("已提交第三方绩效评价"))
            return redirect("evaluation:assignment", pk=done.pk)
    return _assignments_page(request, user, record, submit_form=submit, status=400)


@require_GET
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    task: EvaluationAssignment = assignment_get(user, pk)
    is_mine = user.has_role(Role.EVALUATOR) and task.evaluator_id == user.organisation_id
    return render(
        request,
        "evaluation/pages/assignment.html",
        {
            "task": task,
            "project": task.project,
            "submit_form": SubmitForm(project=task.project) if is_mine and task.is_open else None,
        },
    )


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not user.has_role(Role.EVALUATOR):
        raise PermissionDenied("只有第三方评价机构有评价任务")
    return render(request, "evaluation/pages/mine.html", {"assignments": my_assignments(user)})


# --- ranking (Art. 37) --------------------------------------------------------------------
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not can_read_ranking(user):
        raise PermissionDenied("只有大数据局、专项小组和审计局可以查看绩效排名")
    form = YearForm(request.GET or None)
    year = default_ranking_year()
    status = 200
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data.get("year") or year
        else:
            status = 400
    return render(
        request,
        "evaluation/pages/ranking.html",
        {
            "form": form,
            "year": year,
            "years": ranking_years(user),
            "ranking": ranking_for(user, year),
        },
        status=status,
    )


@require_POST
def assignment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """BDB withdraws an open commission, with a reason (Art. 24)."""
    user = acting_user(request)
    found = assignment_get(user, pk)
    record = project_get(user, found.project_id)
    if not is_bdb(user, record):
        raise PermissionDenied("只有本行政区域的大数据局可以撤回第三方绩效评价委托")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.assignment_withdraw(
                assignment=found, reason=form.cleaned_data.get("reason"), by=user
            ),
        )
        if done is not None:
            messages.success(
                request, _("已撤回对 %(org)s 的评价委托") % {"org": done.evaluator.name}
            )
            return redirect("evaluation:assignments", pk=record.pk)
    return _assignments_page(request, user, record, withdraw_form=form, status=400)
