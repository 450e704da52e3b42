"""Two scans at the same moment on PostgreSQL: each obligation becomes overdue exactly once.

``mark_overdue`` claims rows with ``select_for_update(skip_locked=True)`` and changes them with
a conditional UPDATE: the second scan skips the rows the first one holds, so no row is changed
or recorded twice.  SQLite serialises writers (IMMEDIATE transactions); this race only means
something on PostgreSQL, so it is skipped elsewhere (``make test-postgres`` runs it).
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from govit.audit.models import Event
from govit.audit.services import verify
from govit.obligations.models import Obligation, ObligationKind, ObligationState
from govit.obligations.scan import ScanSummary, run_scan
from govit.testing.world import build_world

TODAY = date(2026, 11, 27)
COUNT = 1200  # more than two chunks of 500: both scans have work to claim


def _open_many(n: int) -> None:
    world = build_world()
    projects = list(world.projects.values())
    Obligation.objects.bulk_create(
        Obligation(
            kind=ObligationKind.ACCEPTANCE_APPLICATION,
            key=f"test.race:{i}",
            title=f"并发扫描 {i}",
            project=projects[i % len(projects)],
            responsible=projects[i % len(projects)].organisation,
            jurisdiction_id=projects[i % len(projects)].jurisdiction_id,
            article=23,
            opened_on=date(2026, 5, 1),
            due_on=date(2026, 11, 1 + i % 26),
        )
        for i in range(n)
    )


def _race(scans: int) -> list[object]:
    barrier = threading.Barrier(scans)
    outcomes: list[object] = [None] * scans

    def attempt(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = run_scan(TODAY)
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(scans)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_at_once_mark_each_obligation_overdue_exactly_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("skip_locked races need PostgreSQL (make test-postgres)")
    _open_many(COUNT)

    outcomes = _race(2)

    summaries = [o for o in outcomes if isinstance(o, ScanSummary)]
    assert len(summaries) == 2, outcomes
    assert sum(s.overdue for s in summaries) == COUNT
    assert Obligation.objects.filter(state=ObligationState.OVERDUE).count() == COUNT
    assert not Obligation.objects.filter(state=ObligationState.OPEN).exists()
    events = Event.objects.filter(action="obligations.overdue")
    assert events.count() == COUNT
    assert events.values("object_id").distinct().count() == COUNT
    # The same scan again: nothing left to change, nothing recorded.
    assert run_scan(TODAY).overdue == 0
    assert Event.objects.filter(action="obligations.overdue").count() == COUNT
    assert verify().intact
