"""Registering and maintaining systems (Art. 26, 30, 31): who may, when, and what is kept."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project
from govit.systems import services
from govit.systems.models import InformationSystem, MigrationMethod, MigrationStatus, SystemStatus
from govit.systems.testing import fields_of, register
from govit.testing.world import World

from .conftest import moment

pytestmark = pytest.mark.django_db


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_unit_staff_registers_a_system_with_its_cloud_migration(
    world: World, project: Project
) -> None:
    system = register(
        world,
        project,
        status=SystemStatus.BUILDING,
        mlps_level=None,
        migration_method=MigrationMethod.APPLICATION,
        migration_status=MigrationStatus.PLANNED,
        migration_plan="2026 年一季度迁移至政务云",
    )
    assert system.owner_id == project.organisation_id
    assert system.migration_method == "application"
    assert system.get_status_display() == "建设中"
    event = Event.objects.filter(action="systems.register").get()
    assert event.after["name"] == "公安大数据平台"


def test_a_system_is_not_registered_before_construction(world: World) -> None:
    project = world.in_procurement("police")
    with pytest.raises(RuleViolation) as refused:
        register(world, project)
    assert refused.value.decision.article == 26
    assert "开工建设后" in refused.value.message
    assert not InformationSystem.objects.exists()


def test_only_the_owning_units_staff_registers(world: World, project: Project) -> None:
    for persona in ("bdb_staff", "police_leader", "education_staff"):
        with pytest.raises(RuleViolation) as refused:
            services.system_register(
                project=project, name="X", status="building", by=world.persona(persona)
            )
        assert "只有项目建设单位的经办人" in refused.value.message
    assert not Event.objects.filter(action="systems.register").exists()


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_bad_input_saves_nothing(world: World, project: Project) -> None:
    staff = world.police_staff
    cases = [
        ({"status": "running"}, "running_since", "请填写投入运行日期"),
        ({"status": "running", "running_since": "2025-12-01"}, "running_since", "晚于今天"),
        ({"status": "building", "migration_status": "planned"}, "migration_method", "迁移方式"),
        (
            {"status": "building", "migration_status": "planned", "migration_method": "physical"},
            "migration_plan",
            "迁移计划",
        ),
        ({"status": "building", "mlps_level": "6"}, "mlps_level", "1 至 5 级"),
        ({"status": "nope"}, "status", "系统状态无效"),
    ]
    for data, field, text in cases:
        with pytest.raises(InvalidInput) as refused:
            services.system_register(project=project, name="某系统", by=staff, **data)
        assert refused.value.field == field
        assert text in refused.value.message
    register(world, project)
    with pytest.raises(InvalidInput) as duplicate:
        register(world, project)
    assert duplicate.value.field == "name"
    assert InformationSystem.objects.count() == 1


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_a_retired_system_stays_retired(world: World, project: Project) -> None:
    system = register(world, project)
    services.system_update(
        system=system, by=world.police_staff, **fields_of(system, status="retired")
    )
    with pytest.raises(RuleViolation) as refused:
        services.system_update(
            system=system, by=world.police_staff, **fields_of(system, status="running")
        )
    assert refused.value.decision.article == 26
    assert InformationSystem.objects.get().status == "retired"
    update = Event.objects.filter(action="systems.update").get()
    assert update.before["status"] == "running" and update.after["status"] == "retired"


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_running_since_is_kept(world: World, project: Project) -> None:
    system = register(world, project, running_since=date(2025, 6, 1))
    assert system.running_since == date(2025, 6, 1)
