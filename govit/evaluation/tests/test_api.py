"""The evaluation endpoints: the same rules as service and pages, JSON errors with field and
article."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from govit.evaluation.models import EvaluationAssignment, SelfEvaluation
from govit.evaluation.testing import report

from .conftest import Setup, at

TODAY = date(2026, 11, 27)


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def results_of(setup: Setup, actual: str = "96") -> list[dict[str, Any]]:
    return [
        {"indicator": i.pk, "actual_value": actual, "met": True, "note": ""}
        for i in setup.project.pre_evaluation.indicators.order_by("id")
    ]


def self_evaluate(setup: Setup, day: date = TODAY, **overrides: Any) -> Any:
    body: dict[str, Any] = {
        "conclusion": "绩效目标基本实现",
        "self_score": "88",
        "results": json.dumps(results_of(setup)),
        "report": report("自评价报告.pdf"),
    }
    body.update(overrides)
    with at(day):
        return api(setup.world.police_staff).post(
            reverse("api:evaluation-self-evaluation", args=[setup.project.pk]),
            body,
            format="multipart",
        )


def commission(setup: Setup, **overrides: Any) -> Any:
    body = {
        "evaluator": setup.world.organisations["evaluator"].pk,
        "scope": "评价资金使用绩效",
        "due_on": "2027-03-31",
        **overrides,
    }
    with at(TODAY):
        return api(setup.world.bdb_staff).post(
            reverse("api:evaluation-assignment-create", args=[setup.project.pk]),
            body,
            format="json",
        )


def test_the_project_evaluation_shows_the_window(operating: Setup) -> None:
    with at(TODAY):
        response = api(operating.world.police_staff).get(
            reverse("api:evaluation-project", args=[operating.project.pk])
        )
    assert response.status_code == 200
    body = response.json()
    assert body["window"]["opens"] == "2026-08-31"
    assert body["window"]["closes"] == "2027-08-31"
    assert (body["window"]["status"], body["window"]["article"]) == ("open", 24)
    assert body["self_evaluation"] is None and body["assignments"] == []


def test_a_self_evaluation_through_the_api(operating: Setup) -> None:
    response = self_evaluate(operating)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["self_score"] == 88 and body["late"] is False
    assert [r["target_value"] for r in body["results"]] == ["95", "99.9"]
    assert operating.refresh().state == "self_evaluated"


def test_a_self_evaluation_before_the_window_is_a_409_citing_article_24(operating: Setup) -> None:
    response = self_evaluate(operating, day=date(2026, 8, 30))
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["article"]) == ("rule_violation", 24)
    assert "2026-08-31 起方可提交自评价" in body["detail"]
    assert "2026-08-31" in body["detail_en"] and "(Art. 24)" in body["detail_en"]
    assert not SelfEvaluation.objects.exists()


def test_a_missing_indicator_result_is_a_400_naming_it(operating: Setup) -> None:
    first, second = results_of(operating)
    response = self_evaluate(operating, results=json.dumps([first]))
    assert response.status_code == 400
    assert response.json()["field"] == f"indicator_{second['indicator']}_actual"
    assert not SelfEvaluation.objects.exists()


def test_results_that_are_not_a_json_array_are_a_400(operating: Setup) -> None:
    response = self_evaluate(operating, results="not json")
    assert response.status_code == 400
    assert "results" in response.json()["errors"]


def test_commission_and_submit_through_the_api(operating: Setup) -> None:
    created = commission(operating)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["state"] == "commissioned"
    listed = api(operating.world.evaluator).get(reverse("api:evaluation-assignment-list"))
    assert [a["id"] for a in listed.json()] == [pk]
    assert (
        api(operating.other_evaluator).get(reverse("api:evaluation-assignment-list")).json() == []
    )
    with at(TODAY):
        submitted = api(operating.world.evaluator).post(
            reverse("api:evaluation-assignment-submit", args=[pk]),
            {"score": "79", "conclusion": "基本达到预期", "report": report("评价报告.pdf")},
            format="multipart",
        )
    assert submitted.status_code == 200, submitted.json()
    assert (submitted.json()["state"], submitted.json()["score"]) == ("submitted", 79)
    assert operating.refresh().state == "evaluated"
    overview = api(operating.world.evaluator).get(
        reverse("api:evaluation-project", args=[operating.project.pk])
    )
    assert [
        (a["id"], a["score"], a["evaluator"]["name"]) for a in overview.json()["assignments"]
    ] == [(pk, 79, "山东某信息技术评估有限公司")]


def test_a_due_date_in_the_past_is_a_400_naming_due_on(operating: Setup) -> None:
    response = commission(operating, due_on="2026-01-01")
    assert response.status_code == 400
    assert response.json()["field"] == "due_on"
    assert not EvaluationAssignment.objects.exists()


def test_a_second_open_commission_is_a_409(operating: Setup) -> None:
    assert commission(operating).status_code == 201
    response = commission(operating)
    assert response.status_code == 409
    assert response.json()["article"] == 24


def test_another_evaluator_cannot_reach_the_commission(operating: Setup) -> None:
    pk = commission(operating).json()["id"]
    other = api(operating.other_evaluator)
    assert other.get(reverse("api:evaluation-assignment-detail", args=[pk])).status_code == 404
    with at(TODAY):
        response = other.post(
            reverse("api:evaluation-assignment-submit", args=[pk]),
            {"score": "100", "conclusion": "x", "report": report()},
            format="multipart",
        )
    assert response.status_code == 404
    assert EvaluationAssignment.objects.get().is_open


def test_a_bad_score_is_a_400_naming_score(operating: Setup) -> None:
    pk = commission(operating).json()["id"]
    with at(TODAY):
        response = api(operating.world.evaluator).post(
            reverse("api:evaluation-assignment-submit", args=[pk]),
            {"score": "101", "conclusion": "x", "report": report()},
            format="multipart",
        )
    assert response.status_code == 400
    assert response.json()["field"] == "score"


def test_the_ranking_endpoint(operating: Setup) -> None:
    response = api(operating.world.bdb_leader).get(
        reverse("api:evaluation-ranking"), {"year": "2025"}
    )
    assert response.status_code == 200
    assert response.json() == {"year": 2025, "rows": [], "inputs": []}
    bad = api(operating.world.bdb_leader).get(reverse("api:evaluation-ranking"), {"year": "x"})
    assert bad.status_code == 400
    assert (
        api(operating.world.police_staff).get(reverse("api:evaluation-ranking")).status_code == 403
    )
