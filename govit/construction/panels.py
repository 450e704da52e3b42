"""The construction panel of the project page: ``project_panel(project, user)`` → context or None.

Shown from procurement on (or as soon as anything of the construction stage exists) to every
reader of the construction record: the latest progress with its schedule and cost colours,
the open incidents and the current baseline version.
"""

from __future__ import annotations

from typing import Any

from .baselines import baseline_for_reading
from .models import Baseline, ChangeRequest
from .selectors import can_read_construction, latest_report, open_incident_count

STAGE_STATES = frozenset(
    {
        "procurement",
        "in_construction",
        "rectifying",
        "suspended",
        "completed",
        "acceptance_applied",
        "accepted",
        "in_operation",
        "self_evaluated",
        "evaluated",
        "retired",
    }
)


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    if not can_read_construction(user, project):
        return None
    if project.state not in STAGE_STATES and not Baseline.objects.filter(project=project).exists():
        return None
    baseline = baseline_for_reading(project)
    original = Baseline.objects.filter(project=project, version=1).first()
    changed = original is not None and baseline.version > 1
    return {
        "project": project,
        "latest": latest_report(project),
        "open_incidents": open_incident_count(project),
        "baseline": baseline,
        # Against the original (version 1): what the project page says of the changes (Art. 19).
        "total_difference": baseline.total - original.total_amount
        if changed and original
        else None,
        "completion_shift_days": (
            (baseline.planned_completion - original.planned_completion).days
            if changed and original and baseline.planned_completion and original.planned_completion
            else None
        ),
        "pending_change": ChangeRequest.objects.filter(
            project=project, state=ChangeRequest.State.SUBMITTED
        ).first(),
    }
