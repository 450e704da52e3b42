"""The project list and its Excel 台账: Chinese headers, numbers and dates as Excel keeps them,
only the projects the user may see, and a number of queries that does not grow with the rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govit.core.excel import MONEY_FORMAT
from govit.core.testing.sheets import column_cells, header_and_rows
from govit.projects.models import Project
from govit.testing.world import World

LIST = reverse("projects:list")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_projects(world: World, count: int, org: str = "police") -> None:
    organisation = world.organisations[org]
    Project.objects.bulk_create(
        Project(
            code=f"L{org[:3].upper()}{index:05d}",
            name=f"列表测试{index}",
            year=2026,
            organisation=organisation,
            jurisdiction=organisation.jurisdiction,
        )
        for index in range(count)
    )


def test_the_export_is_a_chinese_ledger_with_numbers_and_dates(world: World) -> None:
    police = world.organisations["police"]
    approved = Project.objects.create(
        code="2026-371700-101-02-009999-1",
        name="公安视频云平台",
        year=2026,
        organisation=police,
        jurisdiction=police.jurisdiction,
        state="approved",
        requested_amount=Decimal("1500000.00"),
        approved_amount=Decimal("1234567.50"),
        opinion_number="菏大数审〔2026〕12号",
        opinion_date=date(2026, 3, 2),
    )

    response = client_for(world.police_staff).get(LIST, {"export": "xlsx", "q": "视频云"})

    header, rows = header_and_rows(response)
    assert header[:5] == ["项目编码", "项目名称", "建设单位", "行政区域", "年度"]
    assert {"状态", "申请金额（元）", "批复金额（元）", "审核意见文号", "审核意见日期"} <= set(
        header
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["项目编码"] == approved.code and row["建设单位"] == "菏泽市公安局"
    assert row["状态"] == "已批复" and row["审核意见文号"] == "菏大数审〔2026〕12号"
    assert row["批复金额（元）"] == 1234567.5  # a number, not text
    assert row["审核意见日期"].date() == date(2026, 3, 2)
    money = column_cells(response, "批复金额（元）")[0]
    assert money.number_format == MONEY_FORMAT
    today = timezone.localdate().isoformat()
    assert quote(f"项目台账-{today}.xlsx") in response["Content-Disposition"]


def test_police_staffs_export_holds_only_police_projects(world: World) -> None:
    add_projects(world, 3, "police")
    add_projects(world, 2, "education")

    _header, police_rows = header_and_rows(
        client_for(world.police_staff).get(LIST, {"export": "xlsx"})
    )
    _header, bdb_rows = header_and_rows(client_for(world.bdb_staff).get(LIST, {"export": "xlsx"}))

    assert {row["建设单位"] for row in police_rows} == {"菏泽市公安局"}
    assert len(police_rows) == 4  # three made here and the world's police project
    assert {row["建设单位"] for row in bdb_rows} == {"菏泽市公安局", "菏泽市教育局"}
    assert "曹县雪亮工程" not in {row["项目名称"] for row in bdb_rows}  # another jurisdiction


def test_an_english_user_exports_chinese_headers(world: World) -> None:
    user = world.police_staff
    user.language = "en"
    user.save()

    header, rows = header_and_rows(client_for(user).get(LIST, {"export": "xlsx"}))

    assert header[0] == "项目编码" and rows[0]["状态"] == "草稿"


# --- queries ----------------------------------------------------------------------------------
# Session, user, roles (3); the owning units for the filter (1); the capped count and the page
# (2); the saved filters (1); the session save (3).
LIST_QUERIES = 10
# Session, user, roles (3); the owning units for the filter (1); the capped count and the rows
# (2); the session save (3).
EXPORT_QUERIES = 9


def test_the_list_costs_the_same_for_three_rows_and_thirty(
    world: World, django_assert_num_queries: Any
) -> None:
    client = client_for(world.bdb_staff)
    add_projects(world, 1)
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).content.decode().count('<tr data-testid="project-') == 3
    add_projects(world, 27, "education")
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).content.decode().count('<tr data-testid="project-') == 30


def test_a_deep_page_costs_what_the_first_costs(
    world: World, django_assert_num_queries: Any
) -> None:
    add_projects(world, 120)
    client = client_for(world.bdb_staff)
    page = client.get(LIST, {"size": "20", "sort": "code"}).content.decode()
    for _ in range(4):
        next_url = page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
        with django_assert_num_queries(LIST_QUERIES):
            page = client.get(LIST + next_url.replace("&amp;", "&")).content.decode()
    # Page five of 122 (the world's two projects sort first): rows 81 to 100.
    assert page.count('<tr data-testid="project-') == 20
    assert "LPOL00078" in page and "LPOL00097" in page
    assert "LPOL00077" not in page and "LPOL00098" not in page


def test_the_export_costs_the_same_for_three_rows_and_thirty(
    world: World, django_assert_num_queries: Any
) -> None:
    client = client_for(world.bdb_staff)
    add_projects(world, 1)
    client.get(LIST)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert len(header_and_rows(client.get(LIST, {"export": "xlsx"}))[1]) == 3
    add_projects(world, 27, "education")
    with django_assert_num_queries(EXPORT_QUERIES):
        assert len(header_and_rows(client.get(LIST, {"export": "xlsx"}))[1]) == 30
