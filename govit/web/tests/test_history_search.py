"""The history search of the audit bureau (and BDB): by object, project, actor, action and
date range, scoped to the jurisdiction, newest first in keyset pages, exported to Excel."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from govit.audit.models import Event
from govit.audit.services import record
from govit.testing.world import World
from govit.web.dashboards.history import EVENTS_NAME_PROJECTS, PAGE_SIZE

from .ledger import table_rows

URL = "web:history_search"


def search(world: World, persona: str, **query: Any) -> Any:
    client = Client()
    client.force_login(world.persona(persona))
    return client.get(reverse(URL), query)


def seqs(response: Any) -> list[int]:
    assert response.status_code == 200, response.content[:400]
    html = response.content.decode()
    if 'data-testid="history-empty"' in html:
        return []
    return [int(row[0]) for row in table_rows(html, "history-results")]


@pytest.fixture
def events(world: World) -> dict[str, Event]:
    """Known events besides the world's project creations: the police project approved by the
    BDB leader, released by Finance (a week ago), and the 曹县 project touched by its staff."""
    police, caoxian = world.project("police"), world.project("caoxian")
    week_ago = timezone.now() - timedelta(days=7)
    with time_machine.travel(week_ago, tick=False):
        released = record(action="funds.release", obj=police, by=world.finance, reason="第一期拨付")
    approved = record(action="project.approve", obj=police, by=world.bdb_leader, reason="同意")
    county = record(action="project.submit", obj=caoxian, by=world.caoxian_police_staff)
    return {"released": released, "approved": approved, "county": county}


def test_the_auditor_sees_the_citys_history_newest_first(
    world: World, events: dict[str, Event]
) -> None:
    found = seqs(search(world, "auditor"))
    assert found == sorted(found, reverse=True)
    assert events["approved"].seq in found and events["released"].seq in found
    assert events["county"].seq not in found  # 曹县's staff, 曹县's project


def test_a_county_bdb_sees_its_countys_history_only(world: World, events: dict[str, Event]) -> None:
    found = seqs(search(world, "caoxian_bdb_staff"))
    assert events["county"].seq in found
    assert events["approved"].seq not in found and events["released"].seq not in found


def test_search_by_actor(world: World, events: dict[str, Event]) -> None:
    assert seqs(search(world, "auditor", actor="finance")) == [events["released"].seq]
    assert seqs(search(world, "auditor", actor="nobody")) == []


def test_search_by_action_prefix(world: World, events: dict[str, Event]) -> None:
    assert seqs(search(world, "auditor", action="funds.")) == [events["released"].seq]
    approvals = seqs(search(world, "auditor", action="project.approve"))
    assert approvals == [events["approved"].seq]


def test_actions_read_as_words_with_their_code_beside(
    world: World, events: dict[str, Event]
) -> None:
    from govit.projects.workflow import PROJECT_MACHINE

    page = search(world, "auditor", action="project.approve").content.decode()
    row = page.split(f'data-testid="event-{events["approved"].seq}"', 1)[1].split("</tr>", 1)[0]
    assert PROJECT_MACHINE.transitions["approve"].label in row
    assert "<code>project.approve</code>" in row


def test_search_by_object_type_id_and_name(world: World, events: dict[str, Event]) -> None:
    police = world.project("police")
    by_name = seqs(search(world, "auditor", object="智慧公安"))
    by_code = seqs(search(world, "auditor", object=police.code))
    by_id = seqs(search(world, "auditor", object_type="projects.project", object=str(police.pk)))
    for found in (by_name, by_code, by_id):
        assert events["approved"].seq in found and events["released"].seq in found
        assert all(Event.objects.get(seq=seq).object_id == str(police.pk) for seq in found), (
            "only the police project's events"
        )
    assert seqs(search(world, "auditor", object_type="funds.fundbatch")) == []


def test_search_by_date_range(world: World, events: dict[str, Event]) -> None:
    today = timezone.localdate()
    week_ago = today - timedelta(days=7)
    assert seqs(search(world, "auditor", since=str(week_ago), until=str(week_ago))) == [
        events["released"].seq
    ]
    recent = seqs(search(world, "auditor", since=str(today)))
    assert events["approved"].seq in recent and events["released"].seq not in recent


def test_a_bad_date_range_says_what_to_fix(world: World, events: dict[str, Event]) -> None:
    response = search(world, "auditor", since="2026-02-30")
    assert response.status_code == 400
    assert "不是有效日期，请按 YYYY-MM-DD 填写" in response.content.decode()
    backwards = search(world, "auditor", since="2026-03-02", until="2026-03-01")
    assert backwards.status_code == 400
    assert "结束日期不能早于起始日期" in backwards.content.decode()


@pytest.mark.skipif(not EVENTS_NAME_PROJECTS, reason="audit.Event has no project_id yet")
def test_the_systems_own_events_about_the_citys_projects_are_found(world: World) -> None:
    police = world.project("police")
    system = record(action="obligations.overdue", obj=police, by=None)
    assert system.seq in seqs(search(world, "auditor", project=police.code))
    assert system.seq not in seqs(search(world, "caoxian_bdb_staff"))
    # A project outside the user's scope finds nothing, rather than everything.
    assert seqs(search(world, "caoxian_bdb_staff", project=police.code)) == []


def test_deep_pages_follow_the_sequence_without_gaps_or_repeats(world: World) -> None:
    police = world.project("police")
    for number in range(PAGE_SIZE + 10):
        record(action="test.touch", obj=police, by=world.police_staff, reason=str(number))
    client = Client()
    client.force_login(world.auditor)
    first = client.get(reverse(URL), {"action": "test."})
    html = first.content.decode()
    page_one = seqs(first)
    assert len(page_one) == PAGE_SIZE
    assert f"before={page_one[-1]}" in html
    second = client.get(reverse(URL), {"action": "test.", "before": page_one[-1]})
    page_two = seqs(second)
    assert len(page_two) == 10
    assert page_two[0] < page_one[-1]
    expected = list(
        Event.objects.filter(action="test.touch").order_by("-seq").values_list("seq", flat=True)
    )
    assert page_one + page_two == expected
    assert 'data-testid="history-next"' not in second.content.decode()


def test_the_page_costs_the_same_queries_however_long_the_history(
    world: World, django_assert_num_queries: Any
) -> None:
    police = world.project("police")
    client = Client()
    client.force_login(world.auditor)
    url = reverse(URL)
    client.get(url)
    # Session, user and roles (3), one page of events with their organisations (1; the scope
    # is in subqueries), the session saved (3).
    with django_assert_num_queries(7):
        client.get(url, {"actor": "police"})
    for number in range(3 * PAGE_SIZE):
        record(action="test.touch", obj=police, by=world.police_staff, reason=str(number))
    with django_assert_num_queries(7):
        response = client.get(url, {"actor": "police"})
    assert len(seqs(response)) == PAGE_SIZE


def test_the_filtered_history_exports_to_excel_with_chinese_headers(
    world: World, events: dict[str, Event]
) -> None:
    response = search(world, "auditor", action="funds.", export="xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "时间", "操作人", "操作人组织", "操作")
    assert len(rows) == 2
    seq, when, actor, organisation, action = rows[1][:5]
    assert seq == events["released"].seq
    assert isinstance(when, datetime)
    assert (actor, organisation, action) == ("finance", "菏泽市财政局", "funds.release")
    assert rows[1][8] == "第一期拨付"
    notes = [row[0] for row in book["说明"].iter_rows(values_only=True)]
    assert "操作：funds." in notes


def test_the_export_respects_the_scope(world: World, events: dict[str, Event]) -> None:
    response = search(world, "auditor", export="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    exported = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert events["approved"].seq in exported
    assert events["county"].seq not in exported


def test_bdb_reads_the_history_too_but_a_department_does_not(world: World) -> None:
    assert search(world, "bdb_staff").status_code == 200
    refused = search(world, "police_staff")
    assert refused.status_code == 403
    assert "历史记录检索仅供" in refused.content.decode()
