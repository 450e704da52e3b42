"""Scores roll up per department and year (Art. 37): counts, means, ties, jurisdiction scope,
set-based (query count pinned); BDB's planning page shows last year's ranking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from govit.accounts.models import Organisation
from govit.applications.models import Document, DocumentKind
from govit.evaluation import services
from govit.evaluation.models import EvaluationAssignment, SelfEvaluation
from govit.evaluation.selectors import ranking
from govit.evaluation.testing import all_met, report
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import Setup, at, client_for

HEZE, CAOXIAN = "371700", "371721"


class Portfolio:
    """Projects with results, written as rows (the services are tested elsewhere)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.count = 0

    def project(self, org_key: str) -> Project:
        self.count += 1
        organisation: Organisation = self.world.organisations[org_key]
        return Project.objects.create(
            code=f"T-{self.count:04d}",
            name=f"{organisation.name}项目{self.count}",
            year=2024,
            organisation=organisation,
            jurisdiction=organisation.jurisdiction,
            state="evaluated",
        )

    def _document(self, project: Project, kind: str) -> Document:
        return Document.objects.create(
            project=project, kind=kind, title=kind, version=1, uploaded_by=self.world.bdb_staff
        )

    def add(
        self, org_key: str, year: int, *, score: int | None = None, self_score: int | None = None
    ) -> Project:
        project = self.project(org_key)
        if self_score is not None:
            SelfEvaluation.objects.create(
                project=project,
                conclusion="自评",
                self_score=self_score,
                report=self._document(project, DocumentKind.SELF_EVALUATION_REPORT),
                window_opens_on=date(year - 1, 1, 31),
                window_closes_on=date(year, 1, 31),
                submitted_on=date(year, 1, 15),
                by=self.world.police_staff,
            )
        if score is not None:
            EvaluationAssignment.objects.create(
                project=project,
                evaluator=self.world.organisations["evaluator"],
                scope="全面评价",
                due_on=date(year, 12, 31),
                state=EvaluationAssignment.State.SUBMITTED,
                commissioned_by=self.world.bdb_staff,
                score=score,
                report=self._document(project, DocumentKind.EVALUATION_REPORT),
                submitted_on=date(year, 12, 31),
            )
        return project


@pytest.fixture
def portfolio(world: World) -> Portfolio:
    p = Portfolio(world)
    # 2025, Heze
    p.add("police", 2025, score=90, self_score=80)
    p.add("police", 2025, score=81)
    p.add("police", 2025, self_score=70)
    p.add("education", 2025, score=86, self_score=90)
    p.add("education", 2025, score=85, self_score=91)
    p.add("health", 2025, self_score=95)
    # Outside the picture: another year, another jurisdiction, an open commission.
    p.add("police", 2024, score=40, self_score=40)
    p.add("caoxian_police", 2025, score=99, self_score=99)
    open_one = p.project("education")
    EvaluationAssignment.objects.create(
        project=open_one,
        evaluator=world.organisations["evaluator"],
        scope="进行中",
        due_on=date(2026, 12, 31),
        commissioned_by=world.bdb_staff,
    )
    return p


def heze(world: World) -> int:
    return world.jurisdictions[HEZE].pk


def test_departments_are_counted_averaged_and_ranked_with_ties(
    world: World, portfolio: Portfolio
) -> None:
    result = ranking(heze(world), 2025)
    rows = [
        (r.rank, r.organisation, r.evaluated, r.mean_score, r.self_evaluated, r.mean_self_score)
        for r in result.rows
    ]
    assert rows == [
        # 85.50 each: tied for first; the higher mean self score is listed first.
        (1, "菏泽市教育局", 2, Decimal("85.50"), 2, Decimal("90.50")),
        (1, "菏泽市公安局", 2, Decimal("85.50"), 2, Decimal("75.00")),
        # Self-evaluation only: listed, not ranked.
        (None, "菏泽市卫生健康委员会", 0, None, 1, Decimal("95.00")),
    ]
    assert [r.organisation for r in result.ranked] == ["菏泽市教育局", "菏泽市公安局"]
    inputs = {(i.organisation, i.score, i.self_score) for i in result.inputs}
    assert len(result.inputs) == 6
    assert inputs == {
        ("菏泽市公安局", 90, 80),
        ("菏泽市公安局", 81, None),
        ("菏泽市公安局", None, 70),
        ("菏泽市教育局", 86, 90),
        ("菏泽市教育局", 85, 91),
        ("菏泽市卫生健康委员会", None, 95),
    }


def test_the_rank_after_a_tie_skips(world: World, portfolio: Portfolio) -> None:
    portfolio.add("health", 2025, score=70)
    result = ranking(heze(world), 2025)
    assert [(r.rank, r.organisation) for r in result.rows] == [
        (1, "菏泽市教育局"),
        (1, "菏泽市公安局"),
        (3, "菏泽市卫生健康委员会"),
    ]


