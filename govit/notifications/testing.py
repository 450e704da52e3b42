"""Test helpers: an obligation of a world project and a flaky email backend."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from govit.accounts.models import User
from govit.obligations.models import DayCount, Obligation, ObligationKind
from govit.obligations.services import obligation_open
from govit.testing.world import World


def open_obligation(
    world: World,
    *,
    due_on: date,
    opened_on: date | None = None,
    project: str = "police",
    kind: str = ObligationKind.CONTRACT_FILING,
    suffix: str = "",
) -> Obligation:
    """An open obligation of the world project ``project`` (its owner is responsible)."""
    record = world.project(project)
    return obligation_open(
        kind=kind,
        key=f"tests.{project}:{kind}:{due_on.isoformat()}{suffix}",
        title=f"{record.name}合同备案",
        responsible=record.organisation,
        due_on=due_on,
        project=record,
        opened_on=opened_on or due_on,
        day_count=DayCount.WORKING,
    )


def give_emails(world: World, personas: Sequence[str]) -> list[User]:
    """Give ``personas`` an email address (the world's users have none)."""
    users = []
    for name in personas:
        User.objects.filter(pk=world.users[name].pk).update(email=f"{name}@heze.gov.cn")
        users.append(world.persona(name))
    return users


class FlakyBackend(LocmemBackend):
    """Django's locmem backend that refuses the first ``failures`` sends (class-wide)."""

    failures = 0

    def send_messages(self, email_messages: Any) -> int:
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("SMTP server refused the connection")
        return super().send_messages(email_messages)
