"""Expert scoring (Art. 10): only the drawn expert, 0–100 with comments, cuts, final."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.reviews.models import BudgetCut, ReviewAssignment
from govit.reviews.selectors import (
    assignments_for,
    my_assignment_get,
    my_assignments,
    review_overview,
)
from govit.reviews.services import CutInput, review_submit

from .conftest import ReviewSetup, put_in_state


def scores(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "necessity_score": 90,
        "necessity_comment": "公安业务急需",
        "feasibility_score": 80,
        "feasibility_comment": "技术路线成熟",
        "budget_score": 70,
        "budget_comment": "服务器数量偏多",
        "recommended_amount": "900000.00",
    }
    values.update(overrides)
    return values


def test_the_drawn_expert_submits_scores_comments_cuts_and_an_amount(drawn: ReviewSetup) -> None:
    task = drawn.assignment("wang")
    server = drawn.lines[0]

    done = review_submit(
        assignment=task,
        cuts=[CutInput(server.pk, "100000", "按实际负载 8 台即可")],
        by=drawn.world.expert,
        **scores(),
    )

    assert done.submitted_at is not None
    assert (done.necessity_score, done.feasibility_score, done.budget_score) == (90, 80, 70)
    assert done.recommended_amount == Decimal("900000.00")
    cut = BudgetCut.objects.get(assignment=done)
    assert (cut.budget_line_id, cut.cut_amount, cut.line_name) == (
        server.pk,
        Decimal("100000.00"),
        "服务器",
    )
    assert Event.objects.filter(action="reviews.review_submit").count() == 1


def test_submitting_is_final(drawn: ReviewSetup) -> None:
    task = drawn.assignment("wang")
    review_submit(assignment=task, by=drawn.world.expert, **scores())

    with pytest.raises(RuleViolation) as refused:
        review_submit(assignment=task, by=drawn.world.expert, **scores(necessity_score=10))
    assert refused.value.decision.article == 10
    assert ReviewAssignment.objects.get(pk=task.pk).necessity_score == 90


def test_an_expert_scoring_a_review_not_theirs_is_refused(drawn: ReviewSetup) -> None:
    task = drawn.assignment("li")  # drawn: 李强 (expert_2), not 王芳 (expert)

    with pytest.raises(RuleViolation) as refused:
        review_submit(assignment=task, by=drawn.world.expert, **scores())
    assert refused.value.decision.article == 10
    assert "本人" in refused.value.message
    assert ReviewAssignment.objects.get(pk=task.pk).submitted_at is None


def test_bdb_staff_cannot_score_on_an_experts_behalf(drawn: ReviewSetup) -> None:
    with pytest.raises(RuleViolation):
        review_submit(assignment=drawn.assignment("wang"), by=drawn.world.bdb_staff, **scores())


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("necessity_score", 101),
        ("necessity_score", -1),
        ("feasibility_score", "八十"),
        ("feasibility_score", 85.5),
        ("budget_score", None),
        ("budget_score", True),
        ("necessity_comment", "  "),
        ("budget_comment", ""),
        ("recommended_amount", "-1"),
        ("recommended_amount", "12.345"),
        ("recommended_amount", "一百万"),
        ("recommended_amount", "1000000.01"),  # above the request
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    drawn: ReviewSetup, field: str, value: Any
) -> None:
    task = drawn.assignment("wang")
    with pytest.raises(InvalidInput) as refused:
        review_submit(assignment=task, by=drawn.world.expert, **scores(**{field: value}))

    assert refused.value.field == field
    fresh = ReviewAssignment.objects.get(pk=task.pk)
    assert fresh.submitted_at is None and fresh.necessity_score is None
    assert not Event.objects.filter(action="reviews.review_submit").exists()


def test_a_score_outside_0_to_100_says_so(drawn: ReviewSetup) -> None:
    with pytest.raises(InvalidInput) as refused:
        review_submit(
            assignment=drawn.assignment("wang"),
            by=drawn.world.expert,
            **scores(necessity_score=150),
        )
    assert refused.value.message == "建设必要性得分应在 0–100 之间（填写的是 150）"


@pytest.mark.parametrize(
    ("amount", "reason", "field_suffix"),
    [
        ("500000.01", "过多", "amount"),  # more than the line (500000.00)
        ("-5", "理由", "amount"),
        ("1.001", "理由", "amount"),
        ("100", "", "reason"),
    ],
)
def test_a_bad_cut_is_refused_naming_the_line_field(
    drawn: ReviewSetup, amount: str, reason: str, field_suffix: str
) -> None:
    server = drawn.lines[0]
    with pytest.raises(InvalidInput) as refused:
        review_submit(
            assignment=drawn.assignment("wang"),
            cuts=[CutInput(server.pk, amount, reason)],
            by=drawn.world.expert,
            **scores(),
        )
    assert refused.value.field == f"cut_{server.pk}_{field_suffix}"
    assert "服务器" in refused.value.message
    assert not BudgetCut.objects.exists()
    assert ReviewAssignment.objects.get(pk=drawn.assignment("wang").pk).submitted_at is None


def test_a_cut_of_a_line_of_another_project_is_refused(drawn: ReviewSetup) -> None:
    from .conftest import add_budget

    foreign = add_budget(drawn.world.project("education"))[0]
    with pytest.raises(InvalidInput) as refused:
        review_submit(
            assignment=drawn.assignment("wang"),
            cuts=[CutInput(foreign.pk, "1", "x")],
            by=drawn.world.expert,
            **scores(),
        )
    assert refused.value.field == "cuts"


def test_a_review_cannot_be_submitted_once_the_project_left_review(drawn: ReviewSetup) -> None:
    put_in_state(drawn.project, "returned")
    with pytest.raises(RuleViolation) as refused:
        review_submit(assignment=drawn.assignment("wang"), by=drawn.world.expert, **scores())
    assert refused.value.decision.article == 10


def test_an_expert_sees_only_the_reviews_they_were_drawn_for(drawn: ReviewSetup) -> None:
    mine = my_assignments(drawn.world.expert)
    assert [a.expert.name for a in mine] == ["王芳"]
    with pytest.raises(Http404):
        my_assignment_get(drawn.world.expert, drawn.assignment("li").pk)
    assert list(assignments_for(drawn.world.expert)) == [drawn.assignment("wang")]
    assert not assignments_for(drawn.world.police_staff).exists()
    assert assignments_for(drawn.world.bdb_staff).count() == 2
    assert not assignments_for(drawn.world.caoxian_bdb_staff).exists()


def test_bdb_sees_every_score_the_mean_and_the_spread(drawn: ReviewSetup) -> None:
    review_submit(assignment=drawn.assignment("wang"), by=drawn.world.expert, **scores())
    review_submit(
        assignment=drawn.assignment("li"),
        by=drawn.expert_2,
        **scores(necessity_score=70, feasibility_score=80, budget_score=95),
    )

    summary = {d.code: d for d in review_overview(drawn.project).summary}
    necessity = summary["necessity_score"]
    assert sorted(necessity.scores) == [70, 90]
    assert necessity.mean == Decimal("80.00")
    assert necessity.spread == 20
    assert necessity.stdev == Decimal("10.00")  # population standard deviation of the panel
    assert summary["feasibility_score"].spread == 0
    assert summary["budget_score"].mean == Decimal("82.50")
