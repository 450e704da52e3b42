"""The post-evaluation panel of the project page: ``project_panel(project, user)`` → context.

Shown once the project is accepted or live (or past that stage): the self-evaluation window
with its status (Art. 24), the self score, and the third-party scores the reader may see (an
evaluator only its own).  Before that: nothing, and no query.
"""

from __future__ import annotations

from typing import Any

from govit.projects.rules import is_owner_staff

from .selectors import (
    EVALUABLE_STATES,
    evaluation_overview,
    is_bdb,
    open_assignment,
)

SHOWN_STATES = frozenset({"in_operation", "self_evaluated", "evaluated", "retired"})


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    if (
        project.state not in SHOWN_STATES
        and project.accepted_on is None
        and project.go_live_on is None
    ):
        return None
    overview = evaluation_overview(user, project)
    can_commission = (
        is_bdb(user, project)
        and project.state in EVALUABLE_STATES
        and open_assignment(project) is None
    )
    return {
        "project": project,
        "overview": overview,
        "can_self_evaluate": is_owner_staff(user, project) and project.state == "in_operation",
        "can_commission": can_commission,
        "my_open": [
            a
            for a in overview.assignments
            if a.is_open and a.evaluator_id == getattr(user, "organisation_id", None)
        ],
    }
