"""Usability in the browser: phone and laptop widths, labelled fields, the keyboard, the
language switch, empty states, and charts that draw without console errors or CSP violations.

The data (``busy``): the police project approved and in procurement with a first batch
waiting for Finance, the education project's complete dossier in draft, obligations open
(one overdue), a draft annual plan of the police department for next year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from govit.funds.testing import confirmed_batch
from govit.obligations.models import ObligationKind
from govit.obligations.testing import open_for
from govit.planning.models import DepartmentPlan
from govit.planning.services import department_plan_create
from govit.reviews.models import ReviewAssignment
from govit.testing.world import World

from .journeys import (
    LAPTOP,
    PHONE,
    horizontal_overflow,
    shot,
    sign_in,
    squeezed_cells,
    unnamed_fields,
    watching,
)

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Busy:
    world: World
    police: int  # the police project: in procurement, a batch waiting for Finance
    education: int  # the education project: complete dossier, draft
    approved_plan: int  # the police department's approved plan of this year
    draft_plan: int  # … and its draft plan of next year
    review: int  # the expert's review assignment of the police project (submitted)


@pytest.fixture
def busy(live_world: World) -> Busy:
    world = live_world
    police = world.in_procurement("police")
    confirmed_batch(world, police, {"服务器": "170000", "业务系统开发": "300000"})
    education = world.ready_to_submit("education")
    today = timezone.localdate()
    open_for(
        world,
        "police",
        kind=ObligationKind.INCIDENT_RECTIFICATION,
        due_on=today - timedelta(days=3),
    )
    open_for(world, "police", due_on=today + timedelta(days=20))
    open_for(
        world, "education", kind=ObligationKind.CONTRACT_FILING, due_on=today + timedelta(days=5)
    )
    assert police.plan_item is not None
    next_year = today.year + 1
    draft = department_plan_create(
        kind=DepartmentPlan.Kind.ANNUAL_CONSTRUCTION,
        title=f"菏泽市公安局{next_year}年度建设计划",
        start_year=next_year,
        by=world.police_staff,
    )
    review = ReviewAssignment.objects.get(project=police, expert__user=world.expert)
    return Busy(world, police.pk, education.pk, police.plan_item.plan_id, draft.pk, review.pk)


def switch_user(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, username)


def key_pages(busy: Busy) -> dict[str, list[tuple[str, str]]]:
    """Per persona: (short name, path) of the pages people use all day."""
    project = reverse("projects:detail", args=[busy.police])
    return {
        "police_staff": [
            ("home", reverse("web:home")),
            ("dashboard-department", reverse("web:dashboard_department")),
            ("projects", reverse("projects:list")),
            ("project", project),
            ("plan", reverse("planning:department_detail", args=[busy.approved_plan])),
            ("obligations-mine", reverse("obligations:mine")),
            ("systems", reverse("systems:list")),
        ],
        "education_staff": [
            ("dossier", reverse("applications:dossier", args=[busy.education])),
        ],
        "bdb_staff": [
            ("dashboard-bdb", reverse("web:dashboard_bdb")),
            ("history", reverse("web:history_search")),
            ("project-bdb", project),
            ("workspace", reverse("reviews:workspace", args=[busy.police])),
            ("obligations", reverse("obligations:list")),
            ("compliance-map", reverse("obligations:map")),
            ("batches", reverse("funds:batches")),
            ("contracts", reverse("contracts:list")),
        ],
        "bdb_leader": [("dashboard-overview", reverse("web:dashboard_overview"))],
        "expert": [
            ("reviews-mine", reverse("reviews:mine")),
            ("review", reverse("reviews:assignment", args=[busy.review])),
        ],
        "finance": [
            ("dashboard-finance", reverse("web:dashboard_finance")),
            ("batches-finance", reverse("funds:batches")),
        ],
        "auditor": [("dashboard-audit", reverse("web:dashboard_audit"))],
    }


PHONE_SHOTS = {"home", "dashboard-department", "dashboard-bdb", "projects", "project", "plan"}


# --- widths ------------------------------------------------------------------------------
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone-390", "laptop-1366"])
def test_key_pages_never_scroll_sideways(
    page: Page, live_server, busy: Busy, screenshot_dir: Path, viewport: ViewportSize
) -> None:
    """Wide tables scroll inside their ``.table-responsive`` box; the page itself never does,
    and on a phone no table column is squeezed to a character per line."""
    page.set_viewport_size(viewport)
    phone = viewport == PHONE
    too_wide: list[str] = []
    squeezed: list[str] = []
    for persona, pages in key_pages(busy).items():
        switch_user(page, live_server.url, persona)
        for name, path in pages:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, (persona, path)
            page.wait_for_load_state("load")
            found = horizontal_overflow(page)
            if found["page"] > found["width"] + 1:
                too_wide.append(f"{persona} {path}: {found}")
            if phone:
                # …and a wide table scrolls in its box rather than squeezing its columns.
                squeezed.extend(f"{persona} {path}: {cell}" for cell in squeezed_cells(page))
                if name in PHONE_SHOTS:
                    shot(page, screenshot_dir, f"phone-{name}")
    assert too_wide == []
    assert squeezed == []


# --- labels ------------------------------------------------------------------------------
def test_every_field_of_the_key_forms_has_an_accessible_name(
    page: Page, live_server, busy: Busy
) -> None:
    forms = {
        "police_staff": [
            reverse("projects:new"),
            reverse("planning:item_new", args=[busy.draft_plan]),
            reverse("planning:items_import", args=[busy.draft_plan]),
            reverse("planning:department_new"),
            reverse("projects:list"),
            reverse("systems:list"),
        ],
        "education_staff": [reverse("applications:dossier", args=[busy.education])],
        "bdb_staff": [
            reverse("projects:list"),
            reverse("contracts:list"),
            reverse("funds:batches"),
            reverse("obligations:list"),
            reverse("systems:list"),
            reverse("web:history_search"),
            reverse("projects:detail", args=[busy.police]),
        ],
        "finance": [reverse("funds:batches")],
    }
    unnamed: dict[str, list[str]] = {}
    for persona, paths in forms.items():
        switch_user(page, live_server.url, persona)
        for path in paths:
            page.goto(live_server.url + path)
            expect(page.locator("main form").first).to_be_attached()
            missing = unnamed_fields(page)
            if missing:
                unnamed[f"{persona} {path}"] = missing
    assert unnamed == {}
    # The check itself sees a field without a name.
    page.locator("main form").first.evaluate(
        "(form) => { const probe = document.createElement('textarea');"
        " probe.name = 'probe'; form.append(probe); }"
    )
    assert unnamed_fields(page) == ["probe"]


# --- keyboard ----------------------------------------------------------------------------
def focused(page: Page) -> dict[str, str]:
    return dict(
        page.evaluate(
            """() => {
              const el = document.activeElement;
              return {tag: el.tagName.toLowerCase(), id: el.id || "",
                      text: (el.innerText || el.value || "").trim().slice(0, 40),
                      inNav: String(!!el.closest("nav.govit-navbar")),
                      inMain: String(!!el.closest("main"))};
            }"""
        )
    )


def tab_until(
    page: Page, matches: Callable[[dict[str, str]], bool], limit: int = 120
) -> list[dict[str, str]]:
    """Press Tab until ``matches(focused)``; every stop on the way (fails after ``limit``)."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        stops.append(stop)
        if matches(stop):
            return stops
    raise AssertionError(f"not reached with {limit} presses of Tab: {stops[-5:]}")


