"""资金批次 (``funds:batches``): every batch in the user's scope, filtered, searched, sorted,
exported as the 资金批次台账, at a number of queries that does not grow with the rows.

The world: the police project (in operation) with 曹县 taking part — ``own`` (服务器 1,000, city
budget, requested) and ``county`` (服务器 3,000, 曹县's budget, confirmed); one batch of 曹县's
own project (``caoxian``) and one of the education project (``education``), written directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from govit.core.excel import MONEY_FORMAT
from govit.core.testing.sheets import column_cells, header_and_rows
from govit.funds.models import FundBatch
from govit.funds.testing import confirmed_batch, request_batch
from govit.projects.models import Project
from govit.projects.testing import put_in_state
from govit.testing.world import World

from .conftest import Funded

LIST = reverse("funds:batches")


@dataclass
class Batches:
    world: World
    own: FundBatch
    county: FundBatch
    caoxian: FundBatch
    education: FundBatch

    def client(self, persona: str) -> Client:
        client = Client()
        client.force_login(self.world.persona(persona))
        return client

    def html(self, persona: str, **query: Any) -> str:
        response = self.client(persona).get(LIST, query)
        assert response.status_code == 200, response.content[:300]
        return response.content.decode()


def direct_batch(world: World, project: Project, number: int, amount: str = "800") -> FundBatch:
    """A requested O&M batch written straight to the table (the list only reads it)."""
    return FundBatch.objects.create(
        project=project,
        number=number,
        kind="om",
        year=2026,
        stage="年度运维",
        amount=Decimal(amount),
        progress_note="运行平稳",
        requested_by=world.staff_of(project),
    )


@pytest.fixture
def batches(county: Funded) -> Batches:
    world = county.world
    project = put_in_state(county.project, "in_operation")
    return Batches(
        world=world,
        own=request_batch(world, project, {"服务器": "1000"}),
        county=confirmed_batch(world, project, {"服务器": "3000"}, payer=county.county),
        caoxian=direct_batch(world, world.project("caoxian"), 1),
        education=direct_batch(world, world.project("education"), 1),
    )


def shown(html: str, *rows: FundBatch) -> set[int]:
    return {row.pk for row in rows if f'data-testid="batch-{row.pk}"' in html}


def test_each_reader_sees_the_batches_of_their_scope(batches: Batches) -> None:
    b = batches
    everyone = (b.own, b.county, b.caoxian, b.education)
    assert shown(b.html("finance"), *everyone) == {b.own.pk, b.county.pk, b.education.pk}
    assert shown(b.html("bdb_staff"), *everyone) == {b.own.pk, b.county.pk, b.education.pk}
    assert shown(b.html("police_staff"), *everyone) == {b.own.pk, b.county.pk}
    assert shown(b.html("education_staff"), *everyone) == {b.education.pk}
    # 曹县's Finance: its own county's project, and the share its budget pays for the city's.
    assert shown(b.html("caoxian_finance"), *everyone) == {b.caoxian.pk, b.county.pk}


def test_a_role_without_funds_is_refused(batches: Batches) -> None:
    assert batches.client("expert").get(LIST).status_code == 403
    assert batches.client("ndrc").get(LIST).status_code == 403


def test_filters_search_and_sort(batches: Batches) -> None:
    b = batches
    everyone = (b.own, b.county, b.caoxian, b.education)
    assert shown(b.html("finance", source="county"), *everyone) == {b.county.pk}
    assert shown(b.html("finance", state="confirmed"), *everyone) == {b.county.pk}
    assert shown(b.html("finance", kind="om"), *everyone) == {b.education.pk}
    assert shown(b.html("finance", q="教育"), *everyone) == {b.education.pk}
    by_amount = b.html("finance", sort="-amount")
    assert by_amount.index(f"batch-{b.county.pk}") < by_amount.index(f"batch-{b.own.pk}")
    assert by_amount.index(f"batch-{b.own.pk}") < by_amount.index(f"batch-{b.education.pk}")


def test_the_empty_list_says_so(batches: Batches) -> None:
    assert "暂无数据" in batches.html("finance", q="没有这个项目")


def test_caoxian_finances_export_holds_only_caoxians_batches(batches: Batches) -> None:
    response = batches.client("caoxian_finance").get(LIST, {"export": "xlsx"})

    header, rows = header_and_rows(response)
    assert header[:4] == ["项目编码", "项目", "建设单位", "批次"]
    assert sorted(row["出资方"] for row in rows) == ["县区财政资金（曹县）", "本级财政资金"]
    assert {row["项目"] for row in rows} == {"曹县雪亮工程", "智慧公安大数据平台"}
    assert {row["金额（元）"] for row in rows} == {3000, 800}
    by_project = {row["项目"]: row for row in rows}
    assert by_project["智慧公安大数据平台"]["出资方"] == "县区财政资金（曹县）"
    assert by_project["曹县雪亮工程"]["状态"] == "已申请"
    assert by_project["曹县雪亮工程"]["运维年度"] == 2026
    assert all(cell.number_format == MONEY_FORMAT for cell in column_cells(response, "金额（元）"))


# Session, user, roles (3); the capped count and the page (2); the saved filters (1); the
# session save (3).
LIST_QUERIES = 9
# Session, user, roles (3); the capped count and the rows (2); the session save (3).
EXPORT_QUERIES = 8


def test_the_list_and_its_export_cost_the_same_for_three_rows_and_thirty(
    batches: Batches, django_assert_num_queries: Any
) -> None:
    client = batches.client("finance")
    client.get(LIST)
    education = batches.world.project("education")
    for rows in (3, 30):
        for number in range(FundBatch.objects.filter(project=education).count() + 1, rows - 1):
            direct_batch(batches.world, education, number)
        with django_assert_num_queries(LIST_QUERIES):
            html = client.get(LIST).content.decode()
        with django_assert_num_queries(EXPORT_QUERIES):
            exported = header_and_rows(client.get(LIST, {"export": "xlsx"}))[1]
        assert html.count('<tr data-testid="batch-') == rows and len(exported) == rows