def test_another_year_and_another_jurisdiction_are_separate(
    world: World, portfolio: Portfolio
) -> None:
    older = ranking(heze(world), 2024)
    assert [(r.organisation, r.mean_score, r.mean_self_score) for r in older.rows] == [
        ("菏泽市公安局", Decimal("40.00"), Decimal("40.00"))
    ]
    county = ranking(world.jurisdictions[CAOXIAN].pk, 2025)
    assert [(r.rank, r.organisation, r.evaluated) for r in county.rows] == [(1, "曹县公安局", 1)]
    assert ranking(heze(world), 2023).rows == []


def test_the_roll_up_is_seven_queries_whatever_the_portfolio(
    world: World, portfolio: Portfolio, django_assert_num_queries: Any
) -> None:
    # Scores: three (third-party, self, the projects behind them).  Compliance (Art. 35, 37):
    # overdue and sanction counts, and the obligations and sanctions behind them: four.
    with django_assert_num_queries(7):
        ranking(heze(world), 2025)
    for _ in range(5):
        portfolio.add("education", 2025, score=60, self_score=60)
    with django_assert_num_queries(7):
        result = ranking(heze(world), 2025)
    assert result.rows[0].organisation == "菏泽市公安局"  # education's mean fell to 68.57


def test_a_project_evaluated_through_the_services_counts_in_its_year(operating: Setup) -> None:
    world = operating.world
    with at(date(2026, 11, 27)):
        services.self_evaluation_submit(
            project=operating.refresh(),
            conclusion="良好",
            self_score=77,
            results=all_met(operating.project),
            report=report(),
            by=world.police_staff,
        )
        assignment = services.assignment_commission(
            project=operating.refresh(),
            evaluator=world.organisations["evaluator"],
            scope="全面评价",
            due_on="2026-12-31",
            by=world.bdb_staff,
        )
        services.assignment_submit(
            assignment=assignment, score=83, conclusion="良好", report=report(), by=world.evaluator
        )
    result = ranking(heze(world), 2026)
    assert [
        (r.rank, r.organisation, r.evaluated, r.mean_score, r.mean_self_score) for r in result.rows
    ] == [(1, "菏泽市公安局", 1, Decimal("83.00"), Decimal("77.00"))]
    assert [(i.code, i.score, i.self_score) for i in result.inputs] == [
        (operating.project.code, 83, 77)
    ]


# --- pages --------------------------------------------------------------------------------
def test_the_ranking_page_shows_the_chosen_year_with_its_inputs(
    world: World, portfolio: Portfolio
) -> None:
    with at(date(2026, 11, 27)):
        response = client_for(world.bdb_leader).get(reverse("evaluation:ranking"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "2025 年度部门绩效排名" in html  # last year by default
        police = world.organisations["police"].pk
        assert f'data-testid="mean-score-{police}">85.50<' in html
        assert f'data-testid="mean-self-{police}">75.00<' in html
        assert "曹县公安局" not in html
        assert "T-0001" in html  # the inputs table lists the projects
        older = client_for(world.overseer).get(reverse("evaluation:ranking"), {"year": "2024"})
        assert "2024 年度部门绩效排名" in older.content.decode()
        assert f'data-testid="mean-score-{police}">40.00<' in older.content.decode()


def test_a_bad_year_is_refused_on_the_page(world: World) -> None:
    response = client_for(world.auditor).get(reverse("evaluation:ranking"), {"year": "1900"})
    assert response.status_code == 400
    assert "年度应在 2000–2100 之间" in response.content.decode()


def test_units_and_evaluators_do_not_see_the_ranking(world: World) -> None:
    for persona in ("police_staff", "evaluator", "finance"):
        response = client_for(world.persona(persona)).get(reverse("evaluation:ranking"))
        assert response.status_code == 403


def test_the_ranking_page_query_count_is_pinned(
    world: World, portfolio: Portfolio, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.bdb_staff)
    url = reverse("evaluation:ranking")
    client.get(url)  # warm the session
    # session, user, roles; two for the year selector; seven for the ranking (three for the
    # scores, four for overdue obligations and sanctions with their inputs); the session save
    with django_assert_max_num_queries(15):
        assert client.get(url, {"year": "2025"}).status_code == 200
    for _ in range(5):
        portfolio.add("education", 2025, score=60, self_score=60)
    with django_assert_max_num_queries(15):
        assert client.get(url, {"year": "2025"}).status_code == 200


def test_bdb_plans_next_year_with_last_years_ranking_on_the_planning_page(
    world: World, portfolio: Portfolio
) -> None:
    with at(date(2026, 11, 27)):
        html = client_for(world.bdb_staff).get(reverse("planning:city_list")).content.decode()
        assert 'data-testid="planning-ranking"' in html
        assert "2025 年度各部门绩效评价结果" in html
        assert reverse("evaluation:ranking") + "?year=2025" in html
        police = world.organisations["police"].pk
        assert f'data-testid="mean-score-{police}">85.50<' in html
        unit = client_for(world.police_staff).get(reverse("planning:city_list")).content.decode()
        assert 'data-testid="planning-ranking"' not in unit
