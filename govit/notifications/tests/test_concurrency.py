"""Two workers at once, on PostgreSQL: each email is sent once, each notice queued once.

SQLite serialises writers (IMMEDIATE transactions), so the race is only real on PostgreSQL;
`make test-postgres` runs these.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.db import connection, connections

from govit.audit.models import Event
from govit.audit.services import verify
from govit.notifications.models import (
    Notification,
    NotificationKind,
    ObligationNotice,
    OutboxMessage,
    OutboxState,
)
from govit.notifications.outbox import send_pending
from govit.notifications.services import notify
from govit.notifications.testing import give_emails, open_obligation
from govit.obligations.scan import run_scan
from govit.testing.world import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the race is real on PostgreSQL only"
    ),
]


def _together(workers: int, work: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(workers)
    results: list[Any] = [None] * workers

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work()
        except Exception as error:  # reported by the assertion below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_four_senders_at_once_send_each_email_exactly_once() -> None:
    world = build_world(with_projects=False)
    (staff,) = give_emails(world, ["police_staff"])
    for index in range(60):
        notify(users=[staff], subject=f"通知 #{index}", body="内容")

    def drain() -> int:
        total = 0
        while sent := send_pending(limit=7):
            total += sent
        return total

    results = _together(4, drain)

    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 60
    assert Counter(m.subject for m in mail.outbox) == {f"通知 #{i}": 1 for i in range(60)}
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {(OutboxState.SENT, 1)}


def test_two_scans_at_once_queue_each_notice_exactly_once() -> None:
    world = build_world()
    give_emails(world, ["police_staff"])
    for index in range(10):
        open_obligation(world, due_on=date(2026, 10, 9), suffix=f"-soon-{index}")
        open_obligation(world, due_on=date(2026, 9, 25), suffix=f"-late-{index}")

    results = _together(2, lambda: run_scan(date(2026, 9, 29)).counts)

    assert all(isinstance(r, dict) for r in results), results
    assert sum(r["reminders_queued"] for r in results) == 10
    assert sum(r["overdue_notices_queued"] for r in results) == 10
    assert ObligationNotice.objects.count() == 20
    assert (
        Counter(Notification.objects.values_list("obligation", "kind")).most_common(1)[0][1] == 2
    )  # police_staff and police_leader, once each
    assert Notification.objects.filter(kind=NotificationKind.REMINDER).count() == 20
    assert Event.objects.filter(action="notifications.notify").count() == 20
    assert OutboxMessage.objects.count() == 20
    assert verify().intact
