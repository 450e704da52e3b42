"""The systems step of the daily compliance scan (``govit.obligations.scan.SCAN_STEPS``).

For every running system: open the sharing retrofit obligation of a system that does not
share (Art. 29), the next yearly O&M filing (Art. 3) and, from MLPS level 3, the next MLPS
assessment (Art. 31) and cryptography evaluation (Art. 32); fulfil the retrofit of a system
that shares again.  Each system is handled in its own transaction with its row locked; keys
make the step idempotent (the same scan twice, or two at once, open each obligation once).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from govit.projects.models import Project

from .models import InformationSystem, SystemStatus
from .selectors import _detailed
from .services import sync_obligations


def open_obligations(today: date) -> dict[str, int]:
    checked = opened = 0
    ids = list(
        InformationSystem.objects.filter(status=SystemStatus.RUNNING)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            locked = InformationSystem.objects.select_for_update().filter(pk=pk).first()
            if locked is None or locked.status != SystemStatus.RUNNING:
                continue
            system = _detailed(InformationSystem.objects.filter(pk=pk)).get()
            project = Project.objects.with_owner().get(pk=system.project_id)
            opened += sync_obligations(system, project, today=today)
            checked += 1
    return {"systems_checked": checked, "system_obligations_opened": opened}
