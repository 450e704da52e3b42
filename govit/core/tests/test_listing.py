"""The list machinery (``govit.core.listing``), through the project list: filters, sorting both
ways, Chinese search, keyset pages that visit every row once (ties, NULLs, going back), bad
input that never becomes a 500, the capped count and the capped export."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from govit.core import listing
from govit.core.listing import ListRequest, capped_count, count_text, keyset_page
from govit.projects.lists import PROJECTS
from govit.projects.models import Project
from govit.projects.selectors import projects_for
from govit.testing.world import World

LIST = reverse("projects:list")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def many_projects(world: World, count: int, *, org: str = "police", **fields: Any) -> list[Project]:
    """``count`` projects of one organisation: amounts with ties and NULLs (every third has no
    approved amount, the others share four values), two years, updated a minute apart."""
    organisation = world.organisations[org]
    now = timezone.now()
    made = []
    for index in range(count):
        values: dict[str, Any] = {
            "code": f"T{org[:3].upper()}{index:04d}",
            "name": f"测试项目{index:02d}",
            "year": 2025 + index % 2,
            "organisation": organisation,
            "jurisdiction": organisation.jurisdiction,
            "requested_amount": Decimal("900000"),
            "approved_amount": None if index % 3 == 0 else Decimal(100000 * (index % 4)),
            "updated_at": now - timedelta(minutes=index % 5),  # ties on the time, too
        }
        values.update(fields)
        made.append(Project.objects.create(**values))
    return made


def walk(user: Any, query: str, *, size: int) -> tuple[list[int], list[int]]:
    """Follow "下一页" from the first page to the last, then "上一页" back to the first:
    the pks in the order seen each way (each page's rows in list order)."""
    forward: list[list[int]] = []
    params = QueryDict(query, mutable=True)
    while True:
        state = ListRequest.parse(PROJECTS, params, user)
        state.size = size
        page = keyset_page(state, state.filter(projects_for(user)))
        forward.append([row.pk for row in page.rows])
        if not page.next_url:
            break
        params = QueryDict(page.next_url[1:], mutable=True)
    backward: list[list[int]] = [forward[-1]]
    while True:
        state = ListRequest.parse(PROJECTS, params, user)
        state.size = size
        page = keyset_page(state, state.filter(projects_for(user)))
        if not page.previous_url:
            break
        params = QueryDict(page.previous_url[1:], mutable=True)
        state = ListRequest.parse(PROJECTS, params, user)
        state.size = size
        page = keyset_page(state, state.filter(projects_for(user)))
        backward.insert(0, [row.pk for row in page.rows])
    return [pk for rows in forward for pk in rows], [pk for rows in backward for pk in rows]


def expected_order(user: Any, *ordering: Any) -> list[int]:
    return list(projects_for(user).order_by(*ordering).values_list("pk", flat=True))


# --- keyset pages -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sort", "ordering"),
    [
        ("approved", [listing.F("approved_amount").asc(nulls_last=True), "pk"]),
        ("-approved", [listing.F("approved_amount").desc(nulls_last=True), "-pk"]),
        ("year", ["year", "pk"]),
        ("-year", ["-year", "-pk"]),
        ("-updated", ["-updated_at", "-pk"]),
        ("organisation", ["organisation__name", "pk"]),
        ("code", ["code", "pk"]),
    ],
)
def test_paging_visits_every_row_once_in_order_both_ways(
    world: World, sort: str, ordering: list[Any]
) -> None:
    many_projects(world, 17)
    many_projects(world, 6, org="education")
    bdb = world.bdb_staff

    forward, backward = walk(bdb, f"sort={sort}", size=4)

    everything = expected_order(bdb, *ordering)
    assert len(everything) == 25  # 23 made here and the world's police and education projects
    assert forward == everything
    assert backward == everything


