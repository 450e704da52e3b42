"""The contracts section of the project page: ``project_panel(project, user)`` → context or None.

The owning unit, BDB, Finance and Audit see how many contracts are on record, their total
against the approved amount (Art. 19) and how many are unfiled or late (Art. 16).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .selectors import RECORDING_STATES, can_read_contracts, can_record, contract_summary


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    if not can_read_contracts(user, project):
        return None
    summary = contract_summary(project, today=timezone.localdate())
    if not summary.count and project.state not in RECORDING_STATES:
        return None  # before procurement there is nothing to show
    return {
        "project": project,
        "summary": summary,
        "can_record": can_record(user, project) and project.state in RECORDING_STATES,
    }
