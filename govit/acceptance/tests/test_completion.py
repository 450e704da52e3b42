"""Recording completion (Art. 23): the acceptance application falls due six calendar months
later, end-of-month aware, by the policy pack in force on the completion day."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from govit.acceptance.models import Completion
from govit.acceptance.selectors import acceptance_due
from govit.acceptance.services import completion_record
from govit.acceptance.testing import fresh, in_construction
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import at


def record_completion(world: World, started_on: date, completed_on: date) -> Completion:
    project = in_construction(world, "police", started_on=started_on)
    return completion_record(project=project, completed_on=completed_on, by=world.police_staff)


# --- end of month ---------------------------------------------------------------------------
@time_machine.travel(at(2025, 9, 1), tick=False)
def test_completed_on_2025_08_31_falls_due_on_2026_02_28(world: World) -> None:
    completion = record_completion(world, date(2025, 3, 1), date(2025, 8, 31))

    assert (completion.months, completion.due_on) == (6, date(2026, 2, 28))
    project = fresh(completion.project)
    assert project.state == "completed"
    assert project.completed_on == date(2025, 8, 31)
    assert acceptance_due(project) == date(2026, 2, 28)


@time_machine.travel(at(2024, 9, 2), tick=False)
def test_completed_on_2024_08_31_falls_due_on_2025_02_28(world: World) -> None:
    completion = record_completion(world, date(2024, 3, 1), date(2024, 8, 31))
    assert completion.due_on == date(2025, 2, 28)


@time_machine.travel(at(2023, 9, 1), tick=False)
def test_completed_on_2023_08_31_falls_due_on_leap_day_2024_02_29(world: World) -> None:
    completion = record_completion(world, date(2023, 3, 1), date(2023, 8, 31))
    assert completion.due_on == date(2024, 2, 29)


@time_machine.travel(at(2022, 9, 1), tick=False)
def test_a_completion_is_judged_by_the_pack_in_force_that_day(world: World) -> None:
    """Completed in 2022: the 2021 measures themselves (in force to 2022-12-27, Art. 41)."""
    completion = record_completion(world, date(2022, 3, 1), date(2022, 8, 31))
    assert completion.pack_code == "heze-2021"
    assert completion.due_on == date(2023, 2, 28)


def test_completion_is_audited_on_the_project(building: Project, world: World) -> None:
    completion_record(project=building, completed_on=date(2025, 8, 31), by=world.police_staff)

    event = Event.objects.get(action="acceptance.completion_record")
    assert event.object_id == str(building.pk)
    assert event.after["acceptance_due_on"] == "2026-02-28"
    assert event.after["article"] == 23
    transition = Event.objects.get(action="project.complete")
    assert transition.after["state"] == "completed"
    assert transition.after["acceptance_due_on"] == "2026-02-28"


# --- refusals ----------------------------------------------------------------------------------
def assert_nothing_saved(project: Project) -> None:
    project = fresh(project)
    assert project.state == "in_construction"
    assert project.completed_on is None
    assert not Completion.objects.exists()
    assert not Event.objects.filter(action__in=["acceptance.completion_record", "project.complete"])


def test_a_completion_date_in_the_future_is_refused(building: Project, world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        completion_record(project=building, completed_on=date(2025, 9, 16), by=world.police_staff)
    assert refused.value.field == "completed_on"
    assert "不能晚于今天（2025-09-15）" in refused.value.message
    assert_nothing_saved(building)


def test_a_completion_before_construction_started_is_refused(
    building: Project, world: World
) -> None:
    with pytest.raises(InvalidInput) as refused:
        completion_record(project=building, completed_on=date(2025, 2, 28), by=world.police_staff)
    assert refused.value.field == "completed_on"
    assert "不能早于开工日期（2025-03-01）" in refused.value.message
    assert_nothing_saved(building)


@pytest.mark.parametrize("value", [None, "", "2025-02-30", "31/08/2025"])
def test_a_missing_or_malformed_completion_date_is_refused(
    building: Project, world: World, value: object
) -> None:
    with pytest.raises(InvalidInput) as refused:
        completion_record(project=building, completed_on=value, by=world.police_staff)
    assert refused.value.field == "completed_on"
    assert "建设完成日期" in refused.value.message
    assert_nothing_saved(building)


def test_only_the_owning_units_staff_record_completion(building: Project, world: World) -> None:
    with pytest.raises(RuleViolation) as other_unit:
        completion_record(
            project=building, completed_on=date(2025, 8, 31), by=world.education_staff
        )
    assert "只能办理本单位的项目" in other_unit.value.message
    with pytest.raises(RuleViolation) as bdb:
        completion_record(project=building, completed_on=date(2025, 8, 31), by=world.bdb_staff)
    assert "建设单位经办人" in bdb.value.message
    assert_nothing_saved(building)


def test_completion_is_recorded_only_in_construction(finished: Project, world: World) -> None:
    with pytest.raises(RuleViolation) as refused:
        completion_record(project=finished, completed_on=date(2025, 9, 1), by=world.police_staff)
    assert "当前状态为「建设完成」" in refused.value.message
    assert Completion.objects.count() == 1
    assert fresh(finished).completed_on == date(2025, 8, 31)


def test_acceptance_is_not_due_before_completion(building: Project) -> None:
    assert acceptance_due(building) is None
