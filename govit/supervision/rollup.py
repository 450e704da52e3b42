"""The compliance side of the performance roll-up (Art. 37): per department and year.

- overdue obligations: of which the department is the responsible organisation, due in the
  year, now overdue or fulfilled late (``days_late > 0``) — waived ones do not count;
- sanctions: decided in the year on the department's projects (lifted ones included).

Each is one aggregate query for the whole jurisdiction (set-based, whatever its size); the
inputs (which obligations, which sanctions) are one query each more, for the ranking page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from govit.obligations.models import Obligation, ObligationState

from .models import Sanction


@dataclass(frozen=True)
class Compliance:
    organisation_id: int
    organisation: str
    overdue: int = 0
    sanctions: int = 0


def _overdue(jurisdiction_id: int, year: int) -> QuerySet[Obligation]:
    return Obligation.objects.filter(jurisdiction_id=jurisdiction_id, due_on__year=year).filter(
        Q(state=ObligationState.OVERDUE) | Q(state=ObligationState.FULFILLED, days_late__gt=0)
    )


def _sanctions(jurisdiction_id: int, year: int) -> QuerySet[Sanction]:
    return Sanction.objects.filter(
        project__jurisdiction_id=jurisdiction_id,
        decided_on__gte=date(year, 1, 1),
        decided_on__lte=date(year, 12, 31),
    )


def compliance_by_department(jurisdiction_id: int, year: int) -> dict[int, Compliance]:
    """Overdue obligation and sanction counts by organisation: two queries."""
    counts: dict[int, dict[str, Any]] = {}
    for row in (
        _overdue(jurisdiction_id, year)
        .values("responsible_id", "responsible__name")
        .annotate(n=Count("id"))
        .order_by()
    ):
        entry = counts.setdefault(row["responsible_id"], {"name": row["responsible__name"]})
        entry["overdue"] = row["n"]
    for row in (
        _sanctions(jurisdiction_id, year)
        .values("project__organisation_id", "project__organisation__name")
        .annotate(n=Count("id"))
        .order_by()
    ):
        entry = counts.setdefault(
            row["project__organisation_id"], {"name": row["project__organisation__name"]}
        )
        entry["sanctions"] = row["n"]
    return {
        org_id: Compliance(
            org_id, entry["name"], entry.get("overdue", 0), entry.get("sanctions", 0)
        )
        for org_id, entry in counts.items()
    }


def overdue_inputs(jurisdiction_id: int, year: int) -> list[Obligation]:
    """The overdue and late-fulfilled obligations behind the counts."""
    return list(
        _overdue(jurisdiction_id, year)
        .select_related("responsible", "project")
        .order_by("responsible__name", "due_on", "id")
    )


def sanction_inputs(jurisdiction_id: int, year: int) -> list[Sanction]:
    """The sanctions behind the counts."""
    return list(
        _sanctions(jurisdiction_id, year)
        .select_related("project__organisation")
        .order_by("project__organisation__name", "decided_on", "id")
    )
