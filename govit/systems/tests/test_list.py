"""The systems registry as a list: the sharing filter (Art. 29–30), sorting with systems
without an MLPS level, search, the 信息系统台账 export in scope, and query counts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from govit.core.testing.sheets import header_and_rows
from govit.projects.models import Project
from govit.systems.models import InformationSystem
from govit.systems.testing import make_sharing, register
from govit.testing.world import World

LIST = reverse("systems:list")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_systems(world: World, project: Project, count: int, *, start: int = 0) -> None:
    InformationSystem.objects.bulk_create(
        InformationSystem(
            project=project,
            name=f"业务子系统{index:03d}",
            owner=project.organisation,
            status="building",
            registered_by=world.users["police_staff"],
        )
        for index in range(start, start + count)
    )


def test_the_sharing_filter_finds_running_systems_that_do_not_share(
    world: World, project: Project
) -> None:
    missing = register(world, project, name="公安大数据平台")
    sharing = make_sharing(world, register(world, project, name="视频共享平台"))
    building = register(world, project, name="治安管理系统", status="building", mlps_level=None)
    client = client_for(world.bdb_staff)

    not_sharing = client.get(LIST, {"sharing": "no"}).content.decode()
    shares = client.get(LIST, {"sharing": "yes"}).content.decode()

    assert f"system-{missing.pk}" in not_sharing
    assert f"system-{sharing.pk}" not in not_sharing and f"system-{building.pk}" not in not_sharing
    assert f"system-{sharing.pk}" in shares and f"system-{missing.pk}" not in shares


def test_sorting_by_mlps_level_puts_systems_without_one_last_both_ways(
    world: World, project: Project
) -> None:
    three = register(world, project, name="三级系统", mlps_level=3)
    two = register(world, project, name="二级系统", mlps_level=2)
    none = register(world, project, name="未定级系统", status="building", mlps_level=None)
    client = client_for(world.auditor)

    up = client.get(LIST, {"sort": "mlps"}).content.decode()
    down = client.get(LIST, {"sort": "-mlps"}).content.decode()

    def at(page: str, system: InformationSystem) -> int:
        return page.index(f'data-testid="system-{system.pk}"')

    assert at(up, two) < at(up, three) < at(up, none)
    assert at(down, three) < at(down, two) < at(down, none)


def test_the_export_is_the_system_ledger_of_the_users_scope(world: World, project: Project) -> None:
    register(world, project, name="公安大数据平台", running_since=date(2025, 6, 1))

    police = header_and_rows(client_for(world.police_staff).get(LIST, {"export": "xlsx"}))
    education = header_and_rows(client_for(world.education_staff).get(LIST, {"export": "xlsx"}))

    header, rows = police
    assert header[:3] == ["项目编码", "项目", "系统名称"]
    assert len(rows) == 1
    row = rows[0]
    assert row["系统名称"] == "公安大数据平台" and row["系统状态"] == "运行中"
    assert row["投入运行日期"].date() == date(2025, 6, 1)
    assert row["共享情况"] == "未共享（须改造）" and row["等级保护"] == 3
    assert row["启用接口数"] == 0 and row["政务云"] == "否"
    assert education[1] == []


# Session, user, roles (3); the capped count and the page (2); the saved filters (1); the
# session save (3).
LIST_QUERIES = 9
# Session, user, roles (3); the capped count and the rows (2); the session save (3).
EXPORT_QUERIES = 8


def test_the_registry_and_its_export_cost_the_same_for_three_rows_and_thirty(
    world: World, project: Project, django_assert_num_queries: Any
) -> None:
    add_systems(world, project, 3)
    client = client_for(world.bdb_staff)
    client.get(LIST)
    for rows in (3, 30):
        add_systems(world, project, rows - InformationSystem.objects.count(), start=3)
        with django_assert_num_queries(LIST_QUERIES):
            html = client.get(LIST).content.decode()
        with django_assert_num_queries(EXPORT_QUERIES):
            exported = header_and_rows(client.get(LIST, {"export": "xlsx"}))[1]
        assert html.count('<tr data-testid="system-') == rows and len(exported) == rows
