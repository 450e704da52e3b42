"""Plan items in Excel: the import template, the export, the upload and the import's progress.

Template and upload are for the plan's own unit (403 for others who can see it, 404 for the
rest); the export and an import's page are for everyone who can see the plan.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from govit.accounts.auth import acting_user
from govit.core.excel import xlsx_response
from govit.core.forms import call_service

from .forms import ItemImportForm
from .imports import ERRORS_KEPT, plan_items_import_start
from .item_sheet import MAX_ROWS, export_bytes, template_bytes
from .models import PlanItemImport
from .permissions import department_plan_editable
from .selectors import department_plan_get, plan_import_get, plan_imports
from .views import _authorised_department_plan, _not_editable

RECENT_IMPORTS = 10
# Characters Windows refuses in file names, and quotes that would end the header's value.
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@require_GET
def items_template(request: HttpRequest, pk: int) -> HttpResponse:
    _user, _plan = _authorised_department_plan(request, pk)
    return xlsx_response(template_bytes(), "计划项目导入模板.xlsx")


@require_GET
def items_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = department_plan_get(acting_user(request), pk)
    content = export_bytes(plan, plan.items.order_by("id"))
    return xlsx_response(content, f"{_UNSAFE_IN_FILE_NAMES.sub('_', plan.title)}-计划项目.xlsx")


@require_http_methods(["GET", "POST"])
def items_import(request: HttpRequest, pk: int) -> HttpResponse:
    user, plan = _authorised_department_plan(request, pk)
    if _not_editable(request, department_plan_editable(plan, user)):
        return redirect("planning:department_detail", pk=pk)
    # Bound on every POST: a form whose only field is the file has an empty request.POST.
    form = ItemImportForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        job = call_service(
            form,
            lambda: plan_items_import_start(
                plan=plan, file_name=upload.name, content=upload, size=upload.size, by=user
            ),
        )
        if job is not None:
            return redirect("planning:import_detail", pk=pk, import_pk=job.pk)
    return render(
        request,
        "planning/pages/items_import.html",
        {
            "form": form or ItemImportForm(),
            "plan": plan,
            "imports": plan_imports(plan)[:RECENT_IMPORTS],
            "max_rows": f"{MAX_ROWS:,}",
            "tab": "departments",
        },
    )


def _status_context(job: PlanItemImport) -> dict[str, Any]:
    """The import and its errors in the reader's language."""
    english = (get_language() or "").startswith("en")
    errors = [
        {
            "row": error["row"],
            "column": error["column"],
            "header": error["header_en"] if english else error["header"],
            "value": error["value"],
            "reason": error["reason_en"] if english else error["reason"],
        }
        for error in job.errors
    ]
    return {
        "job": job,
        "plan": job.plan,
        "errors": errors,
        "errors_cut": job.error_count > len(errors),
        "errors_kept": ERRORS_KEPT,
    }


def import_detail(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    job = plan_import_get(acting_user(request), pk, import_pk)
    return render(
        request,
        "planning/pages/import_detail.html",
        {**_status_context(job), "tab": "departments"},
    )


def import_progress(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """The status block alone, which the import page polls every second while it runs."""
    job = plan_import_get(acting_user(request), pk, import_pk)
    return render(request, "planning/partials/import_status.html", _status_context(job))
