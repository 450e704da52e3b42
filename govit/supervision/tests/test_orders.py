"""Rectification orders: BDB orders a unit to rectify by a deadline (an obligation); the unit
answers with evidence; BDB accepts (the obligation is fulfilled on the answer date) or rejects
(it stays open or overdue).  Clock: 2026-11-27 in Heze."""

from __future__ import annotations

from datetime import date

import pytest

from govit.applications.models import Document, DocumentKind
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.obligations.models import Obligation, ObligationKind, ObligationState
from govit.obligations.services import mark_overdue
from govit.projects.models import Project, SecrecyStatus
from govit.supervision import services
from govit.supervision.models import RectificationOrder
from govit.supervision.testing import (
    answered_order,
    approved_finding,
    evidence,
    issued_order,
    planned_inspection,
)

from .conftest import Setup, at

DEADLINE = date(2026, 12, 31)


def obligation_of(order: RectificationOrder) -> Obligation:
    return Obligation.objects.get(key=services.order_key(order))


def test_an_order_opens_the_units_obligation_due_on_the_deadline(procurement: Setup) -> None:
    order = issued_order(procurement.world, procurement.project, deadline=DEADLINE)
    obligation = obligation_of(order)
    assert obligation.kind == ObligationKind.SUPERVISION_RECTIFICATION
    assert obligation.due_on == DEADLINE
    assert obligation.responsible == procurement.project.organisation
    assert obligation.project == procurement.project
    assert obligation.article == 35
    assert obligation.state == ObligationState.OPEN
    assert Event.objects.filter(action="supervision.order_issue").count() == 1


def test_no_order_before_the_inspection_is_approved(procurement: Setup) -> None:
    world = procurement.world
    inspection = planned_inspection(world, procurement.project)
    finding = services.finding_record(
        inspection=inspection,
        project=procurement.project,
        article=16,
        rule_text="合同备案",
        description="—",
        by=world.bdb_staff,
    )
    with pytest.raises(RuleViolation) as refused:
        services.order_issue(
            finding=finding, requirements="补办", deadline="2026-12-31", by=world.bdb_staff
        )
    assert refused.value.decision.article == 35
    assert "尚未经大数据局领导审批" in refused.value.message
    assert not RectificationOrder.objects.exists()
    assert not Obligation.objects.exists()


def test_the_deadline_must_be_after_today(procurement: Setup) -> None:
    finding = approved_finding(procurement.world, procurement.project)
    with pytest.raises(InvalidInput) as refused:
        services.order_issue(
            finding=finding,
            requirements="补办",
            deadline="2026-11-27",
            by=procurement.world.bdb_staff,
        )
    assert refused.value.field == "deadline"
    assert not RectificationOrder.objects.exists()


def test_one_order_per_finding_and_only_bdb_orders(procurement: Setup) -> None:
    world = procurement.world
    order = issued_order(world, procurement.project)
    with pytest.raises(RuleViolation) as twice:
        services.order_issue(
            finding=order.finding, requirements="再补", deadline="2026-12-31", by=world.bdb_leader
        )
    assert "已下达整改通知" in twice.value.message
    finding = approved_finding(world, procurement.project)
    with pytest.raises(RuleViolation) as unit:
        services.order_issue(
            finding=finding, requirements="补办", deadline="2026-12-31", by=world.police_staff
        )
    assert unit.value.decision.article == 35
    assert "大数据局的经办人或领导" in unit.value.message
    assert Obligation.objects.count() == 1


def test_the_unit_answers_with_evidence(procurement: Setup) -> None:
    order = answered_order(procurement.world, procurement.project)
    assert order.state == RectificationOrder.State.ANSWERED
    assert order.answer_evidence is not None
    assert order.answer_evidence.kind == DocumentKind.INCIDENT_EVIDENCE
    assert order.answered_on == date(2026, 11, 27) and not order.answered_late
    assert Event.objects.get(action="supervision.order_answer").after["late"] is False


def test_an_answer_needs_its_evidence_file(procurement: Setup) -> None:
    world = procurement.world
    order = issued_order(world, procurement.project)
    with pytest.raises(InvalidInput) as refused:
        services.order_answer(order=order, note="已整改", by=world.police_staff)
    assert refused.value.field == "evidence"
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.OPEN


def test_only_the_owning_units_staff_answer(procurement: Setup) -> None:
    world = procurement.world
    order = issued_order(world, procurement.project)
    for persona in ("education_staff", "police_leader", "bdb_staff"):
        with pytest.raises(RuleViolation) as refused:
            services.order_answer(
                order=order, note="已整改", evidence=evidence(), by=world.persona(persona)
            )
        assert refused.value.decision.article == 35
        assert "的经办人可以报送整改情况" in refused.value.message
    assert not Document.objects.filter(kind=DocumentKind.INCIDENT_EVIDENCE).exists()


