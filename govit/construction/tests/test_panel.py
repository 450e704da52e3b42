"""The construction panel of the project page, and the construction page's query count."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from govit.construction import services
from govit.construction.panels import project_panel
from govit.testing.world import World

from .conftest import Building, at, client_for


def test_no_panel_before_procurement_or_for_experts(world: World, building: Building) -> None:
    assert project_panel(world.project("education"), world.education_staff) is None
    assert project_panel(building.project, building.world.expert) is None


def test_the_panel_shows_progress_colours_incidents_and_the_baseline(
    building: Building, time_machine: Any
) -> None:
    time_machine.move_to(at(date(2027, 4, 20)), tick=False)
    services.progress_report_file(
        project=building.project,
        report_date="2027-04-20",
        percent_complete="35",
        spend_to_date="924000",
        by=building.world.police_staff,
    )
    services.incident_report(
        project=building.project,
        kind="severe_delay",
        description="滞后",
        by=building.world.bdb_staff,
    )
    panel = project_panel(building.project, building.world.finance)
    assert panel is not None
    html = render_to_string("construction/partials/project_panel.html", {"panel": panel})
    assert "35.00%（2027-04-20）" in html
    assert 'data-colour="amber"' in html  # 50 % due, 35 % done: 15 points behind
    assert 'data-colour="red"' in html  # (924,000 − 35 % × 1,540,000) / 1,540,000 = 25 %
    assert "未办结的重大情况：1 件" in html
    assert "项目基线第 1 版，总额 1,540,000.00 元" in html


def _queries(user: Any, url: str) -> int:
    client = client_for(user)  # signed in at the frozen time (idle sessions expire)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_construction_page_does_not_grow_with_its_reports(
    building: Building, time_machine: Any
) -> None:
    staff = building.world.police_staff
    url = reverse("construction:project", args=[building.project.pk])

    def file(day: int) -> None:
        time_machine.move_to(at(date(2027, 3, day)), tick=False)
        services.progress_report_file(
            project=building.project,
            report_date=f"2027-03-{day:02d}",
            percent_complete=str(day),
            spend_to_date="1000",
            by=building.world.police_staff,
        )

    file(2)
    one = _queries(staff, url)
    for day in (3, 4, 5):
        file(day)
    assert _queries(staff, url) == one


def test_the_panel_shows_the_difference_from_the_original_baseline(building: Building) -> None:
    change = services.change_request_submit(
        project=building.project,
        changes_budget=True,
        changes_schedule=True,
        new_line_amounts={str(building.server.pk): "440000"},
        new_planned_completion="2027-06-19",
        reason="扩容",
        by=building.world.police_staff,
    )
    services.change_request_decide(
        change_request=change, approve=True, reason="同意", by=building.world.bdb_leader
    )
    panel = project_panel(building.refresh(), building.world.bdb_staff)
    html = render_to_string("construction/partials/project_panel.html", {"panel": panel})
    assert "项目基线第 2 版，总额 1,640,000.00 元" in html
    assert "较原始基线（第 1 版）：总额 +100,000.00 元，计划完成日期调整 10 天" in html
