"""The navigation of the header, by role: each user sees the entries of their work."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from govit.accounts.roles import Role

from .dashboards.common import DASHBOARD_ROLES

# (label, url name, roles that see it; empty = every signed-in user)
NAVIGATION: list[tuple[Any, str, frozenset[str]]] = [
    (_("首页"), "web:home", frozenset()),
    # Every role that has a dashboard (web.dashboards.common.DASHBOARDS); the others (experts,
    # NDRC, secrecy, crypto, evaluators) work from their own pages and would only meet a 403.
    (_("工作台"), "web:dashboard", DASHBOARD_ROLES),
    (_("项目"), "projects:list", frozenset()),
    (_("规划与计划"), "planning:city_list", frozenset()),
    (_("我的评审"), "reviews:mine", frozenset({Role.EXPERT})),
    (_("专家库"), "reviews:experts", frozenset({Role.BDB_STAFF, Role.BDB_LEADER})),
    (
        _("合同备案"),
        "contracts:list",
        frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.FINANCE, Role.AUDIT}),
    ),
    (
        _("验收管理"),
        "acceptance:overdue",
        frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.FINANCE, Role.AUDIT}),
    ),
    (_("评价任务"), "evaluation:mine", frozenset({Role.EVALUATOR})),
    (
        _("绩效排名"),
        "evaluation:ranking",
        frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.OVERSEER, Role.AUDIT}),
    ),
    (
        _("资金拨付"),
        "funds:queue",
        frozenset({Role.FINANCE, Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT}),
    ),
    (
        _("资金批次"),
        "funds:batches",
        frozenset(
            {
                Role.FINANCE,
                Role.BDB_STAFF,
                Role.BDB_LEADER,
                Role.AUDIT,
                Role.OVERSEER,
                Role.UNIT_STAFF,
                Role.UNIT_LEADER,
            }
        ),
    ),
    (_("我的待办"), "obligations:mine", frozenset({Role.UNIT_STAFF, Role.UNIT_LEADER})),
    (
        _("合规地图"),
        "obligations:map",
        frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT, Role.OVERSEER}),
    ),
    (
        _("期限事项"),
        "obligations:list",
        frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT, Role.OVERSEER}),
    ),
    (
        _("监督检查"),
        "supervision:inspections",
        frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT}),
    ),
    (_("通报"), "supervision:notices", frozenset()),
    (
        _("信息系统"),
        "systems:list",
        frozenset(
            {
                Role.BDB_STAFF,
                Role.BDB_LEADER,
                Role.AUDIT,
                Role.CRYPTO,
                Role.UNIT_STAFF,
                Role.UNIT_LEADER,
            }
        ),
    ),
    (_("资源目录"), "systems:catalogue", frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT})),
    (_("工作日历"), "policy:calendar", frozenset()),
    (_("接口文档"), "swagger-ui", frozenset()),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "is_administrator", False):
        # The three administrators work in the admin site and see no business pages.
        items = (
            [(_("首页"), reverse("web:home"))] if user is not None and user.is_authenticated else []
        )
        return {"navigation": items}
    items = [
        (label, reverse(name))
        for label, name, roles in NAVIGATION
        if not roles or user.has_any_role(*roles)
    ]
    return {"navigation": items}
