"""City–county projects (Art. 25): each county's share is tracked and released separately and
marked as county budget.  曹县 carries 30 % of construction (462,000 of 1,540,000) and 40 % of O&M.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from govit.applications.models import CountyParticipant
from govit.core.errors import RuleViolation
from govit.funds import ledger, services
from govit.funds.models import BatchState, FundKind
from govit.funds.selectors import funds_overview, queue_for
from govit.funds.testing import confirmed_batch, request_batch
from govit.projects.testing import put_in_state

from .conftest import Funded


def test_county_batches_are_marked_as_county_budget(county: Funded) -> None:
    batch = request_batch(county.world, county.project, {"服务器": "100000"}, payer=county.county)
    assert batch.is_county_budget
    assert batch.budget_source == "县区财政资金（曹县）"


def test_each_payer_stays_within_its_construction_share(county: Funded) -> None:
    request_batch(county.world, county.project, {"业务系统开发": "462000"}, payer=county.county)
    with pytest.raises(RuleViolation) as refused:
        request_batch(county.world, county.project, {"服务器": "0.01"}, payer=county.county)
    error = refused.value
    assert error.decision.article == 25
    assert "曹县承担的建设资金（分担比例 30.00%）为 462000.00 元" in error.message
    assert error.field == "payer"
    # The city's own budget carries the rest, tracked apart: 1,078,000.
    own = request_batch(
        county.world, county.project, {"业务系统开发": "738000", "服务器": "340000"}
    )
    assert own.amount == Decimal("1078000.00")
    with pytest.raises(RuleViolation):
        request_batch(county.world, county.project, {"服务器": "0.01"})


def test_the_overview_tracks_each_payer_separately(county: Funded) -> None:
    county_batch = confirmed_batch(
        county.world, county.project, {"服务器": "100000"}, payer=county.county
    )
    services.fund_batch_release(
        batch=county_batch,
        released_on=timezone.localdate(),
        reference="曹财拨〔2026〕3号",
        by=county.world.caoxian_finance,
    )
    request_batch(county.world, county.project, {"业务系统开发": "500000"})
    overview = funds_overview(county.refresh())
    own, caoxian = overview.payers
    assert (own.share.cap, own.sums.pending, own.sums.released) == (
        Decimal("1078000.00"),
        Decimal("500000.00"),
        Decimal("0.00"),
    )
    assert (caoxian.share.cap, caoxian.sums.released, caoxian.remaining) == (
        Decimal("462000.00"),
        Decimal("100000.00"),
        Decimal("362000.00"),
    )
    assert caoxian.share.is_county_budget
    assert overview.remaining == Decimal("940000.00")


def test_a_county_share_is_released_by_the_county_finance_only(county: Funded) -> None:
    batch = confirmed_batch(county.world, county.project, {"服务器": "100000"}, payer=county.county)
    with pytest.raises(RuleViolation) as refused:
        services.fund_batch_release(
            batch=batch,
            released_on=timezone.localdate(),
            reference="菏财拨1号",
            by=county.world.finance,
        )
    assert refused.value.decision.article == 25
    assert "由曹县财政部门拨付" in refused.value.message
    done = services.fund_batch_release(
        batch=batch,
        released_on=timezone.localdate(),
        reference="曹财拨1号",
        by=county.world.caoxian_finance,
    )
    assert done.state == BatchState.RELEASED


def test_the_county_finance_cannot_release_the_citys_own_batches(county: Funded) -> None:
    batch = confirmed_batch(county.world, county.project, {"服务器": "100000"})
    with pytest.raises(RuleViolation) as refused:
        services.fund_batch_release(
            batch=batch,
            released_on=timezone.localdate(),
            reference="曹财拨1号",
            by=county.world.caoxian_finance,
        )
    assert "项目所在行政区域的财政部门" in refused.value.message


def test_each_finance_queue_holds_the_batches_its_budget_pays(county: Funded) -> None:
    county_batch = request_batch(
        county.world, county.project, {"服务器": "100000"}, payer=county.county
    )
    own_batch = request_batch(county.world, county.project, {"业务系统开发": "100000"})
    assert list(queue_for(county.world.caoxian_finance)) == [county_batch]
    assert list(queue_for(county.world.finance)) == [own_batch]
    assert set(queue_for(county.world.bdb_staff)) == {county_batch, own_batch}
    assert not queue_for(county.world.caoxian_bdb_staff).exists()


def test_a_years_om_request_is_split_by_the_county_om_share(county: Funded) -> None:
    project = put_in_state(county.project, "in_operation")
    batches = services.om_funds_request(
        project=project,
        year="2026",
        stage="全年",
        progress_note="系统运行平稳",
        amount="100000",
        by=county.world.police_staff,
    )
    assert [(b.payer, b.amount, b.kind, b.year) for b in batches] == [
        (None, Decimal("60000.00"), FundKind.OM, 2026),
        (county.county, Decimal("40000.00"), FundKind.OM, 2026),
    ]
    assert [b.number for b in batches] == [1, 2]
    overview = funds_overview(project)
    assert [(row.year, row.label, row.sums.pending) for row in overview.om] == [
        (2026, "本级财政资金", Decimal("60000.00")),
        (2026, "县区财政资金（曹县）", Decimal("40000.00")),
    ]


def test_om_split_rounds_to_the_cent_and_adds_up(county: Funded) -> None:
    participant = county.county
    assert participant is not None
    second = CountyParticipant.objects.create(
        project=county.project,
        jurisdiction=county.world.jurisdictions["371700"],
        content="另一县区",
        construction_share_pct=Decimal("0"),
        om_share_pct=Decimal("60"),
    )
    participant.om_share_pct = Decimal("40")
    participant.save()
    # The counties carry 100 %: the rounding difference goes to the last county.
    parts = ledger.om_split(county.project, Decimal("0.05"))
    assert parts == [(participant, Decimal("0.02")), (second, Decimal("0.03"))]
    parts = ledger.om_split(county.project, Decimal("100.01"))
    assert sum(part for _, part in parts) == Decimal("100.01")
    assert all(payer is not None for payer, _ in parts)


def test_om_split_without_counties_is_the_own_budget(funded: Funded) -> None:
    assert ledger.om_split(funded.project, Decimal("5000")) == [(None, Decimal("5000"))]
