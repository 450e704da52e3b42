"""The review endpoints: the same gates as the service and pages, JSON errors naming fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from govit.reviews import services
from govit.reviews.models import ApprovalOpinion, ExpertDraw, ReviewAssignment

from .conftest import ReviewSetup, put_in_state
from .test_opinion import SCORES


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(user: Any, name: str, args: list[Any], body: dict[str, Any] | None = None) -> Any:
    return api(user).post(reverse(f"api:{name}", args=args), body or {}, format="json")


def test_drawing_through_the_api_returns_the_record_and_its_check(review: ReviewSetup) -> None:
    response = post(
        review.world.bdb_staff,
        "review-draw-create",
        [review.project.pk],
        {"count": 2, "seed": "18446744073709551615"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["seed"] == "18446744073709551615"
    assert body["check"] == {
        "ok": True,
        "result": body["result"],
        "result_matches": True,
        "exclusions_match": True,
    }
    assert {item["reason"] for item in body["exclusions"]} >= {"回避：申报单位", "回避：共建单位"}
    detail = api(review.world.bdb_leader).get(reverse("api:review-draw-detail", args=[body["id"]]))
    assert detail.json()["result"] == body["result"]


def test_too_few_eligible_is_a_400_naming_count(review: ReviewSetup) -> None:
    response = post(review.world.bdb_staff, "review-draw-create", [review.project.pk], {"count": 9})
    assert response.status_code == 400
    assert response.json()["field"] == "count"
    assert "只有 2 位" in response.json()["detail"]


def test_drawing_outside_review_is_a_409_citing_article_10(review: ReviewSetup) -> None:
    project = put_in_state(review.project, "unit_signed")
    response = post(review.world.bdb_staff, "review-draw-create", [project.pk], {"count": 1})
    assert response.status_code == 409
    assert response.json()["article"] == 10


def test_experts_list_only_their_own_reviews_and_submit_them(drawn: ReviewSetup) -> None:
    listed = api(drawn.world.expert).get(reverse("api:review-assignment-list")).json()
    assert [a["expert"]["name"] for a in listed] == ["王芳"]
    task = drawn.assignment("wang")
    server = drawn.lines[0]
    response = post(
        drawn.world.expert,
        "review-assignment-submit",
        [task.pk],
        {
            **SCORES,
            "cuts": [{"budget_line": server.pk, "cut_amount": "100000", "reason": "8 台即可"}],
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["cuts"][0]["cut_amount"] == "100000.00"
    assert response.json()["submitted_at"]


def test_an_expert_submitting_anothers_review_gets_a_404(drawn: ReviewSetup) -> None:
    response = post(
        drawn.world.expert, "review-assignment-submit", [drawn.assignment("li").pk], SCORES
    )
    assert response.status_code == 404
    assert ReviewAssignment.objects.get(pk=drawn.assignment("li").pk).submitted_at is None


def test_bdb_staff_submitting_a_review_is_a_409_citing_article_10(drawn: ReviewSetup) -> None:
    response = post(
        drawn.world.bdb_staff, "review-assignment-submit", [drawn.assignment("li").pk], SCORES
    )
    assert response.status_code == 409
    assert response.json()["article"] == 10


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("necessity_score", 101),
        ("budget_score", -3),
        ("recommended_amount", "1.234"),
        ("necessity_comment", ""),
    ],
)
def test_bad_scores_are_a_400_naming_the_field(drawn: ReviewSetup, field: str, value: Any) -> None:
    response = post(
        drawn.world.expert,
        "review-assignment-submit",
        [drawn.assignment("wang").pk],
        {**SCORES, field: value},
    )
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert ReviewAssignment.objects.get(pk=drawn.assignment("wang").pk).submitted_at is None


def test_bdb_sees_scores_mean_and_spread_and_the_unit_does_not(drawn: ReviewSetup) -> None:
    services.review_submit(assignment=drawn.assignment("wang"), by=drawn.world.expert, **SCORES)
    services.review_submit(
        assignment=drawn.assignment("li"), by=drawn.expert_2, **{**SCORES, "necessity_score": 75}
    )
    url = reverse("api:review-project", args=[drawn.project.pk])
    body = api(drawn.world.bdb_staff).get(url).json()
    necessity = next(d for d in body["summary"] if d["code"] == "necessity_score")
    assert (
        necessity["mean"] == "80.00" and necessity["spread"] == 10 and necessity["stdev"] == "5.00"
    )
    assert len(body["assignments"]) == 2
    unit = api(drawn.world.police_staff).get(url).json()
    assert unit["assignments"] is None and unit["summary"] is None and unit["draws"] is None
    assert api(drawn.world.caoxian_bdb_staff).get(url).status_code == 404


def test_the_opinion_proposal_and_draft_through_the_api(drawn: ReviewSetup) -> None:
    url = reverse("api:review-opinion", args=[drawn.project.pk])
    proposal = api(drawn.world.bdb_staff).get(url).json()
    assert [p["approved"] for p in proposal] == ["500000.00", "200000.00", "300000.00"]
    too_much = api(drawn.world.bdb_staff).post(
        url, {"approved_amount": "1000000.01"}, format="json"
    )
    assert too_much.status_code == 400 and too_much.json()["field"] == "approved_amount"
    done = api(drawn.world.bdb_staff).post(url, {"conditions": "按期建设"}, format="json")
    assert done.status_code == 201
    assert done.json()["approved_amount"] == "1000000.00"
    assert len(done.json()["lines"]) == 3
    assert api(drawn.world.bdb_leader).post(url, {}, format="json").status_code == 403
    assert ApprovalOpinion.objects.count() == 1


def test_plan_exception_ndrc_and_secrecy_through_the_api(
    review: ReviewSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = put_in_state(
        review.project, "under_review", outside_plan=True, is_classified_candidate=True
    )
    staff = post(review.world.bdb_staff, "review-plan-exception", [project.pk], {"reason": "x"})
    assert staff.status_code == 403
    leader = post(
        review.world.bdb_leader, "review-plan-exception", [project.pk], {"reason": "市委专项部署"}
    )
    assert leader.status_code == 201

    secrecy = post(
        review.world.secrecy,
        "review-secrecy-confirmation",
        [project.pk],
        {"classified": False, "reason": "不涉密"},
    )
    assert secrecy.status_code == 201
    assert (
        post(
            review.world.ndrc,
            "review-secrecy-confirmation",
            [project.pk],
            {"classified": True, "reason": "x"},
        ).status_code
        == 404
    )

    calls: list[str] = []
    monkeypatch.setattr(
        services, "project_transition", lambda **kw: calls.append(kw["transition"]) or kw["project"]
    )
    fixed = put_in_state(project, "ndrc_review", is_fixed_asset=True)
    missing = post(
        review.world.ndrc,
        "review-ndrc-decision",
        [fixed.pk],
        {"approved": True, "decided_on": "2026-11-20"},
    )
    assert missing.status_code == 400 and missing.json()["field"] == "document_number"
    done = post(
        review.world.ndrc,
        "review-ndrc-decision",
        [fixed.pk],
        {"approved": True, "document_number": "菏发改投资〔2026〕45号", "decided_on": "2026-11-20"},
    )
    assert done.status_code == 201 and calls == ["ndrc_approve"]
    assert (
        post(
            review.world.bdb_leader, "review-ndrc-decision", [fixed.pk], {"approved": True}
        ).status_code
        == 403
    )


def test_the_pool_through_the_api(review: ReviewSetup) -> None:
    from .conftest import add_expert_user

    add_expert_user(review.world, "expert_3", "evaluator")
    staff = api(review.world.bdb_staff)
    created = staff.post(
        reverse("api:review-expert-list"),
        {
            "name": "周涛",
            "organisation": review.world.organisations["evaluator"].pk,
            "expertise": "安全、密码",
            "user": "expert_3",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["expertise"] == ["安全", "密码"]
    assert created.json()["user"] == "expert_3"


def test_an_experts_login_is_linked_once(review: ReviewSetup) -> None:
    staff = api(review.world.bdb_staff)
    response = staff.post(
        reverse("api:review-expert-list"),
        {
            "name": "周涛",
            "organisation": review.world.organisations["evaluator"].pk,
            "expertise": "安全",
            "user": "expert",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "user"


def test_patching_and_conflicts_through_the_api(review: ReviewSetup) -> None:
    staff = api(review.world.bdb_staff)
    wang = review.experts["wang"]
    patched = staff.patch(
        reverse("api:review-expert-detail", args=[wang.pk]), {"is_active": False}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["is_active"] is False
    assert patched.json()["user"] == "expert"
    declared = staff.post(
        reverse("api:review-expert-conflicts", args=[wang.pk]),
        {"organisation": review.world.organisations["police"].pk, "reason": "亲属任职"},
        format="json",
    )
    assert declared.status_code == 201
    conflict_id = declared.json()["conflicts"][0]["id"]
    withdrawn = staff.post(
        reverse("api:review-expert-conflict-withdraw", args=[wang.pk, conflict_id])
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["conflicts"][0]["withdrawn_at"]
    assert (
        api(review.world.bdb_leader)
        .patch(reverse("api:review-expert-detail", args=[wang.pk]), {}, format="json")
        .status_code
        == 403
    )


def test_the_draw_record_is_not_for_experts(drawn: ReviewSetup) -> None:
    draw = ExpertDraw.objects.get()
    assert (
        api(drawn.world.expert).get(reverse("api:review-draw-detail", args=[draw.pk])).status_code
        == 404
    )
