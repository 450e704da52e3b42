"""The filing deadline on the working-day calendar (Art. 16), with time frozen.

"签订正式采购合同5个工作日内" — the signing day is not counted; holidays and adjusted working
days (调休) come from the seeded Holiday table.  For 2025's National Day and Mid-Autumn
holiday the State Council's notice gives: 10-01 (Wed) to 10-08 (Wed) off, and Sunday 09-28
and Saturday 10-11 worked.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from govit.audit.models import Event
from govit.contracts.models import Contract
from govit.contracts.services import contract_file
from govit.contracts.testing import in_procurement, record_contract
from govit.core.errors import InvalidInput, RuleViolation
from govit.policy.calendar import working_days_between
from govit.projects.models import Project
from govit.projects.services import project_transition
from govit.testing.world import World

from .conftest import moment


def signed_before_national_day(world: World, traveller: time_machine.Coordinates) -> Contract:
    """Approved on 2025-09-01; the construction contract signed and recorded 2025-09-30."""
    project = in_procurement(world)
    traveller.move_to(moment(2025, 9, 30))
    return record_contract(world, project, signed_on=date(2025, 9, 30))


def test_the_working_day_calendar_counts_the_half_open_interval(db: None) -> None:
    # Written first: days late = working days in (due, filed], so filing on the due date is 0
    # and on the next working day 1 — and the holiday in between does not count.
    assert working_days_between(date(2025, 10, 14), date(2025, 10, 14)).count == 0
    assert working_days_between(date(2025, 10, 14), date(2025, 10, 15)).count == 1
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 9)).count == 1


def test_a_contract_signed_right_before_national_day_is_due_after_the_holiday(
    world: World,
) -> None:
    # Signed Tuesday 2025-09-30.  Working days after it: 10-01..10-08 holiday (0);
    # Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 adjusted working day (3), Sun 10-12 no,
    # Mon 10-13 (4), Tue 10-14 (5)  →  due 2025-10-14.
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)

    assert contract.filing_due == date(2025, 10, 14)
    assert contract.filing_due_provisional is False
    assert contract.filing_working_days == 5


def test_the_adjusted_sunday_before_national_day_counts_as_a_working_day(world: World) -> None:
    # Signed Friday 2025-09-26: Sun 09-28 adjusted working day (1), Mon 09-29 (2),
    # Tue 09-30 (3), 10-01..10-08 holiday, Thu 10-09 (4), Fri 10-10 (5)  →  due 2025-10-10.
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        project = in_procurement(world)
        traveller.move_to(moment(2025, 9, 26))
        contract = record_contract(world, project, signed_on=date(2025, 9, 26))

    assert contract.filing_due == date(2025, 10, 10)


def test_a_contract_filed_on_the_due_date_is_on_time(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        traveller.move_to(moment(2025, 10, 14, 16))
        filed = contract_file(contract=contract, filed_on=date(2025, 10, 14), by=world.police_staff)

    assert filed.filed_on == date(2025, 10, 14)
    assert filed.days_late == 0 and not filed.filed_late
    assert filed.filed_by_id == world.police_staff.pk


def test_contract_filed_on_sixth_working_day_is_late(world: World) -> None:
    # Due Tue 2025-10-14 (the fifth working day); Wed 10-15 is the sixth: 1 working day late.
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        traveller.move_to(moment(2025, 10, 15))
        filed = contract_file(contract=contract, filed_on=date(2025, 10, 15), by=world.police_staff)

    assert filed.days_late == 1 and filed.filed_late


def test_days_late_skip_the_weekend(world: World) -> None:
    # Due Tue 10-14; filed Mon 10-20: Wed 15, Thu 16, Fri 17, (Sat 18, Sun 19), Mon 20 → 4.
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        traveller.move_to(moment(2025, 10, 21))
        filed = contract_file(contract=contract, filed_on=date(2025, 10, 20), by=world.police_staff)

    assert filed.days_late == 4


def test_filing_writes_a_history_event(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        traveller.move_to(moment(2025, 10, 15))
        contract_file(contract=contract, filed_on=date(2025, 10, 15), by=world.police_staff)

    event = Event.objects.get(action="contracts.file")
    assert event.object_id == str(contract.project_id)
    assert event.after == {
        "contract_id": contract.pk,
        "number": contract.number,
        "filed_on": "2025-10-15",
        "filing_due": "2025-10-14",
        "days_late": 1,
    }


def test_a_signing_near_the_year_end_has_a_provisional_due_date_in_2027(world: World) -> None:
    # No holiday schedule for 2027 is published (chinese-calendar stops at 2026): 2027 days
    # are judged on weekends only.  Signed Mon 2026-12-28: Tue 29 (1), Wed 30 (2), Thu 31 (3),
    # Fri 2027-01-01 (4 — a weekday, though New Year's Day will surely be a holiday),
    # Mon 01-04 (5)  →  due 2027-01-04, 暂定.
    with time_machine.travel(moment(2026, 12, 1), tick=False) as traveller:
        project = in_procurement(world)
        traveller.move_to(moment(2026, 12, 30))
        contract = record_contract(world, project, signed_on=date(2026, 12, 28))

    assert contract.filing_due == date(2027, 1, 4)
    assert contract.filing_due_provisional is True


def test_a_signing_whose_deadline_stays_in_2026_is_not_provisional(world: World) -> None:
    # Signed Mon 2026-12-21: 22, 23, 24, 25, 28  →  due 2026-12-28, all in a published year.
    with time_machine.travel(moment(2026, 12, 1), tick=False) as traveller:
        project = in_procurement(world)
        traveller.move_to(moment(2026, 12, 21))
        contract = record_contract(world, project, signed_on=date(2026, 12, 21))

    assert (contract.filing_due, contract.filing_due_provisional) == (date(2026, 12, 28), False)


# --- filing refusals --------------------------------------------------------------------------
def test_a_filing_date_before_the_signing_is_refused(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        with pytest.raises(InvalidInput) as refused:
            contract_file(contract=contract, filed_on=date(2025, 9, 29), by=world.police_staff)

    assert refused.value.field == "filed_on"
    assert refused.value.message == (
        "备案日期（2025-09-29）早于合同签订日期（2025-09-30），请核对日期：合同须签订后才能备案"
    )
    contract.refresh_from_db()
    assert contract.filed_on is None and contract.days_late is None
    assert not Event.objects.filter(action="contracts.file").exists()


def test_a_filing_date_in_the_future_is_refused(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        with pytest.raises(InvalidInput) as refused:
            contract_file(contract=contract, filed_on=date(2025, 10, 1), by=world.police_staff)

    assert refused.value.field == "filed_on"
    assert refused.value.message.startswith("备案日期（2025-10-01）晚于今天（2025-09-30）")
    assert not Contract.objects.filter(filed_on__isnull=False).exists()


def test_a_contract_is_filed_once(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        traveller.move_to(moment(2025, 10, 9))
        contract_file(contract=contract, filed_on=date(2025, 10, 9), by=world.police_staff)
        with pytest.raises(InvalidInput) as refused:
            contract_file(contract=contract, filed_on=date(2025, 10, 9), by=world.police_staff)

    assert refused.value.message == "该合同已于 2025-10-09 备案，不能重复备案"
    assert Event.objects.filter(action="contracts.file").count() == 1


@pytest.mark.parametrize("persona", ["bdb_staff", "police_leader", "education_staff"])
def test_only_the_owning_units_staff_file(world: World, persona: str) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        contract = signed_before_national_day(world, traveller)
        with pytest.raises(RuleViolation) as refused:
            contract_file(contract=contract, filed_on=date(2025, 9, 30), by=world.persona(persona))

    assert refused.value.decision.article == 16
    assert refused.value.message == "只有项目建设单位的经办人可以办理合同备案（第十六条）"


# --- a filed project (备案, Art. 3, 12): the registration is its approval ---------------------
def filed_project_in_procurement(world: World, traveller: time_machine.Coordinates) -> Project:
    """The education project as a filing (备案) project, registered by BDB on 2026-03-02."""
    project = world.ready_to_submit("education")
    Project.objects.filter(pk=project.pk).update(procedure="filing")
    project = world.project("education")
    project = project_transition(project=project, transition="submit", by=world.education_staff)
    project = project_transition(project=project, transition="sign_off", by=world.education_leader)
    traveller.move_to(moment(2026, 3, 2))
    project = project_transition(project=project, transition="register", by=world.bdb_staff)
    project_transition(project=project, transition="start_procurement", by=world.education_staff)
    return world.project("education")


def test_a_filed_project_signs_no_earlier_than_its_registration(world: World) -> None:
    with time_machine.travel(moment(2026, 2, 20), tick=False) as traveller:
        project = filed_project_in_procurement(world, traveller)
        traveller.move_to(moment(2026, 3, 10))
        with pytest.raises(RuleViolation) as refused:
            record_contract(world, project, by=world.education_staff, signed_on=date(2026, 3, 1))
        contract = record_contract(
            world, project, by=world.education_staff, signed_on=date(2026, 3, 2)
        )

    assert refused.value.decision.article == 16
    assert "早于项目批复日期（2026-03-02）" in refused.value.message
    assert project.opinion_date is None
    assert contract.signed_on == date(2026, 3, 2)