def test_the_keyboard_reaches_the_skip_link_the_menu_the_form_and_the_table_views(
    page: Page, live_server, busy: Busy
) -> None:
    base = live_server.url
    sign_in(page, base, "police_staff")

    # Tab first reaches 跳到正文, which appears; Enter puts the focus on the main content.
    page.goto(base + reverse("web:home"))
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "跳到正文"
    expect(page.get_by_role("link", name="跳到正文")).to_be_visible()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert focused(page)["inMain"] == "true", focused(page)

    # The main menu and the primary button of a form are reached with Tab alone.
    page.goto(base + reverse("projects:new"))
    stops = tab_until(page, lambda stop: stop["tag"] == "button" and stop["text"] == "创建")
    menu = {stop["text"] for stop in stops if stop["inNav"] == "true"}
    assert {"首页", "工作台", "项目", "我的待办", "退出登录"} <= menu, menu
    page.get_by_label("项目名称").focus()
    page.keyboard.type("键盘填写的项目")
    assert page.get_by_label("项目名称").input_value() == "键盘填写的项目"

    # A chart's 表格视图 opens with Enter, the next one with Space.
    page.goto(base + reverse("web:dashboard_department"))
    summaries = page.locator("details.govit-table-view")
    expect(summaries.first).to_be_attached()
    tab_until(page, lambda stop: stop["tag"] == "summary" and stop["text"] == "表格视图")
    first_table = summaries.nth(0).locator("table")
    expect(first_table).to_be_hidden()
    page.keyboard.press("Enter")
    expect(summaries.nth(0)).to_have_attribute("open", "")
    expect(first_table).to_be_visible()
    expect(first_table).to_contain_text("采购中")
    tab_until(page, lambda stop: stop["tag"] == "summary" and stop["text"] == "表格视图")
    page.keyboard.press(" ")
    expect(summaries.nth(1)).to_have_attribute("open", "")
    expect(summaries.nth(1).locator("table")).to_contain_text("1,540,000.00")


