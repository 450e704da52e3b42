"""Obligations for tests: open them directly on the world's projects (the mechanism's own tests
do not depend on which stage opens them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from govit.policy.calendar import add_working_days
from govit.policy.packs import rule
from govit.testing.world import World

from .models import DayCount, Obligation, ObligationKind
from .services import obligation_open

FILING_RULE = "contract_filing_working_days"


def open_for(
    world: World,
    project_key: str,
    *,
    kind: str = ObligationKind.ACCEPTANCE_APPLICATION,
    due_on: date,
    suffix: str = "",
    opened_on: date | None = None,
    due_provisional: bool = False,
    day_count: str = DayCount.CALENDAR,
) -> Obligation:
    """An obligation of ``kind`` on the world's project, its owner responsible."""
    project = world.project(project_key)
    return obligation_open(
        kind=kind,
        key=f"test.{project_key}:{kind}{':' + suffix if suffix else ''}",
        title=f"{project.name}·{ObligationKind(kind).label}{suffix}",
        responsible=project.organisation,
        due_on=due_on,
        project=project,
        opened_on=opened_on,
        due_provisional=due_provisional,
        day_count=day_count,
    )


def open_contract_filing(
    world: World, project_key: str, *, signed_on: date, suffix: str = ""
) -> Any:
    """A contract-filing obligation as Art. 16 sets it: the Nth working day after signing
    (N from the policy pack in force on the signing day), provisional when a year without an
    entered holiday schedule was judged."""
    project = world.project(project_key)
    filing = rule(project.jurisdiction, FILING_RULE, on=signed_on)
    answer = add_working_days(signed_on, filing.as_int())
    return obligation_open(
        kind=ObligationKind.CONTRACT_FILING,
        key=f"test.{project_key}:contract{':' + suffix if suffix else ''}",
        title=f"{project.name}·合同备案{suffix}",
        responsible=project.organisation,
        due_on=answer.date,
        due_provisional=answer.provisional,
        day_count=DayCount.WORKING,
        project=project,
        opened_on=signed_on,
        pack=filing.pack,
    )
