"""The funds endpoints: the same services as the pages, JSON in and out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govit.funds.models import BatchState, FundBatch
from govit.funds.testing import confirmed_batch, request_batch
from govit.projects.testing import put_in_state

from .conftest import Funded


class Api:
    def __init__(self, funded: Funded, persona: str) -> None:
        self.client = Client()
        self.client.force_login(funded.world.persona(persona))

    def get(self, name: str, *args: Any, status: int = 200, **params: Any) -> Any:
        response = self.client.get(reverse(f"api:{name}", args=args), params)
        assert response.status_code == status, response.content
        return response.json()

    def post(self, name: str, *args: Any, body: Any = None, status: int = 200) -> Any:
        response = self.client.post(
            reverse(f"api:{name}", args=args), body or {}, content_type="application/json"
        )
        assert response.status_code == status, response.content
        return response.json()


def test_request_confirm_release_through_the_api(funded: Funded) -> None:
    unit, bdb, finance = (Api(funded, p) for p in ("police_staff", "bdb_staff", "finance"))
    [batch] = unit.post(
        "funds-project-batches",
        funded.project.pk,
        body={
            "kind": "construction",
            "stage": "第一期",
            "progress_note": "服务器已到货",
            "lines": [{"budget_line": funded.server.pk, "amount": "340000"}],
        },
        status=201,
    )
    assert (batch["state"], batch["amount"], batch["budget_source"]) == (
        "requested",
        "340000.00",
        "本级财政资金",
    )
    assert batch["lines"] == [
        {"budget_line": funded.server.pk, "budget_line_name": "服务器", "amount": "340000.00"}
    ]
    confirmed = bdb.post("funds-batch-confirm", batch["id"], body={"note": "属实"})
    assert confirmed["state"] == "confirmed"
    assert confirmed["eligibility"]["clear"] is True
    queue = finance.get("funds-queue", state="confirmed")
    assert [row["id"] for row in queue] == [batch["id"]]
    today = timezone.localdate().isoformat()
    released = finance.post(
        "funds-batch-release",
        batch["id"],
        body={"released_on": today, "reference": "菏财拨〔2026〕1号"},
    )
    assert (released["state"], released["released_on"], released["eligibility"]) == (
        "released",
        today,
        None,
    )
    summary = unit.get("funds-project-summary", funded.project.pk)
    assert summary["approved"] == "1540000.00"
    assert summary["construction"] == {"released": "340000.00", "pending": "0.00"}
    assert summary["remaining"] == "1200000.00"
    server = next(row for row in summary["lines"] if row["budget_line"] == funded.server.pk)
    assert server["remaining"] == "0.00"
    listed = unit.get("funds-project-batches", funded.project.pk)
    assert [row["state"] for row in listed] == ["released"]


def test_a_line_above_its_limit_answers_409_with_article_38(funded: Funded) -> None:
    body = Api(funded, "police_staff").post(
        "funds-project-batches",
        funded.project.pk,
        body={
            "stage": "第一期",
            "progress_note": "进度",
            "lines": [{"budget_line": funded.server.pk, "amount": "340000.01"}],
        },
        status=409,
    )
    assert body["code"] == "rule_violation"
    assert body["article"] == 38
    assert body["field"] == f"line_{funded.server.pk}"
    assert "340000.00" in body["detail"]
    assert not FundBatch.objects.exists()


def test_garbage_amounts_answer_400_naming_the_field(funded: Funded) -> None:
    unit = Api(funded, "police_staff")
    for amount in ("-1", "0", "abc"):
        body = unit.post(
            "funds-project-batches",
            funded.project.pk,
            body={
                "stage": "第一期",
                "progress_note": "进度",
                "lines": [{"budget_line": funded.server.pk, "amount": amount}],
            },
            status=400,
        )
        assert body["code"] == "invalid"
        assert body["field"] == f"line_{funded.server.pk}"
    body = unit.post(
        "funds-project-batches",
        funded.project.pk,
        body={"kind": "loan", "stage": "一", "progress_note": "进度"},
        status=400,
    )
    assert body["field"] == "kind"
    assert not FundBatch.objects.exists()


def test_a_future_release_date_answers_400(funded: Funded) -> None:
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "1000"})
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    body = Api(funded, "finance").post(
        "funds-batch-release",
        batch.pk,
        body={"released_on": tomorrow, "reference": "1号"},
        status=400,
    )
    assert (body["code"], body["field"]) == ("invalid", "released_on")
    assert "不能晚于今天" in body["detail"]


def test_om_request_returns_one_batch_per_payer(county: Funded) -> None:
    put_in_state(county.project, "in_operation")
    batches = Api(county, "police_staff").post(
        "funds-project-batches",
        county.project.pk,
        body={
            "kind": "om",
            "year": "2026",
            "stage": "全年",
            "progress_note": "运行平稳",
            "amount": "100000",
        },
        status=201,
    )
    assert [(b["amount"], b["is_county_budget"], b["payer"]) for b in batches] == [
        ("60000.00", False, None),
        (
            "40000.00",
            True,
            {"id": county.county.pk, "jurisdiction": "曹县", "jurisdiction_code": "371721"},  # type: ignore[union-attr]
        ),
    ]


def test_the_eligibility_endpoint_lists_every_reason(funded: Funded) -> None:
    api = Api(funded, "finance")
    clear = api.get("funds-eligibility", funded.project.pk)
    assert clear["clear"] is True
    assert clear["kind"] == "construction"
    put_in_state(funded.project, "completed")
    verdict = api.get("funds-eligibility", funded.project.pk, kind="om", amount="100")
    assert verdict["clear"] is False
    assert [r["article"] for r in verdict["reasons"]] == [23]
    put_in_state(funded.project, "procurement")
    above = api.get("funds-eligibility", funded.project.pk, amount="1540000.01")
    assert [r["article"] for r in above["reasons"]] == [13]
    earlier = (timezone.localdate() - timedelta(days=1)).isoformat()
    before = api.get("funds-eligibility", funded.project.pk, on=earlier)
    assert [r["article"] for r in before["reasons"]] == [11]
    bad = api.get("funds-eligibility", funded.project.pk, on="昨天", status=400)
    assert bad["field"] == "on"
    assert api.get("funds-eligibility", funded.project.pk, kind="x", status=400)["field"] == "kind"
    assert api.get("funds-eligibility", funded.project.pk, amount="-1", status=400)["field"] == (
        "amount"
    )


def test_refuse_and_withdraw_through_the_api(funded: Funded) -> None:
    first = request_batch(funded.world, funded.project, {"服务器": "1000"})
    second = request_batch(funded.world, funded.project, {"服务器": "1000"})
    refused = Api(funded, "bdb_staff").post(
        "funds-batch-refuse", first.pk, body={"reason": "材料不全"}
    )
    assert (refused["state"], refused["refusal_reason"]) == ("refused", "材料不全")
    body = Api(funded, "bdb_staff").post("funds-batch-refuse", second.pk, status=400)
    assert body["field"] == "reason"
    withdrawn = Api(funded, "police_staff").post("funds-batch-withdraw", second.pk)
    assert withdrawn["state"] == BatchState.WITHDRAWN
