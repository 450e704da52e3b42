"""The systems API: the same services, JSON errors with field or article."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from govit.obligations.models import Obligation
from govit.projects.models import Project
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


def post(client: Client, name: str, args: list[Any], body: dict[str, Any]) -> Any:
    return client.post(reverse(name, args=args), body, content_type="application/json")


def test_register_share_and_file_through_the_api(world: World, project: Project) -> None:
    client = client_of(world, "police_staff")
    created = post(
        client,
        "api:systems-project",
        [project.pk],
        {
            "name": "公安大数据平台",
            "status": "running",
            "running_since": "2025-06-01",
            "mlps_level": "3",
        },
    )
    assert created.status_code == 201, created.content
    system = created.json()
    assert system["sharing"] is False and system["status_label"] == "运行中"
    interface = post(
        client,
        "api:systems-interfaces",
        [system["id"]],
        {"name": "人口核验", "resource": "人口基础信息", "status": "active"},
    )
    assert interface.status_code == 201
    connected = client.put(
        reverse("api:systems-detail", args=[system["id"]]),
        {
            "status": "running",
            "running_since": "2025-06-01",
            "mlps_level": "3",
            "exchange_connected": True,
        },
        content_type="application/json",
    )
    assert connected.status_code == 200 and connected.json()["sharing"] is True
    filed = post(
        client,
        "api:systems-om",
        [system["id"]],
        {"filed_on": "2025-11-03", "operator": "菏泽某运维公司", "contract_ref": "YW-1"},
    )
    assert filed.status_code == 201 and filed.json()["next_due"] == "2026-11-03"
    assert Obligation.objects.get(kind="sharing_retrofit").state == "fulfilled"
    listing = client_of(world, "bdb_staff").get(reverse("api:systems-registry")).json()
    assert [row["name"] for row in listing["results"]] == ["公安大数据平台"]


def test_bad_input_is_a_400_naming_the_field(world: World, project: Project) -> None:
    response = post(
        client_of(world, "police_staff"),
        "api:systems-project",
        [project.pk],
        {"name": "公安大数据平台", "status": "running"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "running_since" and body["detail"] == "请填写投入运行日期"
    assert not InformationSystem.objects.exists()


def test_a_rule_refusal_is_a_409_with_its_article(world: World, project: Project) -> None:
    system = register(world, project, status="building")
    response = post(
        client_of(world, "police_staff"),
        "api:systems-om",
        [system.pk],
        {"filed_on": "2025-11-03", "operator": "x", "contract_ref": "y"},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["article"] == 3 and body["code"] == "rule_violation"
    assert "运维备案针对运行中的系统" in body["detail"]


def test_catalogue_and_consistency_for_bdb(world: World, project: Project) -> None:
    system = register(world, project)
    client = client_of(world, "bdb_staff")
    entries = client.get(reverse("api:systems-catalogue")).json()["results"]
    assert [e["name"] for e in entries] == ["人口基础信息"] and entries[0]["system"] is None
    check = client.get(reverse("api:systems-consistency")).json()
    assert check["unlinked_entries"] == [entries[0]["id"]]
    assert check["systems_without_entries"] == [system.pk]
    moved = post(
        client_of(world, "police_staff"),
        "api:systems-entry-system",
        [entries[0]["id"]],
        {"system": system.pk},
    )
    assert moved.status_code == 200 and moved.json()["system"] == system.pk
    assert client.get(reverse("api:systems-consistency")).json() == {
        "unlinked_entries": [],
        "systems_without_entries": [],
        "entries_missing_condition": [],
    }