# --- language ----------------------------------------------------------------------------
def test_the_dashboard_and_the_project_page_switch_to_english_and_back(
    page: Page, live_server, busy: Busy
) -> None:
    base = live_server.url
    sign_in(page, base, "police_staff")
    page.goto(base + reverse("web:dashboard_department"))
    expect(page.get_by_test_id("kpis")).to_contain_text("已拨付（元）")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/dashboard/department/$"))
    navigation = page.get_by_role("navigation", name=re.compile("^(主导航|Main navigation)$"))
    expect(navigation.get_by_role("link", name="Home", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="My to-do list", exact=True)).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_contain_text("Unit staff")
    expect(page.get_by_role("heading", name="Owning unit dashboard", level=1)).to_be_visible()
    expect(navigation.get_by_role("link", name="Dashboard", exact=True)).to_be_visible()
    expect(page.get_by_test_id("chart-states")).to_contain_text("Projects by state")
    expect(page.locator("summary", has_text="Table view").first).to_be_visible()
    kpis = page.get_by_test_id("kpis")
    expect(kpis).to_contain_text("Released (yuan)")
    expect(kpis).to_contain_text("Requested amount (yuan)")
    expect(page.get_by_test_id("my-projects").locator("thead")).to_contain_text("State")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(base + reverse("projects:detail", args=[busy.police]))
    expect(page.get_by_role("heading", name="Available actions")).to_be_visible()
    state_line = page.locator("main p").filter(has=page.get_by_test_id("project-state"))
    expect(state_line).to_contain_text("Current state")
    expect(state_line).not_to_contain_text("当前状态")

    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", name="可办理的操作")).to_be_visible()
    expect(page.get_by_text("当前状态").first).to_be_visible()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()


# --- empty states ------------------------------------------------------------------------
def test_people_with_nothing_yet_see_no_data_rather_than_an_empty_frame(
    page: Page, live_server, live_world: World
) -> None:
    base = live_server.url
    # 菏泽学院 has no project; 曹县财政局 has no batch to release.
    sign_in(page, base, "university_staff")
    page.goto(base + reverse("web:dashboard_department"))
    expect(page.get_by_test_id("kpi-projects")).to_have_text("0")
    expect(page.get_by_test_id("projects-empty")).to_have_text("暂无数据")
    expect(page.get_by_test_id("todos-empty")).to_have_text("暂无待办事项")
    expect(page.get_by_test_id("chart-states-empty")).to_have_text("暂无数据")
    expect(page.locator(".govit-chart")).to_have_count(0)
    page.goto(base + reverse("projects:list"))
    expect(page.get_by_test_id("empty")).to_have_text("暂无数据")

    switch_user(page, base, "caoxian_finance")
    page.goto(base + reverse("web:dashboard_finance"))
    expect(page.get_by_test_id("pending-empty")).to_have_text("暂无待办批次")
    expect(page.locator("main .govit-empty", has_text="暂无数据").first).to_be_visible()

    switch_user(page, base, "expert")
    page.goto(base + reverse("reviews:mine"))
    expect(page.get_by_test_id("my-reviews")).to_contain_text("暂无评审任务")


# --- charts ------------------------------------------------------------------------------
DASHBOARDS = [
    ("bdb_staff", "web:dashboard_bdb"),
    ("bdb_leader", "web:dashboard_overview"),
    ("finance", "web:dashboard_finance"),
    ("police_staff", "web:dashboard_department"),
    ("auditor", "web:dashboard_audit"),
]


def test_every_dashboard_draws_its_charts_without_console_errors_or_csp_violations(
    page: Page, live_server, busy: Busy
) -> None:
    base = live_server.url
    with watching(page) as problems:
        for persona, url_name in DASHBOARDS:
            switch_user(page, base, persona)
            page.goto(base + reverse(url_name))
            charts = page.locator(".govit-chart")
            assert charts.count() >= 1, f"{url_name}: no chart drawn for {persona}"
            for index in range(charts.count()):
                canvas = charts.nth(index).locator("canvas")
                expect(canvas).to_have_count(1)
                box = canvas.bounding_box()
                assert box is not None and box["width"] > 100 and box["height"] > 100, url_name
            # The same numbers as a table: one table view per chart.
            expect(page.locator("details.govit-table-view")).to_have_count(charts.count())
            assert problems.csp_violations() == [], url_name
        assert problems.errors == []
        # The watcher itself hears an inline style refused by the policy.
        page.evaluate("() => document.body.setAttribute('style', 'color: red')")
        page.wait_for_function("() => window.__cspViolations.length > 0")
        assert any("style-src" in found for found in problems.csp_violations())
