"""The police project (市公安局) in construction since 2025-03-01, time frozen in Shanghai.

Unless a test travels elsewhere, today is 2025-09-15 (a Monday): construction completed on
2025-08-31 falls due for the acceptance application on 2026-02-28 (Art. 23, 6 months).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from govit.acceptance.testing import completed, in_construction
from govit.projects.models import Project
from govit.testing.world import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2025, 9, 15, 10, 0, tzinfo=SHANGHAI)
COMPLETED_ON = date(2025, 8, 31)
DUE_ON = date(2026, 2, 28)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def building(frozen: Any, world: World) -> Project:
    """The police project, in construction since 2025-03-01."""
    return in_construction(world, "police")


@pytest.fixture
def finished(frozen: Any, world: World) -> Project:
    """The police project, completed on 2025-08-31 (due 2026-02-28)."""
    return completed(world, "police", completed_on=COMPLETED_ON)


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
