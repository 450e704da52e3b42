"""Construction starts on a recorded construction contract (Art. 15, 16): the guard of
``start_construction`` (procurement → in_construction)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from govit.contracts.models import ContractKind
from govit.contracts.rules import contract_recorded
from govit.contracts.testing import record_contract
from govit.core.errors import RuleViolation
from govit.projects.models import Project
from govit.projects.services import project_transition
from govit.projects.workflow import PROJECT_MACHINE
from govit.testing.world import World


def test_construction_cannot_start_without_a_recorded_contract(
    world: World, procurement: Project
) -> None:
    with pytest.raises(RuleViolation) as refused:
        project_transition(
            project=procurement, transition="start_construction", by=world.police_staff
        )

    assert refused.value.decision.article == 16
    assert refused.value.message.startswith("尚未登记建设合同：请先在「合同备案」页面登记")
    assert world.project("police").state == "procurement"


def test_a_supervision_contract_alone_does_not_open_construction(
    world: World, procurement: Project
) -> None:
    record_contract(world, procurement, kind=ContractKind.SUPERVISION, number="JL-1", amount="1")

    decision = contract_recorded(procurement, world.police_staff)
    assert not decision.allowed and decision.article == 16


def test_construction_starts_once_the_construction_contract_is_recorded(
    world: World, procurement: Project
) -> None:
    record_contract(world, procurement)

    option = {
        o.transition.code: o for o in PROJECT_MACHINE.options(procurement, world.police_staff)
    }["start_construction"]
    assert option.allowed
    started = project_transition(
        project=procurement, transition="start_construction", by=world.police_staff
    )
    assert started.state == "in_construction"
    assert started.construction_started_on == timezone.localdate()
