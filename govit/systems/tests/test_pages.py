"""The systems pages: render, act, and show refusals next to the field in Chinese."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from govit.applications.models import CatalogueEntry
from govit.obligations.models import Obligation
from govit.projects.models import Project
from govit.systems import services
from govit.systems.models import InformationSystem
from govit.systems.testing import register
from govit.testing.world import World

from .conftest import moment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(moment(2025, 11, 3), tick=False) as traveller:
        yield traveller


def client_of(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.persona(persona))
    return client


def test_the_unit_registers_a_system_on_the_project_page(world: World, project: Project) -> None:
    client = client_of(world, "police_staff")
    url = reverse("systems:project", args=[project.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="system-form"' in page and "人口基础信息" in page
    response = client.post(
        url,
        {
            "system-name": "公安大数据平台",
            "system-status": "running",
            "system-running_since": "2025-06-01",
            "system-migration_status": "not_needed",
            "system-mlps_level": "3",
        },
    )
    system = InformationSystem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("systems:detail", args=[system.pk])
    detail = client.get(response["Location"]).content.decode()
    assert 'data-testid="sharing-warning"' in detail
    assert "第二十九、三十条" in detail
    assert detail.count('data-testid="obligation-') == 4
    assert "第二十九条" in detail and "第三十一条" in detail


def test_bad_input_re_renders_with_the_chinese_error(world: World, project: Project) -> None:
    client = client_of(world, "police_staff")
    response = client.post(
        reverse("systems:project", args=[project.pk]),
        {
            "system-name": "公安大数据平台",
            "system-status": "building",
            "system-migration_status": "planned",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "请选择迁移方式" in page and 'data-field="migration_method"' in page
    assert not InformationSystem.objects.exists()


def test_the_register_form_is_closed_before_construction(world: World) -> None:
    project = world.in_procurement("police")
    client = client_of(world, "police_staff")
    page = client.get(reverse("systems:project", args=[project.pk])).content.decode()
    assert 'data-testid="registering-closed"' in page
    assert 'data-testid="system-form"' not in page


def test_a_rule_refusal_answers_409_on_the_page(world: World, project: Project) -> None:
    system = register(world, project, status="building")
    response = client_of(world, "police_staff").post(
        reverse("systems:om", args=[system.pk]),
        {"om-filed_on": "2025-11-03", "om-operator": "某公司", "om-contract_ref": "YW-1"},
    )
    assert response.status_code == 409
    assert "运维备案针对运行中的系统（第三条）" in response.content.decode()


def test_the_detail_page_records_sharing_and_the_ledger(world: World, project: Project) -> None:
    system = register(world, project)
    client = client_of(world, "police_staff")
    added = client.post(
        reverse("systems:interface_add", args=[system.pk]),
        {
            "interface-name": "人口核验",
            "interface-resource": "人口基础信息",
            "interface-status": "active",
        },
    )
    assert added.status_code == 302
    updated = client.post(
        reverse("systems:update", args=[system.pk]),
        {
            "update-status": "running",
            "update-running_since": "2025-06-01",
            "update-migration_status": "not_needed",
            "update-exchange_connected": "on",
            "update-mlps_level": "3",
        },
    )
    assert updated.status_code == 302
    assert Obligation.objects.get(kind="sharing_retrofit").state == "fulfilled"
    refused = client.post(
        reverse("systems:om", args=[system.pk]),
        {"om-filed_on": "2025-05-01", "om-operator": "某公司", "om-contract_ref": "YW-1"},
    )
    assert refused.status_code == 400
    assert "早于系统投入运行日期" in refused.content.decode()
    page = client.get(reverse("systems:detail", args=[system.pk])).content.decode()
    assert 'data-testid="sharing-ok"' in page


def test_the_crypto_authority_sees_the_inspection_form_and_the_unit_does_not(
    world: World, project: Project
) -> None:
    system = register(world, project)
    url = reverse("systems:detail", args=[system.pk])
    assert 'data-testid="inspection-form"' in client_of(world, "crypto").get(url).content.decode()
    unit = client_of(world, "police_staff").get(url).content.decode()
    assert 'data-testid="inspection-form"' not in unit and 'data-testid="mlps-form"' in unit
    bad = client_of(world, "crypto").post(
        reverse("systems:inspection", args=[system.pk]),
        {"inspection-kind": "inspection", "inspection-held_on": "2025-11-03"},
    )
    assert bad.status_code == 400 and "请填写意见或发现的问题" in bad.content.decode()


def test_bdb_assigns_databases_on_the_catalogue_and_reads_the_consistency_check(
    world: World, project: Project
) -> None:
    client = client_of(world, "bdb_staff")
    created = client.post(
        reverse("systems:database_add"), {"database-kind": "base", "database-name": "人口基础库"}
    )
    assert created.status_code == 302
    page = client.get(reverse("systems:catalogue")).content.decode()
    assert "人口基础库（基础库）" in page and "人口基础信息" in page
    entry = CatalogueEntry.objects.get(project=project)
    database = services.database_create(kind="theme", name="社会治理主题库", by=world.bdb_leader)
    assigned = client.post(
        reverse("systems:entry_databases", args=[entry.pk]), {"databases": [str(database.pk)]}
    )
    assert assigned.status_code == 302
    assert list(entry.system_link.databases.all()) == [database]
    duplicate = client.post(
        reverse("systems:database_add"), {"database-kind": "base", "database-name": "人口基础库"}
    )
    assert (
        duplicate.status_code == 400
        and "已有名为「人口基础库」的资源库" in duplicate.content.decode()
    )
    check = client.get(reverse("systems:consistency")).content.decode()
    assert f'data-testid="unlinked-{entry.pk}"' in check


def test_the_unit_moves_an_entry_on_its_project_page(world: World, project: Project) -> None:
    system = register(world, project)
    entry = CatalogueEntry.objects.get(project=project)
    response = client_of(world, "police_staff").post(
        reverse("systems:entry_system", args=[entry.pk]), {"system": str(system.pk)}
    )
    assert response.status_code == 302
    assert entry.system_link.system == system
    check = client_of(world, "bdb_leader").get(reverse("systems:consistency")).content.decode()
    assert f'data-testid="unlinked-{entry.pk}"' not in check


@pytest.mark.parametrize("persona", ["police_staff", "bdb_staff", "auditor", "crypto"])
def test_the_project_page_and_the_menu_show_the_systems(
    world: World, project: Project, persona: str
) -> None:
    register(world, project)
    client = client_of(world, persona)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'data-testid="systems-panel"' in page
    assert 'data-testid="panel-not-sharing"' in page
    assert reverse("systems:list") in page
    listing = client.get(reverse("systems:list")).content.decode()
    assert "公安大数据平台" in listing and 'data-testid="sharing-missing"' in listing
