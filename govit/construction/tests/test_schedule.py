"""The schedule (Art. 15): saved once by the owning unit, it becomes baseline version 1
(Art. 19); actual dates are recorded any time except while the project is suspended (Art. 20).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from govit.audit.models import Event
from govit.construction import services
from govit.construction.baselines import current_baseline
from govit.construction.models import Baseline, Milestone
from govit.construction.services import MilestoneInput
from govit.construction.testing import with_schedule
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.testing import put_in_state

from .conftest import COMPLETION, START, Building, at

ROWS = [MilestoneInput("需求调研完成", "2027-03-31"), MilestoneInput("上线试运行", "2027-05-31")]


def save(building: Building, by: Any = None, **overrides: Any) -> Baseline:
    values: dict[str, Any] = {
        "project": building.project,
        "planned_completion": "2027-06-09",
        "scope": "数据汇聚、治理与共享",
        "milestones": ROWS,
        "by": by or building.world.police_staff,
    }
    values.update(overrides)
    return services.schedule_save(**values)


def test_the_first_save_writes_baseline_version_1_from_the_opinion(started: Building) -> None:
    baseline = save(started)

    view = current_baseline(started.project)
    assert baseline.version == 1 and view.version == 1
    assert view.total == Decimal("1540000.00")
    assert view.lines == {
        started.server.pk: Decimal("340000.00"),
        started.development.pk: Decimal("1200000.00"),
    }
    assert view.planned_completion == COMPLETION
    assert view.scope == "数据汇聚、治理与共享"
    assert [m["name"] for m in baseline.milestones] == ["需求调研完成", "上线试运行"]
    milestones = list(Milestone.objects.filter(project=started.project).order_by("order"))
    assert [(m.order, m.name, m.planned_on) for m in milestones] == [
        (1, "需求调研完成", date(2027, 3, 31)),
        (2, "上线试运行", date(2027, 5, 31)),
    ]
    event = Event.objects.get(action="construction.schedule_save")
    assert event.after["baseline_version"] == 1
    assert event.after["planned_completion"] == "2027-06-09"


def test_the_schedule_can_be_saved_during_procurement(procurement: Building) -> None:
    save(procurement)
    assert current_baseline(procurement.project).version == 1


def test_saving_again_is_refused_planned_dates_change_only_by_change_request(
    building: Building,
) -> None:
    with pytest.raises(RuleViolation) as refused:
        save(building, planned_completion="2027-09-30")
    assert refused.value.decision.article == 19
    assert "只能通过变更申请调整" in refused.value.message
    assert Baseline.objects.filter(project=building.project).count() == 1
    assert current_baseline(building.project).planned_completion == COMPLETION


def test_the_schedule_is_refused_while_suspended(started: Building) -> None:
    put_in_state(started.project, "suspended")
    with pytest.raises(RuleViolation) as refused:
        save(started)
    assert refused.value.decision.article == 20
    assert "暂停建设" in refused.value.message
    assert not Milestone.objects.exists() and not Baseline.objects.exists()


def test_the_schedule_is_refused_before_procurement(started: Building) -> None:
    put_in_state(started.project, "approved")
    with pytest.raises(RuleViolation) as refused:
        save(started)
    assert refused.value.decision.article == 15
    assert (
        "「已批复」" in refused.value.message and "采购中、建设中、整改中" in refused.value.message
    )


@pytest.mark.parametrize("persona", ["police_leader", "education_staff", "bdb_staff"])
def test_only_the_owning_units_staff_save_the_schedule(started: Building, persona: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        save(started, by=started.world.persona(persona))
    assert "建设单位（菏泽市公安局）的经办人" in refused.value.message
    assert not Baseline.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"planned_completion": "2027-03-01"}, "planned_completion", "计划完成日期须晚于今天"),
        ({"planned_completion": "2027-02-30"}, "planned_completion", "不是有效日期"),
        ({"planned_completion": ""}, "planned_completion", "请填写计划完成日期"),
        ({"scope": "  "}, "scope", "请填写建设内容"),
        ({"milestones": []}, "milestones", "请至少填写一个里程碑"),
        (
            {"milestones": [MilestoneInput("上线", "2027-06-10")]},
            "milestones",
            "晚于计划完成日期（2027-06-09）",
        ),
        (
            {
                "milestones": [
                    MilestoneInput("上线", "2027-05-01"),
                    MilestoneInput("上线", "2027-05-02"),
                ]
            },
            "milestones",
            "里程碑「上线」重复",
        ),
        ({"milestones": [MilestoneInput("", "2027-05-01")]}, "milestones", "名称"),
        (
            {"milestones": [MilestoneInput("上线", "")]},
            "milestones",
            "请填写里程碑「上线」的计划日期",
        ),
    ],
)
def test_bad_schedules_are_refused_and_nothing_is_saved(
    started: Building, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        save(started, **overrides)
    assert refused.value.field == field
    assert message in refused.value.message
    assert not Milestone.objects.exists() and not Baseline.objects.exists()
    assert not Event.objects.filter(action="construction.schedule_save").exists()


def test_blank_rows_of_the_form_are_ignored(started: Building) -> None:
    save(started, milestones=[*ROWS, MilestoneInput("", ""), MilestoneInput(None, None)])
    assert Milestone.objects.count() == 2


# --- actual dates ---------------------------------------------------------------------------
def first_milestone(building: Building) -> Milestone:
    return Milestone.objects.filter(project=building.project).order_by("order").first()  # type: ignore[return-value]


def test_an_actual_date_is_recorded_and_can_be_corrected(
    building: Building, time_machine: Any
) -> None:
    time_machine.move_to(at(date(2027, 4, 5)), tick=False)
    milestone = first_milestone(building)
    staff = building.world.police_staff

    services.milestone_record_actual(milestone=milestone, actual_on="2027-04-02", by=staff)
    services.milestone_record_actual(milestone=milestone, actual_on=date(2027, 4, 1), by=staff)

    milestone.refresh_from_db()
    assert milestone.actual_on == date(2027, 4, 1)
    events = list(Event.objects.filter(action="construction.milestone_actual").order_by("seq"))
    assert [e.after["actual_on"] for e in events] == ["2027-04-02", "2027-04-01"]
    assert events[1].before["actual_on"] == "2027-04-02"


def test_an_actual_date_in_the_future_is_refused(building: Building) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.milestone_record_actual(
            milestone=first_milestone(building),
            actual_on="2027-03-02",
            by=building.world.police_staff,
        )
    assert refused.value.field == "actual_on"
    assert "不能晚于今天" in refused.value.message
    assert first_milestone(building).actual_on is None


def test_actual_dates_are_refused_while_suspended(building: Building) -> None:
    put_in_state(building.project, "suspended")
    with pytest.raises(RuleViolation) as refused:
        services.milestone_record_actual(
            milestone=first_milestone(building), actual_on=START, by=building.world.police_staff
        )
    assert refused.value.decision.article == 20
    assert first_milestone(building).actual_on is None


def test_actual_dates_are_recorded_by_the_owning_unit_only(building: Building) -> None:
    with pytest.raises(RuleViolation):
        services.milestone_record_actual(
            milestone=first_milestone(building), actual_on=START, by=building.world.bdb_staff
        )


def test_the_test_helper_schedule_keeps_milestones_within_the_completion(started: Building) -> None:
    baseline = with_schedule(started.world, started.project, planned_completion=date(2027, 4, 1))
    assert all(m["planned_on"] <= "2027-04-01" for m in baseline.milestones)
