"""建设单位工作台: my organisation's projects with their next deadline, my to-do list, and my
money (requested, approved, contracted, released, spent) per year.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery

from govit.accounts.models import User
from govit.obligations.links import obligation_rows
from govit.obligations.models import Obligation, ObligationState
from govit.obligations.selectors import todo_for
from govit.projects.models import Project

from .common import (
    money_by_year,
    money_chart,
    money_totals,
    project_scope,
    projects_by_state,
    state_chart,
)

PROJECTS_SHOWN = 20
TODOS_SHOWN = 10
UNFINISHED = (ObligationState.OPEN, ObligationState.OVERDUE)


def own_projects(user: User) -> QuerySet[Project]:
    """The projects of the user's own organisation (not those it only co-builds)."""
    if user.organisation_id is None:
        return Project.objects.none()
    return project_scope(user).filter(organisation_id=user.organisation_id)


def with_next_deadline(projects: QuerySet[Project]) -> list[dict[str, Any]]:
    """Each project with its earliest unfinished obligation, soonest first (two queries: the
    projects with the obligation's id as a subquery, then those obligations)."""
    earliest = Obligation.objects.filter(project=OuterRef("pk"), state__in=UNFINISHED).order_by(
        "due_on", "id"
    )
    found = list(
        projects.select_related("organisation")
        .annotate(
            next_id=Subquery(earliest.values("id")[:1]),
            next_due=Subquery(earliest.values("due_on")[:1]),
        )
        .order_by(F("next_due").asc(nulls_last=True), "-updated_at", "id")[:PROJECTS_SHOWN]
    )
    next_ids = [project.next_id for project in found if project.next_id]
    rows = {row["o"].pk: row for row in obligation_rows(Obligation.objects.filter(pk__in=next_ids))}
    return [{"project": project, "next": rows.get(project.next_id)} for project in found]


def department_dashboard(user: User) -> dict[str, Any]:
    mine = own_projects(user)
    states = projects_by_state(mine)
    money = money_by_year(mine)
    todos = obligation_rows(todo_for(user)[: TODOS_SHOWN + 1])
    return {
        "projects": with_next_deadline(mine),
        "total": sum(row.count for row in states),
        "todos": todos[:TODOS_SHOWN],
        "more_todos": len(todos) > TODOS_SHOWN,
        "totals": money_totals(money),
        "charts": {"states": state_chart(states), "money": money_chart(money)},
    }
