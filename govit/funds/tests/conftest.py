"""The police project in procurement with a signed opinion: 1,540,000 yuan approved,
服务器 340,000 + 业务系统开发 1,200,000 (``govit.funds.testing.in_procurement``).

``county``: the same with 曹县 (371721) taking part: 30 % of construction (462,000 yuan), 40 %
of O&M; its share is released by ``caoxian_finance``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from govit.applications.models import BudgetLine, CountyParticipant
from govit.funds.testing import add_county, in_procurement, lines_of
from govit.projects.models import Project
from govit.testing.world import World


@dataclass
class Funded:
    world: World
    project: Project
    lines: dict[str, BudgetLine]
    county: CountyParticipant | None = None

    def refresh(self) -> Project:
        self.project = Project.objects.with_owner().get(pk=self.project.pk)
        return self.project

    @property
    def server(self) -> BudgetLine:
        return self.lines["服务器"]

    @property
    def development(self) -> BudgetLine:
        return self.lines["业务系统开发"]


@pytest.fixture
def funded(world: World) -> Funded:
    project = in_procurement(world, "police")
    return Funded(world, project, lines_of(project))


@pytest.fixture
def county(funded: Funded) -> Funded:
    funded.county = add_county(funded.project, funded.world.jurisdictions["371721"])
    return funded
