"""Working days on the official schedule (Art. 16: 签订正式采购合同5个工作日内)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from govit.core.errors import InvalidInput
from govit.policy.calendar import (
    WorkingCalendar,
    add_months,
    add_working_days,
    is_working_day,
    working_days_between,
    year_schedule,
)
from govit.policy.models import CalendarYear, Holiday

pytestmark = pytest.mark.django_db


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- exactness against the source data --------------------------------------------------


def test_every_day_of_2021_to_2026_agrees_with_chinese_calendar() -> None:
    wrong = [
        day
        for day in _days(date(2021, 1, 1), date(2026, 12, 31))
        if is_working_day(day) != chinese_calendar.is_workday(day)
    ]
    assert wrong == []


def test_every_seeded_year_agrees_with_chinese_calendar_in_one_load() -> None:
    first, last = date(2004, 1, 1), date(2026, 12, 31)
    calendar = WorkingCalendar.load(first, last)
    assert calendar.known_years == frozenset(range(2004, 2027))
    wrong = [
        day
        for day in _days(first, last)
        if calendar.is_working_day(day) != chinese_calendar.is_workday(day)
    ]
    assert wrong == []


def test_the_seed_holds_every_holiday_and_adjusted_workday_of_the_package() -> None:
    from chinese_calendar import constants

    assert Holiday.objects.filter(kind=Holiday.Kind.HOLIDAY).count() == len(constants.holidays)
    assert Holiday.objects.filter(kind=Holiday.Kind.WORKDAY).count() == len(constants.workdays)
    national_day = Holiday.objects.get(date=date(2026, 10, 1))
    assert (national_day.kind, national_day.name) == (Holiday.Kind.HOLIDAY, "国庆节")
    assert national_day.source == "chinese-calendar 1.11.0（国务院办公厅节假日安排）"
    assert Holiday.objects.get(date=date(2026, 10, 10)).kind == Holiday.Kind.WORKDAY


# --- named examples across holiday seasons ----------------------------------------------


def test_contract_signed_before_national_day_2026_is_due_on_13_october() -> None:
    # 10-01..10-07 off; 10-08 Thu, 10-09 Fri, 10-10 Sat (调休上班), 10-12 Mon, 10-13 Tue.
    answer = add_working_days(date(2026, 9, 30), 5)
    assert answer.date == date(2026, 10, 13)
    assert answer.weekday == "星期二"
    assert not answer.provisional


def test_the_adjusted_saturday_10_october_2026_is_counted_as_a_working_day() -> None:
    assert is_working_day(date(2026, 10, 10))  # a Saturday
    assert add_working_days(date(2026, 9, 30), 3).date == date(2026, 10, 10)


def test_contract_signed_before_national_day_2025_is_due_on_14_october() -> None:
    # 10-01..10-08 off (国庆 + 中秋); 10-11 Sat is an adjusted working day.
    assert add_working_days(date(2025, 9, 30), 5).date == date(2025, 10, 14)


def test_contract_signed_before_spring_festival_2026_is_due_on_26_february() -> None:
    # 02-13 Fri, 02-14 Sat (调休上班), 02-15..02-23 off, 02-24, 02-25, 02-26.
    assert add_working_days(date(2026, 2, 12), 5).date == date(2026, 2, 26)


def test_contract_signed_before_spring_festival_2025_is_due_on_7_february() -> None:
    # 01-26 Sun is an adjusted working day; 01-28..02-04 off.
    assert add_working_days(date(2025, 1, 24), 5).date == date(2025, 2, 7)


def test_contract_signed_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert add_working_days(date(2026, 10, 3), 1).date == date(2026, 10, 8)


def test_adding_zero_working_days_returns_the_start_even_on_a_holiday() -> None:
    assert add_working_days(date(2026, 10, 1), 0).date == date(2026, 10, 1)


def test_contract_filed_on_sixth_working_day_is_one_working_day_late() -> None:
    due = add_working_days(date(2026, 9, 30), 5).date
    assert working_days_between(due, date(2026, 10, 14)).count == 1


# --- between: the half-open interval (a, b] ----------------------------------------------


def test_between_counts_the_end_day_but_not_the_start_day() -> None:
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 13)).count == 5
    assert working_days_between(date(2026, 9, 29), date(2026, 9, 30)).count == 1
    assert working_days_between(date(2026, 9, 30), date(2026, 9, 30)).count == 0
    assert working_days_between(date(2026, 10, 1), date(2026, 10, 7)).count == 0


def test_between_is_negative_when_the_end_comes_first() -> None:
    forward = working_days_between(date(2026, 2, 12), date(2026, 2, 26))
    backward = working_days_between(date(2026, 2, 26), date(2026, 2, 12))
    assert (forward.count, backward.count) == (5, -5)


@pytest.mark.parametrize("start", [date(2025, 9, 26), date(2026, 1, 30), date(2026, 12, 20)])
@pytest.mark.parametrize("n", [1, 5, 10, 40])
def test_between_inverts_add(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n).date).count == n


# --- years whose schedule is not entered (暂定) -------------------------------------------


def test_a_2027_deadline_is_provisional_and_counts_weekends_only() -> None:
    # 2027-01-01 is a Friday; without a schedule it is a working day.
    answer = add_working_days(date(2026, 12, 30), 5)
    assert answer.date == date(2027, 1, 6)  # Thu 31, Fri 1, Mon 4, Tue 5, Wed 6
    assert answer.provisional
    assert answer.provisional_years == (2027,)
    assert answer.note == "暂定：2027 年节假日安排尚未录入，按周末推算"


def test_a_deadline_inside_2026_is_not_provisional_even_when_signed_late_in_the_year() -> None:
    answer = add_working_days(date(2026, 12, 21), 5)
    assert answer.date == date(2026, 12, 28)
    assert not answer.provisional


def test_between_across_unentered_years_lists_them_all() -> None:
    count = working_days_between(date(2026, 12, 1), date(2028, 1, 3))
    assert count.provisional_years == (2027, 2028)


def test_entering_the_2027_schedule_makes_the_answer_exact() -> None:
    year = CalendarYear.objects.create(
        year=2027, source="国务院办公厅关于2027年部分节假日安排的通知"
    )
    Holiday.objects.create(
        calendar_year=year, date=date(2027, 1, 1), kind=Holiday.Kind.HOLIDAY, name="元旦"
    )
    # The year may also be left to the date:
    Holiday.objects.create(date=date(2027, 1, 4), kind=Holiday.Kind.HOLIDAY, name="元旦")
    Holiday.objects.create(date=date(2027, 1, 9), kind=Holiday.Kind.WORKDAY, name="元旦")

    answer = add_working_days(date(2026, 12, 30), 5)
    assert not answer.provisional
    # Thu 31, (Fri 1 off), (Mon 4 off), Tue 5, Wed 6, Thu 7, Fri 8.
    assert answer.date == date(2027, 1, 8)
    assert is_working_day(date(2027, 1, 9))  # the adjusted Saturday
    assert working_days_between(date(2026, 12, 30), date(2027, 1, 9)).count == 6


def test_holidays_entered_without_their_year_row_are_impossible() -> None:
    from django.core.exceptions import ValidationError

    holiday = Holiday(date=date(2028, 1, 1), kind=Holiday.Kind.HOLIDAY, name="元旦")
    with pytest.raises(ValidationError, match="2028 年尚未添加"):
        holiday.full_clean()


def test_a_day_outside_its_calendar_year_is_refused() -> None:
    from django.core.exceptions import ValidationError

    holiday = Holiday(calendar_year_id=2026, date=date(2025, 12, 31), kind=Holiday.Kind.HOLIDAY)
    with pytest.raises(ValidationError, match="不在所属年份"):
        holiday.full_clean()


# --- cost and edges ---------------------------------------------------------------------


def test_each_call_is_one_query_whatever_the_range(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        add_working_days(date(2026, 1, 1), 200)
    with django_assert_num_queries(1):
        working_days_between(date(2004, 1, 1), date(2026, 12, 31))
    with django_assert_num_queries(1):
        is_working_day(date(2026, 10, 10))


@pytest.mark.parametrize("n", [-1, 5001])
def test_n_out_of_range_is_invalid_input(n: int) -> None:
    with pytest.raises(InvalidInput, match="工作日数"):
        add_working_days(date(2026, 1, 1), n)


def test_the_end_of_time_is_invalid_input_not_a_crash() -> None:
    assert add_working_days(date(9999, 12, 20), 1).date == date(9999, 12, 21)
    with pytest.raises(InvalidInput, match="日期超出可计算的范围"):
        add_working_days(date(9999, 12, 30), 5)
    with pytest.raises(InvalidInput):
        add_months(date(9999, 12, 1), 1)


def test_a_datetime_is_refused_because_its_day_depends_on_the_time_zone() -> None:
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 10, 10, 12, 0))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 15), 6, date(2026, 9, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 1, 31), 24, date(2028, 1, 31)),
        (date(2026, 12, 1), 12, date(2027, 12, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_month(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_year_schedule_of_an_unentered_year_is_empty() -> None:
    assert not year_schedule(2027).entered
    schedule = year_schedule(2026)
    assert schedule.entered and len(schedule.days) > 20
