"""The police project in operation, accepted and live on 2025-08-31 (window 2026-08-31 to
2027-08-31), with two pre-performance indicators; a second evaluator organisation.

Time is frozen inside the tests that depend on "today" (``at(...)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from govit.accounts.models import User
from govit.evaluation.testing import add_indicator, in_operation, second_evaluator
from govit.projects.models import Project
from govit.testing.world import World

SHANGHAI = ZoneInfo("Asia/Shanghai")


@contextmanager
def at(day: date, hour: int = 10) -> Iterator[None]:
    """Freeze the clock on ``day`` in Asia/Shanghai."""
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        yield


@dataclass
class Setup:
    world: World
    project: Project
    other_evaluator: User

    def refresh(self) -> Project:
        self.project = Project.objects.with_owner().get(pk=self.project.pk)
        return self.project


@pytest.fixture
def operating(world: World) -> Setup:
    project = in_operation(world, "police", accepted_on=date(2025, 8, 31))
    add_indicator(project, "系统可用率", "99.9", "%")
    return Setup(world, world.project("police"), second_evaluator(world))


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def field_error(response: Any, field: str) -> str:
    """The error text shown next to ``field`` (``data-field`` marks it)."""
    html = response.content.decode()
    marker = f'data-field="{field}">'
    assert marker in html, f"no error next to {field}: {html[:3000]}"
    return html.split(marker, 1)[1].split("</div>", 1)[0]
