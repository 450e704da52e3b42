"""The outbox worker: claims rows, sends each once, retries a failure up to three times."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from govit.notifications.models import MAX_ATTEMPTS, OutboxMessage, OutboxState
from govit.notifications.outbox import claim, send_pending
from govit.notifications.services import notify
from govit.notifications.tasks import send_outbox
from govit.notifications.testing import FlakyBackend, give_emails
from govit.testing.world import World

FLAKY = "govit.notifications.testing.FlakyBackend"


def queue(world: World, count: int = 1) -> list[OutboxMessage]:
    users = give_emails(world, ["police_staff", "police_leader", "education_staff"][:count])
    notify(users=users, subject="合同备案提醒", body="请在 2026-10-13 前备案。", link="/p/1/")
    return list(OutboxMessage.objects.order_by("id"))


@pytest.fixture
def flaky(settings: Any) -> Iterator[type[FlakyBackend]]:
    settings.EMAIL_BACKEND = FLAKY
    FlakyBackend.failures = 0
    yield FlakyBackend
    FlakyBackend.failures = 0


def test_pending_emails_are_sent_once_and_marked_sent(world: World) -> None:
    queue(world, 3)

    assert send_pending() == 3
    assert send_pending() == 0

    assert sorted(m.to[0] for m in mail.outbox) == [
        "education_staff@heze.gov.cn",
        "police_leader@heze.gov.cn",
        "police_staff@heze.gov.cn",
    ]
    assert mail.outbox[0].subject == "合同备案提醒"
    rows = OutboxMessage.objects.all()
    assert {(m.state, m.attempts) for m in rows} == {(OutboxState.SENT, 1)}
    assert all(m.sent_at is not None and m.claimed_at is not None for m in rows)


def test_the_limit_bounds_a_batch_oldest_first(world: World) -> None:
    first, *_ = queue(world, 3)

    assert send_pending(limit=1) == 1
    assert mail.outbox[0].to == [first.to_address]
    assert OutboxMessage.objects.filter(state=OutboxState.PENDING).count() == 2


def test_a_claimed_row_is_not_claimed_again(world: World) -> None:
    queue(world, 2)

    _, mine = claim(10)
    _, theirs = claim(10)

    assert len(mine) == 2 and theirs == []
    assert send_pending() == 0  # rows in ``sending`` belong to the worker that claimed them
    assert mail.outbox == []


def test_a_failed_send_is_retried_on_the_next_run(world: World, flaky: Any) -> None:
    (message,) = queue(world, 1)
    flaky.failures = 1

    assert send_pending() == 0
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.PENDING, 1)
    assert "ConnectionRefusedError" in message.last_error

    assert send_pending() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (OutboxState.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_after_three_failed_attempts_the_email_stays_failed(world: World, flaky: Any) -> None:
    (message,) = queue(world, 1)
    flaky.failures = 10

    for _ in range(MAX_ATTEMPTS + 2):
        assert send_pending() == 0

    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.FAILED, MAX_ATTEMPTS)
    assert flaky.failures == 10 - MAX_ATTEMPTS  # never tried a fourth time
    assert message.notification.read_at is None  # the inbox row is still there to read


def test_the_command_sends_and_prints_a_summary(world: World) -> None:
    queue(world, 2)
    out = StringIO()

    call_command("send_outbox", stdout=out)

    assert "已发送 2 封；待发送 0，发送失败 0" in out.getvalue()
    assert len(mail.outbox) == 2


def test_the_celery_task_runs_the_same_step(world: World) -> None:
    queue(world, 1)

    assert send_outbox.apply().get() == 1
    assert len(mail.outbox) == 1
