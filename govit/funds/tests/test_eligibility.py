"""``funding_eligibility``: every reason that blocks money, each with its article."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from govit.core.decisions import Decision, deny
from govit.core.errors import InvalidInput
from govit.funds import eligibility
from govit.funds.eligibility import funding_eligibility
from govit.funds.models import FundKind
from govit.funds.testing import request_batch
from govit.projects.testing import put_in_state
from govit.reviews.models import NdrcDecision

from .conftest import Funded


def articles(verdict: eligibility.Eligibility) -> list[Any]:
    return [reason.article for reason in verdict.reasons]


def today() -> date:
    return timezone.localdate()


def test_an_approved_project_in_procurement_is_clear(funded: Funded) -> None:
    verdict = funding_eligibility(funded.project, on=today())
    assert verdict.clear
    assert verdict.as_dict() == {
        "project": funded.project.pk,
        "on": today().isoformat(),
        "kind": "construction",
        "amount": None,
        "clear": True,
        "reasons": [],
    }


def test_no_bdb_opinion_blocks_funds(world: Any) -> None:
    project = world.under_review("police")
    verdict = funding_eligibility(project, on=today())
    assert articles(verdict) == [11]
    assert "尚无大数据局审核意见" in verdict.reasons[0].message


def test_an_opinion_dated_after_the_day_does_not_count(funded: Funded) -> None:
    verdict = funding_eligibility(funded.project, on=today() - timedelta(days=1))
    assert articles(verdict) == [11]
    assert "晚于" in verdict.reasons[0].reason


def test_a_registered_filing_counts_as_bdbs_basis(world: Any) -> None:
    project = put_in_state(world.project("education"), "filed", procedure="filing")
    assert funding_eligibility(project, on=today()).clear
    not_yet = put_in_state(project, "unit_signed")
    assert articles(funding_eligibility(not_yet, on=today())) == [11]


def test_a_fixed_asset_project_needs_ndrcs_approval(funded: Funded) -> None:
    project = put_in_state(funded.project, "procurement", is_fixed_asset=True)
    verdict = funding_eligibility(project, on=today())
    assert articles(verdict) == [4]
    assert "发展改革委" in verdict.reasons[0].reason
    NdrcDecision.objects.create(
        project=project,
        approved=True,
        document_number="菏发改投资〔2026〕9号",
        date=today(),
        by=funded.world.ndrc,
    )
    assert funding_eligibility(project, on=today()).clear
    assert articles(funding_eligibility(project, on=today() - timedelta(days=1))) == [11, 4]


def test_the_latest_ndrc_decision_counts(funded: Funded) -> None:
    project = put_in_state(funded.project, "procurement", is_fixed_asset=True)
    for approved, day in ((True, today() - timedelta(days=2)), (False, today())):
        NdrcDecision.objects.create(
            project=project, approved=approved, date=day, comments="", by=funded.world.ndrc
        )
    assert articles(funding_eligibility(project, on=today())) == [4]


def test_an_amount_above_what_remains_of_the_approved_amount_is_a_reason(funded: Funded) -> None:
    request_batch(funded.world, funded.project, {"业务系统开发": "1200000"})
    verdict = funding_eligibility(funded.project, on=today(), amount=Decimal("340000.01"))
    assert articles(verdict) == [13]
    assert "剩余可申请金额 340000.00 元" in verdict.reasons[0].reason
    assert "按第十九条经变更申请批准" in verdict.reasons[0].reason
    assert funding_eligibility(funded.project, on=today(), amount=Decimal("340000")).clear


def test_om_has_no_approved_baseline_to_exceed(funded: Funded) -> None:
    project = put_in_state(funded.project, "in_operation")
    assert funding_eligibility(project, on=today(), kind="om", amount=Decimal("9e9")).clear


@pytest.mark.parametrize("state", ["completed", "acceptance_applied"])
@pytest.mark.parametrize("kind", [FundKind.CONSTRUCTION, FundKind.OM])
def test_completed_but_not_accepted_blocks_construction_and_om(
    funded: Funded, state: str, kind: str
) -> None:
    project = put_in_state(funded.project, state, completed_on=date(2026, 8, 31))
    verdict = funding_eligibility(project, on=today(), kind=kind)
    assert articles(verdict) == [23]
    assert "已于 2026-08-31 建设完成但尚未通过验收" in verdict.reasons[0].reason


def test_suspension_blocks_funds(funded: Funded) -> None:
    verdict = funding_eligibility(put_in_state(funded.project, "suspended"), on=today())
    assert articles(verdict) == [20]


def test_termination_blocks_funds(funded: Funded) -> None:
    verdict = funding_eligibility(put_in_state(funded.project, "terminated"), on=today())
    assert articles(verdict) == [35]


def test_every_reason_is_listed_in_order(funded: Funded) -> None:
    project = put_in_state(funded.project, "suspended", is_fixed_asset=True, opinion_number="")
    verdict = funding_eligibility(project, on=today(), amount=Decimal("9999999"))
    assert articles(verdict) == [11, 4, 13, 20]
    assert verdict.message.count("（第") == 4


def test_an_unknown_kind_is_refused(funded: Funded) -> None:
    with pytest.raises(InvalidInput) as refused:
        funding_eligibility(funded.project, on=today(), kind="loan")
    assert refused.value.field == "kind"


# --- the extension hook (issue 5 plugs Art. 30 and 35 checks in here) -------------------------
def exchange_platform_check(project: Any, on: date, kind: str) -> list[Decision]:
    """A stand-in check of the kind issue 5 registers (test only)."""
    return [deny("测试用：系统未接入共享交换平台", 30, en="test check")]


HOOK = f"{__name__}.exchange_platform_check"


def test_extra_checks_add_their_reasons(funded: Funded, monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 5 fills the list with the real checks (Art. 35 supervision, Art. 30 systems).
    assert eligibility.EXTRA_CHECKS == [
        "govit.supervision.eligibility.fund_suspension",
        "govit.systems.eligibility.sharing_compliance",
    ]
    monkeypatch.setattr(eligibility, "EXTRA_CHECKS", [HOOK])
    verdict = funding_eligibility(funded.project, on=today(), kind=FundKind.OM)
    assert articles(verdict) == [30]
    assert verdict.reasons[0].reason == "测试用：系统未接入共享交换平台"
