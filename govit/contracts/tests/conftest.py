"""The police project (市公安局) approved and in procurement; time helpers for deadlines.

The approved amount of the police project is 1,540,000.00 yuan (its two budget lines: 服务器
4 × 85,000 and 业务系统开发 1,200,000, approved as requested).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from govit.contracts.testing import in_procurement
from govit.projects.models import Project
from govit.testing.world import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPROVED = Decimal("1540000.00")


def moment(year: int, month: int, day: int, hour: int = 10) -> datetime:
    """A moment in Asia/Shanghai, for ``time_machine.travel(..., tick=False)``."""
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def procurement(world: World) -> Project:
    return in_procurement(world)
