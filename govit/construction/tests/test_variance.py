"""The variance arithmetic and its colours: a table of cases and properties (pure, no DB)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govit.construction.variance import (
    AMBER,
    GREEN,
    RED,
    UNKNOWN,
    Thresholds,
    colour,
    compute,
    cost_variance,
    planned_percent,
)

HEZE = Thresholds(Decimal(10), Decimal(20), Decimal(10), Decimal(20))
START, END = date(2027, 3, 1), date(2027, 6, 9)  # 100 days
D = Decimal


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2027, 2, 1), D("0.00")),  # before the start
        (START, D("0.00")),
        (date(2027, 3, 2), D("1.00")),
        (date(2027, 4, 20), D("50.00")),
        (END, D("100.00")),
        (date(2027, 12, 31), D("100.00")),  # late: everything was due
    ],
)
def test_planned_percent_runs_evenly_from_start_to_planned_completion(
    on: date, expected: Decimal
) -> None:
    assert planned_percent(START, END, on) == expected


def test_planned_percent_is_unknown_without_a_start_or_a_planned_completion() -> None:
    assert planned_percent(None, END, START) is None
    assert planned_percent(START, None, START) is None


def test_planned_percent_rounds_half_up_to_the_cent() -> None:
    # 1 of 3 days = 33.333… %
    assert planned_percent(date(2027, 1, 1), date(2027, 1, 4), date(2027, 1, 2)) == D("33.33")
    # 1 of 8 days = 12.5 %; 1 of 16 = 6.25 %; 1 of 1600 = 0.0625 → 0.06
    assert planned_percent(date(2027, 1, 1), date(2027, 1, 17), date(2027, 1, 2)) == D("6.25")


# (percent complete, spend, schedule variance, schedule colour, cost variance, cost colour)
# on day 50 of 100, baseline total 1,540,000.
TABLE = [
    ("50", "770000", "0.00", GREEN, "0.00", GREEN),
    ("60", "700000", "-10.00", GREEN, "-14.55", GREEN),  # ahead and under: green
    ("40.01", "770000", "9.99", GREEN, "9.99", GREEN),
    ("40", "770000", "10.00", AMBER, "10.00", AMBER),  # exactly amber: amber
    ("30.01", "770000", "19.99", AMBER, "19.99", AMBER),
    ("30", "770000", "20.00", RED, "20.00", RED),  # exactly red: red
    ("0", "1540000", "50.00", RED, "100.00", RED),
    ("50", "924000", "0.00", GREEN, "10.00", AMBER),
    ("50", "1078000", "0.00", GREEN, "20.00", RED),
    ("100", "1540000", "-50.00", GREEN, "0.00", GREEN),
]


@pytest.mark.parametrize(("percent", "spend", "sv", "s_colour", "cv", "c_colour"), TABLE)
def test_variance_and_colours_on_day_50_of_100(
    percent: str, spend: str, sv: str, s_colour: str, cv: str, c_colour: str
) -> None:
    result = compute(
        started_on=START,
        planned_completion=END,
        report_date=date(2027, 4, 20),
        percent_complete=D(percent),
        spend_to_date=D(spend),
        baseline_total=D("1540000.00"),
        thresholds=HEZE,
    )
    assert result.planned_percent == D("50.00")
    assert (result.schedule_variance, result.schedule_colour) == (D(sv), s_colour)
    assert (result.cost_variance, result.cost_colour) == (D(cv), c_colour)


def test_a_zero_baseline_has_no_cost_variance() -> None:
    assert cost_variance(D("100"), D("10"), D("0")) is None
    result = compute(
        started_on=START,
        planned_completion=END,
        report_date=END,
        percent_complete=D("10"),
        spend_to_date=D("100"),
        baseline_total=D("0"),
        thresholds=HEZE,
    )
    assert result.cost_colour == UNKNOWN


def test_other_thresholds_give_other_colours() -> None:
    strict = Thresholds(D("2.5"), D("5"), D(1), D(3))
    assert colour(D("2.49"), strict.schedule_amber, strict.schedule_red) == GREEN
    assert colour(D("2.50"), strict.schedule_amber, strict.schedule_red) == AMBER
    assert colour(D("5"), strict.schedule_amber, strict.schedule_red) == RED
    assert colour(None, strict.cost_amber, strict.cost_red) == UNKNOWN


percents = st.decimals(min_value=0, max_value=100, places=2)
amounts = st.decimals(min_value=0, max_value=10**10, places=2)
totals = st.decimals(min_value=D("0.01"), max_value=10**10, places=2)
days = st.integers(min_value=0, max_value=2000)


@given(start_offset=days, span=st.integers(min_value=1, max_value=2000), on_offset=days)
def test_planned_percent_stays_within_0_and_100(
    start_offset: int, span: int, on_offset: int
) -> None:
    start = date(2021, 1, 1) + timedelta(days=start_offset)
    planned = planned_percent(
        start, start + timedelta(days=span), date(2021, 1, 1) + timedelta(days=on_offset)
    )
    assert planned is not None and D(0) <= planned <= D(100)


@given(a=percents, b=percents)
def test_more_work_done_never_worsens_the_schedule_colour(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    order = [GREEN, AMBER, RED]

    def judged(percent: Decimal) -> str:
        return compute(
            started_on=START,
            planned_completion=END,
            report_date=date(2027, 5, 1),
            percent_complete=percent,
            spend_to_date=D(0),
            baseline_total=D(1000),
            thresholds=HEZE,
        ).schedule_colour

    assert order.index(judged(high)) <= order.index(judged(low))


@given(percent=percents, spend=amounts, total=totals)
def test_spending_exactly_the_earned_value_is_no_cost_variance(
    percent: Decimal, spend: Decimal, total: Decimal
) -> None:
    earned = percent / 100 * total
    assert cost_variance(earned, percent, total) == D("0.00")
    more = cost_variance(spend, percent, total)
    assert more is not None
    assert (more > 0) == ((spend - earned) / total * 100 >= D("0.005"))
