"""The to-do list, the compliance map, the drill-down list, one obligation, the waiver and the
home page (see ``Duties`` in conftest for the obligations of 2026-11-27)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from govit.audit.models import Event
from govit.obligations.models import Obligation, ObligationState
from govit.obligations.testing import open_for

from .conftest import Duties


def page(duties: Duties, persona: str, name: str, *args: Any, **query: Any) -> str:
    response = duties.client(persona).get(reverse(name, args=args), query)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def row(html: str, obligation: Obligation) -> str:
    start = html.index(f'data-testid="obligation-{obligation.pk}"')
    return html[start : html.index("</tr>", start)]


# --- my to-do list ------------------------------------------------------------------------
def test_a_department_sees_its_open_and_overdue_obligations_by_due_date(duties: Duties) -> None:
    html = page(duties, "police_staff", "obligations:mine")
    assert html.index(f"obligation-{duties.police_late.pk}") < html.index(
        f"obligation-{duties.police_open.pk}"
    )
    assert f"obligation-{duties.police_done.pk}" not in html  # fulfilled: no longer to do
    assert f"obligation-{duties.education_open.pk}" not in html
    late = row(html, duties.police_late)
    assert "已逾期 5 个工作日" in late and "第十六条" in late
    assert reverse("contracts:project", args=[duties.police_late.project_id]) in late
    upcoming = row(html, duties.police_open)
    assert "2027-01-05" in upcoming and "暂定" in upcoming and "第二十三条" in upcoming
    assert reverse("acceptance:project", args=[duties.police_open.project_id]) in upcoming


def test_days_left_are_counted_in_calendar_days_for_a_calendar_rule(duties: Duties) -> None:
    html = page(duties, "education_staff", "obligations:mine")
    assert "剩余 4 个自然日" in row(html, duties.education_open)


def test_a_department_without_obligations_sees_the_empty_state(duties: Duties) -> None:
    html = page(duties, "university_staff", "obligations:mine")
    assert 'data-testid="todo-empty"' in html and "本单位暂无待办事项" in html


# --- the compliance map -------------------------------------------------------------------
def test_the_map_counts_open_and_overdue_by_article_and_department(duties: Duties) -> None:
    html = page(duties, "bdb_staff", "obligations:map")
    assert "未到期 2 项，已逾期 1 项" in html  # Heze only: 曹县's obligation is not counted
    article_16 = html[html.index('data-testid="article-16"') :]
    assert '?article=16&amp;state=overdue">1</a>' in article_16.split("</tr>")[0]
    police = duties.world.organisations["police"].pk
    police_row = html[html.index(f'data-testid="department-{police}"') :].split("</tr>")[0]
    assert f'?responsible={police}&amp;state=open">1</a>' in police_row
    assert f'?responsible={police}&amp;state=overdue">1</a>' in police_row
    assert "曹县公安局" not in html


def test_the_county_bdb_sees_only_its_county(duties: Duties) -> None:
    html = page(duties, "caoxian_bdb_staff", "obligations:map")
    assert "未到期 0 项，已逾期 1 项" in html and "曹县公安局" in html


def test_the_map_drills_down_to_the_list_and_the_project(duties: Duties) -> None:
    police = duties.world.organisations["police"].pk
    html = page(duties, "bdb_staff", "obligations:list", responsible=police, state="overdue")
    assert f"obligation-{duties.police_late.pk}" in html
    assert f"obligation-{duties.police_open.pk}" not in html
    assert f"obligation-{duties.education_open.pk}" not in html
    by_article = page(duties, "bdb_staff", "obligations:list", article=23, state="open")
    assert f"obligation-{duties.police_open.pk}" in by_article
    assert f"obligation-{duties.education_open.pk}" in by_article
    assert f"obligation-{duties.police_late.pk}" not in by_article
    everything = page(duties, "bdb_staff", "obligations:list")
    assert f"obligation-{duties.police_done.pk}" in everything  # fulfilled ones are listed too
    assert f"obligation-{duties.caoxian_late.pk}" not in everything


def test_the_list_ignores_a_malformed_filter(duties: Duties) -> None:
    html = page(duties, "bdb_staff", "obligations:list", article="abc")
    assert f"obligation-{duties.police_late.pk}" in html


def _more(duties: Duties, n: int) -> None:
    for i in range(n):
        open_for(duties.world, "education", due_on=date(2026, 11, 1 + i % 20), suffix=f"more{i}")
        open_for(
            duties.world,
            "police",
            kind="contract_filing",
            due_on=date(2026, 12, 1 + i % 20),
            day_count="working",
            suffix=f"more{i}",
        )


def _queries(duties: Duties, django_assert_num_queries: Any, name: str, count: int) -> None:
    client = duties.client("bdb_staff")
    client.get(reverse(name))  # warm the session
    with django_assert_num_queries(count):
        assert client.get(reverse(name)).status_code == 200


# Session, user and roles (3), the two GROUP BY queries (2), the session save (3).
MAP_QUERIES = 8
# Session, user and roles (3), count (capped) and page of obligations with projects and owners
# (2), the working-day calendar of the page (1), the user's saved filters (1), the session
# save (3).
LIST_QUERIES = 10


def test_the_map_costs_the_same_however_many_obligations(
    duties: Duties, django_assert_num_queries: Any
) -> None:
    _queries(duties, django_assert_num_queries, "obligations:map", MAP_QUERIES)
    _more(duties, 20)
    _queries(duties, django_assert_num_queries, "obligations:map", MAP_QUERIES)


def test_the_list_costs_the_same_however_many_obligations(
    duties: Duties, django_assert_num_queries: Any
) -> None:
    _queries(duties, django_assert_num_queries, "obligations:list", LIST_QUERIES)
    _more(duties, 20)
    _queries(duties, django_assert_num_queries, "obligations:list", LIST_QUERIES)


# --- one obligation and the waiver ----------------------------------------------------------
def test_the_detail_shows_the_history_and_offers_the_waiver_to_a_bdb_leader(
    duties: Duties,
) -> None:
    pk = duties.police_late.pk
    html = page(duties, "bdb_leader", "obligations:detail", pk)
    assert "obligations.open" in html and "obligations.overdue" in html
    assert 'data-testid="waive-form"' in html
    for persona in ("bdb_staff", "police_staff", "auditor"):
        assert 'data-testid="waive-form"' not in page(duties, persona, "obligations:detail", pk)


def test_a_bdb_leader_waives_with_a_reason(duties: Duties) -> None:
    pk = duties.police_late.pk
    client = duties.client("bdb_leader")
    response = client.post(
        reverse("obligations:waive", args=[pk]), {"waive-reason": "合同已由市级统一采购代签"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("obligations:detail", args=[pk])
    duties.refresh()
    assert duties.police_late.state == ObligationState.WAIVED
    html = client.get(response["Location"]).content.decode()
    assert "已豁免" in html and "合同已由市级统一采购代签" in html
    assert Event.objects.filter(action="obligations.waive", object_id=str(pk)).count() == 1


def test_a_waiver_without_a_reason_is_refused_on_the_page(duties: Duties) -> None:
    pk = duties.police_late.pk
    response = duties.client("bdb_leader").post(
        reverse("obligations:waive", args=[pk]), {"waive-reason": ""}
    )
    assert response.status_code == 400
    assert "请填写豁免理由" in response.content.decode()
    duties.refresh()
    assert duties.police_late.state == ObligationState.OVERDUE


def test_waiving_a_fulfilled_obligation_is_refused_on_the_page(duties: Duties) -> None:
    pk = duties.police_done.pk
    response = duties.client("bdb_leader").post(
        reverse("obligations:waive", args=[pk]), {"waive-reason": "理由"}
    )
    assert response.status_code == 409
    assert "已履行，不能豁免" in response.content.decode()


# --- the home page and the menu ------------------------------------------------------------
def test_the_home_page_lists_the_organisations_obligations_by_due_date(duties: Duties) -> None:
    html = page(duties, "police_leader", "web:home")
    assert html.index(f"home-todo-{duties.police_late.pk}") < html.index(
        f"home-todo-{duties.police_open.pk}"
    )
    assert f"home-todo-{duties.police_done.pk}" not in html
    assert f"home-todo-{duties.education_open.pk}" not in html
    assert "已逾期 5 个工作日" in html and "暂定" in html
    assert reverse("obligations:mine") in html
    assert 'data-testid="todo-empty"' not in html


def test_the_home_page_of_an_organisation_without_obligations_is_empty(duties: Duties) -> None:
    html = page(duties, "bdb_staff", "web:home")
    assert 'data-testid="todo-empty"' in html and "暂无待办事项" in html


def test_the_menu_shows_the_to_do_list_to_units_and_the_map_to_bdb(duties: Duties) -> None:
    unit = page(duties, "police_staff", "web:home")
    bdb = page(duties, "bdb_staff", "web:home")
    overseer = page(duties, "overseer", "web:home")
    assert "我的待办" in unit and "合规地图" not in unit
    assert "合规地图" in bdb and "我的待办" not in bdb
    assert "合规地图" in overseer


def test_the_list_shows_a_late_fulfilment_in_the_rules_unit(duties: Duties) -> None:
    from govit.obligations.services import obligation_fulfil

    obligation_fulfil(key=duties.police_late.key, on=date(2026, 11, 27))
    html = page(duties, "auditor", "obligations:list", state="fulfilled")
    late = row(html, duties.police_late)
    assert "已履行" in late and "（逾期 5 个工作日）" in late
    assert "（按期）" in row(html, duties.police_done)
