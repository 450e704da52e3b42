"""The systems section of the project page: ``project_panel(project, user)`` → context or None.

The owning unit, BDB, Audit and the crypto authority see each system of the project with its
sharing and security status: the exchange-platform connection and the sharing interfaces
(Art. 29, 30: a running system that does not share stops the funds), the MLPS level with the
last assessment and the next due date (Art. 31), the last crypto assessment and its next due
date (Art. 32), and the latest O&M filing (Art. 3).  Five queries whatever the number of
systems and records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from .models import (
    CryptoEvaluation,
    InformationSystem,
    InterfaceStatus,
    MlpsAssessment,
    OmFiling,
    SharingInterface,
    SystemStatus,
)
from .selectors import REGISTER_STATES, can_maintain, can_read_systems, is_sharing, systems_of


@dataclass(frozen=True)
class SystemRow:
    system: InformationSystem
    sharing: bool
    interfaces: int
    active_interfaces: int
    mlps: MlpsAssessment | None
    crypto: CryptoEvaluation | None
    om: OmFiling | None
    today: date

    def _overdue(self, record: Any) -> bool:
        return bool(record is not None and record.next_due and record.next_due < self.today)

    @property
    def mlps_overdue(self) -> bool:
        return self._overdue(self.mlps)

    @property
    def crypto_overdue(self) -> bool:
        return self._overdue(self.crypto)

    @property
    def om_overdue(self) -> bool:
        return self._overdue(self.om)


def _latest(records: list[Any]) -> Any:
    return records[0] if records else None


def system_rows(project: Any, today: date) -> list[SystemRow]:
    systems = systems_of(project).prefetch_related(
        Prefetch("interfaces", queryset=SharingInterface.objects.order_by("id")),
        Prefetch(
            "mlps_assessments", queryset=MlpsAssessment.objects.order_by("-assessed_on", "-id")
        ),
        Prefetch(
            "crypto_evaluations",
            queryset=CryptoEvaluation.objects.order_by("-evaluated_on", "-id"),
        ),
        Prefetch("om_filings", queryset=OmFiling.objects.order_by("-filed_on", "-id")),
    )
    rows = []
    for system in systems:
        interfaces = list(system.interfaces.all())
        rows.append(
            SystemRow(
                system=system,
                sharing=is_sharing(system),
                interfaces=len(interfaces),
                active_interfaces=sum(1 for i in interfaces if i.status == InterfaceStatus.ACTIVE),
                mlps=_latest(list(system.mlps_assessments.all())),
                crypto=_latest(list(system.crypto_evaluations.all())),
                om=_latest(list(system.om_filings.all())),
                today=today,
            )
        )
    return rows


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    if not can_read_systems(user, project):
        return None
    rows = system_rows(project, timezone.localdate())
    if not rows and project.state not in REGISTER_STATES:
        return None  # before construction there is nothing to show
    running = [row for row in rows if row.system.status == SystemStatus.RUNNING]
    return {
        "project": project,
        "rows": rows,
        "count": len(rows),
        "running": len(running),
        "not_sharing": sum(1 for row in running if not row.sharing),
        "can_maintain": can_maintain(user, project) and project.state in REGISTER_STATES,
    }
