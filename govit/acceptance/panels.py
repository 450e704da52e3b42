"""The acceptance panel of the project page: ``project_panel(project, user)`` → context or None.

Shown once completion is recorded, to everyone who sees the project: the due date (with the
extension state), the days left — or the days late without extension, flagged for BDB and
Finance (Art. 23) — the state of the latest application round, and the filing.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .selectors import acceptance_overview


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    overview = acceptance_overview(project, timezone.localdate())
    if overview.completion is None:
        return None
    return {
        "project": project,
        "status": overview.status,
        "latest_round": overview.latest_round,
        "filing": overview.filing,
    }
