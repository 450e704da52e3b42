"""The calendar page: working-day arithmetic, a year's holidays and the policy packs in force."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from govit.accounts.auth import acting_user
from govit.core.errors import ServiceError

from .calendar import add_working_days, working_days_between, year_schedule
from .forms import AddWorkdaysForm, BetweenForm, YearForm
from .packs import packs_in_force, rule_among

# The page's first form is Art. 16's "签订正式采购合同5个工作日内"; N comes from the pack.
CONTRACT_FILING_RULE = "contract_filing_working_days"

T = TypeVar("T")


def _bound(form_class: type[forms.Form], request: HttpRequest) -> forms.Form | None:
    """The form bound to the query string when it was submitted, else ``None``."""
    prefix = form_class.prefix or ""
    names = [f"{prefix}-{name}" if prefix else name for name in form_class.base_fields]
    if any(name in request.GET for name in names):
        return form_class(request.GET)
    return None


def _compute(form: forms.Form | None, compute: Callable[..., T]) -> T | None:
    """``compute(**cleaned_data)`` for a valid form; a service's refusal becomes a form error."""
    if form is None or not form.is_valid():
        return None
    try:
        return compute(**form.cleaned_data)
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()  # Asia/Shanghai
    add_form, between_form = _bound(AddWorkdaysForm, request), _bound(BetweenForm, request)
    due = _compute(add_form, add_working_days)
    between = _compute(between_form, working_days_between)

    packs = packs_in_force(today, also_for=user.jurisdiction)
    filing_rule = rule_among(packs, user.jurisdiction, CONTRACT_FILING_RULE)
    initial_n = filing_rule.value if filing_rule else None
    year_form = YearForm(request.GET if "year" in request.GET else {"year": today.year})
    year = year_form.cleaned_data["year"] if year_form.is_valid() else today.year
    return render(
        request,
        "policy/pages/calendar.html",
        {
            "add_form": add_form or AddWorkdaysForm(initial={"start": today, "n": initial_n}),
            "filing_rule": filing_rule,
            "due": due,
            "between_form": between_form or BetweenForm(initial={"start": today, "end": today}),
            "between": between,
            "year_form": year_form,
            "schedule": year_schedule(year),
            "packs": packs,
            "today": today,
        },
    )
