"""The funds panel of the project page: ``project_panel(project, user)`` → context or None.

Everyone who sees the project sees its money summary (approved, released, pending,
remaining: Art. 13); those who read its funds (the unit, BDB, Finance, Audit, the leading
group) get the link to the funds page.  Nothing is shown before there is money to speak of
(no approved amount and no batch).
"""

from __future__ import annotations

from typing import Any

from .selectors import can_read_funds, funds_overview


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    overview = funds_overview(project)
    if not overview.approved and not overview.batches:
        return None
    return {
        "project": project,
        "overview": overview,
        "pending": len(overview.pending_batches),
        "can_open": can_read_funds(user, project),
    }
