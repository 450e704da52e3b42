"""The self-evaluation window (Art. 24): 12–24 calendar months after acceptance and go-live,
end-of-month aware, on the policy pack in force on the start day; and its guard."""

from __future__ import annotations

from datetime import date

import pytest

from govit.evaluation.rules import self_evaluation_window_open
from govit.evaluation.windows import WindowStatus, self_evaluation_window, window_start
from govit.policy.models import PolicyPack
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import at


def with_dates(world: World, accepted_on: date | None, go_live_on: date | None) -> Project:
    project = world.project("police")
    Project.objects.filter(pk=project.pk).update(
        state="in_operation", accepted_on=accepted_on, go_live_on=go_live_on
    )
    return world.project("police")


def test_accepted_on_the_last_of_august_opens_and_closes_on_the_last_of_august(
    world: World,
) -> None:
    project = with_dates(world, date(2025, 8, 31), date(2025, 8, 31))
    window = self_evaluation_window(project, on=date(2026, 8, 30))
    assert window is not None
    assert (window.start, window.opens, window.closes) == (
        date(2025, 8, 31),
        date(2026, 8, 31),
        date(2027, 8, 31),
    )
    assert (window.opens_months, window.closes_months, window.article) == (12, 24, 24)


def test_live_on_a_leap_day_opens_on_the_last_of_february_of_the_next_years(
    world: World,
) -> None:
    project = with_dates(world, date(2024, 2, 20), date(2024, 2, 29))
    window = self_evaluation_window(project, on=date(2025, 3, 1))
    assert window is not None
    assert (window.opens, window.closes) == (date(2025, 2, 28), date(2026, 2, 28))


def test_accepted_on_the_thirty_first_of_march_going_live_later_runs_from_going_live(
    world: World,
) -> None:
    project = with_dates(world, date(2025, 3, 31), date(2025, 5, 31))
    window = self_evaluation_window(project, on=date(2026, 1, 1))
    assert window is not None
    assert window.start == date(2025, 5, 31)
    assert (window.opens, window.closes) == (date(2026, 5, 31), date(2027, 5, 31))


def test_the_later_of_the_two_dates_starts_the_window_whichever_it_is(world: World) -> None:
    project = with_dates(world, date(2025, 10, 31), date(2025, 6, 30))
    assert window_start(project) == date(2025, 10, 31)
    window = self_evaluation_window(project, on=date(2026, 10, 31))
    assert window is not None
    assert window.opens == date(2026, 10, 31)


@pytest.mark.parametrize(
    ("today", "status", "days_late"),
    [
        (date(2026, 8, 30), WindowStatus.NOT_YET, 0),
        (date(2026, 8, 31), WindowStatus.OPEN, 0),  # the opening day is inside
        (date(2027, 8, 31), WindowStatus.OPEN, 0),  # so is the closing day
        (date(2027, 9, 1), WindowStatus.CLOSED, 1),
        (date(2027, 12, 31), WindowStatus.CLOSED, 122),
    ],
)
def test_status_on_each_side_of_the_bounds(
    world: World, today: date, status: str, days_late: int
) -> None:
    project = with_dates(world, date(2025, 8, 31), date(2025, 8, 31))
    window = self_evaluation_window(project, on=today)
    assert window is not None
    assert (window.status, window.days_late) == (status, days_late)


def test_the_window_uses_today_in_shanghai_when_no_day_is_given(world: World) -> None:
    project = with_dates(world, date(2025, 8, 31), date(2025, 8, 31))
    # 2026-08-30 17:00 UTC is already 2026-08-31 01:00 in Shanghai: the window is open.
    with at(date(2026, 8, 31), hour=1):
        window = self_evaluation_window(project)
    assert window is not None and window.status == WindowStatus.OPEN


def test_no_window_until_both_acceptance_and_go_live_are_recorded(world: World) -> None:
    assert self_evaluation_window(with_dates(world, date(2025, 8, 31), None)) is None
    assert self_evaluation_window(with_dates(world, None, date(2025, 8, 31))) is None


def test_the_bounds_come_from_the_pack_in_force_on_the_start_day(world: World) -> None:
    # Heze's measures in force in 2021–2022 (Art. 41) carry the same 12 and 24 months.
    project = with_dates(world, date(2022, 6, 30), date(2022, 6, 30))
    window = self_evaluation_window(project, on=date(2023, 1, 1))
    assert window is not None
    assert (window.opens, window.closes) == (date(2023, 6, 30), date(2024, 6, 30))
    heze_2021 = PolicyPack.objects.get(code="heze-2021")
    heze_2021.rules.filter(key="self_evaluation_opens_months").update(value="6")
    window = self_evaluation_window(project, on=date(2023, 1, 1))
    assert window is not None
    assert window.opens == date(2022, 12, 30)


# --- the guard ----------------------------------------------------------------------------
def test_the_guard_refuses_before_the_window_with_the_opening_date_and_article_24(
    world: World,
) -> None:
    project = with_dates(world, date(2025, 8, 31), date(2025, 8, 31))
    with at(date(2026, 8, 30)):
        decision = self_evaluation_window_open(project, world.police_staff)
    assert not decision.allowed
    assert decision.article == 24
    assert "2026-08-31 起方可提交" in decision.message
    assert decision.message.endswith("（第二十四条）")


def test_the_guard_allows_inside_and_after_the_window(world: World) -> None:
    project = with_dates(world, date(2025, 8, 31), date(2025, 8, 31))
    with at(date(2026, 8, 31)):
        assert self_evaluation_window_open(project, world.police_staff).allowed
    with at(date(2027, 9, 1)):
        assert self_evaluation_window_open(project, world.police_staff).allowed


def test_the_guard_refuses_without_the_dates(world: World) -> None:
    project = with_dates(world, None, None)
    decision = self_evaluation_window_open(project, world.police_staff)
    assert not decision.allowed and decision.article == 24
    assert "验收通过日期和投入运行日期" in decision.reason


def test_the_guard_refuses_when_no_pack_was_in_force_on_the_start_day(world: World) -> None:
    # Before the measures were issued (2021-01-11) no pack applies (Art. 41).
    project = with_dates(world, date(2020, 6, 30), date(2020, 6, 30))
    decision = self_evaluation_window_open(project, world.police_staff)
    assert not decision.allowed
    assert "没有生效的政策包" in decision.reason
