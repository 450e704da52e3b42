"""大数据局工作台: the portfolio of the jurisdiction — projects by state and by department,
money per year, unfinished obligations by article, the projects waiting for BDB, sanctions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from govit.accounts.models import User
from govit.projects.models import Project

from .common import (
    Chart,
    Series,
    latest_sanctions,
    money_by_year,
    money_chart,
    money_totals,
    obligations_by_article,
    obligations_chart,
    project_scope,
    projects_by_state,
    sanctions_chart,
    sanctions_in_force,
    state_chart,
)

# States in which the next step is BDB's (projects/workflow.py): the intake check or the
# registration of a filing, the review and the leader's decision, consent to apply upward,
# the acceptance decision and the acceptance filing.
REVIEW_QUEUE_STATES = (
    "unit_signed",
    "under_review",
    "consent_requested",
    "acceptance_applied",
    "accepted",
)
QUEUE_SHOWN = 10


@dataclass(frozen=True)
class DepartmentCount:
    organisation_id: int
    name: str
    count: int


def projects_by_department(scope: QuerySet[Project]) -> list[DepartmentCount]:
    """How many projects each construction unit has, most first (one query)."""
    found = (
        scope.values("organisation_id", "organisation__name")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation__name")
    )
    return [
        DepartmentCount(row["organisation_id"], row["organisation__name"], row["n"])
        for row in found
    ]


def department_chart(rows: list[DepartmentCount]) -> Chart:
    return Chart(
        id="chart-departments",
        title=_("项目按建设单位"),
        kind="bar",
        category_header=_("建设单位"),
        categories=[row.name for row in rows],
        series=[Series(_("项目数"), [row.count for row in rows])],
        horizontal=True,
    )


def review_queue(scope: QuerySet[Project]) -> list[Project]:
    """The projects waiting longest for a BDB step (one query)."""
    return list(
        scope.filter(state__in=REVIEW_QUEUE_STATES)
        .select_related("organisation")
        .order_by("updated_at", "id")[:QUEUE_SHOWN]
    )


def bdb_dashboard(user: User) -> dict[str, Any]:
    scope = project_scope(user)
    states = projects_by_state(scope)
    money = money_by_year(scope)
    departments = projects_by_department(scope)
    articles = obligations_by_article(user)
    sanctions = sanctions_in_force(scope)
    waiting = [row for row in states if row.code in REVIEW_QUEUE_STATES]
    return {
        "states": states,
        "total": sum(row.count for row in states),
        "totals": money_totals(money),
        "waiting": waiting,
        "waiting_total": sum(row.count for row in waiting),
        "queue": review_queue(scope),
        "overdue_total": sum(row.overdue for row in articles),
        "sanctions": latest_sanctions(scope),
        "sanctions_total": sum(row.count for row in sanctions),
        "charts": {
            "states": state_chart(states),
            "departments": department_chart(departments),
            "money": money_chart(money),
            "obligations": obligations_chart(articles),
            "sanctions": sanctions_chart(sanctions),
        },
    }
