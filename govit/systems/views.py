"""Systems pages.  Views parse input, call one service or selector, render.

A project or system outside the user's scope is a 404; a role that may not read systems (an
expert, NDRC, Finance …) or may not act gets a 403.  A refused service call re-renders the
page with the error next to its field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.selectors import saved_filters_for
from govit.applications.models import CatalogueEntry
from govit.core.decisions import article_label
from govit.core.forms import run_service
from govit.core.listing import list_response
from govit.obligations.models import Obligation
from govit.obligations.services import key_of
from govit.projects.models import Project

from . import services
from .forms import (
    CryptoForm,
    DatabaseForm,
    EntryDatabasesForm,
    EntrySystemForm,
    InspectionForm,
    InterfaceForm,
    InterfaceStatusForm,
    MlpsForm,
    OmForm,
    SystemForm,
    SystemUpdateForm,
)
from .lists import SYSTEMS
from .models import InformationSystem, SharingInterface
from .selectors import (
    REGISTER_STATES,
    can_inspect,
    can_maintain,
    can_manage_catalogue,
    catalogue_for,
    consistency_for,
    databases_for,
    entries_of,
    is_sharing,
    system_get,
    systems_for,
    systems_of,
    systems_project_get,
)

PAGE_SIZE = 50


# --- registry ----------------------------------------------------------------------------
@require_http_methods(["GET"])
def registry(request: HttpRequest) -> HttpResponse:
    """The systems in scope: filters, search, sorting, keyset pages, the 信息系统台账 export."""
    user = acting_user(request)
    return list_response(
        request,
        SYSTEMS,
        systems_for(user),
        user=user,
        template="systems/pages/list.html",
        context={"saved_filters": saved_filters_for(user, SYSTEMS.key)},
        present=lambda page: [{"system": s, "sharing": is_sharing(s)} for s in page],
    )


def _project_page(
    request: HttpRequest,
    user: User,
    project: Project,
    *,
    form: SystemForm | None = None,
    entry_forms: dict[int, EntrySystemForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    may_maintain = can_maintain(user, project)
    systems = list(systems_of(project))
    entries = list(entries_of(project))
    entry_forms = entry_forms or {}
    entry_rows = []
    for entry in entries:
        link = getattr(entry, "system_link", None)
        entry_rows.append(
            {
                "entry": entry,
                "system": link.system if link is not None else None,
                "form": entry_forms.get(
                    entry.pk,
                    EntrySystemForm(
                        entry_pk=entry.pk,
                        systems=systems,
                        initial={"system": str(link.system_id) if link and link.system_id else ""},
                    ),
                )
                if may_maintain
                else None,
            }
        )
    registering = project.state in REGISTER_STATES
    return render(
        request,
        "systems/pages/project.html",
        {
            "project": project,
            "rows": [{"system": s, "sharing": is_sharing(s)} for s in systems],
            "entry_rows": entry_rows,
            "form": (form or SystemForm()) if may_maintain and registering else None,
            "may_maintain": may_maintain,
            "registering": registering,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def project_systems(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = systems_project_get(user, pk)
    if request.method == "GET":
        return _project_page(request, user, project)
    if not can_maintain(user, project):
        raise PermissionDenied("只有项目建设单位的经办人可以登记信息系统")
    form = SystemForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.service_data()
        done, status = run_service(
            form,
            lambda: services.system_register(
                project=project, name=form.cleaned_data["name"], by=user, **data
            ),
        )
        if done is not None:
            messages.success(request, _("已登记信息系统 %(name)s") % {"name": done.name})
            return redirect("systems:detail", pk=done.pk)
    return _project_page(request, user, project, form=form, status=status)


@require_POST
def entry_system(request: HttpRequest, pk: int) -> HttpResponse:
    """The owning unit moves one catalogue entry of its application to a system."""
    user = acting_user(request)
    try:
        entry = CatalogueEntry.objects.get(pk=pk)
    except CatalogueEntry.DoesNotExist:
        raise Http404("目录条目不存在") from None
    project = systems_project_get(user, entry.project_id)
    if not can_maintain(user, project):
        raise PermissionDenied("只有项目建设单位的经办人可以将目录条目归入信息系统")
    form = EntrySystemForm(request.POST, entry_pk=entry.pk, systems=list(systems_of(project)))
    status = 400
    if form.is_valid():
        done, status = run_service(
            form,
            lambda: services.entry_assign_system(
                entry=entry, system=form.cleaned_data["system"] or None, by=user
            ),
        )
        if done is not None:
            messages.success(
                request, _("已调整目录条目 %(name)s 的所属系统") % {"name": entry.name}
            )
            return redirect("systems:project", pk=project.pk)
    return _project_page(request, user, project, entry_forms={entry.pk: form}, status=status)


# --- one system --------------------------------------------------------------------------
def _detail_page(
    request: HttpRequest,
    user: User,
    system: InformationSystem,
    *,
    failed: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    project = system.project
    failed = failed or {}
    may_maintain = can_maintain(user, project)
    interfaces = list(system.interfaces.order_by("id"))
    obligations = Obligation.objects.filter(key__startswith=key_of(system) + ":").order_by(
        "due_on", "id"
    )

    def form(name: str, factory: Any) -> Form | None:
        return failed.get(name) or factory()

    maintain_forms = (
        {
            "update_form": form(
                "update",
                lambda: SystemUpdateForm(
                    initial={
                        "status": system.status,
                        "running_since": system.running_since,
                        "on_cloud": system.on_cloud,
                        "migration_status": system.migration_status,
                        "migration_method": system.migration_method,
                        "migration_plan": system.migration_plan,
                        "exchange_connected": system.exchange_connected,
                        "mlps_level": str(system.mlps_level or ""),
                        "mlps_filing_number": system.mlps_filing_number,
                    }
                ),
            ),
            "interface_form": form("interface", InterfaceForm),
            "mlps_form": form("mlps", MlpsForm),
            "crypto_form": form("crypto", CryptoForm),
            "om_form": form("om", OmForm),
        }
        if may_maintain
        else {}
    )
    return render(
        request,
        "systems/pages/detail.html",
        {
            "system": system,
            "project": project,
            "sharing": is_sharing(system),
            "may_maintain": may_maintain,
            "interface_rows": [
                {
                    "interface": interface,
                    "form": (
                        failed.get(f"interface-{interface.pk}")
                        or InterfaceStatusForm(
                            interface_pk=interface.pk, initial={"status": interface.status}
                        )
                    )
                    if may_maintain
                    else None,
                }
                for interface in interfaces
            ],
            "assessments": list(system.mlps_assessments.select_related("report")),
            "evaluations": list(system.crypto_evaluations.select_related("report")),
            "inspections": list(system.crypto_inspections.select_related("recorded_by")),
            "filings": list(system.om_filings.all()),
            "entries": list(
                CatalogueEntry.objects.filter(system_link__system=system).order_by("id")
            ),
            "obligations": [{"o": o, "article": article_label(o.article)} for o in obligations],
            "inspection_form": form("inspection", InspectionForm)
            if can_inspect(user, project)
            else None,
            **maintain_forms,
        },
        status=status,
    )


@require_http_methods(["GET"])
def system_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _detail_page(request, user, system_get(user, pk))


def _maintain_post(
    request: HttpRequest,
    pk: int,
    name: str,
    form_class: Any,
    call: Any,
    success: str,
    *,
    files: bool = False,
) -> HttpResponse:
    user = acting_user(request)
    system = system_get(user, pk)
    if not can_maintain(user, system.project):
        raise PermissionDenied("只有项目建设单位的经办人可以维护信息系统")
    form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
    status = 400
    if form.is_valid():
        done, status = run_service(form, lambda: call(system, form.cleaned_data, user))
        if done is not None:
            messages.success(request, success)
            return redirect("systems:detail", pk=system.pk)
    return _detail_page(request, user, system, failed={name: form}, status=status)


@require_POST
def system_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _maintain_post(
        request,
        pk,
        "update",
        SystemUpdateForm,
        lambda system, data, user: services.system_update(system=system, by=user, **data),
        _("已更新信息系统"),
    )


@require_POST
def interface_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _maintain_post(
        request,
        pk,
        "interface",
        InterfaceForm,
        lambda system, data, user: services.interface_add(system=system, by=user, **data),
        _("已登记共享接口"),
    )


@require_POST
def mlps_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _maintain_post(
        request,
        pk,
        "mlps",
        MlpsForm,
        lambda system, data, user: services.mlps_record(system=system, by=user, **data),
        _("已登记等级保护测评"),
        files=True,
    )


@require_POST
def crypto_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _maintain_post(
        request,
        pk,
        "crypto",
        CryptoForm,
        lambda system, data, user: services.crypto_record(system=system, by=user, **data),
        _("已登记密码应用安全性评估"),
        files=True,
    )


@require_POST
def om_file(request: HttpRequest, pk: int) -> HttpResponse:
    return _maintain_post(
        request,
        pk,
        "om",
        OmForm,
        lambda system, data, user: services.om_file(system=system, by=user, **data),
        _("已办理运维备案"),
    )


@require_POST
def interface_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    try:
        interface = SharingInterface.objects.get(pk=pk)
    except SharingInterface.DoesNotExist:
        raise Http404("共享接口不存在") from None
    system = system_get(user, interface.system_id)
    if not can_maintain(user, system.project):
        raise PermissionDenied("只有项目建设单位的经办人可以维护共享接口")
    form = InterfaceStatusForm(request.POST, interface_pk=interface.pk)
    status = 400
    if form.is_valid():
        done, status = run_service(
            form,
            lambda: services.interface_set_status(
                interface=interface, status=form.cleaned_data["status"], by=user
            ),
        )
        if done is not None:
            messages.success(request, _("已更新共享接口 %(name)s 的状态") % {"name": done.name})
            return redirect("systems:detail", pk=system.pk)
    return _detail_page(
        request, user, system, failed={f"interface-{interface.pk}": form}, status=status
    )


@require_POST
def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    system = system_get(user, pk)
    if not can_inspect(user, system.project):
        raise PermissionDenied("只有密码管理部门可以登记密码应用指导和检查")
    form = InspectionForm(request.POST)
    status = 400
    if form.is_valid():
        done, status = run_service(
            form,
            lambda: services.inspection_record(system=system, by=user, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("已登记密码应用指导或检查"))
            return redirect("systems:detail", pk=system.pk)
    return _detail_page(request, user, system, failed={"inspection": form}, status=status)


# --- catalogue and consistency (Art. 27–29) ---------------------------------------------
def _catalogue_page(
    request: HttpRequest,
    user: User,
    *,
    database_form: DatabaseForm | None = None,
    entry_forms: dict[int, EntryDatabasesForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    entries = catalogue_for(user)
    databases = list(databases_for(user))
    manage = can_manage_catalogue(user)
    entry_forms = entry_forms or {}
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for entry in page:
        link = getattr(entry, "system_link", None)
        chosen = list(link.databases.all()) if link is not None else []
        rows.append(
            {
                "entry": entry,
                "system": link.system if link is not None else None,
                "databases": chosen,
                "form": entry_forms.get(
                    entry.pk,
                    EntryDatabasesForm(
                        entry_pk=entry.pk,
                        databases=databases,
                        initial={"databases": [str(db.pk) for db in chosen]},
                    ),
                )
                if manage and databases
                else None,
            }
        )
    return render(
        request,
        "systems/pages/catalogue.html",
        {
            "page": page,
            "rows": rows,
            "databases": databases,
            "database_form": (database_form or DatabaseForm()) if manage else None,
        },
        status=status,
    )


@require_http_methods(["GET"])
def catalogue(request: HttpRequest) -> HttpResponse:
    return _catalogue_page(request, acting_user(request))


@require_POST
def database_add(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not can_manage_catalogue(user):
        raise PermissionDenied("只有大数据局可以管理基础库和主题库")
    form = DatabaseForm(request.POST)
    status = 400
    if form.is_valid():
        done, status = run_service(
            form, lambda: services.database_create(by=user, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("已新增资源库 %(name)s") % {"name": done.name})
            return redirect("systems:catalogue")
    return _catalogue_page(request, user, database_form=form, status=status)


@require_POST
def entry_databases(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    entry = catalogue_for(user).filter(pk=pk).first()
    if entry is None:
        raise Http404("目录条目不存在，或不在您的权限范围内")
    if not can_manage_catalogue(user, entry.project.jurisdiction_id):
        raise PermissionDenied("只有大数据局可以将目录条目归集到基础库和主题库")
    form = EntryDatabasesForm(request.POST, entry_pk=entry.pk, databases=list(databases_for(user)))
    status = 400
    if form.is_valid():
        done, status = run_service(
            form,
            lambda: services.entry_assign_databases(
                entry=entry, databases=form.cleaned_data["databases"], by=user
            ),
        )
        if done is not None:
            messages.success(
                request, _("已调整目录条目 %(name)s 的归集资源库") % {"name": entry.name}
            )
            return redirect("systems:catalogue")
    return _catalogue_page(request, user, entry_forms={entry.pk: form}, status=status)


@require_http_methods(["GET"])
def consistency(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(request, "systems/pages/consistency.html", {"check": consistency_for(user)})
