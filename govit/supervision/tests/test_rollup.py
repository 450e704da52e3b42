"""The performance roll-up (Art. 37): per department and year, beside the evaluation scores,
the overdue obligations and the sanctions — shown to BDB on the ranking and planning pages.
Clock: 2026-11-27 in Heze."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from govit.evaluation.selectors import ranking
from govit.obligations.models import Obligation, ObligationKind
from govit.obligations.services import (
    mark_overdue,
    obligation_fulfil,
    obligation_open,
    obligation_waive,
)
from govit.supervision import services
from govit.supervision.models import SanctionKind
from govit.supervision.rollup import compliance_by_department
from govit.supervision.testing import failed_order, sanction
from govit.testing.world import World

from .conftest import Setup, client_for


def _open(world: World, key: str, org: str, due: date, project: Any = None) -> Obligation:
    return obligation_open(
        kind=ObligationKind.CONTRACT_FILING,
        key=key,
        title=key,
        responsible=world.organisations[org],
        due_on=due,
        project=project,
    )


def _portfolio(world: World) -> None:
    """公安局: two overdue and one late in 2026, one on time; one waived; one overdue of 2025.
    教育局: one fulfilled late in 2026.  曹县公安局: one overdue (another jurisdiction)."""
    _open(world, "p1", "police", date(2026, 3, 2))
    _open(world, "p2", "police", date(2026, 6, 1))
    _open(world, "p3", "police", date(2026, 7, 1))
    obligation_fulfil(key="p3", on=date(2026, 7, 8))  # late by 7 days
    _open(world, "p4", "police", date(2026, 8, 3))
    obligation_fulfil(key="p4", on=date(2026, 8, 3))  # on time
    waived = _open(world, "p5", "police", date(2026, 5, 6))
    obligation_waive(obligation=waived, reason="政策调整", by=world.bdb_leader)
    _open(world, "p6", "police", date(2025, 12, 1))
    _open(world, "e1", "education", date(2026, 4, 1))
    obligation_fulfil(key="e1", on=date(2026, 4, 10))
    _open(world, "c1", "caoxian_police", date(2026, 4, 1))
    mark_overdue()


def test_overdue_counts_overdue_and_late_in_the_year_of_their_due_date(procurement: Setup) -> None:
    world = procurement.world
    _portfolio(world)
    heze = world.jurisdictions["371700"].pk
    counts = compliance_by_department(heze, 2026)
    police, education = world.organisations["police"].pk, world.organisations["education"].pk
    assert (counts[police].overdue, counts[education].overdue) == (3, 1)
    assert compliance_by_department(heze, 2025)[police].overdue == 1
    assert world.organisations["caoxian_police"].pk not in counts


def test_sanctions_count_by_the_projects_department_and_the_year_decided(
    procurement: Setup,
) -> None:
    world = procurement.world
    failed_order(world, procurement.project)
    criticism = sanction(world, procurement.project, SanctionKind.PUBLIC_CRITICISM)
    sanction(world, procurement.project, SanctionKind.FUND_SUSPENSION)
    services.sanction_lift(sanction=criticism, reason="整改到位", by=world.bdb_leader)
    heze = world.jurisdictions["371700"].pk
    police = world.organisations["police"].pk
    assert compliance_by_department(heze, 2026)[police].sanctions == 2  # lifted ones count too
    assert compliance_by_department(heze, 2025) == {}


def test_the_ranking_lists_departments_with_their_compliance_and_its_inputs(
    procurement: Setup,
) -> None:
    world = procurement.world
    _portfolio(world)
    failed_order(world, procurement.project)  # no obligation overdue: the deadline is ahead
    sanction(world, procurement.project, SanctionKind.PUBLIC_CRITICISM)
    result = ranking(world.jurisdictions["371700"].pk, 2026)
    rows = {r.organisation: (r.rank, r.overdue, r.sanctions) for r in result.rows}
    # No evaluation scores this year: listed, unranked, with their compliance.
    assert rows == {"菏泽市公安局": (None, 3, 1), "菏泽市教育局": (None, 1, 0)}
    assert sorted(o.key for o in result.overdue_inputs) == ["e1", "p1", "p2", "p3"]
    assert [s.kind for s in result.sanction_inputs] == ["public_criticism"]


def test_bdb_sees_the_compliance_columns_on_the_ranking_and_planning_pages(
    procurement: Setup,
) -> None:
    world = procurement.world
    _portfolio(world)
    failed_order(world, procurement.project)
    sanction(world, procurement.project, SanctionKind.FUND_SUSPENSION)
    police = world.organisations["police"].pk
    client = client_for(world.bdb_staff)
    page = client.get(reverse("evaluation:ranking"), {"year": "2026"}).content.decode()
    assert f'data-testid="overdue-{police}">3<' in page
    assert f'data-testid="sanctions-{police}">1<' in page
    assert 'data-testid="ranking-overdue-inputs"' in page and "逾期 7 天办结" in page
    assert 'data-testid="ranking-sanction-inputs"' in page and "暂缓拨付" in page
    # The planning page shows last year's (2025): 公安局 had one overdue obligation.
    planning = client.get(reverse("planning:city_list")).content.decode()
    assert 'data-testid="planning-ranking"' in planning
    assert f'data-testid="overdue-{police}">1<' in planning
    assert f'data-testid="sanctions-{police}">0<' in planning
