"""The contract filing deadline as an obligation of the owning unit (Art. 16), time frozen.

Recording a signed contract opens a CONTRACT_FILING obligation with the due date the contract
keeps (working days, the signing day not counted); filing it fulfils the obligation with the
same working days late as the contract.  A refused step opens or fulfils nothing.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from govit.audit.models import Event
from govit.contracts.models import Contract
from govit.contracts.services import FILING_RULE, contract_file
from govit.contracts.testing import in_procurement, record_contract
from govit.core.errors import InvalidInput, RuleViolation
from govit.obligations.models import DayCount, Obligation, ObligationKind, ObligationState
from govit.obligations.services import key_of, mark_overdue
from govit.policy.packs import rule
from govit.testing.world import World

from .conftest import moment


def signed_before_national_day(world: World, traveller: time_machine.Coordinates) -> Contract:
    """Approved on 2025-09-01; the construction contract signed and recorded 2025-09-30."""
    project = in_procurement(world)
    traveller.move_to(moment(2025, 9, 30))
    return record_contract(world, project, signed_on=date(2025, 9, 30))


def obligation_of(contract: Contract) -> Obligation:
    return Obligation.objects.get(key=key_of(contract))


def test_a_contract_signed_right_before_national_day_opens_its_filing_after_the_holiday(
    world: World,
) -> None:
    # Signed Tue 2025-09-30; 10-01..10-08 off, Sat 10-11 worked  →  due Tue 2025-10-14.
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)

    obligation = obligation_of(contract)
    assert obligation.key == f"contracts.contract:{contract.pk}"
    assert obligation.kind == ObligationKind.CONTRACT_FILING
    assert (obligation.due_on, obligation.due_provisional) == (date(2025, 10, 14), False)
    assert obligation.due_on == contract.filing_due
    assert obligation.day_count == DayCount.WORKING
    assert obligation.state == ObligationState.OPEN
    assert obligation.opened_on == date(2025, 9, 30)
    assert obligation.article == 16
    assert obligation.project_id == contract.project_id
    assert obligation.responsible == world.police_staff.organisation
    project = contract.project
    assert obligation.pack == rule(project.jurisdiction, FILING_RULE, on=date(2025, 9, 30)).pack
    assert Event.objects.filter(action="obligations.open").count() == 1


def test_a_signing_near_the_year_end_opens_a_provisional_2027_due_date(world: World) -> None:
    # 2027 has no published holiday notice: due Mon 2027-01-04, 暂定.
    with time_machine.travel(moment(2026, 12, 1), tick=False) as traveller:
        project = in_procurement(world)
        traveller.move_to(moment(2026, 12, 30))
        contract = record_contract(world, project, signed_on=date(2026, 12, 28))

    obligation = obligation_of(contract)
    assert (obligation.due_on, obligation.due_provisional) == (date(2027, 1, 4), True)


def test_each_contract_has_its_own_filing_obligation(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        first = signed_before_national_day(world, traveller)
        second = record_contract(
            world,
            first.project,
            number="HT-2026-002",
            amount="100000.00",
            signed_on=date(2025, 9, 30),
        )

    assert Obligation.objects.filter(kind=ObligationKind.CONTRACT_FILING).count() == 2
    assert obligation_of(second).key != obligation_of(first).key


def test_filing_on_the_due_date_fulfils_the_obligation_on_time(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        traveller.move_to(moment(2025, 10, 14, 16))
        filed = contract_file(contract=contract, filed_on=date(2025, 10, 14), by=world.police_staff)

    obligation = obligation_of(contract)
    assert obligation.state == ObligationState.FULFILLED
    assert (obligation.fulfilled_on, obligation.days_late) == (date(2025, 10, 14), 0)
    assert obligation.days_late == filed.days_late
    assert obligation.closed_at is not None


@pytest.mark.parametrize(
    ("filed_on", "late"),
    [
        (date(2025, 10, 15), 1),  # the sixth working day
        (date(2025, 10, 20), 4),  # Wed, Thu, Fri, (weekend), Mon
    ],
)
def test_a_late_filing_fulfils_the_obligation_with_the_contracts_working_days_late(
    world: World, filed_on: date, late: int
) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        traveller.move_to(moment(2025, 10, 21))
        filed = contract_file(contract=contract, filed_on=filed_on, by=world.police_staff)

    obligation = obligation_of(contract)
    assert obligation.state == ObligationState.FULFILLED
    assert obligation.days_late == filed.days_late == late
    assert obligation.fulfilled_on == filed_on


def test_an_overdue_filing_is_fulfilled_late_when_filed(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        traveller.move_to(moment(2025, 10, 16))
        assert mark_overdue(date(2025, 10, 16)) == 1
        assert obligation_of(contract).state == ObligationState.OVERDUE
        filed = contract_file(contract=contract, filed_on=date(2025, 10, 16), by=world.police_staff)

    obligation = obligation_of(contract)
    assert obligation.state == ObligationState.FULFILLED
    assert obligation.days_late == filed.days_late == 2
    assert Event.objects.filter(action="obligations.fulfil").count() == 1


def test_a_refused_recording_opens_nothing(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False):
        project = in_procurement(world)
        with pytest.raises(RuleViolation):
            record_contract(world, project, amount="9999999.00")  # above the approved amount
        with pytest.raises(InvalidInput):
            record_contract(world, project, signed_on=date(2025, 9, 2))  # in the future

    assert not Contract.objects.exists()
    assert not Obligation.objects.exists()
    assert not Event.objects.filter(action="obligations.open").exists()


def test_a_refused_filing_leaves_the_obligation_open(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        with pytest.raises(InvalidInput):
            contract_file(contract=contract, filed_on=date(2025, 9, 29), by=world.police_staff)
        with pytest.raises(RuleViolation):
            contract_file(contract=contract, filed_on=date(2025, 9, 30), by=world.bdb_staff)

    obligation = obligation_of(contract)
    assert obligation.state == ObligationState.OPEN
    assert obligation.fulfilled_on is None and obligation.days_late is None
    assert not Event.objects.filter(action="obligations.fulfil").exists()
