"""Reads of the post-evaluation stage, always scoped to the user (outside scope → 404).

- whoever sees a project (``projects_for``) sees its window and self-evaluation;
- BDB, Audit, the leading group, Finance and the crypto authority see every commission of
  their jurisdiction, the owning unit those of its projects;
- a third-party evaluator sees only its own organisation's commissions (and, through
  ``projects_for``, only those projects): anything else is a 404;
- the ranking (Art. 37) is read by BDB, the leading group and Audit, for their jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from govit.accounts.models import User
from govit.accounts.roles import JURISDICTION_READERS, Role
from govit.accounts.selectors import jurisdiction_id_of
from govit.core.errors import ServiceError
from govit.projects.models import Project
from govit.supervision import rollup

from .models import EvaluationAssignment, SelfEvaluation
from .windows import Window, self_evaluation_window

BDB_ROLES = (Role.BDB_STAFF, Role.BDB_LEADER)
RANKING_READERS = (Role.BDB_STAFF, Role.BDB_LEADER, Role.OVERSEER, Role.AUDIT)
# States in which BDB may commission a third-party evaluation (the evaluate transition's sources).
EVALUABLE_STATES = ("in_operation", "self_evaluated")
CENT = Decimal("0.01")


def is_bdb(user: User, project: Project | None = None) -> bool:
    if not user.has_any_role(*BDB_ROLES) or jurisdiction_id_of(user) is None:
        return False
    return project is None or jurisdiction_id_of(user) == project.jurisdiction_id


def evaluator_only(user: User) -> bool:
    """An evaluator who reads nothing else: sees its own organisation's commissions only."""
    return user.has_role(Role.EVALUATOR) and not (
        user.effective_roles & JURISDICTION_READERS
        or user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER)
    )


def can_read_ranking(user: User) -> bool:
    return user.has_any_role(*RANKING_READERS) and jurisdiction_id_of(user) is not None


# --- commissions --------------------------------------------------------------------------
def _assignments() -> QuerySet[EvaluationAssignment]:
    return EvaluationAssignment.objects.select_related(
        "project__organisation", "project__jurisdiction", "evaluator", "report"
    )


def assignments_for(user: User) -> QuerySet[EvaluationAssignment]:
    """Evaluators: their organisation's.  Readers of the jurisdiction: all of it.  Units: their
    projects'.  Anyone else: none."""
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None:
        return EvaluationAssignment.objects.none()
    condition = Q(pk__in=[])
    if user.has_role(Role.EVALUATOR):
        # A withdrawn commission is no longer the evaluator's business.
        condition |= Q(evaluator_id=user.organisation_id) & ~Q(
            state=EvaluationAssignment.State.WITHDRAWN
        )
    if user.effective_roles & JURISDICTION_READERS:
        condition |= Q(project__jurisdiction_id=jurisdiction_id)
    if user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER):
        condition |= Q(project__organisation_id=user.organisation_id)
    return _assignments().filter(condition)


def my_assignments(user: User) -> QuerySet[EvaluationAssignment]:
    """The commissions of the evaluator's organisation (its "evaluation tasks"), open first."""
    if not user.has_role(Role.EVALUATOR) or user.organisation_id is None:
        return EvaluationAssignment.objects.none()
    return (
        _assignments()
        .filter(evaluator_id=user.organisation_id)
        .exclude(state=EvaluationAssignment.State.WITHDRAWN)
        .order_by("state", "due_on", "-id")  # "commissioned" < "submitted": open ones first
    )


