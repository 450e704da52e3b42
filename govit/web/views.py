from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from govit.accounts.auth import acting_user
from govit.projects.selectors import projects_for

HOME_TODOS = 10


def home(request: HttpRequest) -> HttpResponse:
    """The user's organisation, roles, their organisation's obligations by due date (open and
    overdue, the first ten) and the recently updated projects."""
    from govit.obligations.links import obligation_rows
    from govit.obligations.selectors import TODO_ROLES, todo_for

    user = acting_user(request)
    projects = projects_for(user).order_by("-updated_at")[:10]
    todos = todo_for(user)
    rows = obligation_rows(todos[: HOME_TODOS + 1])
    return render(
        request,
        "web/home.html",
        {
            "recent_projects": projects,
            "todos": rows[:HOME_TODOS],
            "more_todos": len(rows) > HOME_TODOS,
            "todo_page": user.has_any_role(*TODO_ROLES),
        },
    )


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {
            "status": 404,
            "title": "页面不存在",
            "message": "您要找的内容不存在，或不在您的权限范围内。请返回首页，或联系本单位管理员。",
        },
        status=404,
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {
            "status": 403,
            "title": "无权访问",
            "message": "您的角色不能执行此操作。如需开通，请联系系统管理员。",
        },
        status=403,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {
            "status": 500,
            "title": "系统出错",
            "message": "系统暂时无法完成您的请求，您填写的内容未被保存。请稍后重试；如仍出错，请联系运维并提供页面底部的请求编号。",
        },
        status=500,
    )
