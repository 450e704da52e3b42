"""The expert draw (Art. 10): avoidance, the record, reproducibility, refusals."""

from __future__ import annotations

import random

import pytest

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.reviews import draw as drawing
from govit.reviews.models import ExpertDraw, ReviewAssignment
from govit.reviews.services import draw_check, expert_draw, redo_draw

from .conftest import ReviewSetup, put_in_state


def test_the_draw_avoids_applicant_cobuilder_conflicted_and_inactive_experts(
    review: ReviewSetup,
) -> None:
    draw = expert_draw(project=review.project, count=2, by=review.world.bdb_staff)

    e = review.experts
    reasons = {item["expert_id"]: item["reason"] for item in draw.exclusions}
    assert reasons == {
        e["zhao"].pk: "回避：申报单位",
        e["sun"].pk: "回避：共建单位",
        e["chen"].pk: "回避：声明利益冲突（近三年担任市公安局信息化顾问）",
        e["liu"].pk: "不在库：已停用",
    }
    assert sorted(draw.result) == sorted([e["wang"].pk, e["li"].pk])
    assigned = set(ReviewAssignment.objects.filter(draw=draw).values_list("expert_id", flat=True))
    assert assigned == {e["wang"].pk, e["li"].pk}


def test_the_record_keeps_the_whole_pool_in_id_order_with_organisations(
    review: ReviewSetup,
) -> None:
    draw = expert_draw(project=review.project, count=1, seed=7, by=review.world.bdb_staff)

    ids = [entry["id"] for entry in draw.pool_snapshot]
    assert ids == sorted(expert.pk for expert in review.experts.values())
    wang = next(entry for entry in draw.pool_snapshot if entry["name"] == "王芳")
    assert wang["organisation"] == "菏泽市教育局"
    assert wang["is_active"] is True
    assert draw.parties["applicant"]["name"] == "菏泽市公安局"
    assert [org["name"] for org in draw.parties["cobuilders"]] == ["菏泽市审计局"]
    assert draw.seed == "7"
    assert draw.count == 1


def test_the_result_is_random_sample_of_the_eligible_ids_with_the_seed(
    review: ReviewSetup,
) -> None:
    draw = expert_draw(project=review.project, count=1, seed=123456789, by=review.world.bdb_staff)

    eligible = sorted([review.experts["wang"].pk, review.experts["li"].pk])
    assert draw.result == random.Random(123456789).sample(eligible, 1)


def test_redoing_a_draw_from_its_record_gives_the_same_result(review: ReviewSetup) -> None:
    draw = expert_draw(project=review.project, count=2, by=review.world.bdb_staff)

    stored = ExpertDraw.objects.get(pk=draw.pk)  # as read back from the database
    assert redo_draw(stored) == stored.result
    check = draw_check(stored)
    assert check.ok and check.result_matches and check.exclusions_match


def test_a_tampered_record_fails_the_check(review: ReviewSetup) -> None:
    draw = expert_draw(project=review.project, count=1, seed=1, by=review.world.bdb_staff)
    other = next(
        i for i in drawing.eligible_ids(draw.pool_snapshot, draw.exclusions) if i not in draw.result
    )
    ExpertDraw.objects.filter(pk=draw.pk).update(result=[other])

    check = draw_check(ExpertDraw.objects.get(pk=draw.pk))
    assert not check.ok
    assert not check.result_matches


def test_a_seed_is_generated_when_none_is_given_and_fits_64_bits(review: ReviewSetup) -> None:
    draw = expert_draw(project=review.project, count=1, by=review.world.bdb_staff)

    assert 0 <= int(draw.seed) < 2**64


def test_too_few_eligible_experts_is_refused_saying_how_many_are_eligible(
    review: ReviewSetup,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        expert_draw(project=review.project, count=3, by=review.world.bdb_staff)

    assert refused.value.field == "count"
    assert "只有 2 位" in refused.value.message
    assert "第十条" in refused.value.message
    assert not ExpertDraw.objects.exists()
    assert not ReviewAssignment.objects.exists()


def test_a_supplementary_draw_never_picks_an_expert_already_drawn(review: ReviewSetup) -> None:
    first = expert_draw(project=review.project, count=1, seed=3, by=review.world.bdb_staff)
    second = expert_draw(project=review.project, count=1, seed=3, by=review.world.bdb_staff)

    assert first.result != second.result
    reasons = {item["expert_id"]: item["reason"] for item in second.exclusions}
    assert reasons[first.result[0]] == "已抽取：本项目前次抽取已选中"
    with pytest.raises(InvalidInput, match="只有 0 位"):
        expert_draw(project=review.project, count=1, by=review.world.bdb_staff)


@pytest.mark.parametrize(
    ("count", "seed", "field"),
    [
        (0, None, "count"),
        (-1, None, "count"),
        ("two", None, "count"),
        (51, None, "count"),
        (1, "abc", "seed"),
        (1, -5, "seed"),
        (1, 2**64, "seed"),
    ],
)
def test_bad_count_or_seed_is_refused_naming_the_field(
    review: ReviewSetup, count: object, seed: object, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        expert_draw(project=review.project, count=count, seed=seed, by=review.world.bdb_staff)
    assert refused.value.field == field
    assert not ExpertDraw.objects.exists()


def test_only_bdb_staff_draw_citing_article_10(review: ReviewSetup) -> None:
    for persona in ("bdb_leader", "police_staff", "expert"):
        with pytest.raises(RuleViolation) as refused:
            expert_draw(project=review.project, count=1, by=review.world.persona(persona))
        assert refused.value.decision.article == 10


def test_bdb_staff_of_another_jurisdiction_cannot_draw(review: ReviewSetup) -> None:
    with pytest.raises(RuleViolation, match="本行政区域"):
        expert_draw(project=review.project, count=1, by=review.world.caoxian_bdb_staff)


def test_a_project_not_under_review_cannot_be_drawn_for(review: ReviewSetup) -> None:
    project = put_in_state(review.project, "unit_signed")
    with pytest.raises(RuleViolation) as refused:
        expert_draw(project=project, count=1, by=review.world.bdb_staff)
    assert refused.value.decision.article == 10
    assert "评审中" in refused.value.message


def test_the_draw_is_written_to_the_project_history(review: ReviewSetup) -> None:
    draw = expert_draw(project=review.project, count=2, seed=9, by=review.world.bdb_staff)

    event = Event.objects.get(action="reviews.draw", object_id=str(review.project.pk))
    assert event.after["draw_id"] == draw.pk
    assert event.after["seed"] == "9"
    assert event.after["result"] == draw.result
