"""What the dashboards share: the chart spec, who sees which dashboard, and the aggregates
that several of them show (projects by state, money per year, obligations by article,
sanctions in force).

Every aggregate is one GROUP BY query over the user's scope, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.audit.selectors import HISTORY_READERS
from govit.construction.models import ProgressReport
from govit.contracts.models import Contract
from govit.core.decisions import article_label
from govit.funds.models import BatchState, FundBatch
from govit.obligations.models import ObligationState
from govit.obligations.selectors import obligations_for
from govit.projects.models import Project
from govit.projects.selectors import projects_for
from govit.projects.workflow import PROJECT_MACHINE, STATES
from govit.supervision.models import LADDER, Sanction, SanctionKind

ZERO = Decimal("0.00")
Number = Decimal | int


# --- charts -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number]
    money: bool = False


@dataclass(frozen=True)
class Chart:
    """One chart and its table: the same categories and series feed both.

    ``kind`` is ``bar``, ``line`` or ``pie`` (pie draws the first series only).  ``charts.js``
    reads ``spec`` from the page (``json_script``) and draws it with ECharts; the template
    renders ``rows`` as the table view.
    """

    id: str
    title: str
    kind: str
    category_header: str
    categories: list[str]
    series: list[Series]
    horizontal: bool = False
    stacked: bool = False

    @property
    def data_id(self) -> str:
        """The id of the ``json_script`` element that holds ``spec``."""
        return f"{self.id}-data"

    @property
    def has_data(self) -> bool:
        return any(value for series in self.series for value in series.values)

    @property
    def spec(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "horizontal": self.horizontal,
            "stacked": self.stacked,
            "categories": self.categories,
            "series": [
                {"name": s.name, "money": s.money, "data": [float(v) for v in s.values]}
                for s in self.series
            ],
        }

    @property
    def rows(self) -> list[tuple[str, list[tuple[Number, bool]]]]:
        return [
            (category, [(series.values[index], series.money) for series in self.series])
            for index, category in enumerate(self.categories)
        ]


# --- who sees which dashboard ---------------------------------------------------------------
@dataclass(frozen=True)
class Dashboard:
    url_name: str
    label: Promise  # a lazy translation: read in the user's language
    roles: frozenset[str]


BDB_DASHBOARD = Dashboard(
    "web:dashboard_bdb",
    gettext_lazy("大数据局工作台"),
    frozenset({Role.BDB_STAFF, Role.BDB_LEADER}),
)
OVERVIEW_DASHBOARD = Dashboard(
    "web:dashboard_overview",
    gettext_lazy("专项小组总览"),
    frozenset({Role.OVERSEER, Role.BDB_LEADER}),
)
FINANCE_DASHBOARD = Dashboard(
    "web:dashboard_finance", gettext_lazy("财政资金工作台"), frozenset({Role.FINANCE})
)
DEPARTMENT_DASHBOARD = Dashboard(
    "web:dashboard_department",
    gettext_lazy("建设单位工作台"),
    frozenset({Role.UNIT_STAFF, Role.UNIT_LEADER}),
)
AUDIT_DASHBOARD = Dashboard(
    "web:dashboard_audit", gettext_lazy("审计工作台"), frozenset({Role.AUDIT})
)
# Whoever reads history (audit and BDB): the search sits with the audit dashboard.
HISTORY_DASHBOARD = Dashboard(
    "web:history_search", gettext_lazy("历史记录检索"), frozenset(HISTORY_READERS)
)

# In order of preference: ``web:dashboard`` sends a user to the first one they may see.
DASHBOARDS = (
    BDB_DASHBOARD,
    OVERVIEW_DASHBOARD,
    FINANCE_DASHBOARD,
    DEPARTMENT_DASHBOARD,
    AUDIT_DASHBOARD,
)
DASHBOARD_ROLES = frozenset().union(*(d.roles for d in DASHBOARDS))


def dashboards_for(user: User) -> list[Dashboard]:
    """The dashboards ``user`` may open (the history search is listed after them)."""
    if not user.is_authenticated or user.organisation is None:
        return []
    return [d for d in (*DASHBOARDS, HISTORY_DASHBOARD) if user.has_any_role(*d.roles)]


# --- scope ------------------------------------------------------------------------------------
def project_scope(user: User) -> QuerySet[Project]:
    """The user's projects (``projects_for``) as a plain queryset to aggregate over.

    ``projects_for`` may join co-builders and is DISTINCT: summing over it directly could count
    a project twice, so the aggregates filter on its ids instead.
    """
    return Project.objects.filter(pk__in=projects_for(user).values("pk")).order_by()


# --- projects by state ------------------------------------------------------------------------
STATE_ORDER = {state.code: index for index, state in enumerate(STATES)}


@dataclass(frozen=True)
class StateCount:
    code: str
    label: str
    count: int


def projects_by_state(scope: QuerySet[Project]) -> list[StateCount]:
    """How many projects are in each state, in lifecycle order (one query)."""
    counts = scope.values("state").annotate(n=Count("id")).order_by()
    rows = [
        StateCount(
            row["state"],
            PROJECT_MACHINE.states[row["state"]].display_label
            if row["state"] in PROJECT_MACHINE.states
            else row["state"],
            row["n"],
        )
        for row in counts
    ]
    return sorted(rows, key=lambda row: STATE_ORDER.get(row.code, len(STATE_ORDER)))


def state_chart(rows: Sequence[StateCount], chart_id: str = "chart-states") -> Chart:
    return Chart(
        id=chart_id,
        title=_("项目按状态"),
        kind="bar",
        category_header=_("状态"),
        categories=[row.label for row in rows],
        series=[Series(_("项目数"), [row.count for row in rows])],
        horizontal=True,
    )


# --- money per year ---------------------------------------------------------------------------
@dataclass
class YearMoney:
    """The money of the projects of one year (项目年度), in yuan."""

    year: int
    projects: int = 0
    requested: Decimal = ZERO
    approved: Decimal = ZERO
    contracted: Decimal = ZERO
    released: Decimal = ZERO
    spent: Decimal = ZERO


def _latest_reports() -> QuerySet[ProgressReport]:
    """Each project's latest progress report (report dates are unique per project)."""
    later = ProgressReport.objects.filter(
        project=OuterRef("project"), report_date__gt=OuterRef("report_date")
    )
    return ProgressReport.objects.filter(~Exists(later))


