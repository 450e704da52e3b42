"""The approval opinion (Art. 10–11): drafting, carried-over cuts, numbering, rejection."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project, SerialCounter
from govit.reviews.effects import mark_opinion_rejected, sign_opinion
from govit.reviews.models import ApprovalOpinion
from govit.reviews.services import (
    CutInput,
    LineInput,
    carried_over_lines,
    opinion_draft,
    review_submit,
)

from .conftest import ReviewSetup, context, put_in_state

SCORES: dict[str, Any] = {
    "necessity_score": 85,
    "necessity_comment": "必要",
    "feasibility_score": 80,
    "feasibility_comment": "可行",
    "budget_score": 75,
    "budget_comment": "略高",
    "recommended_amount": "850000",
}


def submit_both(drawn: ReviewSetup) -> None:
    server, software, _ = drawn.lines
    review_submit(
        assignment=drawn.assignment("wang"),
        cuts=[
            CutInput(server.pk, "100000", "8 台即可"),
            CutInput(software.pk, "50000", "可用国产替代"),
        ],
        by=drawn.world.expert,
        **SCORES,
    )
    review_submit(
        assignment=drawn.assignment("li"),
        cuts=[CutInput(server.pk, "50000", "9 台即可")],
        by=drawn.expert_2,
        **SCORES,
    )


def test_cuts_of_several_experts_are_averaged_line_by_line(drawn: ReviewSetup) -> None:
    submit_both(drawn)

    lines = {p.budget_line.name: p for p in carried_over_lines(drawn.project)}
    # server: (100000 + 50000) / 2; software: (50000 + 0) / 2 — 李强 did not cut it
    assert lines["服务器"].cut == Decimal("75000.00")
    assert lines["服务器"].approved == Decimal("425000.00")
    assert lines["数据库软件许可"].cut == Decimal("25000.00")
    assert lines["平台开发"].cut == Decimal("0.00")
    assert "8 台即可" in lines["服务器"].reason and "9 台即可" in lines["服务器"].reason


def test_a_default_draft_approves_the_request_minus_the_carried_over_cuts(
    drawn: ReviewSetup,
) -> None:
    submit_both(drawn)

    opinion = opinion_draft(
        project=drawn.project, conditions="按批复内容建设", by=drawn.world.bdb_staff
    )

    assert opinion.state == ApprovalOpinion.State.DRAFT
    assert opinion.requested_amount == Decimal("1000000.00")
    assert opinion.approved_amount == Decimal("900000.00")  # 1,000,000 − 75,000 − 25,000
    rows = {line.line_name: (line.requested, line.approved) for line in opinion.lines.all()}
    assert rows["服务器"] == (Decimal("500000.00"), Decimal("425000.00"))
    assert rows["平台开发"] == (Decimal("300000.00"), Decimal("300000.00"))
    assert Event.objects.filter(action="reviews.opinion_draft").exists()


def test_bdb_staff_may_override_a_line_and_the_total(drawn: ReviewSetup) -> None:
    development = drawn.lines[2]
    opinion = opinion_draft(
        project=drawn.project,
        lines=[LineInput(development.pk, "250000", "开发工作量核减")],
        approved_amount="900000",
        by=drawn.world.bdb_staff,
    )
    line = opinion.lines.get(budget_line=development)
    assert (line.approved, line.reason) == (Decimal("250000.00"), "开发工作量核减")
    assert opinion.approved_amount == Decimal("900000.00")


def test_an_approved_amount_above_the_request_is_refused(drawn: ReviewSetup) -> None:
    with pytest.raises(InvalidInput) as refused:
        opinion_draft(project=drawn.project, approved_amount="1000000.01", by=drawn.world.bdb_staff)
    assert refused.value.field == "approved_amount"
    assert "不能超过申请金额" in refused.value.message
    assert not ApprovalOpinion.objects.exists()


@pytest.mark.parametrize(
    ("value", "approved"), [("-1", None), ("abc", None), ("1.234", None), ("0", "ok")]
)
def test_bad_amounts_are_refused_naming_the_field(
    drawn: ReviewSetup, value: str, approved: str | None
) -> None:
    if approved:
        assert opinion_draft(project=drawn.project, approved_amount=value, by=drawn.world.bdb_staff)
        return
    with pytest.raises(InvalidInput) as refused:
        opinion_draft(project=drawn.project, approved_amount=value, by=drawn.world.bdb_staff)
    assert refused.value.field == "approved_amount"


def test_a_line_above_its_request_or_cut_without_reason_is_refused(drawn: ReviewSetup) -> None:
    server = drawn.lines[0]
    with pytest.raises(InvalidInput) as refused:
        opinion_draft(
            project=drawn.project, lines=[LineInput(server.pk, "600000")], by=drawn.world.bdb_staff
        )
    assert refused.value.field == f"line_{server.pk}_approved"
    with pytest.raises(InvalidInput) as refused:
        opinion_draft(
            project=drawn.project,
            lines=[LineInput(server.pk, "400000", "")],
            by=drawn.world.bdb_staff,
        )
    assert refused.value.field == f"line_{server.pk}_reason"
    assert not ApprovalOpinion.objects.exists()


def test_a_new_draft_supersedes_the_last(drawn: ReviewSetup) -> None:
    first = opinion_draft(project=drawn.project, by=drawn.world.bdb_staff)
    second = opinion_draft(
        project=drawn.project, approved_amount="800000", by=drawn.world.bdb_staff
    )

    first.refresh_from_db()
    assert first.state == ApprovalOpinion.State.SUPERSEDED
    assert second.state == ApprovalOpinion.State.DRAFT


def test_only_bdb_staff_draft_in_review_citing_article_11(drawn: ReviewSetup) -> None:
    with pytest.raises(RuleViolation) as refused:
        opinion_draft(project=drawn.project, by=drawn.world.bdb_leader)
    assert refused.value.decision.article == 11
    project = put_in_state(drawn.project, "approved")
    with pytest.raises(RuleViolation) as refused:
        opinion_draft(project=project, by=drawn.world.bdb_staff)
    assert refused.value.decision.article == 11


# --- the sign effect (approve) ------------------------------------------------------------
@time_machine.travel("2026-11-27 10:00 +0800", tick=False)
def test_signing_numbers_the_latest_draft_in_the_packs_format_and_sets_the_project(
    drawn: ReviewSetup,
) -> None:
    opinion_draft(project=drawn.project, approved_amount="900000", by=drawn.world.bdb_staff)
    project = put_in_state(drawn.project, "approved")
    ctx = context("approve", "under_review")

    sign_opinion(project, drawn.world.bdb_leader, ctx)

    opinion = ApprovalOpinion.objects.get(state=ApprovalOpinion.State.SIGNED)
    assert opinion.number == "菏大数审〔2026〕1号"
    assert opinion.date == date(2026, 11, 27)
    assert opinion.signed_by_id == drawn.world.bdb_leader.pk
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.opinion_number == "菏大数审〔2026〕1号"
    assert fresh.opinion_date == date(2026, 11, 27)
    assert fresh.approved_amount == Decimal("900000.00")
    assert project.opinion_number == fresh.opinion_number  # the engine's instance is in step
    assert ctx.data["opinion_number"] == "菏大数审〔2026〕1号"
    event = Event.objects.get(action="reviews.opinion_sign")
    assert event.after["opinion_number"] == "菏大数审〔2026〕1号"


def test_the_date_is_the_day_in_china_not_utc(drawn: ReviewSetup) -> None:
    opinion_draft(project=drawn.project, by=drawn.world.bdb_staff)
    project = put_in_state(drawn.project, "approved")
    with time_machine.travel("2026-12-31 17:30 +0000", tick=False):  # 2027-01-01 01:30 in Heze
        sign_opinion(project, drawn.world.bdb_leader, context("approve", "under_review"))
    opinion = ApprovalOpinion.objects.get(state=ApprovalOpinion.State.SIGNED)
    assert opinion.date == date(2027, 1, 1)
    assert opinion.number == "菏大数审〔2027〕1号"


def test_numbers_are_sequential_per_year_and_jurisdiction_and_never_reused(
    drawn: ReviewSetup,
) -> None:
    world = drawn.world
    numbers = []
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        for key in ("police", "education"):
            project = put_in_state(world.project(key), "under_review")
            opinion_draft(project=project, by=world.bdb_staff)
            project = put_in_state(project, "approved")
            sign_opinion(project, world.bdb_leader, context("approve", "under_review"))
            numbers.append(Project.objects.get(pk=project.pk).opinion_number)
    assert numbers == ["菏大数审〔2026〕1号", "菏大数审〔2026〕2号"]
    assert SerialCounter.objects.get(key="opinion:371700:2026").value == 2


def test_a_county_following_the_city_pack_shares_the_city_sequence(drawn: ReviewSetup) -> None:
    """曹县 has no pack of its own (Art. 39): its numbers continue the city's, never collide."""
    world = drawn.world
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        for key, staff, leader in (
            ("police", "bdb_staff", "bdb_leader"),
            ("caoxian", "caoxian_bdb_staff", "bdb_leader"),
        ):
            project = put_in_state(world.project(key), "under_review")
            opinion_draft(project=project, by=world.persona(staff))
            project = put_in_state(project, "approved")
            sign_opinion(project, world.persona(leader), context("approve", "under_review"))
    numbers = sorted(ApprovalOpinion.objects.values_list("number", flat=True))
    assert numbers == ["菏大数审〔2026〕1号", "菏大数审〔2026〕2号"]


