"""专项小组总览 (also for the BDB leader): the jurisdiction's totals and yearly trends, read-only
— projects per year and construction starts, money approved and released per year, unfinished
obligations by article, third-party evaluation scores per year.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from govit.accounts.models import User
from govit.evaluation.models import EvaluationAssignment
from govit.projects.models import Project

from .common import (
    Chart,
    Series,
    YearMoney,
    money_by_year,
    money_totals,
    obligations_by_article,
    obligations_chart,
    project_scope,
    sanctions_in_force,
)


def construction_starts(scope: QuerySet[Project]) -> dict[int, int]:
    """Projects that started construction, by the year they started (one query)."""
    found = (
        scope.filter(construction_started_on__isnull=False)
        .annotate(started=ExtractYear("construction_started_on"))
        .values("started")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["started"]: row["n"] for row in found}


@dataclass(frozen=True)
class YearScore:
    year: int
    count: int
    mean: Decimal


def evaluation_scores(scope: QuerySet[Project]) -> list[YearScore]:
    """The mean third-party evaluation score of submitted evaluations, by project year."""
    found = (
        EvaluationAssignment.objects.filter(
            project__in=scope.values("pk"),
            state=EvaluationAssignment.State.SUBMITTED,
            score__isnull=False,
        )
        .order_by()
        .values("project__year")
        .annotate(n=Count("id"), mean=Avg("score"))
        .order_by("project__year")
    )
    return [
        YearScore(
            row["project__year"], row["n"], Decimal(str(row["mean"])).quantize(Decimal("0.1"))
        )
        for row in found
    ]


def trend_chart(money: list[YearMoney], starts: dict[int, int]) -> Chart:
    years = sorted({row.year for row in money} | set(starts))
    projects = {row.year: row.projects for row in money}
    return Chart(
        id="chart-trend",
        title=_("各年度项目数"),
        kind="line",
        category_header=_("年度"),
        categories=[str(year) for year in years],
        series=[
            Series(_("立项（按项目年度）"), [projects.get(year, 0) for year in years]),
            Series(_("开工（按开工年份）"), [starts.get(year, 0) for year in years]),
        ],
    )


def money_trend_chart(money: list[YearMoney]) -> Chart:
    return Chart(
        id="chart-money-trend",
        title=_("各年度批复与拨付（按项目年度，元）"),
        kind="line",
        category_header=_("项目年度"),
        categories=[str(row.year) for row in money],
        series=[
            Series(_("批复"), [row.approved for row in money], money=True),
            Series(_("已拨付"), [row.released for row in money], money=True),
        ],
    )


def score_chart(scores: list[YearScore]) -> Chart:
    return Chart(
        id="chart-scores",
        title=_("第三方绩效评价平均分（按项目年度）"),
        kind="bar",
        category_header=_("项目年度"),
        categories=[str(row.year) for row in scores],
        series=[
            Series(_("平均分"), [row.mean for row in scores]),
            Series(_("已评价项目数"), [row.count for row in scores]),
        ],
    )


def overview_dashboard(user: User) -> dict[str, Any]:
    scope = project_scope(user)
    money = money_by_year(scope)
    starts = construction_starts(scope)
    articles = obligations_by_article(user)
    scores = evaluation_scores(scope)
    return {
        "totals": money_totals(money),
        "overdue_total": sum(row.overdue for row in articles),
        "sanctions_total": sum(row.count for row in sanctions_in_force(scope)),
        "charts": {
            "trend": trend_chart(money, starts),
            "money": money_trend_chart(money),
            "obligations": obligations_chart(articles),
            "scores": score_chart(scores),
        },
    }
