"""The obligations list as a list: overdue first by default, sorting both ways, search, a bad
filter explained, the 期限事项台账 export in the user's scope, and its query count (see
``Duties`` in conftest for the obligations of 2026-11-27)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from govit.core.testing.sheets import header_and_rows
from govit.obligations.testing import open_for

from .conftest import Duties

LIST = reverse("obligations:list")


def html(duties: Duties, persona: str, **query: Any) -> str:
    response = duties.client(persona).get(LIST, query)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def order(page: str, *obligations: Any) -> list[int]:
    """The obligations in the order the page shows them."""
    return [o.pk for o in sorted(obligations, key=lambda o: page.index(f'obligation-{o.pk}"'))]


def test_overdue_comes_first_then_the_due_date(duties: Duties) -> None:
    d = duties
    page = html(d, "bdb_staff")
    assert order(page, d.police_late, d.police_open, d.police_done, d.education_open) == [
        d.police_late.pk,  # overdue
        d.police_done.pk,  # 2026-11-10
        d.education_open.pk,  # 2026-12-01
        d.police_open.pk,  # 2027-01-05
    ]


def test_sorting_by_due_date_both_ways(duties: Duties) -> None:
    d = duties
    rows = (d.police_late, d.police_open, d.police_done, d.education_open)
    by_due = [d.police_done.pk, d.police_late.pk, d.education_open.pk, d.police_open.pk]
    assert order(html(d, "bdb_staff", sort="due"), *rows) == by_due
    assert order(html(d, "bdb_staff", sort="-due"), *rows) == by_due[::-1]


def test_the_search_finds_by_unit_and_project(duties: Duties) -> None:
    d = duties
    page = html(d, "bdb_staff", q="教育局")
    assert f"obligation-{d.education_open.pk}" in page
    assert f"obligation-{d.police_late.pk}" not in page
    both = html(d, "bdb_staff", q="公安 合同备案")
    assert f"obligation-{d.police_late.pk}" in both and f"obligation-{d.police_open.pk}" not in both


def test_a_bad_article_is_explained_and_ignored(duties: Duties) -> None:
    page = html(duties, "bdb_staff", article="abc")
    assert "依据条款（第几条）" in page and "无效，已忽略该条件" in page
    assert f"obligation-{duties.police_late.pk}" in page


def test_the_drill_down_says_it_is_narrowed_to_one_department(duties: Duties) -> None:
    police = duties.world.organisations["police"].pk
    page = html(duties, "bdb_staff", responsible=police)
    assert 'data-testid="filter-responsible"' in page
    assert f'<input type="hidden" name="responsible" value="{police}">' in page


def test_the_export_is_the_obligation_ledger_of_the_users_scope(duties: Duties) -> None:
    d = duties
    response = d.client("police_staff").get(LIST, {"export": "xlsx"})

    header, rows = header_and_rows(response)
    assert header[:4] == ["事项", "事项说明", "项目编码", "项目"]
    assert "剩余/逾期" not in header and "办理" not in header  # page-only columns
    assert [row["事项"] for row in rows] == ["合同备案", "绩效自评价", "申请竣工验收"]
    late = rows[0]
    assert late["状态"] == "已逾期" and late["依据"] == "第十六条"
    assert late["截止日期"].date() == date(2026, 11, 20) and late["逾期计算"] == "工作日"
    assert late["责任单位"] == "菏泽市公安局"
    assert rows[2]["截止日期暂定"] == "是"


# Session, user, roles (3); the capped count and the rows with projects and owners (2); the
# session save (3).
EXPORT_QUERIES = 8


def test_the_export_costs_the_same_however_many_obligations(
    duties: Duties, django_assert_num_queries: Any
) -> None:
    client = duties.client("bdb_staff")
    client.get(LIST)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert len(header_and_rows(client.get(LIST, {"export": "xlsx"}))[1]) == 4
    for index in range(26):
        open_for(duties.world, "education", due_on=date(2026, 12, 1), suffix=f"more{index}")
    with django_assert_num_queries(EXPORT_QUERIES):
        assert len(header_and_rows(client.get(LIST, {"export": "xlsx"}))[1]) == 30
