"""Incidents (Art. 20): reported by the unit or raised by BDB; a BDB leader orders rectification
(with a deadline) or suspension; suspension blocks work until a leader lifts it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govit.applications.models import DocumentKind
from govit.applications.testing import pdf_bytes
from govit.audit.models import Event
from govit.construction import services
from govit.construction.models import Incident, Milestone, ProgressReport
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.testing import put_in_state

from .conftest import Building, at

DEADLINE = "2027-03-31"


def report(building: Building, by: Any = None, kind: str = "severe_delay") -> Incident:
    return services.incident_report(
        project=building.project,
        kind=kind,
        description="核心模块开发滞后两个月",
        by=by or building.world.police_staff,
    )


def rectify(incident: Incident, building: Building, **overrides: Any) -> Incident:
    values: dict[str, Any] = {
        "incident": incident,
        "decision": "rectification",
        "reason": "进度严重滞后",
        "deadline": DEADLINE,
        "requirements": "增加开发人员，按周报送进度",
        "by": building.world.bdb_leader,
    }
    values.update(overrides)
    return services.incident_decide(**values)


def suspend(incident: Incident, building: Building) -> Incident:
    return services.incident_decide(
        incident=incident,
        decision="suspension",
        reason="重大投资损失",
        by=building.world.bdb_leader,
    )


def answer(incident: Incident, building: Building, **kw: Any) -> Incident:
    return services.incident_answer(
        incident=incident, note="已增加 5 名开发人员", by=building.world.police_staff, **kw
    )


def state(building: Building) -> str:
    return building.refresh().state


# --- reporting ------------------------------------------------------------------------------
def test_the_unit_reports_a_severe_delay(building: Building) -> None:
    incident = report(building)
    assert (incident.state, incident.source, incident.kind) == ("open", "unit", "severe_delay")
    assert Event.objects.get(action="construction.incident_report").after["source"] == "unit"
    assert state(building) == "in_construction"


@pytest.mark.parametrize("persona", ["bdb_staff", "bdb_leader"])
def test_bdb_raises_an_incident(building: Building, persona: str) -> None:
    incident = report(building, by=building.world.persona(persona), kind="major_loss")
    assert incident.source == "bdb" and incident.get_kind_display() == "重大投资损失"


@pytest.mark.parametrize(
    "persona", ["police_leader", "education_staff", "caoxian_bdb_staff", "auditor"]
)
def test_others_cannot_report(building: Building, persona: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        report(building, by=building.world.persona(persona))
    assert refused.value.decision.article == 20
    assert not Incident.objects.exists()


def test_bad_incident_input_is_refused(building: Building) -> None:
    with pytest.raises(InvalidInput) as refused:
        report(building, kind="flood")
    assert refused.value.field == "kind"
    with pytest.raises(InvalidInput) as refused:
        services.incident_report(
            project=building.project,
            kind="major_loss",
            description=" ",
            by=building.world.police_staff,
        )
    assert refused.value.field == "description"
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("project_state", "message"), [("procurement", "「采购中」"), ("suspended", "已暂停建设")]
)
def test_incidents_are_reported_only_while_building(
    building: Building, project_state: str, message: str
) -> None:
    put_in_state(building.project, project_state)
    with pytest.raises(RuleViolation) as refused:
        report(building)
    assert refused.value.decision.article == 20 and message in refused.value.message


# --- rectification --------------------------------------------------------------------------
def test_a_leader_orders_rectification_and_the_project_is_rectifying(building: Building) -> None:
    incident = rectify(report(building), building)

    assert incident.state == "rectifying"
    assert incident.rectification_deadline == date(2027, 3, 31)
    assert incident.rectification_requirements == "增加开发人员，按周报送进度"
    assert state(building) == "rectifying"
    transition = Event.objects.get(action="project.order_rectification")
    assert transition.reason == "进度严重滞后"
    assert transition.after["rectification_deadline"] == "2027-03-31"
    assert Event.objects.filter(action="construction.incident_rectification").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"deadline": "2027-03-01"}, "deadline", "整改期限须晚于今天"),
        ({"deadline": ""}, "deadline", "请填写整改期限"),
        ({"requirements": ""}, "requirements", "请填写整改要求"),
        ({"reason": ""}, "reason", "请填写决定理由"),
        ({"decision": "warn"}, "decision", "请选择处理决定"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_changes(
    building: Building, overrides: dict[str, Any], field: str, message: str
) -> None:
    incident = report(building)
    with pytest.raises(InvalidInput) as refused:
        rectify(incident, building, **overrides)
    assert refused.value.field == field and message in refused.value.message
    incident.refresh_from_db()
    assert incident.state == "open" and incident.rectification_deadline is None
    assert state(building) == "in_construction"
    assert not Event.objects.filter(action="project.order_rectification").exists()


@pytest.mark.parametrize("persona", ["bdb_staff", "police_staff", "caoxian_bdb_staff"])
def test_only_a_bdb_leader_decides(building: Building, persona: str) -> None:
    incident = report(building)
    with pytest.raises(RuleViolation) as refused:
        rectify(incident, building, by=building.world.persona(persona))
    assert refused.value.decision.article == 20
    assert "大数据局领导" in refused.value.message


def test_the_unit_answers_with_evidence_and_bdb_closes(
    building: Building, time_machine: Any
) -> None:
    incident = rectify(report(building), building)
    time_machine.move_to(at(date(2027, 3, 20)), tick=False)
    evidence = SimpleUploadedFile("整改.pdf", pdf_bytes("整改"), content_type="application/pdf")

    answered = answer(incident, building, evidence=evidence)
    assert answered.state == "answered" and answered.answered_on == date(2027, 3, 20)
    assert not answered.answered_late
    assert answered.answer_evidence is not None
    assert answered.answer_evidence.kind == DocumentKind.INCIDENT_EVIDENCE

    closed = services.incident_close(
        incident=answered, reason="整改到位", by=building.world.bdb_staff
    )
    assert closed.state == "closed"
    assert state(building) == "in_construction"
    assert Event.objects.get(action="project.close_rectification").reason == "整改到位"
    assert Event.objects.get(action="construction.incident_close").after[
        "project_back_in_construction"
    ]


def test_an_answer_after_the_deadline_is_marked_late(building: Building, time_machine: Any) -> None:
    incident = rectify(report(building), building)
    time_machine.move_to(at(date(2027, 4, 1)), tick=False)
    answered = answer(incident, building)
    assert answered.answered_late
    assert Event.objects.get(action="construction.incident_answer").after["late"] is True


def test_closing_before_the_units_answer_is_refused(building: Building) -> None:
    incident = rectify(report(building), building)
    with pytest.raises(RuleViolation) as refused:
        services.incident_close(incident=incident, reason="好", by=building.world.bdb_staff)
    assert refused.value.decision.article == 20 and "尚未报送整改情况" in refused.value.message
    assert state(building) == "rectifying"


def test_answering_an_open_incident_is_refused(building: Building) -> None:
    with pytest.raises(RuleViolation) as refused:
        answer(report(building), building)
    assert "「待研判」" in refused.value.message


def test_the_project_leaves_rectifying_with_its_last_rectification(building: Building) -> None:
    first = rectify(report(building), building)
    second = rectify(report(building, kind="major_loss"), building, deadline="2027-04-15")
    assert Event.objects.filter(action="project.order_rectification").count() == 1

    services.incident_close(
        incident=answer(first, building), reason="整改到位", by=building.world.bdb_leader
    )
    assert state(building) == "rectifying"
    services.incident_close(
        incident=answer(second, building), reason="整改到位", by=building.world.bdb_leader
    )
    assert state(building) == "in_construction"
    assert Event.objects.filter(action="project.close_rectification").count() == 1


def test_a_decided_incident_cannot_be_decided_again(building: Building) -> None:
    incident = rectify(report(building), building)
    with pytest.raises(RuleViolation) as refused:
        rectify(incident, building)
    assert "「整改中」" in refused.value.message


# --- suspension -----------------------------------------------------------------------------
def test_suspension_blocks_work_until_a_leader_lifts_it(
    building: Building, time_machine: Any
) -> None:
    incident = suspend(report(building, kind="major_loss"), building)
    assert incident.state == "suspended" and state(building) == "suspended"
    assert Event.objects.get(action="project.suspend").reason == "重大投资损失"

    time_machine.move_to(at(date(2027, 3, 10)), tick=False)
    with pytest.raises(RuleViolation) as refused:
        services.progress_report_file(
            project=building.project,
            report_date="2027-03-10",
            percent_complete="5",
            spend_to_date="0",
            by=building.world.police_staff,
        )
    assert refused.value.decision.article == 20
    with pytest.raises(RuleViolation):
        services.milestone_record_actual(
            milestone=Milestone.objects.filter(project=building.project).first(),  # type: ignore[arg-type]
            actual_on="2027-03-05",
            by=building.world.police_staff,
        )

    with pytest.raises(RuleViolation):
        services.incident_lift(incident=incident, reason="整改到位", by=building.world.bdb_staff)
    lifted = services.incident_lift(
        incident=incident, reason="损失已追回", by=building.world.bdb_leader
    )
    assert lifted.state == "lifted" and state(building) == "in_construction"
    assert Event.objects.get(action="project.lift_suspension").reason == "损失已追回"
    services.progress_report_file(
        project=building.project,
        report_date="2027-03-10",
        percent_complete="5",
        spend_to_date="0",
        by=building.world.police_staff,
    )
    assert ProgressReport.objects.count() == 1


def test_a_rectification_can_be_escalated_to_suspension(building: Building) -> None:
    incident = answer(rectify(report(building), building), building)
    escalated = suspend(incident, building)
    assert escalated.state == "suspended" and state(building) == "suspended"
    assert escalated.rectification_deadline == date(2027, 3, 31)  # the order stays on record
    assert Event.objects.filter(action="construction.incident_suspension").exists()


def test_lifting_needs_a_suspended_incident_and_a_reason(building: Building) -> None:
    incident = report(building)
    with pytest.raises(RuleViolation) as refused:
        services.incident_lift(incident=incident, reason="好", by=building.world.bdb_leader)
    assert "「待研判」" in refused.value.message
    suspended = suspend(incident, building)
    with pytest.raises(InvalidInput) as missing:
        services.incident_lift(incident=suspended, reason="", by=building.world.bdb_leader)
    assert missing.value.field == "reason"
    assert state(building) == "suspended"


def test_a_second_suspension_is_refused_while_suspended(building: Building) -> None:
    other = report(building)
    suspend(report(building), building)
    with pytest.raises(RuleViolation) as refused:
        suspend(other, building)
    assert refused.value.decision.article == 20 and "「暂停」" in refused.value.message
