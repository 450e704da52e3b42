"""Obligation pages: a department's to-do list, the BDB compliance map, the drill-down list,
one obligation, and the BDB leader's waiver.

Views parse input, call one selector or service, render.  An obligation outside the user's
scope is a 404; a page or action the role may not use is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.accounts.selectors import saved_filters_for
from govit.audit.models import Event
from govit.core.errors import ServiceError
from govit.core.forms import attach_error
from govit.core.listing import list_response

from . import services
from .forms import WaiveForm
from .links import obligation_rows
from .lists import OBLIGATIONS
from .models import Obligation, ObligationState
from .selectors import (
    TODO_ROLES,
    can_see_map,
    compliance_map,
    obligation_get,
    obligations_for,
    todo_for,
)

PAGE_SIZE = 50


@require_http_methods(["GET"])
def mine(request: HttpRequest) -> HttpResponse:
    """建设单位：本单位未办结的期限事项，按截止日期排列。"""
    user = acting_user(request)
    if not user.has_any_role(*TODO_ROLES):
        raise PermissionDenied("只有建设单位可以查看本单位待办")
    page = Paginator(todo_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "obligations/pages/mine.html",
        {"rows": obligation_rows(page.object_list), "page": page},
    )


@require_http_methods(["GET"])
def compliance(request: HttpRequest) -> HttpResponse:
    """大数据局、审计局、专项小组：本行政区域未办结事项按条款、按部门的数量。"""
    user = acting_user(request)
    if not can_see_map(user):
        raise PermissionDenied("只有大数据局、审计局和专项小组可以查看合规地图")
    return render(request, "obligations/pages/map.html", {"map": compliance_map(user)})


@require_http_methods(["GET"])
def obligation_list(request: HttpRequest) -> HttpResponse:
    """Every obligation in scope (the compliance map drills down here): filters, search,
    sorting, keyset pages and the 期限事项台账 export."""
    user = acting_user(request)
    return list_response(
        request,
        OBLIGATIONS,
        obligations_for(user),
        user=user,
        template="obligations/pages/list.html",
        context={
            "can_see_map": can_see_map(user),
            "saved_filters": saved_filters_for(user, OBLIGATIONS.key),
        },
        present=obligation_rows,
    )


def _detail(
    request: HttpRequest,
    user: User,
    obligation: Obligation,
    *,
    form: WaiveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_waive = user.has_role(Role.BDB_LEADER) and obligation.state in (
        ObligationState.OPEN,
        ObligationState.OVERDUE,
    )
    return render(
        request,
        "obligations/pages/detail.html",
        {
            "o": obligation,
            "row": obligation_rows([obligation])[0],
            # A refused waiver shows its form with the reason it was refused.
            "form": form if form is not None else (WaiveForm() if may_waive else None),
            "events": Event.objects.for_object(obligation).order_by("seq"),
        },
        status=status,
    )


@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _detail(request, user, obligation_get(user, pk))


@require_POST
def waive(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    obligation = obligation_get(user, pk)
    if not user.has_role(Role.BDB_LEADER):
        raise PermissionDenied("只有大数据局领导可以豁免期限事项")
    form = WaiveForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            done = services.obligation_waive(
                obligation=obligation, reason=form.cleaned_data["reason"], by=user
            )
        except ServiceError as error:
            status = attach_error(form, error)
        else:
            messages.success(request, _("已豁免：%(title)s") % {"title": done.title})
            return redirect("obligations:detail", pk=pk)
    return _detail(request, user, obligation, form=form, status=status)
