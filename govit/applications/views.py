"""The dossier page of a project and its forms (POST-redirect-GET).

Every view reaches the project through ``project_get`` (outside scope: 404).  Forms post to
their own URL; a refusal re-renders the dossier with the message next to the field (400 for
bad input, the error's own status for a rule).  Only the owning unit's staff may post the
dossier's forms (others get 403); a co-building organisation's staff or leader may confirm.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.core.errors import ServiceError
from govit.core.forms import attach_error
from govit.projects.models import Project
from govit.projects.rules import EDITABLE_STATES, dossier_editable
from govit.projects.selectors import project_get

from . import selectors, services
from .downloads import document_response
from .forms import (
    BudgetLineForm,
    CatalogueEntryForm,
    CoBuilderForm,
    CoBuilderTermsForm,
    CountyParticipantForm,
    DocumentMetadataForm,
    DocumentUploadForm,
    IndicatorForm,
    PreEvaluationForm,
    ProductItemForm,
    SecurityProfileForm,
)
from .models import DocumentKind


# --- helpers ----------------------------------------------------------------------------------
def _project(request: HttpRequest, project_pk: int) -> tuple[User, Project]:
    user = acting_user(request)
    return user, project_get(user, project_pk)


def _is_editor(project: Project, user: User) -> bool:
    """The owning unit's staff: the only role that may post the dossier's forms."""
    return user.has_role(Role.UNIT_STAFF) and user.organisation_id == project.organisation_id


def _require_editor(project: Project, user: User) -> None:
    if not _is_editor(project, user):
        raise PermissionDenied("只有本单位经办人可以修改申报材料")


def _dossier_url(project: Project, section: str = "") -> str:
    url = reverse("applications:dossier", kwargs={"project_pk": project.pk})
    return f"{url}#{section}" if section else url


def _new_forms(project: Project) -> dict[str, forms.Form]:
    evaluation = selectors.pre_evaluation_of(project)
    profile = selectors.security_profile_of(project)
    return {
        "document_form": DocumentUploadForm(initial={"kind": DocumentKind.CONSTRUCTION_PLAN}),
        "metadata_form": DocumentMetadataForm(initial={"kind": DocumentKind.CONSTRUCTION_PLAN}),
        "budget_form": BudgetLineForm(),
        "pre_form": PreEvaluationForm(
            initial={"goals": evaluation.goals, "conclusion": evaluation.conclusion}
            if evaluation
            else {}
        ),
        "indicator_form": IndicatorForm(),
        "catalogue_form": CatalogueEntryForm(),
        "security_form": SecurityProfileForm(
            initial={
                "mlps_level": str(profile.mlps_level or ""),
                "crypto_plan": profile.crypto_plan,
                "crypto_planned": profile.crypto_planned,
                "crypto_built": profile.crypto_built,
                "crypto_run": profile.crypto_run,
            }
            if profile
            else {}
        ),
        "product_form": ProductItemForm(),
        "cobuilder_form": CoBuilderForm(project=project),
        "county_form": CountyParticipantForm(project=project),
    }


def _render_dossier(
    request: HttpRequest,
    project: Project,
    user: User,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = dossier_editable(project, user)
    totals, total = selectors.budget_totals(project)
    cobuilders = list(selectors.cobuilders_of(project))
    confirmable = {
        c.pk
        for c in cobuilders
        if not c.confirmed
        and project.state in EDITABLE_STATES
        and user.organisation_id == c.organisation_id
        and user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER)
    }
    context: dict[str, Any] = {
        "project": project,
        "can_edit": bool(editable),
        "edit_decision": editable,
        "is_editor": _is_editor(project, user),
        "documents": selectors.documents_of(project),
        "budget_lines": selectors.budget_lines_of(project),
        "budget_totals": totals,
        "budget_total": total,
        "pre_evaluation": selectors.pre_evaluation_of(project),
        "catalogue": selectors.catalogue_of(project),
        "security_profile": selectors.security_profile_of(project),
        "cobuilders": cobuilders,
        "confirmable": confirmable,
        "counties": selectors.county_participants_of(project),
        "readiness": selectors.readiness_items(project),
        **_new_forms(project),
        **(bound or {}),
    }
    return render(request, "applications/pages/dossier.html", context, status=status)


def _post(
    request: HttpRequest,
    project: Project,
    user: User,
    *,
    form: forms.Form,
    form_key: str,
    section: str,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Run ``action(cleaned_data)`` for a valid form, then redirect; else show the errors."""
    status = 400
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ServiceError as error:
            status = attach_error(form, error)
        else:
            messages.success(request, done)
            return redirect(_dossier_url(project, section))
    return _render_dossier(request, project, user, {form_key: form}, status=status)


def _edit_page(
    request: HttpRequest,
    project: Project,
    *,
    form: forms.Form,
    title: str,
    section: str,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "applications/pages/edit.html",
        {
            "project": project,
            "form": form,
            "title": title,
            "back_url": _dossier_url(project, section),
        },
        status=status,
    )


