"""An obligation's life: opened with its due date, fulfilled on time or late (in the rule's own
unit), overdue by the scan, rescheduled, waived by a BDB leader with a reason."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.obligations.models import DayCount, Obligation, ObligationKind, ObligationState
from govit.obligations.scan import run_scan
from govit.obligations.services import (
    key_of,
    obligation_fulfil,
    obligation_open,
    obligation_reschedule,
    obligation_waive,
)
from govit.obligations.testing import open_contract_filing, open_for
from govit.testing.world import World

from .conftest import at


# --- opening ------------------------------------------------------------------------------
@time_machine.travel(at(2026, 9, 28), tick=False)
def test_contract_signed_before_national_day_is_due_on_the_adjusted_saturday(world: World) -> None:
    # 5 working days after Mon 28 Sep 2026: 29, 30 Sep, (1–7 Oct 国庆), 8, 9 and 10 Oct (Sat, 调休上班)
    obligation = open_contract_filing(world, "police", signed_on=date(2026, 9, 28))
    assert obligation.due_on == date(2026, 10, 10)
    assert obligation.due_provisional is False
    assert obligation.day_count == DayCount.WORKING
    assert obligation.article == 16
    assert obligation.state == ObligationState.OPEN
    assert obligation.pack is not None
    assert (
        Event.objects.filter(action="obligations.open", object_id=str(obligation.pk)).count() == 1
    )


@time_machine.travel(at(2026, 12, 28), tick=False)
def test_contract_signed_at_year_end_is_due_provisionally_in_2027(world: World) -> None:
    # The 2027 holiday schedule has not been entered: counted on weekends only → 暂定.
    obligation = open_contract_filing(world, "police", signed_on=date(2026, 12, 28))
    assert obligation.due_on == date(2027, 1, 4)
    assert obligation.due_provisional is True


def test_opening_the_same_key_twice_is_one_obligation(world: World) -> None:
    first = open_for(world, "police", due_on=date(2027, 5, 1))
    again = open_for(world, "police", due_on=date(2027, 6, 1))
    assert again.pk == first.pk and again.due_on == date(2027, 5, 1)
    assert Obligation.objects.count() == 1
    assert Event.objects.filter(action="obligations.open").count() == 1


def test_the_key_names_the_object(world: World) -> None:
    project = world.project("police")
    assert key_of(project) == f"projects.project:{project.pk}"
    assert key_of(project, "acceptance") == f"projects.project:{project.pk}:acceptance"


def test_an_obligation_without_a_project_belongs_to_the_responsible_jurisdiction(
    world: World,
) -> None:
    obligation = obligation_open(
        kind=ObligationKind.OM_FILING,
        key="test.system:1:om:2027",
        title="曹县视频共享平台 2027 年度运维备案",
        responsible=world.organisations["caoxian_police"],
        due_on=date(2027, 3, 31),
    )
    assert obligation.jurisdiction == world.jurisdictions["371721"]
    assert obligation.article == 3


# --- fulfilling ---------------------------------------------------------------------------
@time_machine.travel(at(2026, 10, 10), tick=False)
def test_contract_filed_on_the_adjusted_saturday_is_on_time(world: World) -> None:
    opened = open_contract_filing(world, "police", signed_on=date(2026, 9, 28))
    done = obligation_fulfil(key=opened.key, on=date(2026, 10, 10), by=world.police_staff)
    assert done is not None
    assert done.state == ObligationState.FULFILLED
    assert done.days_late == 0
    assert done.fulfilled_on == date(2026, 10, 10)
    event = Event.objects.get(action="obligations.fulfil", object_id=str(done.pk))
    assert event.after["days_late"] == 0 and event.actor_id == world.users["police_staff"].pk


@time_machine.travel(at(2026, 10, 12), tick=False)
def test_contract_filed_after_the_weekend_is_one_working_day_late(world: World) -> None:
    opened = open_contract_filing(world, "police", signed_on=date(2026, 9, 28))
    # Due Sat 10 Oct; Sun 11 Oct is a rest day; Mon 12 Oct is the first working day after.
    done = obligation_fulfil(key=opened.key, on=date(2026, 10, 12), by=world.police_staff)
    assert done is not None and done.days_late == 1


@time_machine.travel(at(2026, 10, 9), tick=False)
def test_lateness_in_working_days_skips_the_national_day_holiday(world: World) -> None:
    opened = open_for(
        world,
        "police",
        kind=ObligationKind.CONTRACT_FILING,
        due_on=date(2026, 9, 30),
        day_count=DayCount.WORKING,
    )
    # 1–7 Oct are holidays: only Thu 8 and Fri 9 Oct count, not the nine calendar days.
    done = obligation_fulfil(key=opened.key, on=date(2026, 10, 9), by=world.police_staff)
    assert done is not None and done.days_late == 2


@time_machine.travel(at(2026, 10, 9), tick=False)
def test_lateness_in_calendar_days_counts_the_holiday(world: World) -> None:
    opened = open_for(world, "police", due_on=date(2026, 9, 30))
    done = obligation_fulfil(key=opened.key, on=date(2026, 10, 9), by=world.police_staff)
    assert done is not None and done.days_late == 9


@time_machine.travel(at(2027, 1, 6), tick=False)
def test_late_filing_in_a_provisional_year_counts_weekdays(world: World) -> None:
    opened = open_contract_filing(world, "police", signed_on=date(2026, 12, 28))
    assert opened.due_provisional and opened.due_on == date(2027, 1, 4)
    done = obligation_fulfil(key=opened.key, on=date(2027, 1, 6), by=world.police_staff)
    assert done is not None and done.days_late == 2


def test_fulfilling_twice_changes_nothing_the_second_time(world: World) -> None:
    opened = open_for(world, "police", due_on=date(2027, 1, 10))
    obligation_fulfil(key=opened.key, on=date(2027, 1, 5))
    again = obligation_fulfil(key=opened.key, on=date(2027, 2, 5))
    assert again is not None and again.fulfilled_on == date(2027, 1, 5)
    assert Event.objects.filter(action="obligations.fulfil").count() == 1


def test_fulfilling_an_unknown_key_answers_none(world: World) -> None:
    assert obligation_fulfil(key="test.nothing:1", on=date(2027, 1, 5)) is None


# --- overdue ------------------------------------------------------------------------------
@time_machine.travel(at(2026, 11, 27), tick=False)
def test_the_scan_marks_past_due_obligations_overdue_once(world: World) -> None:
    past = open_for(world, "police", due_on=date(2026, 11, 26))
    today = open_for(world, "education", due_on=date(2026, 11, 27))
    summary = run_scan()
    assert summary.overdue == 1
    past.refresh_from_db()
    today.refresh_from_db()
    assert past.state == ObligationState.OVERDUE
    assert past.overdue_since == date(2026, 11, 27)
    assert today.state == ObligationState.OPEN  # the due date itself is still in time
    event = Event.objects.get(action="obligations.overdue")
    assert event.object_id == str(past.pk) and event.actor is None


@time_machine.travel(at(2026, 12, 3), tick=False)
def test_an_overdue_obligation_fulfilled_later_is_fulfilled_late(world: World) -> None:
    opened = open_for(world, "police", due_on=date(2026, 11, 26))
    run_scan(date(2026, 11, 27))
    done = obligation_fulfil(key=opened.key, on=date(2026, 12, 3), by=world.police_staff)
    assert done is not None
    assert done.state == ObligationState.FULFILLED and done.days_late == 7
    assert done.overdue_since == date(2026, 11, 27)  # the record of having been overdue stays


@time_machine.travel(at(2026, 11, 27), tick=False)
def test_rescheduling_an_overdue_obligation_to_a_future_date_reopens_it(world: World) -> None:
    opened = open_for(world, "police", due_on=date(2026, 11, 20))
    run_scan()
    moved = obligation_reschedule(
        key=opened.key, due_on=date(2027, 2, 1), reason="延期申请已批准", by=world.bdb_leader
    )
    assert moved is not None
    assert moved.state == ObligationState.OPEN and moved.overdue_since is None
    assert Event.objects.get(action="obligations.reschedule").reason == "延期申请已批准"


# --- waiving ------------------------------------------------------------------------------
@time_machine.travel(at(2026, 11, 27), tick=False)
def test_a_bdb_leader_waives_an_overdue_obligation_with_a_reason(world: World) -> None:
    opened = open_for(world, "police", due_on=date(2026, 11, 20))
    run_scan()
    done = obligation_waive(obligation=opened, reason="项目已并入全市统一平台", by=world.bdb_leader)
    assert done.state == ObligationState.WAIVED
    assert done.waived_by == world.users["bdb_leader"] and done.closed_at is not None
    event = Event.objects.get(action="obligations.waive", object_id=str(done.pk))
    assert event.reason == "项目已并入全市统一平台"
    assert event.before["state"] == "overdue" and event.after["state"] == "waived"


@pytest.mark.parametrize("persona", ["bdb_staff", "police_leader", "auditor", "caoxian_bdb_staff"])
def test_only_a_bdb_leader_of_the_jurisdiction_may_waive(world: World, persona: str) -> None:
    opened = open_for(world, "police", due_on=date(2026, 11, 20))
    with pytest.raises(RuleViolation) as refused:
        obligation_waive(obligation=opened, reason="理由", by=world.persona(persona))
    assert "只有本行政区域的大数据局领导可以豁免" in refused.value.message
    opened.refresh_from_db()
    assert opened.state == ObligationState.OPEN and opened.waived_reason == ""
    assert not Event.objects.filter(action="obligations.waive").exists()


def test_a_waiver_needs_a_reason(world: World) -> None:
    opened = open_for(world, "police", due_on=date(2026, 11, 20))
    with pytest.raises(InvalidInput) as refused:
        obligation_waive(obligation=opened, reason="   ", by=world.bdb_leader)
    assert refused.value.field == "reason"
    assert "豁免理由" in refused.value.message
    opened.refresh_from_db()
    assert opened.state == ObligationState.OPEN
    assert not Event.objects.filter(action="obligations.waive").exists()


def test_a_fulfilled_obligation_cannot_be_waived(world: World) -> None:
    opened = open_for(world, "police", due_on=date(2026, 11, 20))
    obligation_fulfil(key=opened.key, on=date(2026, 11, 19))
    with pytest.raises(RuleViolation) as refused:
        obligation_waive(obligation=opened, reason="理由", by=world.bdb_leader)
    assert "已履行" in refused.value.message
    assert not Event.objects.filter(action="obligations.waive").exists()


def test_a_waived_obligation_is_not_marked_overdue(world: World) -> None:
    opened = open_for(world, "police", due_on=date(2026, 11, 20))
    obligation_waive(obligation=opened, reason="不再建设", by=world.bdb_leader)
    assert run_scan(date(2026, 12, 1)).overdue == 0
    opened.refresh_from_db()
    assert opened.state == ObligationState.WAIVED and opened.overdue_since is None
