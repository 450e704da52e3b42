"""The role dashboards: who lands where, the numbers each role sees (and only those of its
jurisdiction), the chart and its table view, empty states."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from govit.testing.world import World

from .ledger import Ledger, build_ledger, table_rows


@pytest.fixture
def ledger(world: World) -> Ledger:
    return build_ledger(world)


def page_of(world: World, persona: str, url_name: str) -> str:
    client = Client()
    client.force_login(world.persona(persona))
    response = client.get(reverse(url_name))
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def kpi(html: str, name: str) -> str:
    found = re.search(rf'data-testid="kpi-{name}">([^<]*)<', html)
    assert found, f"no figure {name}"
    return found.group(1).strip()


# --- who lands where --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("police_staff", "web:dashboard_department"),
        ("police_leader", "web:dashboard_department"),
        ("bdb_staff", "web:dashboard_bdb"),
        ("bdb_leader", "web:dashboard_bdb"),
        ("overseer", "web:dashboard_overview"),
        ("finance", "web:dashboard_finance"),
        ("auditor", "web:dashboard_audit"),
    ],
)
def test_each_role_lands_on_its_own_dashboard(world: World, persona: str, url_name: str) -> None:
    client = Client()
    client.force_login(world.persona(persona))
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse(url_name)


@pytest.mark.parametrize("persona", ["expert", "ndrc", "evaluator", "sysadmin"])
def test_a_role_without_a_dashboard_is_told_who_has_one(world: World, persona: str) -> None:
    client = Client()
    client.force_login(world.persona(persona))
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "您的角色没有工作台" in html
    assert "财政局" in html and "审计局" in html


def test_a_refused_dashboard_says_whose_it_is(world: World) -> None:
    client = Client()
    client.force_login(world.police_staff)
    response = client.get(reverse("web:dashboard_finance"))
    assert response.status_code == 403
    assert "财政资金工作台仅供财政局使用" in response.content.decode()


def test_the_bdb_leader_reads_the_overview_and_switches_by_tabs(world: World) -> None:
    html = page_of(world, "bdb_leader", "web:dashboard_overview")
    tabs = table_free_text(html, "dashboard-tabs")
    assert "大数据局工作台" in tabs and "专项小组总览" in tabs and "历史记录检索" in tabs


def table_free_text(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</ul>", start)]


def test_the_header_and_home_page_lead_to_the_dashboard(world: World) -> None:
    client = Client()
    client.force_login(world.finance)
    home = client.get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:dashboard")}"' in home  # 工作台 in the header
    assert f'href="{reverse("web:dashboard_finance")}"' in home  # the home page's link
    client.force_login(world.expert)
    assert (
        f'href="{reverse("web:dashboard")}"' not in client.get(reverse("web:home")).content.decode()
    )


# --- BDB ------------------------------------------------------------------------------------
def test_bdb_sees_its_citys_projects_money_deadlines_and_sanctions(ledger: Ledger) -> None:
    html = page_of(ledger.world, "bdb_staff", "web:dashboard_bdb")
    assert table_rows(html, "chart-states-table") == [["评审中", "1"], ["建设中", "1"]]
    assert sorted(table_rows(html, "chart-departments-table")) == [
        ["菏泽市公安局", "1"],
        ["菏泽市教育局", "1"],
    ]
    assert table_rows(html, "chart-money-table") == [
        ["2025", "1,000,000.00", "800,000.00", "600,000.00", "250,000.00", "180,000.00"],
        ["2026", "500,000.00", "0.00", "0.00", "0.00", "0.00"],
    ]
    assert table_rows(html, "chart-obligations-table") == [
        ["第十六条", "1", "0"],
        ["第二十三条", "0", "1"],
    ]
    # The lifted fund suspension is not in force.
    assert table_rows(html, "chart-sanctions-table") == [["通报批评", "1"]]
    assert kpi(html, "projects") == "2"
    assert kpi(html, "approved") == "800,000.00"
    assert kpi(html, "waiting") == "1"
    assert kpi(html, "overdue") == "1"
    queue = table_rows(html, "review-queue")
    assert [row[0] for row in queue] == [ledger.education.name]
    assert ledger.caoxian.name not in html


def test_a_county_bdb_sees_only_its_countys_numbers(ledger: Ledger) -> None:
    html = page_of(ledger.world, "caoxian_bdb_staff", "web:dashboard_bdb")
    assert table_rows(html, "chart-money-table") == [
        ["2025", "300,000.00", "300,000.00", "0.00", "70,000.00", "0.00"],
    ]
    assert table_rows(html, "chart-states-table") == [["已批复", "1"]]
    assert table_rows(html, "chart-obligations-table") == [["第十六条", "1", "0"]]
    assert ledger.police.name not in html
    assert 'data-testid="chart-sanctions-empty"' in html


def test_each_chart_draws_the_numbers_of_its_table(ledger: Ledger) -> None:
    html = page_of(ledger.world, "bdb_staff", "web:dashboard_bdb")
    found = re.search(r'<script id="chart-money-data" type="application/json">(.*?)</script>', html)
    assert found, "the money chart's data is not on the page"
    spec = json.loads(found.group(1))
    assert spec["kind"] == "bar"
    assert spec["categories"] == ["2025", "2026"]
    assert [s["name"] for s in spec["series"]] == ["申请", "批复", "合同", "已拨付", "已支出"]
    assert spec["series"][0]["data"] == [1000000.0, 500000.0]
    assert spec["series"][4]["data"] == [180000.0, 0.0]
    assert 'data-chart="chart-money-data"' in html
    assert "表格视图" in html
    # ECharts is loaded on dashboard pages only; no inline script besides the JSON data.
    assert "vendor/echarts/echarts.min.js" in html
    assert "govit/charts.js" in html
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert scripts and all('type="application/json"' in attrs for attrs in scripts)
    assert "vendor/echarts" not in page_of(ledger.world, "bdb_staff", "web:home")


def test_an_empty_jurisdiction_shows_no_data_instead_of_empty_charts(world: World) -> None:
    html = page_of(world, "caoxian_bdb_staff", "web:dashboard_bdb")
    for chart in ("money", "obligations", "sanctions"):
        assert f'data-testid="chart-{chart}-empty"' in html
    assert "暂无数据" in html
    assert 'data-testid="queue-empty"' in html


# --- the leading group ------------------------------------------------------------------------
def test_the_leading_group_sees_yearly_trends_read_only(ledger: Ledger) -> None:
    html = page_of(ledger.world, "overseer", "web:dashboard_overview")
    assert table_rows(html, "chart-trend-table") == [["2025", "1", "1"], ["2026", "1", "0"]]
    assert table_rows(html, "chart-money-trend-table") == [
        ["2025", "800,000.00", "250,000.00"],
        ["2026", "0.00", "0.00"],
    ]
    assert kpi(html, "requested") == "1,500,000.00"
    assert kpi(html, "sanctions") == "1"
    assert 'data-testid="chart-scores-empty"' in html
    assert "<form" not in html.split('id="main"')[1]  # nothing to act on


# --- Finance ----------------------------------------------------------------------------------
def test_finance_sees_pending_batches_with_their_verdict_and_reasons(ledger: Ledger) -> None:
    html = page_of(ledger.world, "finance", "web:dashboard_finance")
    assert f'data-testid="pending-batch-{ledger.pending_police.pk}"' in html
    assert f'data-testid="pending-batch-{ledger.pending_caoxian.pk}"' not in html
    # The police project has no BDB opinion number: the verdict says so, with its article.
    assert 'data-testid="verdict-blocked"' in html
    assert "项目尚无大数据局审核意见" in html
    assert kpi(html, "confirmed") == "1"
    assert kpi(html, "pending-amount") == "100,000.00"
    assert kpi(html, "released") == "250,000.00"
    month = table_rows(html, "chart-released-table")[ledger.today.month - 1]
    assert month == [f"{ledger.today.month}月", "250,000.00"]
    assert reverse("funds:queue") in html


def test_a_county_finance_sees_only_what_its_budget_pays(ledger: Ledger) -> None:
    html = page_of(ledger.world, "caoxian_finance", "web:dashboard_finance")
    assert f'data-testid="pending-batch-{ledger.pending_caoxian.pk}"' in html
    assert f'data-testid="pending-batch-{ledger.pending_police.pk}"' not in html
    assert kpi(html, "released") == "70,000.00"
    assert kpi(html, "pending-amount") == "30,000.00"


def test_finance_without_pending_batches_sees_an_empty_state(world: World) -> None:
    html = page_of(world, "caoxian_finance", "web:dashboard_finance")
    assert 'data-testid="pending-empty"' in html
    assert 'data-testid="chart-released-empty"' in html


# --- the department ---------------------------------------------------------------------------
def test_the_department_sees_its_projects_next_deadline_todos_and_money(ledger: Ledger) -> None:
    html = page_of(ledger.world, "police_staff", "web:dashboard_department")
    rows = table_rows(html, "my-projects")
    assert len(rows) == 1 and rows[0][0] == ledger.police.name
    # The earliest unfinished obligation: the overdue contract filing.
    assert "合同备案" in rows[0][2]
    assert "已逾期 5 个自然日" in rows[0][3]
    assert 'data-testid="dashboard-todos"' in html
    assert table_rows(html, "chart-money-table") == [
        ["2025", "1,000,000.00", "800,000.00", "600,000.00", "250,000.00", "180,000.00"],
    ]
    assert kpi(html, "spent") == "180,000.00"
    assert ledger.education.name not in html


def test_a_project_without_deadlines_says_so(world: World) -> None:
    html = page_of(world, "education_staff", "web:dashboard_department")
    rows = table_rows(html, "my-projects")
    assert rows == [[world.project("education").name, "草稿", "无未办结事项", ""]]
    assert 'data-testid="todos-empty"' in html


# --- Audit ------------------------------------------------------------------------------------
def test_the_auditor_reads_everything_of_the_city(ledger: Ledger) -> None:
    html = page_of(ledger.world, "auditor", "web:dashboard_audit")
    assert table_rows(html, "chart-money-table")[0][1:] == [
        "1,000,000.00",
        "800,000.00",
        "600,000.00",
        "250,000.00",
        "180,000.00",
    ]
    assert kpi(html, "contracted") == "600,000.00"
    assert kpi(html, "sanctions") == "1"
    assert [row[0] for row in table_rows(html, "sanctions-list")] == [ledger.police.name]
    assert reverse("web:history_search") in html
    assert ledger.caoxian.name not in html
