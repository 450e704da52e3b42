"""A department's to-do list and the BDB compliance map, in a real browser."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from govit.obligations.models import DayCount, ObligationKind
from govit.obligations.scan import run_scan
from govit.obligations.testing import open_for
from govit.testing.world import World

from .journeys import sign_in

pytestmark = pytest.mark.e2e


def test_a_department_sees_its_to_do_list_and_bdb_the_compliance_map(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    today = timezone.localdate()
    late = open_for(
        live_world,
        "police",
        kind=ObligationKind.INCIDENT_RECTIFICATION,
        due_on=today - timedelta(days=3),
    )
    upcoming = open_for(live_world, "police", due_on=today + timedelta(days=10))
    open_for(
        live_world,
        "education",
        kind=ObligationKind.CONTRACT_FILING,
        due_on=today + timedelta(days=2),
        day_count=DayCount.WORKING,
    )
    run_scan(today)

    # The police department: home page and the to-do list, overdue first.
    sign_in(page, live_server.url, "police_staff")
    expect(page.get_by_test_id(f"home-todo-{late.pk}")).to_contain_text("已逾期 3 个自然日")
    page.get_by_role("link", name="我的待办", exact=True).click()
    expect(page).to_have_url(re.compile(r"/obligations/mine/$"))
    rows = page.get_by_test_id("todo").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("重大情况整改")
    expect(rows.first).to_contain_text("第二十条")
    expect(page.get_by_test_id(f"left-{upcoming.pk}")).to_contain_text("剩余 10 个自然日")
    page.screenshot(path=screenshot_dir / "obligations-mine.png", full_page=True)
    page.get_by_role("button", name="退出登录").click()

    # The Big Data Bureau: the map, drilled down to the list and the obligation.
    sign_in(page, live_server.url, "bdb_staff")
    page.get_by_role("link", name="合规地图", exact=True).click()
    expect(page.get_by_test_id("map-totals")).to_contain_text("未到期 2 项，已逾期 1 项")
    page.screenshot(path=screenshot_dir / "obligations-map.png", full_page=True)
    page.get_by_test_id("article-20").get_by_role("link", name="1", exact=True).click()
    expect(page).to_have_url(re.compile(r"article=20&state=overdue"))
    page.get_by_test_id(f"obligation-{late.pk}").get_by_role("link", name="重大情况整改").click()
    expect(page.get_by_test_id("obligation-detail")).to_contain_text("菏泽市公安局")
    expect(page.get_by_test_id("history")).to_contain_text("obligations.overdue")
