"""The compliance scan: ``run_scan``, ``govit scan``, the Celery task and its beat schedule."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command

from govit.audit.models import Event
from govit.obligations import scan as scan_module
from govit.obligations.models import Obligation, ObligationState
from govit.obligations.scan import SCAN_STEPS, run_scan
from govit.obligations.services import mark_overdue, obligation_fulfil
from govit.obligations.tasks import scan as scan_task
from govit.obligations.testing import open_for
from govit.testing.world import World

from .conftest import at

CALLS: list[date] = []


def counting_step(today: date) -> dict[str, int]:
    """A scan step for the tests: counts itself."""
    CALLS.append(today)
    return {"测试步骤": 2}


def open_several(world: World, n: int, due_on: date, tag: str = "") -> list[Obligation]:
    keys = ["police", "education", "caoxian"]
    return [open_for(world, keys[i % 3], due_on=due_on, suffix=f"{tag}{i}") for i in range(n)]


def test_scan_steps_are_dotted_paths_that_import() -> None:
    from django.utils.module_loading import import_string

    for path in SCAN_STEPS:
        assert callable(import_string(path)), path


@time_machine.travel(at(2026, 11, 27), tick=False)
def test_the_same_scan_twice_changes_each_obligation_once(world: World) -> None:
    overdue = open_several(world, 5, date(2026, 11, 20))
    in_time = open_several(world, 2, date(2026, 11, 30), tag="later")
    first = run_scan()
    second = run_scan()
    assert (first.overdue, second.overdue) == (5, 0)
    states = dict(Obligation.objects.values_list("pk", "state"))
    assert all(states[o.pk] == ObligationState.OVERDUE for o in overdue)
    assert all(states[o.pk] == ObligationState.OPEN for o in in_time)
    events = Event.objects.filter(action="obligations.overdue")
    assert sorted(int(e.object_id) for e in events) == sorted(o.pk for o in overdue)


@time_machine.travel(at(2026, 11, 27), tick=False)
def test_the_next_day_marks_only_the_newly_overdue(world: World) -> None:
    open_for(world, "police", due_on=date(2026, 11, 26), suffix="a")
    open_for(world, "police", due_on=date(2026, 11, 27), suffix="b")
    assert run_scan(date(2026, 11, 27)).overdue == 1
    assert run_scan(date(2026, 11, 28)).overdue == 1
    since = dict(Obligation.objects.values_list("key", "overdue_since"))
    assert since["test.police:acceptance_application:a"] == date(2026, 11, 27)
    assert since["test.police:acceptance_application:b"] == date(2026, 11, 28)


def test_marking_works_through_chunks(world: World) -> None:
    open_several(world, 7, date(2026, 11, 20))
    seen: list[int] = []
    assert mark_overdue(date(2026, 11, 27), chunk=3, progress=seen.append) == 7
    assert seen == [3, 6, 7]
    assert Event.objects.filter(action="obligations.overdue").count() == 7


def test_fulfilled_and_waived_obligations_are_never_marked(world: World) -> None:
    done = open_for(world, "police", due_on=date(2026, 11, 20), suffix="done")
    obligation_fulfil(key=done.key, on=date(2026, 11, 25))
    assert run_scan(date(2026, 11, 27)).overdue == 0
    done.refresh_from_db()
    assert done.state == ObligationState.FULFILLED and done.days_late == 5


def test_the_scan_runs_each_step_and_merges_its_counts(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    CALLS.clear()
    path = f"{__name__}.counting_step"
    monkeypatch.setattr(scan_module, "SCAN_STEPS", [path, path])
    open_for(world, "police", due_on=date(2026, 11, 20))
    summary = run_scan(date(2026, 11, 27))
    assert [date(2026, 11, 27)] * 2 == CALLS
    assert summary.counts == {"测试步骤": 4}
    assert summary.steps == [path, path]
    assert "新增逾期 1 项" in summary.line() and "测试步骤 4" in summary.line()
    assert "scan done" in summary.line()


def test_the_scan_reports_progress(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_module, "SCAN_STEPS", [f"{__name__}.counting_step"])
    open_several(world, 2, date(2026, 11, 20))
    seen: list[tuple[str, int, int]] = []
    run_scan(date(2026, 11, 27), progress=lambda *args: seen.append(args))
    assert seen[0][1:] == (0, 2)
    assert seen[1][1:] == (2, 2)
    assert seen[-1] == (f"{__name__}.counting_step", 1, 1)


# --- the command ---------------------------------------------------------------------------
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@time_machine.travel(at(2026, 11, 27), tick=False)
def test_govit_scan_ends_with_a_one_line_summary(world: World) -> None:
    open_several(world, 3, date(2026, 11, 20))
    out = io.StringIO()
    call_command("scan", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1  # not a terminal: no progress, only the summary
    assert lines[0].startswith("扫描完成（2026-11-27）：新增逾期 3 项")
    assert "scan done (2026-11-27): 3 newly overdue" in lines[0]
    again = io.StringIO()
    call_command("scan", stdout=again)
    assert "新增逾期 0 项" in again.getvalue()


def test_govit_scan_shows_progress_on_a_terminal(world: World) -> None:
    open_several(world, 2, date(2026, 11, 20))
    out = Terminal()
    call_command("scan", "--date", "2026-11-27", stdout=out)
    text = out.getvalue()
    assert "标记逾期 / overdue: 2/2" in text
    assert text.strip().splitlines()[-1].startswith("扫描完成（2026-11-27）")


def test_govit_scan_refuses_a_bad_date(world: World) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("scan", "--date", "2026-13-01", stdout=io.StringIO())


# --- Celery ----------------------------------------------------------------------------------
@time_machine.travel(at(2026, 11, 27), tick=False)
def test_the_celery_task_runs_the_scan_eagerly_in_tests(world: World) -> None:
    assert settings.CELERY_TASK_ALWAYS_EAGER
    open_several(world, 2, date(2026, 11, 20))
    result: Any = scan_task.delay().get()
    assert result["overdue"] == 2 and result["on"] == "2026-11-27"
    assert scan_task.delay().get()["overdue"] == 0


def test_the_beat_schedule_runs_the_scan_nightly_in_beijing_time() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["obligations-scan"]
    assert entry["task"] == scan_task.name == "govit.obligations.tasks.scan"
    assert entry["schedule"] == crontab(hour=1, minute=30)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
