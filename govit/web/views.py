from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.roles import ROLE_LABELS_EN, Role
from govit.audit.selectors import can_read_history
from govit.core.excel import workbook_bytes, xlsx_response
from govit.projects.selectors import projects_for

from .dashboards import history
from .dashboards.audit import audit_dashboard
from .dashboards.bdb import bdb_dashboard
from .dashboards.common import (
    AUDIT_DASHBOARD,
    BDB_DASHBOARD,
    DASHBOARD_ROLES,
    DASHBOARDS,
    DEPARTMENT_DASHBOARD,
    FINANCE_DASHBOARD,
    HISTORY_DASHBOARD,
    OVERVIEW_DASHBOARD,
    Dashboard,
    dashboards_for,
)
from .dashboards.department import department_dashboard
from .dashboards.finance import finance_dashboard
from .dashboards.overview import overview_dashboard

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
            "dashboards": dashboards_for(user),
        },
    )


# --- dashboards (工作台) -------------------------------------------------------------------
def _role_names(roles: frozenset[str]) -> str:
    if (get_language() or "").startswith("en"):
        return ", ".join(ROLE_LABELS_EN[Role(code)] for code in sorted(roles))
    return "、".join(str(Role(code).label) for code in sorted(roles))


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    """403 with the reason and what to do instead (the generic 403 page says neither)."""
    return render(
        request,
        "web/error.html",
        {"status": 403, "title": _("无权访问"), "message": message},
        status=403,
    )


def _dashboard_page(
    request: HttpRequest,
    board: Dashboard,
    template: str,
    build: Callable[[User], dict[str, Any]],
) -> HttpResponse:
    user = acting_user(request)
    if not user.has_any_role(*board.roles):
        return _refused(
            request,
            _("%(board)s仅供%(roles)s使用。请从导航栏的“工作台”进入您自己的工作台。")
            % {"board": board.label, "roles": _role_names(board.roles)},
        )
    context = build(user)
    context.update(board=board, tabs=dashboards_for(user))
    return render(request, template, context)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The user's own dashboard: the first one their roles open."""
    user = acting_user(request)
    boards = [board for board in dashboards_for(user) if board in DASHBOARDS]
    if not boards:
        return _refused(
            request,
            _("您的角色没有工作台。工作台供%(roles)s使用；您的项目和待办请从首页进入。")
            % {"roles": _role_names(DASHBOARD_ROLES)},
        )
    return redirect(boards[0].url_name)


@require_GET
def dashboard_bdb(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(request, BDB_DASHBOARD, "web/dashboards/bdb.html", bdb_dashboard)


@require_GET
def dashboard_overview(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(
        request, OVERVIEW_DASHBOARD, "web/dashboards/overview.html", overview_dashboard
    )


@require_GET
def dashboard_finance(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(
        request,
        FINANCE_DASHBOARD,
        "web/dashboards/finance.html",
        lambda user: finance_dashboard(user, timezone.localdate()),
    )


@require_GET
def dashboard_department(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(
        request, DEPARTMENT_DASHBOARD, "web/dashboards/department.html", department_dashboard
    )


@require_GET
def dashboard_audit(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(request, AUDIT_DASHBOARD, "web/dashboards/audit.html", audit_dashboard)


def _keyset(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
def history_search(request: HttpRequest) -> HttpResponse:
    """审计局、大数据局：检索历史记录（对象、项目、操作人、操作、日期范围），导出 Excel。"""
    user = acting_user(request)
    if not can_read_history(user):
        return _refused(
            request,
            _("历史记录检索仅供%(roles)s使用。") % {"roles": _role_names(HISTORY_DASHBOARD.roles)},
        )
    form = history.HistoryForm(request.GET or None)
    chosen = form.filters()
    invalid = form.is_bound and not form.is_valid()
    if request.GET.get("export") == "xlsx" and not invalid:
        content = workbook_bytes(
            sheet_title="历史记录",
            columns=history.EXPORT_COLUMNS,
            rows=history.export_rows(user, chosen),
            notes=history.export_notes(chosen),
        )
        return xlsx_response(content, f"历史记录-{timezone.localdate():%Y%m%d}.xlsx")
    before = _keyset(request.GET.get("before"))
    query = request.GET.copy()
    for key in ("before", "export"):
        query.pop(key, None)
    return render(
        request,
        "web/dashboards/history.html",
        {
            "board": HISTORY_DASHBOARD,
            "tabs": dashboards_for(user),
            "form": form,
            "page": history.history_page(user, chosen, before)
            if not invalid
            else history.HistoryPage([], None),
            "before": before,
            "query": query.urlencode(),
        },
        status=400 if invalid else 200,
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