def test_paging_keeps_the_filter_and_the_search(world: World) -> None:
    many_projects(world, 12)
    many_projects(world, 5, org="education")
    bdb = world.bdb_staff

    forward, backward = walk(bdb, "sort=-approved&year=2026&q=测试", size=3)

    expected = list(
        projects_for(bdb)
        .filter(year=2026, name__contains="测试")
        .order_by(listing.F("approved_amount").desc(nulls_last=True), "-pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 8  # 6 police and 2 education projects of 2026
    assert forward == expected and backward == expected


def link(html: str, rel: str) -> str:
    """The ``?…`` of the pager's link ``rel`` (next / prev)."""
    return html.split(f'rel="{rel}"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")


def test_the_next_page_link_carries_after_and_the_first_page_none(world: World) -> None:
    many_projects(world, 25)
    client = client_for(world.police_staff)

    first = client.get(LIST, {"size": "20"}).content.decode()
    assert "after=" in link(first, "next") and 'data-testid="page-first"' not in first
    second = client.get(LIST + link(first, "next")).content.decode()

    assert second.count('<tr data-testid="project-') == 6  # 25 made + the world's project
    assert 'data-testid="page-first"' in second and "before=" in link(second, "prev")
    assert 'rel="next"' not in second
    back = client.get(LIST + link(second, "prev")).content.decode()
    assert back.count('<tr data-testid="project-') == 20 and 'rel="prev"' not in back


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "WyJ-dXBkYXRlZCIsW11d:1abc:forged",  # looks like ours, wrong signature
        "",
    ],
)
def test_a_tampered_cursor_shows_the_first_page(world: World, cursor: str) -> None:
    many_projects(world, 3)
    client = client_for(world.police_staff)

    first = client.get(LIST).content.decode()
    for name in ("after", "before"):
        response = client.get(LIST, {name: cursor})
        assert response.status_code == 200
        assert response.content.decode().count('<tr data-testid="project-') == first.count(
            '<tr data-testid="project-'
        )


def test_a_cursor_of_another_order_is_ignored(world: World) -> None:
    many_projects(world, 30)
    client = client_for(world.police_staff)
    page = client.get(LIST, {"size": "20", "sort": "code"}).content.decode()
    after = parse_qs(link(page, "next")[1:])["after"][0]

    by_name = client.get(LIST, {"size": "20", "sort": "-approved", "after": after})

    assert by_name.status_code == 200
    assert by_name.content.decode().count('<tr data-testid="project-') == 20  # a first page


# --- sorting, filters, search -----------------------------------------------------------------
def test_sorting_by_a_column_both_ways_and_headers_say_so(world: World) -> None:
    made = many_projects(world, 4)
    client = client_for(world.police_staff)

    ascending = client.get(LIST, {"sort": "code"}).content.decode()
    descending = client.get(LIST, {"sort": "-code"}).content.decode()

    codes = [p.code for p in made]
    assert [ascending.index(code) for code in codes] == sorted(ascending.index(c) for c in codes)
    assert [descending.index(code) for code in codes] == sorted(
        (descending.index(c) for c in codes), reverse=True
    )
    assert 'aria-sort="ascending"' in ascending and "sort=-code" in ascending
    assert 'aria-sort="descending"' in descending


def test_an_unknown_sort_key_falls_back_to_the_default_order(world: World) -> None:
    many_projects(world, 3)
    response = client_for(world.police_staff).get(LIST, {"sort": "-password"})
    assert response.status_code == 200
    assert 'aria-sort="descending"' in response.content.decode()  # 更新时间, newest first


def test_filters_narrow_the_list(world: World) -> None:
    many_projects(world, 4)
    many_projects(world, 2, org="education")
    client = client_for(world.bdb_staff)
    education = world.organisations["education"].pk

    html = client.get(LIST, {"organisation": education, "year": "2025"}).content.decode()

    assert html.count('<tr data-testid="project-') == 1  # TEDU0000 (2025); TEDU0001 is 2026
    assert "TEDU0000" in html
    assert f'<option value="{education}" selected>' in html


@pytest.mark.parametrize(
    ("name", "value"),
    [("year", "二〇二六"), ("state", "no_such_state"), ("organisation", "999999")],
)
def test_a_bad_filter_value_is_explained_and_ignored(world: World, name: str, value: str) -> None:
    many_projects(world, 2)
    response = client_for(world.police_staff).get(LIST, {name: value})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="list-error"' in html and "无效，已忽略该条件" in html
    assert html.count('<tr data-testid="project-') == 3


def test_the_chinese_search_matches_names_codes_and_units_and_every_term(world: World) -> None:
    client = client_for(world.bdb_staff)
    police, education = world.projects["police"], world.projects["education"]

    by_unit = client.get(LIST, {"q": "公安"}).content.decode()  # 菏泽市公安局
    both_terms = client.get(LIST, {"q": "公安  平台"}).content.decode()
    no_match = client.get(LIST, {"q": "公安 教育"}).content.decode()
    by_code = client.get(LIST, {"q": police.code}).content.decode()

    assert f"project-{police.pk}" in by_unit and f"project-{education.pk}" not in by_unit
    assert f"project-{police.pk}" in both_terms
    assert "暂无数据" in no_match
    assert f"project-{police.pk}" in by_code and f"project-{education.pk}" not in by_code


def test_the_search_stays_in_the_users_scope(world: World) -> None:
    html = client_for(world.education_staff).get(LIST, {"q": "公安"}).content.decode()
    assert f"project-{world.projects['police'].pk}" not in html and "暂无数据" in html


# --- counts -------------------------------------------------------------------------------------
def test_the_count_is_exact_up_to_the_cap_and_then_says_more(world: World) -> None:
    many_projects(world, 5)
    queryset = projects_for(world.police_staff)

    assert capped_count(queryset, cap=10) == 6
    assert capped_count(queryset, cap=3) == 4
    assert count_text(6, cap=10) == "共 6 条"
    assert count_text(4, cap=3) == "超过 3 条"
    assert count_text(10_001) == "超过 10,000 条"


# --- export -------------------------------------------------------------------------------------
def test_an_export_over_the_cap_is_refused_with_a_message(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_projects(world, 3)
    monkeypatch.setattr(listing, "EXPORT_CAP", 2)

    response = client_for(world.police_staff).get(LIST, {"export": "xlsx"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "超过 2 条，无法导出" in response.content.decode()


def test_the_export_follows_the_filters_search_and_order(world: World) -> None:
    many_projects(world, 6)
    response = client_for(world.police_staff).get(
        LIST, {"export": "xlsx", "q": "测试", "year": "2025", "sort": "-code", "after": "x"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["TPOL0004", "TPOL0002", "TPOL0000"]
    notes = load_workbook(io.BytesIO(response.content))["说明"]
    assert "年度=2025" in notes["A2"].value and "搜索=测试" in notes["A2"].value
