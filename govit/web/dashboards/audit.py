"""审计工作台: a read-only overview of everything in the audit bureau's jurisdiction —
projects by state, money per year, unfinished obligations by article, sanctions in force —
next to the search over the history (``history``).
"""

from __future__ import annotations

from typing import Any

from govit.accounts.models import User

from .common import (
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


def audit_dashboard(user: User) -> dict[str, Any]:
    scope = project_scope(user)
    states = projects_by_state(scope)
    money = money_by_year(scope)
    articles = obligations_by_article(user)
    sanctions = sanctions_in_force(scope)
    return {
        "total": sum(row.count for row in states),
        "totals": money_totals(money),
        "overdue_total": sum(row.overdue for row in articles),
        "sanctions": latest_sanctions(scope),
        "sanctions_total": sum(row.count for row in sanctions),
        "charts": {
            "states": state_chart(states),
            "money": money_chart(money),
            "obligations": obligations_chart(articles),
            "sanctions": sanctions_chart(sanctions),
        },
    }
