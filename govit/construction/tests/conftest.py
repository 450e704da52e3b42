"""A project in construction with its schedule saved, with time frozen in Heze.

The police project (市公安局) is reviewed, approved at 1,540,000 yuan (服务器 340,000 +
业务系统开发 1,200,000) and in procurement; ``building`` puts it in construction on
2027-03-01 and saves its schedule that morning: planned completion 2027-06-09, exactly
100 days later, so that day 50 (2027-04-20) is 50% of the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from govit.applications.models import BudgetLine
from govit.construction.testing import in_construction, in_procurement, with_schedule
from govit.projects.models import Project
from govit.testing.world import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = date(2027, 3, 1)
COMPLETION = date(2027, 6, 9)
DAY_50 = date(2027, 4, 20)
TOTAL = "1540000.00"


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@dataclass
class Building:
    world: World
    project: Project

    def refresh(self) -> Project:
        self.project = Project.objects.with_owner().get(pk=self.project.pk)
        return self.project

    def line(self, name: str) -> BudgetLine:
        return BudgetLine.objects.get(project=self.project, name=name)

    @property
    def server(self) -> BudgetLine:
        return self.line("服务器")

    @property
    def development(self) -> BudgetLine:
        return self.line("业务系统开发")


@pytest.fixture
def procurement(world: World, time_machine: Any) -> Building:
    project = in_procurement(world)
    time_machine.move_to(at(START), tick=False)
    return Building(world, project)


@pytest.fixture
def started(world: World, time_machine: Any) -> Building:
    """In construction since 2027-03-01, no schedule yet; the clock at 2027-03-01 10:00."""
    project = in_construction(world, started_on=START)
    time_machine.move_to(at(START), tick=False)
    return Building(world, project)


@pytest.fixture
def building(started: Building) -> Building:
    """In construction with the schedule saved (baseline version 1)."""
    with_schedule(started.world, started.project, planned_completion=COMPLETION)
    started.refresh()
    return started


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def field_error(response: Any, field: str) -> str:
    """The error text shown next to ``field`` (``data-field`` marks it)."""
    html = response.content.decode()
    marker = f'data-field="{field}">'
    assert marker in html, f"no error next to {field}: {html[:3000]}"
    return html.split(marker, 1)[1].split("</div>", 1)[0]
