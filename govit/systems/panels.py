"""The systems section of the project page: ``project_panel(project, user)`` → context or None.

The owning unit, BDB, Audit and the crypto authority see how many systems the project has,
how many run, and how many running ones do not share (Art. 29, 30: funds stop).
"""

from __future__ import annotations

from typing import Any

from .models import SystemStatus
from .selectors import REGISTER_STATES, can_maintain, can_read_systems, is_sharing, systems_of


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    if not can_read_systems(user, project):
        return None
    systems = list(systems_of(project))
    if not systems and project.state not in REGISTER_STATES:
        return None  # before construction there is nothing to show
    running = [s for s in systems if s.status == SystemStatus.RUNNING]
    return {
        "project": project,
        "count": len(systems),
        "running": len(running),
        "not_sharing": sum(1 for s in running if not is_sharing(s)),
        "can_maintain": can_maintain(user, project) and project.state in REGISTER_STATES,
    }
