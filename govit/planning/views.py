"""Plan pages.  Views parse input, call one service or selector, render.

Reaching a plan outside your scope is a 404 (selectors); reaching one you may read but not
change is a 403; a plan that cannot be changed in its current state sends you back to it with
the reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.roles import Role
from govit.audit.selectors import can_read_history, history_of
from govit.core.decisions import Decision
from govit.core.errors import ServiceError
from govit.core.forms import call_service
from govit.evaluation.selectors import ranking_for_planning

from . import services
from .forms import PlanForm, PlanItemForm, StateFilterForm, TransitionForm
from .models import CityPlan, DepartmentPlan
from .permissions import (
    BDB_ROLES,
    city_plan_editable,
    department_plan_editable,
    is_city_plan_author,
    is_department_plan_author,
    may_draft_city_plans,
    may_draft_department_plans,
)
from .selectors import (
    city_plan_get,
    city_plans_for,
    department_plan_get,
    department_plans_for,
    plan_item_get,
    plan_items,
    plan_reviews,
    with_totals,
)
from .workflow import CITY_PLAN_MACHINE, DEPARTMENT_PLAN_MACHINE


def _refuse_unless(decision: Decision) -> None:
    if not decision.allowed:
        raise PermissionDenied(decision.message)


def _not_editable(request: HttpRequest, decision: Decision) -> bool:
    if decision.allowed:
        return False
    messages.error(request, decision.display_message)
    return True


def _transition_done(request: HttpRequest, label: str, state_label: str) -> None:
    messages.success(
        request, _("已%(action)s，当前状态：%(state)s") % {"action": label, "state": state_label}
    )


# --- city plans (Art. 5) ---------------------------------------------------------------------
def city_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    plans = city_plans_for(user).order_by("-start_year", "kind", "-id")
    return render(
        request,
        "planning/pages/city_list.html",
        {
            "plans": plans,
            "can_create": may_draft_city_plans(user).allowed,
            "tab": "city",
            # Art. 37: BDB plans next year on last year's evaluation results per department.
            "evaluation_ranking": ranking_for_planning(user),
        },
    )


@require_http_methods(["GET", "POST"])
def city_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    _refuse_unless(may_draft_city_plans(user))
    form = PlanForm(request.POST or None, kind_choices=CityPlan.Kind.choices)
    if request.method == "POST" and form.is_valid():
        plan = call_service(form, lambda: services.city_plan_create(by=user, **form.cleaned_data))
        if plan is not None:
            messages.success(request, _("已创建「%(title)s」") % {"title": plan.title})
            return redirect("planning:city_detail", pk=plan.pk)
    return render(
        request,
        "planning/pages/plan_form.html",
        {"form": form, "heading": _("新建市级规划或年度指导计划"), "tab": "city"},
    )


def city_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = city_plan_get(user, pk)
    return render(
        request,
        "planning/pages/city_detail.html",
        {
            "plan": plan,
            "state": CITY_PLAN_MACHINE.state_of(plan),
            "can_edit": city_plan_editable(plan, user).allowed,
            "options": CITY_PLAN_MACHINE.options(plan, user),
            "history": history_of(plan, user=user) if can_read_history(user) else None,
            "tab": "city",
        },
    )


@require_http_methods(["GET", "POST"])
def city_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = city_plan_get(user, pk)
    if not is_city_plan_author(user, plan):
        raise PermissionDenied("只有大数据局可以修改")
    if _not_editable(request, city_plan_editable(plan, user)):
        return redirect("planning:city_detail", pk=pk)
    initial = {
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "summary": plan.summary,
    }
    form = PlanForm(request.POST or None, initial=initial, annual=plan.is_annual)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            call_service(
                form, lambda: services.city_plan_update(plan=plan, by=user, **form.cleaned_data)
            )
            is not None
        )
    ):
        messages.success(request, _("已保存"))
        return redirect("planning:city_detail", pk=pk)
    return render(
        request,
        "planning/pages/plan_form.html",
        {"form": form, "plan": plan, "heading": _("修改：%(title)s") % {"title": plan.title}},
    )


@require_POST
def city_transition(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    user = acting_user(request)
    plan = city_plan_get(user, pk)
    form = TransitionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        plan = services.city_plan_transition(plan=plan, transition=code, by=user, reason=reason)
    except ServiceError as error:
        messages.error(request, error.display_message)
    else:
        transition = CITY_PLAN_MACHINE.transitions[code]
        _transition_done(request, transition.display_label, plan.state_label)
    return redirect("planning:city_detail", pk=pk)


# --- department plans (Art. 6) -----------------------------------------------------------------
def department_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    plans = with_totals(department_plans_for(user))
    filter_form = StateFilterForm(request.GET or None)
    if filter_form.is_valid() and filter_form.cleaned_data["state"]:
        plans = plans.filter(state=filter_form.cleaned_data["state"])
    plans = plans.order_by("-start_year", "organisation__code", "kind", "-id")
    return render(
        request,
        "planning/pages/department_list.html",
        {
            "plans": plans,
            "filter_form": filter_form,
            "can_create": may_draft_department_plans(user).allowed,
            "is_bdb": user.has_any_role(*BDB_ROLES),
            "tab": "departments",
        },
    )


@require_http_methods(["GET", "POST"])
def department_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not user.has_role(Role.UNIT_STAFF):
        raise PermissionDenied("只有建设单位经办人可以编制本部门的规划和年度建设计划")
    form = PlanForm(request.POST or None, kind_choices=DepartmentPlan.Kind.choices)
    if request.method == "POST" and form.is_valid():
        plan = call_service(
            form, lambda: services.department_plan_create(by=user, **form.cleaned_data)
        )
        if plan is not None:
            messages.success(request, _("已创建「%(title)s」") % {"title": plan.title})
            return redirect("planning:department_detail", pk=plan.pk)
    return render(
        request,
        "planning/pages/plan_form.html",
        {"form": form, "heading": _("新建部门规划或年度建设计划"), "tab": "departments"},
    )


def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = department_plan_get(user, pk)
    items = list(plan_items(plan))
    return render(
        request,
        "planning/pages/department_detail.html",
        {
            "plan": plan,
            "state": DEPARTMENT_PLAN_MACHINE.state_of(plan),
            "items": items,
            "total": sum((item.estimated_budget for item in items), Decimal("0.00")),
            "can_edit": department_plan_editable(plan, user).allowed,
            "options": DEPARTMENT_PLAN_MACHINE.options(plan, user),
            "reviews": plan_reviews(plan),
            "history": history_of(plan, user=user) if can_read_history(user) else None,
            "transition_form": TransitionForm(),
            "tab": "departments",
        },
    )


def _authorised_department_plan(request: HttpRequest, pk: int) -> tuple[Any, DepartmentPlan]:
    user = acting_user(request)
    plan = department_plan_get(user, pk)
    if not is_department_plan_author(user, plan):
        raise PermissionDenied("只有本部门经办人或负责人可以修改本部门的规划和计划")
    return user, plan


@require_http_methods(["GET", "POST"])
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, plan = _authorised_department_plan(request, pk)
    if _not_editable(request, department_plan_editable(plan, user)):
        return redirect("planning:department_detail", pk=pk)
    initial = {
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "summary": plan.summary,
    }
    form = PlanForm(request.POST or None, initial=initial, annual=plan.is_annual)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            call_service(
                form,
                lambda: services.department_plan_update(plan=plan, by=user, **form.cleaned_data),
            )
            is not None
        )
    ):
        messages.success(request, _("已保存"))
        return redirect("planning:department_detail", pk=pk)
    return render(
        request,
        "planning/pages/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "heading": _("修改：%(title)s") % {"title": plan.title},
            "tab": "departments",
        },
    )


@require_POST
def department_transition(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    user = acting_user(request)
    plan = department_plan_get(user, pk)
    form = TransitionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        plan = services.department_plan_transition(
            plan=plan, transition=code, by=user, reason=reason
        )
    except ServiceError as error:
        messages.error(request, error.display_message)
    else:
        transition = DEPARTMENT_PLAN_MACHINE.transitions[code]
        _transition_done(request, transition.display_label, plan.state_label)
    return redirect("planning:department_detail", pk=pk)


# --- items ------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, plan = _authorised_department_plan(request, pk)
    if _not_editable(request, department_plan_editable(plan, user)):
        return redirect("planning:department_detail", pk=pk)
    form = PlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = call_service(
            form, lambda: services.plan_item_add(plan=plan, by=user, **form.cleaned_data)
        )
        if item is not None:
            messages.success(request, _("已添加项目「%(name)s」") % {"name": item.name})
            return redirect("planning:department_detail", pk=pk)
    return render(
        request,
        "planning/pages/item_form.html",
        {"form": form, "plan": plan, "heading": _("添加计划项目"), "tab": "departments"},
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user, plan = _authorised_department_plan(request, pk)
    item = plan_item_get(user, pk, item_pk)
    if _not_editable(request, department_plan_editable(plan, user)):
        return redirect("planning:department_detail", pk=pk)
    initial = {
        "name": item.name,
        "category": item.category,
        "estimated_budget": item.estimated_budget,
        "reason": item.reason,
    }
    form = PlanItemForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            call_service(
                form, lambda: services.plan_item_update(item=item, by=user, **form.cleaned_data)
            )
            is not None
        )
    ):
        messages.success(request, _("已保存"))
        return redirect("planning:department_detail", pk=pk)
    return render(
        request,
        "planning/pages/item_form.html",
        {
            "form": form,
            "plan": plan,
            "item": item,
            "heading": _("修改计划项目：%(name)s") % {"name": item.name},
            "tab": "departments",
        },
    )


@require_POST
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user, _plan = _authorised_department_plan(request, pk)
    item = plan_item_get(user, pk, item_pk)
    try:
        services.plan_item_remove(item=item, by=user)
    except ServiceError as error:
        messages.error(request, error.display_message)
    else:
        messages.success(request, _("已删除项目「%(name)s」") % {"name": item.name})
    return redirect("planning:department_detail", pk=pk)
