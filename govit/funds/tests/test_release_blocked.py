"""Each eligibility reason blocks a release — through the service, the page and the API — and
Finance sees it next to the pending batch.

A batch of 100,000 yuan on 服务器 is requested and confirmed while everything is clear; then the
reason comes true (states that other stage apps reach are set directly).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govit.audit.models import Event
from govit.construction.models import Baseline
from govit.core.errors import RuleViolation
from govit.funds import eligibility, services
from govit.funds.models import BatchState, FundBatch
from govit.funds.testing import confirmed_batch
from govit.projects.models import Project
from govit.projects.testing import put_in_state

from .conftest import Funded
from .test_eligibility import HOOK


@dataclass(frozen=True)
class Reason:
    name: str
    article: int
    text: str
    make_true: Callable[[Funded, pytest.MonkeyPatch], None]

    def __str__(self) -> str:
        return self.name


def _opinion_withdrawn(f: Funded, mp: pytest.MonkeyPatch) -> None:
    Project.objects.filter(pk=f.project.pk).update(opinion_number="", opinion_date=None)


def _fixed_asset(f: Funded, mp: pytest.MonkeyPatch) -> None:
    Project.objects.filter(pk=f.project.pk).update(is_fixed_asset=True)


def _baseline_cut(f: Funded, mp: pytest.MonkeyPatch) -> None:
    # A change request approved after the request cut the project to 50,000 yuan.
    Baseline.objects.create(
        project=f.project,
        version=1,
        total_amount=Decimal("50000"),
        line_amounts={str(f.server.pk): "50000", str(f.development.pk): "0"},
        reason="缩减建设内容",
    )


def _state(state: str) -> Callable[[Funded, pytest.MonkeyPatch], None]:
    def make(f: Funded, mp: pytest.MonkeyPatch) -> None:
        put_in_state(f.project, state, completed_on=date(2026, 8, 31))

    return make


def _extra_check(f: Funded, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(eligibility, "EXTRA_CHECKS", [HOOK])


REASONS = [
    Reason("no-opinion", 11, "尚无大数据局审核意见", _opinion_withdrawn),
    Reason("no-ndrc", 4, "尚无发展改革委批准的投资审批", _fixed_asset),
    Reason("above-baseline", 13, "将超过批复金额 50000.00 元", _baseline_cut),
    Reason("completed", 23, "建设完成但尚未通过验收", _state("completed")),
    Reason("acceptance-applied", 23, "建设完成但尚未通过验收", _state("acceptance_applied")),
    Reason("suspended", 20, "暂停建设", _state("suspended")),
    Reason("terminated", 35, "项目已终止", _state("terminated")),
    Reason("extra-check", 30, "测试用：系统未接入共享交换平台", _extra_check),
]


@pytest.fixture
def blocked(
    request: Any, funded: Funded, monkeypatch: pytest.MonkeyPatch
) -> tuple[Funded, FundBatch, Reason]:
    reason: Reason = request.param
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "100000"})
    reason.make_true(funded, monkeypatch)
    funded.refresh()
    return funded, batch, reason


def still_pending(batch: FundBatch) -> None:
    fresh = FundBatch.objects.get(pk=batch.pk)
    assert (fresh.state, fresh.released_on, fresh.reference) == (BatchState.CONFIRMED, None, "")
    assert not Event.objects.filter(action="funds.release").exists()


@pytest.mark.parametrize("blocked", REASONS, ids=str, indirect=True)
def test_the_service_refuses_the_release(blocked: tuple[Funded, FundBatch, Reason]) -> None:
    funded, batch, reason = blocked
    with pytest.raises(RuleViolation) as refused:
        services.fund_batch_release(
            batch=batch,
            released_on=timezone.localdate(),
            reference="菏财拨〔2026〕7号",
            by=funded.world.finance,
        )
    error = refused.value
    assert error.decision.article == reason.article
    assert error.message.startswith("不能拨付：")
    assert reason.text in error.message
    still_pending(batch)


@pytest.mark.parametrize("blocked", REASONS, ids=str, indirect=True)
def test_the_page_shows_the_reason_and_refuses(blocked: tuple[Funded, FundBatch, Reason]) -> None:
    funded, batch, reason = blocked
    client = Client()
    client.force_login(funded.world.finance)
    queue = client.get(reverse("funds:queue"), {"state": "confirmed"}).content.decode()
    assert reason.text in queue  # Finance sees the reason next to the pending batch
    response = client.post(
        reverse("funds:release", args=[batch.pk]),
        {"released_on": timezone.localdate().isoformat(), "reference": "菏财拨〔2026〕7号"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "不能拨付：" in page
    assert reason.text in page
    still_pending(batch)


@pytest.mark.parametrize("blocked", REASONS, ids=str, indirect=True)
def test_the_api_answers_409_with_the_article(blocked: tuple[Funded, FundBatch, Reason]) -> None:
    funded, batch, reason = blocked
    client = Client()
    client.force_login(funded.world.finance)
    detail = client.get(reverse("api:funds-batch-detail", args=[batch.pk])).json()
    assert detail["eligibility"]["clear"] is False
    assert reason.article in [r["article"] for r in detail["eligibility"]["reasons"]]
    response = client.post(
        reverse("api:funds-batch-release", args=[batch.pk]),
        {"released_on": timezone.localdate().isoformat(), "reference": "菏财拨〔2026〕7号"},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "rule_violation"
    assert body["article"] == reason.article
    assert reason.text in body["detail"]
    still_pending(batch)


def test_all_reasons_are_in_the_message_and_the_first_decides_the_article(
    funded: Funded,
) -> None:
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "100000"})
    put_in_state(funded.project, "suspended", is_fixed_asset=True)
    with pytest.raises(RuleViolation) as refused:
        services.fund_batch_release(
            batch=batch,
            released_on=timezone.localdate(),
            reference="菏财拨〔2026〕7号",
            by=funded.world.finance,
        )
    assert refused.value.decision.article == 4
    assert "发展改革委" in refused.value.message
    assert "暂停建设" in refused.value.message
    assert "（第二十条）" in refused.value.message
