"""Where each obligation is fulfilled: the page of the project step it belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import Obligation, ObligationKind
from .selectors import remaining

# The stage page (name, with the project pk as its only argument) where each kind is done.
STEP_URLS: dict[str, str] = {
    ObligationKind.CONTRACT_FILING: "contracts:project",
    ObligationKind.ACCEPTANCE_APPLICATION: "acceptance:project",
    ObligationKind.SELF_EVALUATION: "evaluation:project",
    ObligationKind.INCIDENT_RECTIFICATION: "construction:incidents",
    ObligationKind.SUPERVISION_RECTIFICATION: "supervision:project",
    ObligationKind.SHARING_RETROFIT: "systems:project",
    ObligationKind.MLPS_ASSESSMENT: "systems:project",
    ObligationKind.CRYPTO_ASSESSMENT: "systems:project",
    ObligationKind.OM_FILING: "systems:project",
}


def step_url(obligation: Obligation) -> str:
    """The project step's page (the project page when the kind has no page of its own);
    empty for an obligation that belongs to no project."""
    if obligation.project_id is None:
        return ""
    name = STEP_URLS.get(obligation.kind, "projects:detail")
    try:
        return reverse(name, args=[obligation.project_id])
    except NoReverseMatch:
        return reverse("projects:detail", args=[obligation.project_id])


def obligation_rows(obligations: Iterable[Obligation]) -> list[dict[str, Any]]:
    """Each obligation with its days left / overdue (``Remaining``) and its step's link."""
    items = list(obligations)
    left = remaining(items, timezone.localdate())
    return [{"o": o, "left": left.get(o.pk), "url": step_url(o)} for o in items]
