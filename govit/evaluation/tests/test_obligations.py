"""The self-evaluation window (Art. 24) as the owning unit's obligation, time frozen.

The police project is driven through the real acceptance services: completed 2025-08-31,
accepted 2025-09-10, filed and live on 2025-09-15 — which opens SELF_EVALUATION from
2026-09-15 to 2027-09-15 (calendar days).  Submitting the self-evaluation fulfils it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govit.acceptance.services import filing_record
from govit.acceptance.testing import accepted, completed, fresh
from govit.audit.models import Event
from govit.core.errors import RuleViolation
from govit.evaluation import services
from govit.evaluation.models import SelfEvaluation
from govit.evaluation.testing import all_met, report
from govit.obligations.models import Obligation, ObligationKind, ObligationState
from govit.obligations.services import key_of, mark_overdue
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import at

OPENS, CLOSES = date(2026, 9, 15), date(2027, 9, 15)


@pytest.fixture
def live(world: World) -> Project:
    with at(date(2025, 9, 10)):
        project = completed(world, "police", completed_on=date(2025, 8, 31))
        accepted(world, project)
    with at(date(2025, 9, 15)):
        filing_record(
            project=fresh(project),
            filing_number="菏大数验备〔2025〕12号",
            filed_on=date(2025, 9, 12),
            go_live_on=date(2025, 9, 15),
            by=world.bdb_staff,
        )
    return fresh(project)


def obligation_of(project: Project) -> Obligation:
    return Obligation.objects.get(key=key_of(project, "self_evaluation"))


def submit(world: World, project: Project, by: Any = None) -> SelfEvaluation:
    project = fresh(project)
    return services.self_evaluation_submit(
        project=project,
        conclusion="系统运行稳定，绩效目标基本实现",
        self_score="88",
        results=all_met(project),
        report=report("自评价报告.pdf"),
        by=by or world.police_staff,
    )


def test_go_live_opened_the_window_as_an_obligation(live: Project) -> None:
    obligation = obligation_of(live)
    assert obligation.kind == ObligationKind.SELF_EVALUATION
    assert (obligation.opens_on, obligation.due_on) == (OPENS, CLOSES)
    assert obligation.state == ObligationState.OPEN


def test_a_submission_in_the_window_fulfils_it_on_time(live: Project, world: World) -> None:
    with at(date(2026, 11, 27)):
        evaluation = submit(world, live)

    obligation = obligation_of(live)
    assert obligation.state == ObligationState.FULFILLED
    assert (obligation.fulfilled_on, obligation.days_late) == (date(2026, 11, 27), 0)
    assert obligation.days_late == evaluation.days_late


def test_a_submission_on_the_closing_day_is_on_time(live: Project, world: World) -> None:
    with at(CLOSES):
        submit(world, live)
    assert obligation_of(live).days_late == 0


def test_a_submission_after_the_window_fulfils_it_late_in_calendar_days(
    live: Project, world: World
) -> None:
    with at(date(2027, 9, 25)):
        assert mark_overdue() == 1
        assert obligation_of(live).state == ObligationState.OVERDUE
        evaluation = submit(world, live)

    obligation = obligation_of(live)
    assert obligation.state == ObligationState.FULFILLED
    assert obligation.days_late == evaluation.days_late == 10
    assert Event.objects.for_object(obligation).filter(action="obligations.fulfil").count() == 1


def test_a_refused_submission_fulfils_nothing(live: Project, world: World) -> None:
    with at(date(2026, 9, 14)), pytest.raises(RuleViolation) as early:
        submit(world, live)
    with at(date(2026, 11, 27)), pytest.raises(RuleViolation):
        submit(world, live, by=world.bdb_staff)

    assert early.value.decision.article == 24
    obligation = obligation_of(live)
    assert obligation.state == ObligationState.OPEN and obligation.fulfilled_on is None
    assert not Event.objects.for_object(obligation).filter(action="obligations.fulfil").exists()
