"""Project pages.  Views parse input, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.roles import Role
from govit.audit.selectors import can_read_history, history_of
from govit.core.errors import ServiceError

from . import services
from .forms import ProjectCreateForm, TransitionForm
from .panels import panels_for
from .selectors import project_get, projects_for
from .workflow import MAIN_LINE, PROJECT_MACHINE


def project_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    queryset = projects_for(user).order_by("-updated_at", "-id")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/pages/list.html",
        {
            "page": page,
            "can_create": user.has_role(Role.UNIT_STAFF),
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


def _lifecycle_steps(state: str) -> list[dict[str, object]]:
    position = MAIN_LINE.index(state) if state in MAIN_LINE else -1
    return [
        {
            "code": code,
            "label": PROJECT_MACHINE.states[code].display_label,
            "status": "current" if code == state else ("done" if index < position else "todo"),
        }
        for index, code in enumerate(MAIN_LINE)
    ]


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = project_get(user, pk)
    options = PROJECT_MACHINE.options(project, user)
    return render(
        request,
        "projects/pages/detail.html",
        {
            "project": project,
            "state": PROJECT_MACHINE.state_of(project),
            "steps": _lifecycle_steps(project.state),
            "off_main_line": project.state not in MAIN_LINE,
            "options": options,
            "history": history_of(project, user=user) if can_read_history(user) else None,
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
