"""The acceptance application (Art. 23) and the self-evaluation window (Art. 24) as
obligations of the owning unit, time frozen (today 2025-09-15 unless a test travels).

Recording completion opens ACCEPTANCE_APPLICATION, due the policy pack's months later
(calendar days); an approved extension moves it; the first application fulfils it.  The
acceptance filing and go-live open SELF_EVALUATION for the window 12–24 months after go-live.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from govit.acceptance.models import Completion
from govit.acceptance.services import (
    ACCEPTANCE_MONTHS_RULE,
    acceptance_decide,
    completion_record,
    extension_apply,
    extension_decide,
    filing_record,
)
from govit.acceptance.testing import accepted, add_crypto, add_mlps, applied, completed, fresh
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.obligations.models import DayCount, Obligation, ObligationKind, ObligationState
from govit.obligations.services import key_of, mark_overdue
from govit.policy.packs import pack_in_force, rule
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import COMPLETED_ON, DUE_ON, at


def application_obligation(project: Project) -> Obligation:
    return Obligation.objects.get(key=key_of(Completion.objects.get(project=project)))


def self_evaluation_obligation(project: Project) -> Obligation:
    return Obligation.objects.get(key=key_of(project, "self_evaluation"))


def extend(world: World, project: Project, to: date) -> None:
    extension_apply(
        project=fresh(project),
        requested_due_on=to,
        reasons="等保测评机构排期推迟",
        by=world.police_staff,
    )
    extension_decide(project=fresh(project), approve=True, reason="同意延期", by=world.bdb_leader)


# --- the acceptance application (Art. 23) ---------------------------------------------------
def test_recording_completion_opens_the_acceptance_application_obligation(
    finished: Project, world: World
) -> None:
    obligation = application_obligation(finished)

    completion = Completion.objects.get(project=finished)
    assert obligation.key == f"acceptance.completion:{completion.pk}"
    assert obligation.kind == ObligationKind.ACCEPTANCE_APPLICATION
    assert (obligation.opened_on, obligation.due_on) == (COMPLETED_ON, DUE_ON)
    assert obligation.due_on == completion.due_on
    assert obligation.day_count == DayCount.CALENDAR
    assert obligation.due_provisional is False
    assert obligation.state == ObligationState.OPEN
    assert obligation.article == 23
    assert obligation.responsible == world.police_staff.organisation
    assert obligation.project_id == finished.pk
    expected = rule(finished.jurisdiction, ACCEPTANCE_MONTHS_RULE, on=COMPLETED_ON).pack
    assert obligation.pack == expected
    assert obligation.pack.code == completion.pack_code


def test_end_of_month_completion_falls_due_on_the_last_day_of_the_month(
    frozen: Any, world: World
) -> None:
    # Completed 2025-08-31 + 6 months: there is no 2026-02-31, so 2026-02-28.
    project = completed(world, "police", completed_on=date(2025, 8, 31))
    assert application_obligation(project).due_on == date(2026, 2, 28)


def test_a_refused_completion_opens_nothing(frozen: Any, building: Project, world: World) -> None:
    with pytest.raises(InvalidInput):  # before the construction start (2025-03-01)
        completion_record(project=building, completed_on=date(2025, 2, 28), by=world.police_staff)
    with pytest.raises(RuleViolation):  # not the owning unit's staff
        completion_record(project=building, completed_on=COMPLETED_ON, by=world.bdb_staff)

    assert not Completion.objects.exists()
    assert not Obligation.objects.exists()


def test_applying_before_the_due_date_fulfils_it_on_time(finished: Project, world: World) -> None:
    application = applied(world, finished)

    obligation = application_obligation(finished)
    assert obligation.state == ObligationState.FULFILLED
    assert (obligation.fulfilled_on, obligation.days_late) == (application.applied_on, 0)
    assert obligation.fulfilled_on == date(2025, 9, 15)


def test_applying_after_the_due_date_fulfils_it_late_in_calendar_days(
    finished: Project, frozen: Any, world: World
) -> None:
    frozen.move_to(at(2026, 3, 10))
    assert mark_overdue() == 1
    assert application_obligation(finished).state == ObligationState.OVERDUE

    applied(world, finished)

    obligation = application_obligation(finished)
    assert obligation.state == ObligationState.FULFILLED
    assert (obligation.fulfilled_on, obligation.days_late) == (date(2026, 3, 10), 10)


def test_a_second_round_changes_nothing(finished: Project, frozen: Any, world: World) -> None:
    applied(world, finished)
    add_mlps(world, finished)
    add_crypto(world, finished)
    acceptance_decide(
        project=fresh(finished),
        passed=False,
        decided_on=date(2025, 9, 15),
        opinion="性能测试未达标",
        rectification="优化后复测",
        by=world.bdb_staff,
    )
    frozen.move_to(at(2026, 3, 10))
    applied(world, finished)  # round 2, after the original due date

    obligation = application_obligation(finished)
    assert (obligation.fulfilled_on, obligation.days_late) == (date(2025, 9, 15), 0)
    assert Event.objects.filter(action="obligations.fulfil").count() == 1


def test_an_approved_extension_reschedules_the_obligation(finished: Project, world: World) -> None:
    extend(world, finished, date(2026, 5, 31))

    obligation = application_obligation(finished)
    assert obligation.due_on == date(2026, 5, 31)
    assert obligation.state == ObligationState.OPEN
    event = Event.objects.get(action="obligations.reschedule")
    assert event.before["due_on"] == "2026-02-28"
    assert event.after["due_on"] == "2026-05-31"
    assert event.reason == "同意延期"


def test_an_extension_approved_after_the_due_date_reopens_the_overdue_obligation(
    finished: Project, frozen: Any, world: World
) -> None:
    frozen.move_to(at(2026, 3, 10))
    mark_overdue()
    assert application_obligation(finished).state == ObligationState.OVERDUE

    extend(world, finished, date(2026, 5, 31))

    obligation = application_obligation(finished)
    assert (obligation.state, obligation.overdue_since) == (ObligationState.OPEN, None)
    assert obligation.due_on == date(2026, 5, 31)
    frozen.move_to(at(2026, 6, 3))
    applied(world, finished)
    assert application_obligation(finished).days_late == 3


def test_a_rejected_extension_leaves_the_due_date(finished: Project, world: World) -> None:
    extension_apply(
        project=fresh(finished),
        requested_due_on=date(2026, 5, 31),
        reasons="等保测评机构排期推迟",
        by=world.police_staff,
    )
    extension_decide(project=fresh(finished), approve=False, reason="理由不足", by=world.bdb_leader)

    assert application_obligation(finished).due_on == DUE_ON
    assert not Event.objects.filter(action="obligations.reschedule").exists()


# --- the self-evaluation window (Art. 24) ---------------------------------------------------
def go_live(world: World, project: Project, **changes: Any) -> None:
    values: dict[str, Any] = {
        "filing_number": "菏大数验备〔2025〕12号",
        "filed_on": date(2025, 9, 12),
        "go_live_on": date(2025, 9, 15),
        **changes,
    }
    filing_record(project=fresh(project), by=world.bdb_staff, **values)


def accepted_on_september_10(world: World, project: Project) -> None:
    with time_machine.travel(at(2025, 9, 10), tick=False):
        accepted(world, project)


def test_go_live_opens_the_self_evaluation_window(finished: Project, world: World) -> None:
    accepted_on_september_10(world, finished)
    go_live(world, finished)

    obligation = self_evaluation_obligation(finished)
    assert obligation.key == f"projects.project:{finished.pk}:self_evaluation"
    assert obligation.kind == ObligationKind.SELF_EVALUATION
    # The later of accepted (09-10) and live (09-15), then 12 and 24 calendar months.
    assert obligation.opened_on == date(2025, 9, 15)
    assert (obligation.opens_on, obligation.due_on) == (date(2026, 9, 15), date(2027, 9, 15))
    assert obligation.day_count == DayCount.CALENDAR
    assert obligation.article == 24
    assert obligation.responsible == world.police_staff.organisation
    assert obligation.pack == pack_in_force(finished.jurisdiction, date(2025, 9, 15))
    assert obligation.state == ObligationState.OPEN


def test_a_refused_go_live_opens_no_self_evaluation(finished: Project, world: World) -> None:
    accepted_on_september_10(world, finished)
    with pytest.raises(InvalidInput):
        go_live(world, finished, go_live_on=date(2025, 9, 9))  # before the acceptance
    with pytest.raises(RuleViolation):
        filing_record(
            project=fresh(finished),
            filing_number="菏大数验备〔2025〕12号",
            filed_on=date(2025, 9, 12),
            go_live_on=date(2025, 9, 15),
            by=world.police_staff,
        )

    assert not Obligation.objects.filter(kind=ObligationKind.SELF_EVALUATION).exists()
