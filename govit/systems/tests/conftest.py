"""The police project (市公安局) in construction; moments in Asia/Shanghai for frozen time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from govit.projects.models import Project
from govit.systems.testing import in_construction
from govit.testing.world import World

SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(year: int, month: int, day: int, hour: int = 10) -> datetime:
    """A moment in Asia/Shanghai, for ``time_machine.travel(..., tick=False)``."""
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def project(world: World) -> Project:
    return in_construction(world)