def _edit(
    request: HttpRequest,
    project: Project,
    *,
    form: forms.Form,
    title: str,
    section: str,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """GET shows the edit page; POST saves and returns to the dossier, or shows the errors."""
    if request.method != "POST":
        return _edit_page(request, project, form=form, title=title, section=section)
    status = 400
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ServiceError as error:
            status = attach_error(form, error)
        else:
            messages.success(request, done)
            return redirect(_dossier_url(project, section))
    return _edit_page(request, project, form=form, title=title, section=section, status=status)


def _delete(
    request: HttpRequest, project: Project, *, action: Callable[[], object], section: str
) -> HttpResponse:
    try:
        action()
    except ServiceError as error:
        messages.error(request, error.display_message)
    else:
        messages.success(request, _("已删除"))
    return redirect(_dossier_url(project, section))


# --- the page ---------------------------------------------------------------------------------
@require_GET
def dossier(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    return _render_dossier(request, project, user)


# --- documents --------------------------------------------------------------------------------
@require_POST
def document_upload(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    form = DocumentUploadForm(request.POST, request.FILES)
    return _post(
        request,
        project,
        user,
        form=form,
        form_key="document_form",
        section="documents",
        action=lambda data: services.document_upload(
            project=project, kind=data["kind"], title=data["title"], file=data["file"], by=user
        ),
        done=_("已上传"),
    )


@require_POST
def document_metadata_add(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    form = DocumentMetadataForm(request.POST)
    return _post(
        request,
        project,
        user,
        form=form,
        form_key="metadata_form",
        section="documents",
        action=lambda data: services.document_metadata_add(project=project, by=user, **data),
        done=_("已登记"),
    )


@require_GET
def document_download(request: HttpRequest, project_pk: int, pk: int) -> FileResponse:
    """The stored file, through the project scope; attachment, its detected type, no sniffing."""
    _user, project = _project(request, project_pk)
    return document_response(selectors.document_get(project, pk))


# --- budget -----------------------------------------------------------------------------------
@require_POST
def budget_line_add(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    return _post(
        request,
        project,
        user,
        form=BudgetLineForm(request.POST),
        form_key="budget_form",
        section="budget",
        action=lambda data: services.budget_line_add(project=project, by=user, **data),
        done=_("已添加预算明细"),
    )


@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    line = selectors.budget_line_get(project, pk)
    _require_editor(project, user)
    initial = {
        "category": line.category,
        "name": line.name,
        "quantity": line.quantity,
        "unit": line.unit,
        "unit_price": line.unit_price,
        "amount": line.amount,
    }
    form = BudgetLineForm(request.POST or None, initial=initial)
    return _edit(
        request,
        project,
        form=form,
        title=_("修改预算明细"),
        section="budget",
        action=lambda data: services.budget_line_update(line=line, by=user, **data),
        done=_("已修改预算明细"),
    )


@require_POST
def budget_line_delete(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    line = selectors.budget_line_get(project, pk)
    _require_editor(project, user)
    return _delete(
        request,
        project,
        action=lambda: services.budget_line_delete(line=line, by=user),
        section="budget",
    )


# --- pre-performance evaluation ---------------------------------------------------------------
@require_POST
def pre_evaluation_save(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    return _post(
        request,
        project,
        user,
        form=PreEvaluationForm(request.POST),
        form_key="pre_form",
        section="pre-evaluation",
        action=lambda data: services.pre_evaluation_save(project=project, by=user, **data),
        done=_("已保存事前绩效评估"),
    )


@require_POST
def indicator_add(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    return _post(
        request,
        project,
        user,
        form=IndicatorForm(request.POST),
        form_key="indicator_form",
        section="pre-evaluation",
        action=lambda data: services.indicator_add(project=project, by=user, **data),
        done=_("已添加绩效指标"),
    )


@require_POST
def indicator_delete(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    indicator = selectors.indicator_get(project, pk)
    _require_editor(project, user)
    return _delete(
        request,
        project,
        action=lambda: services.indicator_delete(indicator=indicator, by=user),
        section="pre-evaluation",
    )


@require_POST
def pre_evaluation_complete(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    # The saved texts, bound, so that a refusal ("goals" missing) shows next to its field.
    evaluation = selectors.pre_evaluation_of(project)
    saved = PreEvaluationForm(
        data={
            "pre-goals": evaluation.goals if evaluation else "",
            "pre-conclusion": evaluation.conclusion if evaluation else "",
        }
    )
    return _post(
        request,
        project,
        user,
        form=saved,
        form_key="pre_form",
        section="pre-evaluation",
        action=lambda data: services.pre_evaluation_complete(project=project, by=user),
        done=_("事前绩效评估已完成"),
    )


# --- catalogue --------------------------------------------------------------------------------
@require_POST
def catalogue_entry_add(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    return _post(
        request,
        project,
        user,
        form=CatalogueEntryForm(request.POST),
        form_key="catalogue_form",
        section="catalogue",
        action=lambda data: services.catalogue_entry_add(project=project, by=user, **data),
        done=_("已添加目录条目"),
    )


@require_http_methods(["GET", "POST"])
def catalogue_entry_edit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    entry = selectors.catalogue_entry_get(project, pk)
    _require_editor(project, user)
    initial = {name: getattr(entry, name) for name in services.CATALOGUE_FIELDS}
    form = CatalogueEntryForm(request.POST or None, initial=initial)
    return _edit(
        request,
        project,
        form=form,
        title=_("修改政务信息资源目录条目"),
        section="catalogue",
        action=lambda data: services.catalogue_entry_update(entry=entry, by=user, **data),
        done=_("已修改目录条目"),
    )


@require_POST
def catalogue_entry_delete(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    entry = selectors.catalogue_entry_get(project, pk)
    _require_editor(project, user)
    return _delete(
        request,
        project,
        action=lambda: services.catalogue_entry_delete(entry=entry, by=user),
        section="catalogue",
    )


# --- security profile -------------------------------------------------------------------------
@require_POST
def security_profile_save(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    return _post(
        request,
        project,
        user,
        form=SecurityProfileForm(request.POST),
        form_key="security_form",
        section="security",
        action=lambda data: services.security_profile_save(project=project, by=user, **data),
        done=_("已保存安全保护方案"),
    )


@require_POST
def product_item_add(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    return _post(
        request,
        project,
        user,
        form=ProductItemForm(request.POST),
        form_key="product_form",
        section="security",
        action=lambda data: services.product_item_add(project=project, by=user, **data),
        done=_("已添加产品"),
    )


@require_POST
def product_item_delete(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    product = selectors.product_item_get(project, pk)
    _require_editor(project, user)
    return _delete(
        request,
        project,
        action=lambda: services.product_item_delete(product=product, by=user),
        section="security",
    )


# --- co-builders ------------------------------------------------------------------------------
@require_POST
def cobuilder_add(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    return _post(
        request,
        project,
        user,
        form=CoBuilderForm(request.POST, project=project),
        form_key="cobuilder_form",
        section="cobuilders",
        action=lambda data: services.cobuilder_add(project=project, by=user, **data),
        done=_("已添加共建部门，请通知其在系统中确认"),
    )


@require_http_methods(["GET", "POST"])
def cobuilder_edit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    cobuilder = selectors.cobuilder_get(project, pk)
    _require_editor(project, user)
    initial = {name: getattr(cobuilder, name) for name in services.COBUILDER_TERMS}
    form = CoBuilderTermsForm(request.POST or None, initial=initial)
    return _edit(
        request,
        project,
        form=form,
        title=_("修改共建部门「%(name)s」的共建内容") % {"name": cobuilder.organisation.name},
        section="cobuilders",
        action=lambda data: services.cobuilder_update(cobuilder=cobuilder, by=user, **data),
        done=_("已修改共建内容"),
    )


@require_POST
def cobuilder_delete(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    cobuilder = selectors.cobuilder_get(project, pk)
    _require_editor(project, user)
    return _delete(
        request,
        project,
        action=lambda: services.cobuilder_delete(cobuilder=cobuilder, by=user),
        section="cobuilders",
    )


@require_POST
def cobuilder_confirm(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    """The co-building organisation's staff or leader confirms (Art. 9, 17)."""
    user, project = _project(request, project_pk)
    cobuilder = selectors.cobuilder_get(project, pk)
    if user.organisation_id != cobuilder.organisation_id or not user.has_any_role(
        Role.UNIT_STAFF, Role.UNIT_LEADER
    ):
        raise PermissionDenied("只有共建部门的经办人或负责人可以确认")
    try:
        services.cobuilder_confirm(cobuilder=cobuilder, by=user)
    except ServiceError as error:
        messages.error(request, error.display_message)
    else:
        messages.success(request, _("已确认共建内容"))
    return redirect(_dossier_url(project, "cobuilders"))


# --- county participants ----------------------------------------------------------------------
@require_POST
def county_participant_add(request: HttpRequest, project_pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    _require_editor(project, user)
    return _post(
        request,
        project,
        user,
        form=CountyParticipantForm(request.POST, project=project),
        form_key="county_form",
        section="counties",
        action=lambda data: services.county_participant_add(project=project, by=user, **data),
        done=_("已添加参与县区"),
    )


@require_http_methods(["GET", "POST"])
def county_participant_edit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    participant = selectors.county_participant_get(project, pk)
    _require_editor(project, user)
    initial = {
        "jurisdiction": participant.jurisdiction_id,
        "content": participant.content,
        "construction_share_pct": participant.construction_share_pct,
        "om_share_pct": participant.om_share_pct,
    }
    form = CountyParticipantForm(request.POST or None, initial=initial, project=project)
    return _edit(
        request,
        project,
        form=form,
        title=_("修改参与县区"),
        section="counties",
        action=lambda data: services.county_participant_update(
            participant=participant, by=user, **data
        ),
        done=_("已修改参与县区"),
    )


@require_POST
def county_participant_delete(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    user, project = _project(request, project_pk)
    participant = selectors.county_participant_get(project, pk)
    _require_editor(project, user)
    return _delete(
        request,
        project,
        action=lambda: services.county_participant_delete(participant=participant, by=user),
        section="counties",
    )
