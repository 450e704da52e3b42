"""Contract pages.  Views parse input, call one service or selector, render.

A project or contract outside the user's scope is a 404; a role that may not read contracts
(an expert, NDRC …) or may not act (BDB recording for the unit) gets a 403.  A refused
service call re-renders the page with the error next to its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.selectors import saved_filters_for
from govit.core.errors import ServiceError
from govit.core.forms import call_service
from govit.core.listing import list_response
from govit.policy.packs import rule
from govit.projects.models import Project

from . import services
from .forms import ContractForm, FilingForm
from .lists import CONTRACTS
from .models import Contract
from .selectors import (
    RECORDING_STATES,
    can_record,
    contract_get,
    contract_summary,
    contracts_of,
    contracts_project_get,
    register_for,
)


def _project_page(
    request: HttpRequest,
    user: User,
    project: Project,
    *,
    form: ContractForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_record = can_record(user, project)
    contracts = list(contracts_of(project))
    today = timezone.localdate()
    rows = [
        {
            "contract": contract,
            "overdue": contract.overdue(today),
            "filing_form": (
                FilingForm(contract_pk=contract.pk)
                if may_record and contract.filed_on is None
                else None
            ),
        }
        for contract in contracts
    ]
    recording_open = project.state in RECORDING_STATES
    try:
        filing_days: int | None = rule(
            project.jurisdiction, services.FILING_RULE, on=today
        ).as_int()
    except ServiceError:  # no pack in force: the record form says so when used
        filing_days = None
    return render(
        request,
        "contracts/pages/project.html",
        {
            "project": project,
            "rows": rows,
            "summary": contract_summary(project, today=today),
            "form": (form or ContractForm(project=project))
            if may_record and recording_open
            else None,
            "may_record": may_record,
            "recording_open": recording_open,
            "filing_days": filing_days,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def project_contracts(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = contracts_project_get(user, pk)
    if request.method == "GET":
        return _project_page(request, user, project)
    if not can_record(user, project):
        raise PermissionDenied("只有项目建设单位的经办人可以登记合同")
    form = ContractForm(request.POST, request.FILES, project=project)
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.contract_record(
                project=project,
                kind=data["kind"],
                number=data["number"],
                title=data["title"],
                supplier_name=data["supplier_name"],
                supplier_uscc=data["supplier_uscc"],
                amount=data["amount"],
                procurement_method=data["procurement_method"],
                signed_on=data["signed_on"],
                budget_lines=[line.pk for line in data["budget_lines"]],
                signed_copy=data.get("signed_copy"),
                copy_note=data.get("copy_note", ""),
                by=user,
            ),
        )
        if done is not None:
            due = done.filing_due.isoformat()
            if done.filing_due_provisional:
                due += _("（暂定）")
            messages.success(
                request,
                _("已登记合同 %(number)s，请于 %(due)s 前向市大数据局备案")
                % {"number": done.number, "due": due},
            )
            return redirect("contracts:project", pk=project.pk)
    return _project_page(request, user, project, form=form, status=400)


def _detail_page(
    request: HttpRequest,
    user: User,
    contract: Contract,
    *,
    form: FilingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_file = can_record(user, contract.project) and contract.filed_on is None
    return render(
        request,
        "contracts/pages/detail.html",
        {
            "contract": contract,
            "project": contract.project,
            "overdue": contract.overdue(timezone.localdate()),
            "lines": list(contract.budget_lines.all()),
            "filing_form": (form or FilingForm(contract_pk=contract.pk)) if may_file else None,
        },
        status=status,
    )


@require_http_methods(["GET"])
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _detail_page(request, user, contract_get(user, pk))


@require_POST
def contract_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    contract = contract_get(user, pk)
    if not can_record(user, contract.project):
        raise PermissionDenied("只有项目建设单位的经办人可以办理合同备案")
    form = FilingForm(request.POST, contract_pk=contract.pk)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.contract_file(
                contract=contract, filed_on=form.cleaned_data["filed_on"], by=user
            ),
        )
        if done is not None:
            if done.days_late:
                messages.warning(
                    request,
                    _("合同 %(number)s 已备案，逾期 %(days)s 个工作日")
                    % {"number": done.number, "days": done.days_late},
                )
            else:
                messages.success(request, _("合同 %(number)s 已按期备案") % {"number": done.number})
            return redirect("contracts:project", pk=contract.project_id)
    return _detail_page(request, user, contract, form=form, status=400)


@require_http_methods(["GET"])
def register(request: HttpRequest) -> HttpResponse:
    """BDB, Finance and Audit: every contract of their jurisdiction (newest signing first),
    filtered, searched, sorted, paged by keyset, exported as the 合同备案台账."""
    user = acting_user(request)
    today = timezone.localdate()
    return list_response(
        request,
        CONTRACTS,
        register_for(user),
        user=user,
        template="contracts/pages/list.html",
        context={"saved_filters": saved_filters_for(user, CONTRACTS.key)},
        present=lambda page: [{"contract": c, "overdue": c.overdue(today)} for c in page],
    )