def test_a_classified_candidate_answers_with_number_and_date(procurement: Setup) -> None:
    world = procurement.world
    Project.objects.filter(pk=procurement.project.pk).update(
        is_classified_candidate=True, secrecy_status=SecrecyStatus.CLASSIFIED
    )
    order = issued_order(world, procurement.refresh())
    with pytest.raises(RuleViolation) as with_file:
        services.order_answer(
            order=order, note="已整改", evidence=evidence(), by=world.police_staff
        )
    assert with_file.value.decision.article == 4
    done = services.order_answer(
        order=order,
        note="已整改",
        evidence_number="公信〔2026〕9号",
        evidence_date="2026-11-26",
        by=world.police_staff,
    )
    assert done.answer_evidence is not None
    assert done.answer_evidence.document_number == "公信〔2026〕9号"
    assert done.answer_evidence.storage_path == ""


def test_a_second_answer_waits_for_the_review(procurement: Setup) -> None:
    world = procurement.world
    order = answered_order(world, procurement.project)
    with pytest.raises(RuleViolation) as refused:
        services.order_answer(order=order, note="再报", evidence=evidence(), by=world.police_staff)
    assert "正待大数据局审核" in refused.value.message


def test_accepting_fulfils_the_obligation_on_the_answer_date(procurement: Setup) -> None:
    world = procurement.world
    order = answered_order(world, procurement.project)
    done = services.order_decide(order=order, decision="accept", by=world.bdb_staff)
    assert done.state == RectificationOrder.State.ACCEPTED
    obligation = obligation_of(order)
    assert obligation.state == ObligationState.FULFILLED
    assert obligation.fulfilled_on == date(2026, 11, 27) and obligation.days_late == 0
    assert Event.objects.filter(action="supervision.order_accept").count() == 1


def test_a_late_answer_accepted_is_fulfilled_late(procurement: Setup, frozen) -> None:  # type: ignore[no-untyped-def]
    world = procurement.world
    order = issued_order(world, procurement.project, deadline=date(2026, 12, 4))
    frozen.move_to(at(date(2026, 12, 9)), tick=False)
    assert mark_overdue() == 1
    done = services.order_answer(
        order=order, note="已补办", evidence=evidence(), by=world.police_staff
    )
    assert done.answered_late
    frozen.move_to(at(date(2026, 12, 11)), tick=False)
    services.order_decide(order=order, decision="accept", reason="属实", by=world.bdb_leader)
    obligation = obligation_of(order)
    assert (obligation.state, obligation.fulfilled_on, obligation.days_late) == (
        ObligationState.FULFILLED,
        date(2026, 12, 9),
        5,
    )


def test_rejecting_reopens_the_order_and_the_obligation_stays_overdue(
    procurement: Setup, frozen
) -> None:  # type: ignore[no-untyped-def]
    world = procurement.world
    order = issued_order(world, procurement.project, deadline=date(2026, 12, 4))
    services.order_answer(order=order, note="已整改", evidence=evidence(), by=world.police_staff)
    frozen.move_to(at(date(2026, 12, 9)), tick=False)
    mark_overdue()
    done = services.order_decide(
        order=order, decision="reject", reason="台账未建立", by=world.bdb_staff
    )
    assert (done.state, done.rejections) == (RectificationOrder.State.OPEN, 1)
    assert obligation_of(order).state == ObligationState.OVERDUE
    event = Event.objects.get(action="supervision.order_reject")
    assert event.reason == "台账未建立"


def test_a_rejection_needs_its_reason(procurement: Setup) -> None:
    world = procurement.world
    order = answered_order(world, procurement.project)
    with pytest.raises(InvalidInput) as refused:
        services.order_decide(order=order, decision="reject", reason=" ", by=world.bdb_staff)
    assert refused.value.field == "reason"
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ANSWERED


def test_no_decision_without_an_answer_and_not_by_the_unit(procurement: Setup) -> None:
    world = procurement.world
    order = issued_order(world, procurement.project)
    with pytest.raises(RuleViolation) as early:
        services.order_decide(order=order, decision="accept", by=world.bdb_staff)
    assert early.value.decision.article == 35
    assert "尚未报送整改情况" in early.value.message
    with pytest.raises(RuleViolation) as unit:
        services.order_decide(order=order, decision="accept", by=world.police_leader)
    assert "只有本行政区域大数据局的经办人或领导可以审核整改情况" in unit.value.message
    with pytest.raises(InvalidInput) as bad:
        services.order_decide(order=order, decision="maybe", by=world.bdb_staff)
    assert bad.value.field == "decision"
