"""Funds pages.  Views parse input, call one service or selector, render.

A refused service call re-renders the page with the error next to its field (the error's own
status: 400 for bad input, 409 for a rule); a project or batch outside the user's scope is a
404, an action their role may not take a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.accounts.selectors import saved_filters_for
from govit.applications.downloads import document_response
from govit.audit.models import Event
from govit.audit.selectors import can_read_history
from govit.core.forms import run_service
from govit.core.listing import list_response
from govit.core.money import yuan
from govit.projects.models import Project
from govit.projects.rules import is_owner_unit

from . import ledger, services
from .eligibility import Eligibility, eligibility_of_batches, funding_eligibility
from .forms import (
    ConfirmForm,
    ConstructionRequestForm,
    OmRequestForm,
    RefuseForm,
    ReleaseForm,
    WithdrawForm,
)
from .lists import BATCHES
from .models import BatchState, FundBatch, FundKind
from .selectors import (
    batch_get,
    batch_list_for,
    funds_overview,
    funds_project_get,
    queue_rows,
)
from .workflow import FUND_BATCH_MACHINE

T = TypeVar("T")
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "confirm": ConfirmForm,
    "release": ReleaseForm,
    "refuse": RefuseForm,
    "withdraw": WithdrawForm,
}


def _is_requester(user: User, project: Project) -> bool:
    return user.has_role(Role.UNIT_STAFF) and is_owner_unit(user, project)


# --- a batch's actions, as forms ------------------------------------------------------------
def batch_actions(
    batch: FundBatch, user: User, bound: dict[str, forms.Form] | None = None
) -> dict[str, forms.Form]:
    """The forms of the transitions ``user`` may run on ``batch`` now (engine-checked)."""
    if not batch.is_pending:
        return {}
    result: dict[str, forms.Form] = {}
    for code, form_class in ACTION_FORMS.items():
        if bound and code in bound:
            result[code] = bound[code]
        elif FUND_BATCH_MACHINE.check(batch, user, code):
            result[code] = form_class(auto_id=f"id_b{batch.pk}_{code}_%s")
    return result


def _rows(
    batches: list[FundBatch], user: User, verdicts: dict[int, Eligibility]
) -> list[dict[str, Any]]:
    return [
        {"batch": batch, "verdict": verdicts.get(batch.pk), "actions": batch_actions(batch, user)}
        for batch in batches
    ]


# --- a project's funds ----------------------------------------------------------------------
def _project_page(
    request: HttpRequest,
    user: User,
    project: Project,
    *,
    construction_form: ConstructionRequestForm | None = None,
    om_form: OmRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = funds_overview(project)
    today = timezone.localdate()
    verdicts = eligibility_of_batches(overview.pending_batches, on=today)
    requester = _is_requester(user, project)
    # The unit sees why it cannot ask for money instead of a form that would be refused.
    verdicts_now = {
        kind: funding_eligibility(project, on=today, kind=kind) for kind in FundKind.values
    }
    can_request = (
        requester
        and project.state not in services.CONSTRUCTION_CLOSED_STATES
        and verdicts_now[FundKind.CONSTRUCTION].clear
    )
    can_request_om = (
        requester and project.state in services.RUNNING_STATES and verdicts_now[FundKind.OM].clear
    )
    participants = ledger.participants_of(project)
    return render(
        request,
        "funds/pages/project.html",
        {
            "project": project,
            "overview": overview,
            "rows": _rows(list(reversed(overview.batches)), user, verdicts),
            "today": today,
            "construction_form": (
                construction_form
                or ConstructionRequestForm(
                    budget_lines=[row.budget_line for row in overview.lines],
                    participants=participants,
                )
            )
            if can_request
            else None,
            "om_form": (om_form or OmRequestForm()) if can_request_om else None,
            "project_verdict": verdicts_now[FundKind.CONSTRUCTION],
            "requester": requester,
        },
        status=status,
    )


@require_GET
def project(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _project_page(request, user, funds_project_get(user, pk))


def _requester(request: HttpRequest, pk: int) -> tuple[User, Project]:
    user = acting_user(request)
    project = funds_project_get(user, pk)
    if not _is_requester(user, project):
        raise PermissionDenied(_("只有项目建设单位的经办人可以申请资金拨付"))
    return user, project


@require_POST
def request_construction(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _requester(request, pk)
    form = ConstructionRequestForm(
        request.POST,
        request.FILES,
        budget_lines=list(project.budget_lines.order_by("id")),
        participants=ledger.participants_of(project),
    )
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.fund_batch_request(
                project=project,
                stage=data["stage"],
                progress_note=data["progress_note"],
                lines=[services.LineRequest(pk, amount) for pk, amount in form.line_amounts()],
                payer=data["payer"] or None,
                evidence=data["evidence"],
                by=user,
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("已申请第 %(number)s 批建设资金 %(amount)s 元，待大数据局确认建设进度")
                % {"number": done.number, "amount": yuan(done.amount)},
            )
            return redirect("funds:batch", pk=done.pk)
    return _project_page(request, user, project, construction_form=form, status=status)


@require_POST
def request_om(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _requester(request, pk)
    form = OmRequestForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.om_funds_request(
                project=project,
                year=data["year"],
                stage=data["stage"],
                progress_note=data["progress_note"],
                amount=data["amount"],
                evidence=data["evidence"],
                by=user,
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("已申请 %(year)s 年度运维经费，共 %(count)s 个批次，待大数据局确认")
                % {"year": data["year"], "count": len(done)},
            )
            return redirect("funds:project", pk=project.pk)
    return _project_page(request, user, project, om_form=form, status=status)


# --- one batch ------------------------------------------------------------------------------
def _batch_page(
    request: HttpRequest,
    user: User,
    batch: FundBatch,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    verdict = eligibility_of_batches([batch], on=today).get(batch.pk) if batch.is_pending else None
    history = None
    if can_read_history(user):
        history = (
            Event.objects.for_object(batch.project)
            .filter(action__startswith="funds.", after__batch_id=batch.pk)
            .select_related("organisation")
            .order_by("seq")
        )
    return render(
        request,
        "funds/pages/batch.html",
        {
            "batch": batch,
            "project": batch.project,
            "lines": list(batch.lines.select_related("budget_line").order_by("budget_line_id")),
            "verdict": verdict,
            "actions": batch_actions(batch, user, bound),
            "today": today,
            "history": history,
        },
        status=status,
    )


@require_GET
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _batch_page(request, user, batch_get(user, pk))


def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """A batch's progress evidence, to everyone who reads the batch — also a county's Finance
    and Audit for a city project their county shares (Art. 25), outside the project scope."""
    found = batch_get(acting_user(request), pk)
    if found.evidence is None:
        raise Http404("该批次没有上传进度证明材料")
    return document_response(found.evidence)


def _act(
    request: HttpRequest,
    pk: int,
    code: str,
    roles: tuple[str, ...],
    forbidden: str,
    run: Callable[[User, FundBatch, dict[str, Any]], FundBatch],
    done_message: str,
) -> HttpResponse:
    user = acting_user(request)
    found = batch_get(user, pk)
    if not user.has_any_role(*roles):
        raise PermissionDenied(forbidden)
    form = ACTION_FORMS[code](request.POST, auto_id=f"id_b{found.pk}_{code}_%s")
    status = 400
    if form.is_valid():
        done, status = run_service(form, lambda: run(user, found, form.cleaned_data))
        if done is not None:
            messages.success(request, done_message % {"number": done.number})
            return redirect("funds:batch", pk=done.pk)
    fresh = batch_get(user, pk)
    return _batch_page(request, user, fresh, bound={code: form}, status=status)


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "confirm",
        (Role.BDB_STAFF,),
        _("只有大数据局经办人可以确认建设进度"),
        lambda user, batch, data: services.fund_batch_confirm(
            batch=batch, note=data["note"], by=user
        ),
        _("已确认第 %(number)s 批的建设进度，待财政部门拨付"),
    )


@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "release",
        (Role.FINANCE,),
        _("只有财政部门可以拨付资金"),
        lambda user, batch, data: services.fund_batch_release(
            batch=batch, released_on=data["released_on"], reference=data["reference"], by=user
        ),
        _("第 %(number)s 批资金已登记拨付"),
    )


@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "refuse",
        (Role.BDB_STAFF, Role.BDB_LEADER, Role.FINANCE),
        _("只有大数据局和财政部门可以决定不予拨付"),
        lambda user, batch, data: services.fund_batch_refuse(
            batch=batch, reason=data["reason"], by=user
        ),
        _("第 %(number)s 批已决定不予拨付"),
    )


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "withdraw",
        (Role.UNIT_STAFF,),
        _("只有建设单位经办人可以撤回资金申请"),
        lambda user, batch, data: services.fund_batch_withdraw(
            batch=batch, reason=data["reason"], by=user
        ),
        _("第 %(number)s 批资金申请已撤回"),
    )


# --- the queue ------------------------------------------------------------------------------
QUEUE_STATES = ("", BatchState.REQUESTED.value, BatchState.CONFIRMED.value)


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    state = request.GET.get("state", "")
    if state not in QUEUE_STATES:
        state = ""
    today = timezone.localdate()
    rows = queue_rows(user, state or None, today)
    return render(
        request,
        "funds/pages/queue.html",
        {"rows": rows, "state": state, "today": today},
    )


# --- every batch in scope -------------------------------------------------------------------
@require_GET
def batches(request: HttpRequest) -> HttpResponse:
    """资金批次：every batch the user may read — filters, search, sorting, keyset pages and
    the 资金批次台账 export."""
    user = acting_user(request)
    return list_response(
        request,
        BATCHES,
        batch_list_for(user),
        user=user,
        template="funds/pages/batches.html",
        context={"saved_filters": saved_filters_for(user, BATCHES.key)},
    )