def money_by_year(scope: QuerySet[Project]) -> list[YearMoney]:
    """Requested and approved (the projects), contracted (signed contracts), released (fund
    batches paid) and spent (each project's latest progress report: spend to date), summed by
    the projects' year.  Four GROUP BY queries."""
    ids = scope.values("pk")
    years: dict[int, YearMoney] = {}

    def row(year: int) -> YearMoney:
        return years.setdefault(year, YearMoney(year))

    for found in scope.values("year").annotate(
        n=Count("id"), requested=Sum("requested_amount"), approved=Sum("approved_amount")
    ):
        item = row(found["year"])
        item.projects = found["n"]
        item.requested = found["requested"] or ZERO
        item.approved = found["approved"] or ZERO
    sums: list[tuple[str, QuerySet[Any], str]] = [
        ("contracted", Contract.objects.filter(project__in=ids), "amount"),
        (
            "released",
            FundBatch.objects.filter(project__in=ids, state=BatchState.RELEASED),
            "amount",
        ),
        ("spent", _latest_reports().filter(project__in=ids), "spend_to_date"),
    ]
    for attribute, queryset, amount in sums:
        for found in (
            queryset.order_by().values("project__year").annotate(total=Sum(amount)).order_by()
        ):
            setattr(row(found["project__year"]), attribute, found["total"] or ZERO)
    return [years[year] for year in sorted(years)]


@dataclass(frozen=True)
class MoneyTotals:
    projects: int
    requested: Decimal
    approved: Decimal
    contracted: Decimal
    released: Decimal
    spent: Decimal


def money_totals(rows: Iterable[YearMoney]) -> MoneyTotals:
    rows = list(rows)
    return MoneyTotals(
        projects=sum(r.projects for r in rows),
        requested=sum((r.requested for r in rows), ZERO),
        approved=sum((r.approved for r in rows), ZERO),
        contracted=sum((r.contracted for r in rows), ZERO),
        released=sum((r.released for r in rows), ZERO),
        spent=sum((r.spent for r in rows), ZERO),
    )


def money_chart(rows: Sequence[YearMoney], chart_id: str = "chart-money") -> Chart:
    return Chart(
        id=chart_id,
        title=_("各年度资金（按项目年度，元）"),
        kind="bar",
        category_header=_("项目年度"),
        categories=[str(row.year) for row in rows],
        series=[
            Series(_("申请"), [row.requested for row in rows], money=True),
            Series(_("批复"), [row.approved for row in rows], money=True),
            Series(_("合同"), [row.contracted for row in rows], money=True),
            Series(_("已拨付"), [row.released for row in rows], money=True),
            Series(_("已支出"), [row.spent for row in rows], money=True),
        ],
    )


# --- obligations by article -------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleCount:
    article: int
    label: str
    open: int
    overdue: int


def obligations_by_article(user: User) -> list[ArticleCount]:
    """Unfinished obligations of the user's scope by article: open and overdue (one query)."""
    found = (
        obligations_for(user)
        .unfinished()
        .order_by()
        .values("article")
        .annotate(
            open=Count("id", filter=Q(state=ObligationState.OPEN)),
            overdue=Count("id", filter=Q(state=ObligationState.OVERDUE)),
        )
        .order_by("article")
    )
    return [
        ArticleCount(row["article"], article_label(row["article"]), row["open"], row["overdue"])
        for row in found
    ]


def obligations_chart(rows: Sequence[ArticleCount], chart_id: str = "chart-obligations") -> Chart:
    return Chart(
        id=chart_id,
        title=_("未办结期限事项（按条款）"),
        kind="bar",
        category_header=_("条款"),
        categories=[row.label for row in rows],
        series=[
            Series(_("已逾期"), [row.overdue for row in rows]),
            Series(_("未到期"), [row.open for row in rows]),
        ],
        stacked=True,
    )


# --- sanctions in force -----------------------------------------------------------------------
@dataclass(frozen=True)
class SanctionCount:
    kind: str
    label: str
    count: int


def sanctions_in_force(scope: QuerySet[Project]) -> list[SanctionCount]:
    """Sanctions in force (not lifted) on the user's projects, by kind of the Art. 35 ladder."""
    counts = {
        row["kind"]: row["n"]
        for row in Sanction.objects.in_force()
        .filter(project__in=scope.values("pk"))
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
    }
    return [
        SanctionCount(kind, str(SanctionKind(kind).label), counts[kind])
        for kind in LADDER
        if counts.get(kind)
    ]


def latest_sanctions(scope: QuerySet[Project], limit: int = 10) -> list[Sanction]:
    return list(
        Sanction.objects.in_force()
        .filter(project__in=scope.values("pk"))
        .select_related("project")
        .order_by("-decided_on", "-id")[:limit]
    )


def sanctions_chart(rows: Sequence[SanctionCount], chart_id: str = "chart-sanctions") -> Chart:
    return Chart(
        id=chart_id,
        title=_("生效中的处理决定（第三十五条）"),
        kind="pie",
        category_header=_("处理措施"),
        categories=[row.label for row in rows],
        series=[Series(_("项目数"), [row.count for row in rows])],
    )
