"""The resource catalogue moves to the systems (Art. 27); BDB assigns entries to base and
theme databases (Art. 28) and sees the consistency check."""

from __future__ import annotations

import pytest
import time_machine

from govit.applications.models import CatalogueEntry
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project
from govit.systems import services
from govit.systems.models import CatalogueLink
from govit.systems.selectors import catalogue_for, consistency_for
from govit.systems.testing import entry, register
from govit.testing.world import World

from .conftest import moment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen() -> object:
    with time_machine.travel(moment(2025, 11, 3), tick=False) as traveller:
        yield traveller


def dossier_entry(project: Project) -> CatalogueEntry:
    """The entry the police application was submitted with (人口基础信息, 有条件共享)."""
    return CatalogueEntry.objects.get(project=project, name="人口基础信息")


def test_the_unit_moves_its_entries_to_its_systems(world: World, project: Project) -> None:
    system = register(world, project)
    link = services.entry_assign_system(
        entry=dossier_entry(project), system=system.pk, by=world.police_staff
    )
    assert link.system == system
    services.entry_assign_system(entry=dossier_entry(project), system=None, by=world.police_staff)
    assert CatalogueLink.objects.get().system is None
    assert Event.objects.filter(action="systems.entry_assign").count() == 2


def test_an_entry_goes_only_to_a_system_of_its_own_project(world: World, project: Project) -> None:
    other = world.ready_to_submit("education")
    Project.objects.filter(pk=other.pk).update(state="in_construction")
    foreign = register(world, Project.objects.with_owner().get(pk=other.pk), name="教育平台")
    with pytest.raises(InvalidInput) as refused:
        services.entry_assign_system(
            entry=dossier_entry(project), system=foreign.pk, by=world.police_staff
        )
    assert refused.value.field == "system"
    with pytest.raises(RuleViolation):
        services.entry_assign_system(entry=dossier_entry(project), system=None, by=world.bdb_staff)
    assert not CatalogueLink.objects.exists()


def test_bdb_keeps_the_database_list_and_assigns_entries(world: World, project: Project) -> None:
    population = services.database_create(kind="base", name="人口基础库", by=world.bdb_staff)
    safety = services.database_create(kind="theme", name="社会治理主题库", by=world.bdb_leader)
    with pytest.raises(InvalidInput) as duplicate:
        services.database_create(kind="base", name="人口基础库", by=world.bdb_staff)
    assert duplicate.value.field == "name"
    with pytest.raises(RuleViolation) as not_bdb:
        services.database_create(kind="base", name="法人基础库", by=world.police_staff)
    assert not_bdb.value.decision.article == 28
    link = services.entry_assign_databases(
        entry=dossier_entry(project), databases=[population.pk, safety.pk], by=world.bdb_staff
    )
    assert set(link.databases.all()) == {population, safety}
    with pytest.raises(RuleViolation) as other_county:
        services.entry_assign_databases(
            entry=dossier_entry(project), databases=[], by=world.caoxian_bdb_staff
        )
    assert other_county.value.decision.article == 28
    event = Event.objects.filter(action="systems.entry_databases").get()
    assert event.after["databases"] == sorted([population.pk, safety.pk])


def test_bdb_sees_the_whole_catalogue_across_projects(world: World, project: Project) -> None:
    education = world.ready_to_submit("education")
    names = {e.name for e in catalogue_for(world.bdb_staff)}
    assert {"人口基础信息"} <= names and education.catalogue_entries.exists()
    assert (
        catalogue_for(world.bdb_staff).count()
        == CatalogueEntry.objects.filter(project__jurisdiction_id=project.jurisdiction_id).count()
    )
    assert not catalogue_for(world.caoxian_bdb_staff).filter(project=project).exists()


def test_the_consistency_check_lists_the_three_problems(world: World, project: Project) -> None:
    linked = register(world, project)
    lonely = register(world, project, name="无目录系统")
    services.entry_assign_system(
        entry=dossier_entry(project), system=linked.pk, by=world.police_staff
    )
    orphan = entry(project, name="出入境信息")
    no_condition = entry(
        project, name="案件信息", sharing_attribute="not_shared", sharing_condition="  "
    )
    check = consistency_for(world.bdb_staff)
    assert orphan in check.unlinked_entries and no_condition in check.unlinked_entries
    assert dossier_entry(project) not in check.unlinked_entries
    assert check.systems_without_entries == [lonely]
    assert check.entries_missing_condition == [no_condition]
    assert check.problems == 4
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied for a unit
        consistency_for(world.police_staff)