def test_a_number_taken_in_a_rolled_back_approval_was_never_issued(drawn: ReviewSetup) -> None:
    # The counter rolls back with the failed transition: number 1 was never issued, so the
    # next approval issues it; a committed number is never issued again.
    from django.db import transaction

    opinion_draft(project=drawn.project, by=drawn.world.bdb_staff)
    project = put_in_state(drawn.project, "approved")
    with pytest.raises(RuntimeError), transaction.atomic():
        sign_opinion(project, drawn.world.bdb_leader, context("approve", "under_review"))
        raise RuntimeError("the transition failed after the effect")
    sign_opinion(project, drawn.world.bdb_leader, context("approve", "under_review"))
    numbers = list(ApprovalOpinion.objects.exclude(number="").values_list("number", flat=True))
    assert len(numbers) == 1 and numbers[0].endswith("〕1号")


def test_signing_without_a_draft_is_refused_citing_article_11(review: ReviewSetup) -> None:
    project = put_in_state(review.project, "approved")
    with pytest.raises(RuleViolation) as refused:
        sign_opinion(project, review.world.bdb_leader, context("approve", "under_review"))
    assert refused.value.decision.article == 11


def test_rejecting_marks_the_draft_rejected_with_the_reason(drawn: ReviewSetup) -> None:
    opinion_draft(project=drawn.project, by=drawn.world.bdb_staff)
    project = put_in_state(drawn.project, "rejected")

    mark_opinion_rejected(
        project, drawn.world.bdb_leader, context("reject", "under_review", "重复建设")
    )

    opinion = ApprovalOpinion.objects.get()
    assert opinion.state == ApprovalOpinion.State.REJECTED
    assert opinion.rejection_reason == "重复建设"
    assert opinion.number == ""
    assert Project.objects.get(pk=project.pk).opinion_number == ""


def test_rejecting_without_a_draft_does_nothing(review: ReviewSetup) -> None:
    mark_opinion_rejected(
        review.project, review.world.bdb_leader, context("reject", "under_review", "不必要")
    )
    assert not ApprovalOpinion.objects.exists()
