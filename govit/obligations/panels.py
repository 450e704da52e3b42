"""The obligations section of the project page: ``project_panel(project, user)`` → context or None.

Every deadline of the project (contract filing, acceptance, self-evaluation, rectification,
sharing retrofit, MLPS, crypto, O&M filing …) with its state, due date — 暂定 while the
holidays of its year are not published — responsible organisation, article and days left or
late.  Scoped like the obligations list: the unit sees what it is responsible for, BDB, Audit,
Finance, the crypto authority and the leading group every obligation of their jurisdiction;
other roles (experts, NDRC, evaluators …) get no section.  Two queries (the obligations and
the working-day calendar) whatever the number.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Case, IntegerField, When

from govit.accounts.roles import JURISDICTION_READERS, Role

from .links import obligation_rows
from .models import ObligationState
from .selectors import obligations_for

READERS = frozenset({Role.UNIT_STAFF, Role.UNIT_LEADER, *JURISDICTION_READERS})

# Overdue first, then open by due date, then the closed ones.
_URGENCY = Case(
    When(state=ObligationState.OVERDUE, then=0),
    When(state=ObligationState.OPEN, then=1),
    default=2,
    output_field=IntegerField(),
)


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    if not user.effective_roles & READERS:
        return None
    obligations = obligations_for(user).filter(project=project).order_by(_URGENCY, "due_on", "id")
    rows = obligation_rows(obligations)
    counts = Counter(row["o"].state for row in rows)
    return {
        "project": project,
        "rows": rows,
        "counts": {state.value: counts[state.value] for state in ObligationState},
    }
