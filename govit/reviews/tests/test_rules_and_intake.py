"""The review rules as functions (each citing its article) and the intake effects."""

from __future__ import annotations

import pytest

from govit.audit.models import Event
from govit.reviews.effects import record_intake_passed, record_intake_returned
from govit.reviews.models import ApprovalOpinion, IntakeRound, PlanException
from govit.reviews.rules import (
    ndrc_approval_recorded,
    ndrc_decision_recorded,
    ndrc_not_required,
    ndrc_refusal_recorded,
    ndrc_required,
    opinion_drafted,
    opinion_signed,
    opinion_signed_or_filed,
    opinion_within_request,
    plan_or_exception,
    reviews_complete,
    secrecy_answered,
)
from govit.reviews.services import opinion_draft, review_submit

from .conftest import ReviewSetup, context, put_in_state
from .test_opinion import SCORES


# --- rules --------------------------------------------------------------------------------
def test_approval_without_a_drafted_opinion_is_blocked_citing_article_11(
    review: ReviewSetup,
) -> None:
    decision = opinion_drafted(review.project, review.world.bdb_leader)
    assert not decision and decision.article == 11
    assert decision.message == "尚未起草审核意见（第十一条）"
    opinion_draft(project=review.project, by=review.world.bdb_staff)
    assert opinion_drafted(review.project, review.world.bdb_leader)


def test_a_rejected_or_superseded_opinion_is_not_a_draft(review: ReviewSetup) -> None:
    opinion = opinion_draft(project=review.project, by=review.world.bdb_staff)
    ApprovalOpinion.objects.filter(pk=opinion.pk).update(state="rejected")
    assert not opinion_drafted(review.project, review.world.bdb_leader)


def test_opinion_above_the_request_blocks_approval_citing_article_11(review: ReviewSetup) -> None:
    opinion_draft(project=review.project, by=review.world.bdb_staff)
    assert opinion_within_request(review.project, review.world.bdb_leader)
    project = put_in_state(review.project, "under_review", requested_amount=10)
    decision = opinion_within_request(project, review.world.bdb_leader)
    assert not decision and decision.article == 11


def test_approval_before_experts_are_drawn_is_blocked_citing_article_10(
    review: ReviewSetup,
) -> None:
    decision = reviews_complete(review.project, review.world.bdb_leader)
    assert not decision and decision.article == 10
    assert decision.reason == "尚未抽取评审专家"


def test_approval_while_a_drawn_expert_has_not_scored_is_blocked_citing_article_10(
    drawn: ReviewSetup,
) -> None:
    decision = reviews_complete(drawn.project, drawn.world.bdb_leader)
    assert not decision and decision.article == 10
    assert "2 位专家未提交" in decision.reason
    review_submit(assignment=drawn.assignment("wang"), by=drawn.world.expert, **SCORES)
    assert "1 位专家未提交" in reviews_complete(drawn.project, drawn.world.bdb_leader).reason
    review_submit(assignment=drawn.assignment("li"), by=drawn.expert_2, **SCORES)
    assert reviews_complete(drawn.project, drawn.world.bdb_leader)


def test_a_project_outside_the_plan_needs_a_recorded_exception_citing_article_10(
    review: ReviewSetup,
) -> None:
    assert plan_or_exception(review.project, review.world.bdb_leader)
    project = put_in_state(review.project, "under_review", outside_plan=True)
    decision = plan_or_exception(project, review.world.bdb_leader)
    assert not decision and decision.article == 10
    PlanException.objects.create(project=project, reason="市委专项部署", by=review.world.bdb_leader)
    assert plan_or_exception(project, review.world.bdb_leader)


def test_procurement_before_the_opinion_is_signed_is_blocked_citing_article_11(
    review: ReviewSetup,
) -> None:
    project = put_in_state(review.project, "approved")
    decision = opinion_signed(project, review.world.police_staff)
    assert not decision and decision.article == 11
    project = put_in_state(project, "approved", opinion_number="菏大数审〔2026〕1号")
    assert opinion_signed(project, review.world.police_staff)


def test_a_filed_project_needs_no_opinion_to_start_procurement(review: ReviewSetup) -> None:
    user = review.world.police_staff
    approved = put_in_state(review.project, "approved")
    decision = opinion_signed_or_filed(approved, user)
    assert not decision and decision.article == 11
    filed = put_in_state(approved, "filed", procedure="filing")
    assert opinion_signed_or_filed(filed, user)


def test_ndrc_transitions_need_the_decision_on_record_citing_article_4(
    review: ReviewSetup,
) -> None:
    from datetime import date

    from govit.reviews.models import NdrcDecision

    user = review.world.ndrc
    project = put_in_state(review.project, "ndrc_review", is_fixed_asset=True)
    for rule in (ndrc_decision_recorded, ndrc_approval_recorded, ndrc_refusal_recorded):
        decision = rule(project, user)
        assert not decision and decision.article == 4
    NdrcDecision.objects.create(
        project=project,
        approved=True,
        document_number="菏发改投资〔2026〕45号",
        date=date(2026, 11, 20),
        by=user,
    )
    assert ndrc_decision_recorded(project, user)
    assert ndrc_approval_recorded(project, user)
    assert not ndrc_refusal_recorded(project, user)


