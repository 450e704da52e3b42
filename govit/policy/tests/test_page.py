"""The calendar page (/calendar/): due dates, 暂定, a year's holidays and the packs in force."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from govit.policy.models import CalendarYear, Holiday

URL = "/calendar/"


@pytest.fixture
def client_of(world):  # type: ignore[no-untyped-def]
    def make(persona: str = "police_staff") -> Client:
        client = Client()
        client.force_login(world.persona(persona))
        return client

    return make


def page(client: Client, **params: str) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_url_name_is_policy_calendar() -> None:
    assert reverse("policy:calendar") == URL


def test_contract_signed_before_national_day_2026_shows_13_october(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of(), **{"add-start": "2026-09-30", "add-n": "5"})
    assert "2026-10-13（星期二）" in html
    assert 'data-testid="due-note"' not in html


def test_a_2027_due_date_carries_the_provisional_badge(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of(), **{"add-start": "2026-12-30", "add-n": "5"})
    assert "2027-01-06" in html
    assert "暂定" in html
    assert "暂定：2027 年节假日安排尚未录入，按周末推算" in html


def test_between_shows_the_count(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of(), **{"between-start": "2026-09-30", "between-end": "2026-10-13"})
    assert "共 <strong>5</strong> 个工作日" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"add-start": "2026-02-30", "add-n": "5"}, "请输入有效日期（YYYY-MM-DD）"),
        ({"add-start": "not a date", "add-n": "5"}, "请输入有效日期（YYYY-MM-DD）"),
        ({"add-start": "2026-09-30", "add-n": "five"}, "请输入整数"),
        ({"add-start": "2026-09-30", "add-n": "-1"}, "工作日数不能小于 0"),
        ({"add-start": "2026-09-30", "add-n": "99999"}, "工作日数不能大于 5000"),
        ({"add-start": "2026-09-30"}, "请填写工作日数"),
        ({"add-start": "9999-12-31", "add-n": "5"}, "日期超出可计算的范围"),
        ({"between-start": "2026-09-30", "between-end": "x"}, "请输入有效日期（YYYY-MM-DD）"),
        (
            {"between-start": "1000-01-01", "between-end": "2026-01-01"},
            "两个日期相距不能超过 100 年",
        ),
        ({"year": "abc"}, "请输入年份（如 2026）"),
        ({"year": "99999"}, "年份不能晚于 2200"),
    ],
)
def test_bad_input_is_a_form_error_in_chinese(
    client_of, params: dict[str, str], message: str
) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of(), **params)
    assert message in html
    assert 'role="alert"' in html


@time_machine.travel("2026-11-27 10:00 +0800", tick=False)
def test_the_holiday_list_defaults_to_the_current_year_in_shanghai(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of())
    assert "2026 年节假日与调休上班日" in html
    assert "2026-10-10" in html and "调休上班" in html
    assert "国庆节" in html


@time_machine.travel("2026-12-31 16:30 +0000", tick=False)  # already 2027-01-01 in Shanghai
def test_the_current_year_is_the_shanghai_year(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of())
    assert "2027 年节假日与调休上班日" in html
    assert "该年度节假日安排尚未录入（按周末推算，结果为暂定）" in html


def test_a_year_not_entered_shows_the_empty_state(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of(), year="2027")
    assert "该年度节假日安排尚未录入（按周末推算，结果为暂定）" in html


def test_a_year_once_entered_is_listed(client_of) -> None:  # type: ignore[no-untyped-def]
    year = CalendarYear.objects.create(
        year=2027, source="国务院办公厅关于2027年部分节假日安排的通知"
    )
    Holiday.objects.create(
        calendar_year=year, date=date(2027, 1, 1), kind=Holiday.Kind.HOLIDAY, name="元旦"
    )
    html = page(client_of(), year="2027")
    assert "2027-01-01" in html and "元旦" in html
    assert "尚未录入" not in html


@time_machine.travel("2026-11-27 10:00 +0800", tick=False)
def test_the_packs_in_force_are_shown_with_their_articles(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of())
    assert 'data-testid="pack-heze-2022-successor"' in html
    assert "依据第十六条" in html
    assert "contract_filing_working_days" in html
    # The first form's N comes from the pack, not from code.
    assert 'name="add-n" value="5"' in html
    assert "合同备案期限为 5 个工作日（依据第十六条）" in html


@time_machine.travel("2026-11-27 10:00 +0800", tick=False)
def test_a_county_reader_sees_that_the_city_pack_applies(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of("caoxian_police_staff"))
    assert "本区域未制定政策包，参照菏泽市执行（依据第三十九条）" in html


def test_the_page_has_no_inline_script_or_style(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of(), **{"add-start": "2026-09-30", "add-n": "5"})
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert " onclick=" not in html


def test_every_field_has_a_label(client_of) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of())
    for field_id in ["id_add-start", "id_add-n", "id_between-start", "id_between-end", "id_year"]:
        assert f'for="{field_id}"' in html
        assert f'id="{field_id}"' in html


def test_the_page_query_count_is_pinned(client_of, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = client_of()
    client.get(URL)
    # Session and user (2), the due date (1), packs and their rules (2), the year and its days
    # (2), the navigation's roles (1), and the session's save (3).  Not one per day or rule.
    with django_assert_max_num_queries(11):
        client.get(URL, {"add-start": "2026-09-30", "add-n": "200", "year": "2026"})
