from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from govit.obligations.models import DayCount, Obligation, ObligationKind
from govit.obligations.scan import run_scan
from govit.obligations.services import obligation_fulfil
from govit.obligations.testing import open_for
from govit.testing.world import World

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    """A moment in Beijing time, for ``time_machine.travel``."""
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


# --- a small set of obligations on 2026-11-27 ---------------------------------------------------


TODAY = date(2026, 11, 27)


@dataclass
class Duties:
    """On Fri 2026-11-27, after the scan:

    | key              | project   | kind                   | due        | state              |
    |------------------|-----------|------------------------|------------|--------------------|
    | police_late      | police    | contract_filing (wd)   | 2026-11-20 | overdue (5 wd)     |
    | police_open      | police    | acceptance_application | 2027-01-05 | open (暂定)        |
    | police_done      | police    | self_evaluation        | 2026-11-10 | fulfilled on time  |
    | education_open   | education | acceptance_application | 2026-12-01 | open (4 days left) |
    | caoxian_late     | caoxian   | incident_rectification | 2026-11-25 | overdue (2 days)   |
    """

    world: World
    police_late: Obligation
    police_open: Obligation
    police_done: Obligation
    education_open: Obligation
    caoxian_late: Obligation

    def refresh(self) -> None:
        for name in ("police_late", "police_open", "police_done", "education_open", "caoxian_late"):
            getattr(self, name).refresh_from_db()

    def client(self, persona: str) -> Client:
        client = Client()
        client.force_login(self.world.persona(persona))
        return client


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(at(2026, 11, 27), tick=False):
        yield


def make_duties(world: World) -> Duties:
    duties = Duties(
        world=world,
        police_late=open_for(
            world,
            "police",
            kind=ObligationKind.CONTRACT_FILING,
            due_on=date(2026, 11, 20),
            day_count=DayCount.WORKING,
            opened_on=date(2026, 11, 13),
        ),
        police_open=open_for(world, "police", due_on=date(2027, 1, 5), due_provisional=True),
        police_done=open_for(
            world, "police", kind=ObligationKind.SELF_EVALUATION, due_on=date(2026, 11, 10)
        ),
        education_open=open_for(world, "education", due_on=date(2026, 12, 1)),
        caoxian_late=open_for(
            world, "caoxian", kind=ObligationKind.INCIDENT_RECTIFICATION, due_on=date(2026, 11, 25)
        ),
    )
    obligation_fulfil(key=duties.police_done.key, on=date(2026, 11, 9))
    run_scan(TODAY)
    duties.refresh()
    return duties


@pytest.fixture
def duties(world: World, frozen: None) -> Duties:
    return make_duties(world)