def assignment_get(user: User, pk: Any) -> EvaluationAssignment:
    try:
        return assignments_for(user).get(pk=pk)
    except (EvaluationAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404("评价任务不存在，或不在您的权限范围内") from None


def project_assignments(user: User, project: Project) -> list[EvaluationAssignment]:
    """The commissions of ``project`` that ``user`` (who can see the project) may read."""
    queryset = _assignments().filter(project=project)
    if evaluator_only(user):
        queryset = queryset.filter(evaluator_id=user.organisation_id).exclude(
            state=EvaluationAssignment.State.WITHDRAWN
        )
    return list(queryset.order_by("-commissioned_at", "-id"))


def open_assignment(project: Project) -> EvaluationAssignment | None:
    return (
        _assignments()
        .filter(project=project, state=EvaluationAssignment.State.COMMISSIONED)
        .first()
    )


# --- a project's evaluation ---------------------------------------------------------------
@dataclass
class EvaluationOverview:
    project: Project
    window: Window | None
    window_error: str
    self_evaluation: SelfEvaluation | None
    assignments: list[EvaluationAssignment]

    @property
    def submitted_assignments(self) -> list[EvaluationAssignment]:
        return [a for a in self.assignments if not a.is_open]


def self_evaluation_of(project: Project) -> SelfEvaluation | None:
    return (
        SelfEvaluation.objects.filter(project=project)
        .select_related("report", "by")
        .prefetch_related("results")
        .first()
    )


def window_of(project: Project) -> tuple[Window | None, str]:
    """The window, or None with the reason it cannot be computed (no pack in force …)."""
    try:
        return self_evaluation_window(project), ""
    except ServiceError as error:
        return None, error.display_message


def evaluation_overview(user: User, project: Project) -> EvaluationOverview:
    """Everything ``user`` may see of ``project``'s evaluation; the caller used ``project_get``."""
    window, error = window_of(project)
    return EvaluationOverview(
        project=project,
        window=window,
        window_error=error,
        self_evaluation=self_evaluation_of(project),
        assignments=project_assignments(user, project),
    )


# --- ranking (Art. 37) --------------------------------------------------------------------
def _mean(total: Any, count: int) -> Decimal | None:
    if not count or total is None:
        return None
    return (Decimal(total) / Decimal(count)).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class DepartmentScore:
    """One department's results of a year: the ranking's row."""

    organisation_id: int
    organisation: str
    evaluated: int
    mean_score: Decimal | None
    self_evaluated: int
    mean_self_score: Decimal | None
    rank: int | None = None
    # Compliance of the year (Art. 37 with Art. 35): overdue obligations and sanctions.
    overdue: int = 0
    sanctions: int = 0


@dataclass(frozen=True)
class RankingInput:
    """One project behind the ranking: its scores of the year."""

    project_id: int
    code: str
    name: str
    organisation_id: int
    organisation: str
    score: int | None
    self_score: int | None


@dataclass
class Ranking:
    jurisdiction_id: int
    year: int
    rows: list[DepartmentScore] = field(default_factory=list)
    inputs: list[RankingInput] = field(default_factory=list)
    # The obligations and sanctions behind the compliance columns (govit.supervision.rollup).
    overdue_inputs: list[Any] = field(default_factory=list)
    sanction_inputs: list[Any] = field(default_factory=list)

    @property
    def ranked(self) -> list[DepartmentScore]:
        return [row for row in self.rows if row.rank is not None]


def _order_and_rank(rows: list[DepartmentScore]) -> list[DepartmentScore]:
    """By mean third-party score (high first), then mean self score, then name; ties share a
    rank (1, 1, 3).  Departments without a third-party score are listed, unranked, last."""

    def key(row: DepartmentScore) -> tuple[int, Decimal, int, Decimal, str]:
        return (
            row.mean_score is None,
            -(row.mean_score or Decimal(0)),
            row.mean_self_score is None,
            -(row.mean_self_score or Decimal(0)),
            row.organisation,
        )

    ordered = sorted(rows, key=key)
    ranked: list[DepartmentScore] = []
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(ordered, start=1):
        if row.mean_score is None:
            ranked.append(row)
            continue
        if row.mean_score != previous:
            rank, previous = position, row.mean_score
        ranked.append(replace(row, rank=rank))
    return ranked


def ranking(jurisdiction_id: int, year: int) -> Ranking:
    """Per department (the project's organisation) of the jurisdiction, for ``year``:

    - third-party evaluations *submitted* in ``year``: count of evaluated projects and mean score;
    - self-evaluations *submitted* in ``year``: count and mean self score;
    - overdue obligations (due in ``year``, overdue or fulfilled late) and sanctions decided in
      ``year`` (``govit.supervision.rollup``): shown beside the scores, not part of the rank;
    - the projects, obligations and sanctions behind the numbers.

    Seven queries, whatever the number of departments and projects (set-based aggregates).
    """
    submitted = EvaluationAssignment.State.SUBMITTED
    third_party = (
        EvaluationAssignment.objects.filter(
            state=submitted, submitted_on__year=year, project__jurisdiction_id=jurisdiction_id
        )
        .values("project__organisation_id", "project__organisation__name")
        .annotate(projects=Count("project_id", distinct=True), n=Count("id"), total=Sum("score"))
        .order_by()
    )
    own = (
        SelfEvaluation.objects.filter(
            submitted_on__year=year, project__jurisdiction_id=jurisdiction_id
        )
        .values("project__organisation_id", "project__organisation__name")
        .annotate(n=Count("id"), total=Sum("self_score"))
        .order_by()
    )
    by_org: dict[int, dict[str, Any]] = {}
    for row in third_party:
        entry = by_org.setdefault(
            row["project__organisation_id"], {"name": row["project__organisation__name"]}
        )
        entry.update(evaluated=row["projects"], mean=_mean(row["total"], row["n"]))
    for row in own:
        entry = by_org.setdefault(
            row["project__organisation_id"], {"name": row["project__organisation__name"]}
        )
        entry.update(self_evaluated=row["n"], mean_self=_mean(row["total"], row["n"]))
    for org_id, compliance in rollup.compliance_by_department(jurisdiction_id, year).items():
        entry = by_org.setdefault(org_id, {"name": compliance.organisation})
        entry.update(overdue=compliance.overdue, sanctions=compliance.sanctions)
    rows = [
        DepartmentScore(
            organisation_id=org_id,
            organisation=entry["name"],
            evaluated=entry.get("evaluated", 0),
            mean_score=entry.get("mean"),
            self_evaluated=entry.get("self_evaluated", 0),
            mean_self_score=entry.get("mean_self"),
            overdue=entry.get("overdue", 0),
            sanctions=entry.get("sanctions", 0),
        )
        for org_id, entry in by_org.items()
    ]
    score_of_year = EvaluationAssignment.objects.filter(
        project=OuterRef("pk"), state=submitted, submitted_on__year=year
    ).order_by("-submitted_on", "-id")
    projects = (
        Project.objects.filter(jurisdiction_id=jurisdiction_id)
        .annotate(
            year_score=Subquery(score_of_year.values("score")[:1]),
            year_self_score=F("self_evaluation__self_score"),
            year_self_on=F("self_evaluation__submitted_on"),
        )
        .filter(
            Q(year_score__isnull=False) | Q(self_evaluation__submitted_on__year=year),
        )
        .select_related("organisation")
        .order_by("organisation__name", "code")
    )
    inputs = [
        RankingInput(
            project_id=project.pk,
            code=project.code,
            name=project.name,
            organisation_id=project.organisation_id,
            organisation=project.organisation.name,
            score=project.year_score,  # type: ignore[attr-defined]
            self_score=(
                project.year_self_score  # type: ignore[attr-defined]
                if project.year_self_on is not None  # type: ignore[attr-defined]
                and project.year_self_on.year == year  # type: ignore[attr-defined]
                else None
            ),
        )
        for project in projects
    ]
    return Ranking(
        jurisdiction_id,
        year,
        _order_and_rank(rows),
        inputs,
        rollup.overdue_inputs(jurisdiction_id, year),
        rollup.sanction_inputs(jurisdiction_id, year),
    )


def ranking_for(user: User, year: int) -> Ranking:
    """The ranking of ``user``'s jurisdiction; the caller checked ``can_read_ranking``."""
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None:  # pragma: no cover - can_read_ranking checked it
        raise Http404
    return ranking(jurisdiction_id, year)


def ranking_years(user: User) -> list[int]:
    """Years with results in ``user``'s jurisdiction, newest first, plus last and this year."""
    jurisdiction_id = jurisdiction_id_of(user)
    today = timezone.localdate()
    years = {today.year, today.year - 1}
    if jurisdiction_id is not None:
        for day in EvaluationAssignment.objects.filter(
            project__jurisdiction_id=jurisdiction_id, submitted_on__isnull=False
        ).dates("submitted_on", "year"):
            years.add(day.year)
        for day in SelfEvaluation.objects.filter(project__jurisdiction_id=jurisdiction_id).dates(
            "submitted_on", "year"
        ):
            years.add(day.year)
    return sorted(years, reverse=True)


def default_ranking_year(today: date | None = None) -> int:
    """Last year's results: what next year's plans and funds are based on (Art. 37)."""
    return (today or timezone.localdate()).year - 1


def ranking_for_planning(user: User) -> Ranking | None:
    """For BDB's planning page: last year's ranking of its jurisdiction (None for others)."""
    if not is_bdb(user):
        return None
    return ranking_for(user, default_ranking_year())
