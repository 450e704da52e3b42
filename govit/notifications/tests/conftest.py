"""Heze's police department gets notices: 经办人 police_staff (with an email address) and
负责人 police_leader (without one)."""

from __future__ import annotations

import pytest

from govit.testing.world import World

from ..testing import give_emails


@pytest.fixture
def heze(world: World) -> World:
    give_emails(world, ["police_staff", "bdb_staff"])
    return world
