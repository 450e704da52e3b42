"""Project pages.  Views parse input, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.roles import Role
from govit.accounts.selectors import saved_filters_for
from govit.core.errors import ServiceError
from govit.core.listing import list_response

from . import services
from .forms import ProjectCreateForm, TransitionForm
from .lists import PROJECTS
from .page import lifecycle, project_timeline
from .panels import panels_for
from .selectors import project_get, projects_for
from .workflow import PROJECT_MACHINE


def project_list(request: HttpRequest) -> HttpResponse:
    """Every project in the user's scope: filters, search, sorting, keyset pages, 台账 export."""
    user = acting_user(request)
    return list_response(
        request,
        PROJECTS,
        projects_for(user),
        user=user,
        template="projects/pages/list.html",
        context={
            "can_create": user.has_role(Role.UNIT_STAFF),
            "saved_filters": saved_filters_for(user, PROJECTS.key),
        },
    )


@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not user.has_role(Role.UNIT_STAFF):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有建设单位经办人可以创建项目")
    form = ProjectCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(by=user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(
                error.field if error.field in form.fields else None, error.display_message
            )
        else:
            messages.success(request, _("已创建项目，编码 %(code)s") % {"code": project.code})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/pages/new.html", {"form": form})


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = project_get(user, pk)
    return render(
        request,
        "projects/pages/detail.html",
        {
            "project": project,
            "state": PROJECT_MACHINE.state_of(project),
            "lifecycle": lifecycle(project),
            "options": PROJECT_MACHINE.options(project, user),
            "timeline": project_timeline(user, project, before=request.GET.get("timeline_before")),
            "transition_form": TransitionForm(),
            "panels": panels_for(project, user),
        },
    )


@require_POST
def project_transition_view(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    user = acting_user(request)
    project = project_get(user, pk)
    form = TransitionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        project = services.project_transition(
            project=project, transition=code, by=user, reason=reason
        )
    except ServiceError as error:
        messages.error(request, error.display_message)
    else:
        done = _("已%(action)s，当前状态：%(state)s") % {
            "action": PROJECT_MACHINE.transitions[code].display_label,
            "state": project.state_label,
        }
        messages.success(request, done)
    return redirect("projects:detail", pk=pk)
