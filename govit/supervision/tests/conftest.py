"""The police project (菏泽市公安局) in procurement or in construction, with the clock frozen
in Heze on 2026-11-27 10:00 (a Friday), and helpers to sign in.

``procurement``: reviewed, approved (1,540,000 yuan: 服务器 340,000 + 业务系统开发 1,200,000)
and in procurement — fundable.  ``building``: the same in construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from rest_framework.test import APIClient

from govit.projects.models import Project
from govit.supervision.testing import in_construction, in_procurement
from govit.testing.world import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 27)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@dataclass
class Setup:
    world: World
    project: Project

    def refresh(self) -> Project:
        self.project = Project.objects.with_owner().get(pk=self.project.pk)
        return self.project


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to(at(TODAY), tick=False)
    return time_machine


@pytest.fixture
def procurement(frozen: Any, world: World) -> Setup:
    return Setup(world, in_procurement(world))


@pytest.fixture
def building(frozen: Any, world: World) -> Setup:
    return Setup(world, in_construction(world))


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def field_error(response: Any, field: str) -> str:
    """The error shown next to ``field`` on a page (``data-field`` marks it)."""
    html = response.content.decode()
    marker = f'data-field="{field}">'
    assert marker in html, f"no error next to {field}: {html[:3000]}"
    return html.split(marker, 1)[1].split("</div>", 1)[0]
