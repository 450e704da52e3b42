"""Third-party evaluation (Art. 24): BDB commissions an evaluator organisation; only that
organisation sees and submits it; the project becomes evaluated; audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govit.accounts.models import Organisation
from govit.applications.models import Document, DocumentKind
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.evaluation import services
from govit.evaluation.models import EvaluationAssignment
from govit.evaluation.rules import assigned_evaluator
from govit.evaluation.selectors import assignments_for, my_assignments
from govit.evaluation.testing import report
from govit.projects.models import Project
from govit.projects.selectors import projects_for
from govit.projects.workflow import PROJECT_MACHINE

from .conftest import Setup, at

TODAY = date(2026, 11, 27)


def commission(setup: Setup, *, by: Any = None, **overrides: Any) -> EvaluationAssignment:
    values: dict[str, Any] = {
        "evaluator": setup.world.organisations["evaluator"],
        "scope": "评价系统建设目标实现情况、资金使用绩效",
        "due_on": "2027-03-31",
    }
    values.update(overrides)
    with at(TODAY):
        return services.assignment_commission(
            project=setup.refresh(), by=by or setup.world.bdb_staff, **values
        )


def submit(
    setup: Setup, assignment: EvaluationAssignment, *, by: Any = None, day: date = TODAY, **kw: Any
) -> EvaluationAssignment:
    values: dict[str, Any] = {
        "score": 86,
        "conclusion": "绩效良好",
        "report": report("评价报告.pdf"),
    }
    values.update(kw)
    with at(day):
        return services.assignment_submit(
            assignment=assignment, by=by or setup.world.evaluator, **values
        )


# --- commissioning ------------------------------------------------------------------------
def test_bdb_commissions_an_evaluator_with_scope_and_due_date(operating: Setup) -> None:
    assignment = commission(operating)
    assert assignment.state == EvaluationAssignment.State.COMMISSIONED
    assert assignment.evaluator == operating.world.organisations["evaluator"]
    assert assignment.due_on == date(2027, 3, 31)
    event = Event.objects.get(action="evaluation.assignment_commission")
    assert event.object_id == str(operating.project.pk)
    assert event.after["evaluator"] == "山东某信息技术评估有限公司"
    assert event.after["due_on"] == "2027-03-31"


def test_a_bdb_leader_may_commission_too_and_by_organisation_id(operating: Setup) -> None:
    assignment = commission(
        operating,
        by=operating.world.bdb_leader,
        evaluator=str(operating.world.organisations["evaluator"].pk),
    )
    assert assignment.commissioned_by == operating.world.bdb_leader


def test_a_self_evaluated_project_may_be_commissioned(operating: Setup) -> None:
    Project.objects.filter(pk=operating.project.pk).update(state="self_evaluated")
    assert commission(operating).pk


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"due_on": "2026-11-27"}, "due_on", "应晚于今天（2026-11-27）"),
        ({"due_on": "2026-11-01"}, "due_on", "应晚于今天"),
        ({"due_on": "2027-02-30"}, "due_on", "YYYY-MM-DD"),
        ({"due_on": ""}, "due_on", "请填写要求完成日期"),
        ({"scope": ""}, "scope", "请填写评价范围与要求"),
        ({"evaluator": None}, "evaluator", "请选择第三方评价机构"),
    ],
)
def test_bad_commissions_are_refused(
    operating: Setup, change: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        commission(operating, **change)
    assert refused.value.field == field
    assert message in refused.value.message
    assert not EvaluationAssignment.objects.exists()
    assert not Event.objects.filter(action="evaluation.assignment_commission").exists()


def test_an_organisation_that_is_not_an_evaluator_cannot_be_commissioned(
    operating: Setup,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        commission(operating, evaluator=operating.world.organisations["audit"])
    assert refused.value.field == "evaluator"
    Organisation.objects.filter(pk=operating.world.organisations["evaluator"].pk).update(
        is_active=False
    )
    with pytest.raises(InvalidInput):
        commission(operating)
    assert not EvaluationAssignment.objects.exists()


@pytest.mark.parametrize("persona", ["police_staff", "caoxian_bdb_staff", "auditor", "evaluator"])
def test_only_bdb_of_the_jurisdiction_commissions(operating: Setup, persona: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        commission(operating, by=operating.world.persona(persona))
    assert refused.value.decision.article == 24
    assert not EvaluationAssignment.objects.exists()


@pytest.mark.parametrize("state", ["in_construction", "accepted", "evaluated"])
def test_only_projects_in_operation_or_self_evaluated_are_commissioned(
    operating: Setup, state: str
) -> None:
    Project.objects.filter(pk=operating.project.pk).update(state=state)
    with pytest.raises(RuleViolation) as refused:
        commission(operating)
    assert refused.value.decision.article == 24
    assert "只有「运行中、已自评」的项目可以委托第三方绩效评价" in refused.value.message


def test_a_second_open_commission_is_refused(operating: Setup) -> None:
    commission(operating)
    with pytest.raises(RuleViolation) as refused:
        commission(operating, evaluator=operating.world.organisations["other_evaluator"])
    assert "已委托「山东某信息技术评估有限公司」" in refused.value.message
    assert EvaluationAssignment.objects.count() == 1


# --- who sees what ------------------------------------------------------------------------
def test_the_evaluator_sees_exactly_the_projects_and_commissions_of_its_organisation(
    operating: Setup,
) -> None:
    world = operating.world
    assert not projects_for(world.evaluator).exists()
    assignment = commission(operating)
    assert list(projects_for(world.evaluator)) == [operating.project]
    assert list(my_assignments(world.evaluator)) == [assignment]
    assert list(assignments_for(world.evaluator)) == [assignment]
    other = operating.other_evaluator
    assert not projects_for(other).exists()
    assert not my_assignments(other).exists()
    assert not assignments_for(other).exists()


def test_the_guard_lets_only_the_commissioned_organisation_evaluate(operating: Setup) -> None:
    world = operating.world
    assert not assigned_evaluator(operating.project, world.evaluator).allowed
    commission(operating)
    assert assigned_evaluator(operating.project, world.evaluator).allowed
    refused = assigned_evaluator(operating.project, operating.other_evaluator)
    assert not refused.allowed and refused.article == 24
    assert PROJECT_MACHINE.check(operating.refresh(), world.evaluator, "evaluate").allowed


# --- submitting ---------------------------------------------------------------------------
def test_the_evaluator_submits_and_the_project_is_evaluated(operating: Setup) -> None:
    assignment = commission(operating)
    done = submit(operating, assignment, score="91")
    assert done.state == EvaluationAssignment.State.SUBMITTED
    assert (done.score, done.conclusion, done.submitted_on, done.days_late) == (
        91,
        "绩效良好",
        TODAY,
        0,
    )
    assert done.report is not None and done.report.kind == DocumentKind.EVALUATION_REPORT
    assert operating.refresh().state == "evaluated"
    event = Event.objects.get(action="evaluation.assignment_submit")
    assert event.before["state"] == "commissioned"
    assert event.after["state"] == "submitted" and event.after["score"] == 91
    transition = Event.objects.get(action="project.evaluate")
    assert transition.after == {"state": "evaluated", "assignment_id": done.pk, "score": 91}


def test_a_self_evaluated_project_is_evaluated_too(operating: Setup) -> None:
    Project.objects.filter(pk=operating.project.pk).update(state="self_evaluated")
    assignment = commission(operating)
    submit(operating, assignment)
    assert operating.refresh().state == "evaluated"


def test_a_submission_after_the_due_date_is_kept_and_marked_late(operating: Setup) -> None:
    assignment = commission(operating)
    done = submit(operating, assignment, day=date(2027, 4, 3))
    assert done.days_late == 3


def test_another_evaluator_organisation_cannot_submit(operating: Setup) -> None:
    assignment = commission(operating)
    with pytest.raises(RuleViolation) as refused:
        submit(operating, assignment, by=operating.other_evaluator)
    assert refused.value.decision.article == 24
    assert EvaluationAssignment.objects.get().state == "commissioned"
    assert operating.refresh().state == "in_operation"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"score": 120}, "score"),
        ({"score": "八十"}, "score"),
        ({"score": True}, "score"),
        ({"conclusion": ""}, "conclusion"),
        ({"report": None}, "report"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_is_saved(
    operating: Setup, change: dict[str, Any], field: str
) -> None:
    assignment = commission(operating)
    with pytest.raises(InvalidInput) as refused:
        submit(operating, assignment, **change)
    assert refused.value.field == field
    assert EvaluationAssignment.objects.get().state == "commissioned"
    assert not Document.objects.filter(kind=DocumentKind.EVALUATION_REPORT).exists()
    assert not Event.objects.filter(action="evaluation.assignment_submit").exists()
    assert operating.refresh().state == "in_operation"


def test_a_submitted_evaluation_cannot_be_submitted_again(operating: Setup) -> None:
    assignment = commission(operating)
    submit(operating, assignment)
    with pytest.raises(RuleViolation) as refused:
        submit(operating, assignment, score=50)
    assert "已提交" in refused.value.message
    assert EvaluationAssignment.objects.get().score == 86


def test_a_terminated_project_cannot_be_evaluated(operating: Setup) -> None:
    assignment = commission(operating)
    Project.objects.filter(pk=operating.project.pk).update(state="terminated")
    with pytest.raises(RuleViolation) as refused:
        submit(operating, assignment)
    assert refused.value.decision.article == 24
    assert EvaluationAssignment.objects.get().state == "commissioned"


# --- withdrawing an open commission (Art. 24) -------------------------------------------------
def _commissioned(world: Any) -> Any:
    from govit.evaluation.testing import in_operation

    with at(date(2026, 11, 27)):
        project = in_operation(world, "police", accepted_on=date(2025, 8, 31))
        return services.assignment_commission(
            project=project,
            evaluator=world.organisations["evaluator"],
            scope="评价资金使用绩效",
            due_on="2027-03-31",
            by=world.bdb_staff,
        )


def test_bdb_withdraws_an_open_commission_and_the_evaluator_no_longer_sees_it(
    world: Any,
) -> None:
    assignment = _commissioned(world)
    assert projects_for(world.evaluator).filter(pk=assignment.project_id).exists()

    done = services.assignment_withdraw(
        assignment=assignment, reason="评价机构需更换", by=world.bdb_leader
    )

    assert done.state == "withdrawn" and done.withdrawal_reason == "评价机构需更换"
    assert not my_assignments(world.evaluator).exists()
    assert not projects_for(world.evaluator).filter(pk=assignment.project_id).exists()
    event = Event.objects.get(action="evaluation.assignment_withdraw")
    assert event.before["state"] == "commissioned" and event.after["state"] == "withdrawn"
    # BDB may commission again.
    with at(date(2026, 11, 28)):
        again = services.assignment_commission(
            project=done.project,
            evaluator=world.organisations["evaluator"],
            scope="重新委托",
            due_on="2027-04-30",
            by=world.bdb_staff,
        )
    assert again.state == "commissioned"


def test_only_bdb_withdraws_and_always_with_a_reason(world: Any) -> None:
    assignment = _commissioned(world)
    with pytest.raises(RuleViolation) as unit:
        services.assignment_withdraw(
            assignment=assignment, reason="不需要了", by=world.police_staff
        )
    assert unit.value.decision.article == 24
    with pytest.raises(InvalidInput) as no_reason:
        services.assignment_withdraw(assignment=assignment, reason=" ", by=world.bdb_staff)
    assert no_reason.value.field == "reason"
    assignment.refresh_from_db()
    assert assignment.state == "commissioned"


def test_a_withdrawn_commission_cannot_be_withdrawn_again(world: Any) -> None:
    assignment = _commissioned(world)
    services.assignment_withdraw(assignment=assignment, reason="更换机构", by=world.bdb_staff)
    with pytest.raises(RuleViolation) as twice:
        services.assignment_withdraw(assignment=assignment, reason="再次撤回", by=world.bdb_staff)
    assert "只有待提交的委托可以撤回" in twice.value.message
    assert EvaluationAssignment.objects.get(pk=assignment.pk).state == "withdrawn"


def test_the_withdraw_form_needs_a_reason_and_then_withdraws(world: Any) -> None:
    from django.urls import reverse

    from .conftest import client_for

    assignment = _commissioned(world)
    client = client_for(world.bdb_staff)
    url = reverse("evaluation:assignment_withdraw", args=[assignment.pk])
    page = reverse("evaluation:assignments", args=[assignment.project_id])
    assert 'data-testid="withdraw-form"' in client.get(page).content.decode()

    refused = client.post(url, {"withdraw-reason": ""})
    assert refused.status_code == 400 and "请填写撤回理由" in refused.content.decode()
    assert EvaluationAssignment.objects.get(pk=assignment.pk).state == "commissioned"

    done = client.post(url, {"withdraw-reason": "评价机构需更换"})
    assert done.status_code == 302 and done.url == page
    assert EvaluationAssignment.objects.get(pk=assignment.pk).state == "withdrawn"
