"""A rectification order (Art. 20) as the owning unit's obligation, time frozen.

Today is 2027-03-01 (the ``building`` fixture).  Ordering rectification opens
INCIDENT_RECTIFICATION due on the deadline the BDB leader set (calendar days); the unit's
answer fulfils it.  A refused decision or answer opens or fulfils nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govit.audit.models import Event
from govit.construction import services
from govit.core.errors import InvalidInput, RuleViolation
from govit.obligations.models import DayCount, Obligation, ObligationKind, ObligationState
from govit.obligations.services import key_of, mark_overdue

from .conftest import Building, at
from .test_incidents import answer, rectify, report, suspend

DEADLINE = date(2027, 3, 31)


def test_ordering_rectification_opens_the_obligation_with_the_deadline(
    building: Building,
) -> None:
    incident = rectify(report(building), building)

    obligation = Obligation.objects.get(key=key_of(incident))
    assert obligation.key == f"construction.incident:{incident.pk}"
    assert obligation.kind == ObligationKind.INCIDENT_RECTIFICATION
    assert (obligation.opened_on, obligation.due_on) == (date(2027, 3, 1), DEADLINE)
    assert obligation.due_on == incident.rectification_deadline
    assert obligation.day_count == DayCount.CALENDAR
    assert obligation.article == 20
    assert obligation.state == ObligationState.OPEN
    assert obligation.responsible == building.world.police_staff.organisation
    assert obligation.project_id == building.project.pk
    assert Event.objects.for_object(obligation).get(action="obligations.open").actor_id == (
        building.world.bdb_leader.pk
    )


def test_reporting_and_suspending_open_no_rectification(building: Building) -> None:
    suspend(report(building), building)
    assert not Obligation.objects.exists()


def test_a_refused_decision_opens_nothing(building: Building) -> None:
    incident = report(building)
    with pytest.raises(InvalidInput):
        rectify(incident, building, deadline="2027-03-01")  # not after today
    with pytest.raises(RuleViolation):
        rectify(incident, building, by=building.world.bdb_staff)  # not a leader

    assert not Obligation.objects.exists()


def test_an_answer_before_the_deadline_fulfils_it_on_time(
    building: Building, time_machine: Any
) -> None:
    incident = rectify(report(building), building)
    time_machine.move_to(at(date(2027, 3, 20)), tick=False)
    answer(incident, building)

    obligation = Obligation.objects.get(key=key_of(incident))
    assert obligation.state == ObligationState.FULFILLED
    assert (obligation.fulfilled_on, obligation.days_late) == (date(2027, 3, 20), 0)


def test_an_answer_after_the_deadline_fulfils_it_late(
    building: Building, time_machine: Any
) -> None:
    incident = rectify(report(building), building)
    time_machine.move_to(at(date(2027, 4, 3)), tick=False)
    assert mark_overdue() == 1
    answered = answer(incident, building)

    obligation = Obligation.objects.get(key=key_of(incident))
    assert answered.answered_late
    assert obligation.state == ObligationState.FULFILLED
    assert (obligation.fulfilled_on, obligation.days_late) == (date(2027, 4, 3), 3)


def test_a_second_answer_does_not_change_the_fulfilment(
    building: Building, time_machine: Any
) -> None:
    incident = rectify(report(building), building)
    time_machine.move_to(at(date(2027, 3, 20)), tick=False)
    answer(incident, building)
    time_machine.move_to(at(date(2027, 4, 10)), tick=False)
    services.incident_answer(
        incident=incident, note="补充：已完成全部整改", by=building.world.police_staff
    )

    obligation = Obligation.objects.get(key=key_of(incident))
    assert (obligation.fulfilled_on, obligation.days_late) == (date(2027, 3, 20), 0)
    assert Event.objects.filter(action="obligations.fulfil").count() == 1


def test_a_refused_answer_fulfils_nothing(building: Building) -> None:
    incident = rectify(report(building), building)
    with pytest.raises(RuleViolation):
        services.incident_answer(incident=incident, note="已整改", by=building.world.bdb_staff)
    with pytest.raises(InvalidInput):
        services.incident_answer(incident=incident, note="", by=building.world.police_staff)

    obligation = Obligation.objects.get(key=key_of(incident))
    assert obligation.state == ObligationState.OPEN
    assert not Event.objects.filter(action="obligations.fulfil").exists()