def test_a_classified_candidate_waits_for_secrecy_citing_article_4(review: ReviewSetup) -> None:
    assert secrecy_answered(review.project, review.world.police_staff)  # not a candidate
    project = put_in_state(review.project, "approved", is_classified_candidate=True)
    decision = secrecy_answered(project, review.world.police_staff)
    assert not decision and decision.article == 4
    project = put_in_state(project, "approved", secrecy_status="not_classified")
    assert secrecy_answered(project, review.world.police_staff)


def test_fixed_asset_projects_go_to_ndrc_and_others_do_not_citing_article_4(
    review: ReviewSetup,
) -> None:
    user = review.world.police_staff
    plain = put_in_state(review.project, "approved")
    assert ndrc_not_required(plain, user)
    decision = ndrc_required(plain, user)
    assert not decision and decision.article == 4
    fixed = put_in_state(plain, "approved", is_fixed_asset=True)
    assert ndrc_required(fixed, user)
    decision = ndrc_not_required(fixed, user)
    assert not decision and decision.article == 4
    assert "发展改革委" in decision.reason


# --- intake effects -----------------------------------------------------------------------
def test_every_intake_round_is_kept_with_its_reasons(review: ReviewSetup) -> None:
    bdb = review.world.bdb_staff
    project = put_in_state(review.project, "returned")
    record_intake_returned(project, bdb, context("return", "unit_signed", "缺少建设方案"))
    record_intake_returned(project, bdb, context("return", "unit_signed", "预算明细不全"))
    project = put_in_state(project, "under_review")
    ctx = context("accept_intake", "unit_signed")
    record_intake_passed(project, bdb, ctx)

    rounds = list(
        IntakeRound.objects.filter(project=project).values_list("round_no", "outcome", "reasons")
    )
    assert rounds == [
        (1, "returned", "缺少建设方案"),
        (2, "returned", "预算明细不全"),
        (3, "passed", ""),
    ]
    assert ctx.data == {"intake_round": 3}
    assert Event.objects.filter(action="reviews.intake_return").count() == 2
    assert Event.objects.filter(action="reviews.intake_pass").count() == 1


def test_a_return_from_review_is_not_an_intake_round(review: ReviewSetup) -> None:
    record_intake_returned(
        review.project, review.world.bdb_leader, context("return", "under_review", "需补充论证")
    )
    assert not IntakeRound.objects.exists()


def test_a_new_intake_pass_starts_a_new_review_round(drawn: ReviewSetup) -> None:
    """After a return and resubmission, earlier reviews and drafts no longer count."""
    review_submit(assignment=drawn.assignment("wang"), by=drawn.world.expert, **SCORES)
    review_submit(assignment=drawn.assignment("li"), by=drawn.expert_2, **SCORES)
    draft = opinion_draft(project=drawn.project, by=drawn.world.bdb_staff)
    assert reviews_complete(drawn.project, drawn.world.bdb_leader)

    record_intake_passed(
        drawn.project, drawn.world.bdb_staff, context("accept_intake", "unit_signed")
    )

    draft.refresh_from_db()
    assert draft.state == ApprovalOpinion.State.SUPERSEDED
    assert not opinion_drafted(drawn.project, drawn.world.bdb_leader)
    decision = reviews_complete(drawn.project, drawn.world.bdb_leader)
    assert not decision and decision.reason == "尚未抽取评审专家"
    # the same experts may be drawn again for the new dossier
    from govit.reviews.services import expert_draw

    again = expert_draw(project=drawn.project, count=2, by=drawn.world.bdb_staff)
    assert sorted(again.result) == sorted([drawn.experts["wang"].pk, drawn.experts["li"].pk])


@pytest.mark.parametrize(
    "rule",
    [
        opinion_drafted,
        reviews_complete,
        plan_or_exception,
        opinion_signed,
        secrecy_answered,
        ndrc_required,
        ndrc_not_required,
    ],
)
def test_every_rule_names_its_article_when_it_blocks(review: ReviewSetup, rule) -> None:  # type: ignore[no-untyped-def]
    project = put_in_state(
        review.project,
        "approved",
        outside_plan=True,
        is_classified_candidate=True,
        requested_amount=0,
    )
    decisions = [rule(project, review.world.bdb_leader)]
    project = put_in_state(project, "approved", is_fixed_asset=True)
    decisions.append(rule(project, review.world.bdb_leader))
    refusals = [d for d in decisions if not d]
    assert refusals, f"{rule.__name__} never blocks"
    for decision in refusals:
        assert decision.article in (4, 10, 11)
        assert decision.reason_en
