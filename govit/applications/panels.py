"""The application panel on the project page (the lead includes it)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from govit.accounts.models import User
from govit.projects.models import Project
from govit.projects.rules import dossier_editable

from .selectors import readiness_items


def project_panel(project: Project, user: User) -> dict[str, Any] | None:
    """Context of ``applications/partials/project_panel.html``: requested total, the submission
    checklist and a link to the dossier.  ``project`` has already been reached within scope."""
    readiness = readiness_items(project)
    return {
        "project": project,
        "requested_amount": project.requested_amount,
        "readiness": readiness,
        "ready_count": sum(1 for item in readiness if item.allowed),
        "check_count": len(readiness),
        "can_edit": bool(dossier_editable(project, user)),
        "dossier_url": reverse("applications:dossier", kwargs={"project_pk": project.pk}),
    }
