"""Official document pages: a project's documents, the 生成 button, the downloads.

Views parse input, call one service or selector, answer.  A project outside the user's scope
is a 404; a role that may not issue gets a 403; a service's refusal comes back as a message
on the page the button was on.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from govit.accounts.auth import acting_user
from govit.core.errors import ServiceError
from govit.projects.selectors import project_get

from . import services
from .downloads import StoredFileAltered, document_file_response
from .forms import IssueForm
from .permissions import is_issuer_role
from .selectors import document_get, overview


@require_GET
def project_documents(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = project_get(user, pk)
    return render(
        request,
        "officialdocs/pages/list.html",
        {"project": project, "overview": overview(project, user), "return_to": "documents"},
    )


@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = project_get(user, pk)
    if not is_issuer_role(user):
        raise PermissionDenied("只有大数据局经办人或领导可以生成公文")
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求有误：请从列表中选择要生成的公文"))
    else:
        try:
            document = services.official_document_issue(
                kind=form.cleaned_data["kind"],
                source=form.cleaned_data["source"],
                project=project,
                by=user,
            )
        except ServiceError as error:
            messages.error(request, error.display_message)
        else:
            messages.success(
                request,
                _("已生成%(kind)s %(number)s（第%(version)s版）")
                % {
                    "kind": document.get_kind_display(),
                    "number": document.number,
                    "version": document.version,
                },
            )
    if form.is_valid() and form.cleaned_data.get("return_to") == "documents":
        return redirect("officialdocs:list", pk=project.pk)
    return redirect("projects:detail", pk=project.pk)


@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse | HttpResponse:
    user = acting_user(request)
    document = document_get(user, pk)
    try:
        return document_file_response(document, fmt)
    except StoredFileAltered as error:
        messages.error(request, error.display_message)
        return redirect("officialdocs:list", pk=document.project_id)
