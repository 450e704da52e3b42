"""Reads of the review stage, always scoped to the user (outside scope → 404).

- BDB staff and leaders see the pool, draws, every score and the opinions of projects in their
  jurisdiction;
- an expert sees only the reviews they were drawn for;
- the owning unit sees its intake rounds and the signed opinion, never scores or experts.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.accounts.selectors import jurisdiction_id_of
from govit.projects.models import Project

from .models import (
    ApprovalOpinion,
    BudgetCut,
    Expert,
    ExpertDraw,
    IntakeRound,
    ReviewAssignment,
)

BDB_ROLES = (Role.BDB_STAFF, Role.BDB_LEADER)
# Who reads a project's review record (scores, experts, draws): BDB, and Audit (Art. 36).
REVIEW_READERS = (Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT)


def is_bdb(user: User, project: Project | None = None) -> bool:
    if not user.has_any_role(*BDB_ROLES):
        return False
    return project is None or jurisdiction_id_of(user) == project.jurisdiction_id


def can_read_reviews(user: User, project: Project) -> bool:
    return (
        user.has_any_role(*REVIEW_READERS) and jurisdiction_id_of(user) == project.jurisdiction_id
    )


# --- review rounds ------------------------------------------------------------------------
def current_round(project: Any) -> IntakeRound | None:
    """The latest passed intake round: draws after it make up the current review."""
    return (
        IntakeRound.objects.filter(project=project, outcome=IntakeRound.Outcome.PASSED)
        .order_by("-round_no")
        .first()
    )


def current_assignments(project: Any) -> QuerySet[ReviewAssignment]:
    """Reviews of the current round (earlier rounds judged an earlier dossier)."""
    round_ = current_round(project)
    queryset = ReviewAssignment.objects.filter(project=project)
    if round_ is None:
        return queryset.filter(draw__intake_round__isnull=True)
    return queryset.filter(draw__intake_round=round_)


# --- expert pool --------------------------------------------------------------------------
def experts_for(user: User) -> QuerySet[Expert]:
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None or not user.has_any_role(*BDB_ROLES):
        return Expert.objects.none()
    return (
        Expert.objects.filter(jurisdiction_id=jurisdiction_id)
        .select_related("organisation", "user")
        .order_by("id")
    )


def expert_get(user: User, pk: Any) -> Expert:
    try:
        return experts_for(user).get(pk=pk)
    except (Expert.DoesNotExist, ValueError, TypeError):
        raise Http404("专家不存在，或不在您的权限范围内") from None


# --- assignments --------------------------------------------------------------------------
def assignments_for(user: User) -> QuerySet[ReviewAssignment]:
    """Experts: the reviews they were drawn for.  BDB: every review of their jurisdiction."""
    base = ReviewAssignment.objects.select_related(
        "expert__organisation", "project__organisation", "project__jurisdiction", "draw"
    )
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None:
        return base.none()
    if user.has_any_role(*REVIEW_READERS):
        return base.filter(project__jurisdiction_id=jurisdiction_id)
    if user.has_role(Role.EXPERT):
        return base.filter(expert__user=user)
    return base.none()


def my_assignments(user: User) -> QuerySet[ReviewAssignment]:
    """The reviews ``user`` was drawn for (an expert's "my reviews")."""
    if not user.has_role(Role.EXPERT):
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(expert__user=user)
        .select_related("project__organisation", "expert")
        .order_by("submitted_at", "-id")
    )


def my_assignment_get(user: User, pk: Any) -> ReviewAssignment:
    """One of the user's own reviews; anybody else's is a 404."""
    try:
        return my_assignments(user).get(pk=pk)
    except (ReviewAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404("评审任务不存在，或不是分配给您的") from None


def assignment_get(user: User, pk: Any) -> ReviewAssignment:
    try:
        return assignments_for(user).get(pk=pk)
    except (ReviewAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404("评审任务不存在，或不在您的权限范围内") from None


def draw_get(user: User, pk: Any) -> ExpertDraw:
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None or not user.has_any_role(*REVIEW_READERS):
        raise Http404("抽取记录不存在，或不在您的权限范围内")
    try:
        return ExpertDraw.objects.select_related("project", "by").get(
            pk=pk, project__jurisdiction_id=jurisdiction_id
        )
    except (ExpertDraw.DoesNotExist, ValueError, TypeError):
        raise Http404("抽取记录不存在，或不在您的权限范围内") from None


# --- scores -------------------------------------------------------------------------------
DIMENSIONS = (
    ("necessity_score", "建设必要性", "Necessity"),
    ("feasibility_score", "技术可行性", "Technical feasibility"),
    ("budget_score", "预算合理性", "Budget reasonableness"),
)


@dataclass(frozen=True)
class DimensionSummary:
    """Scores of one dimension: mean, spread (max − min) and population standard deviation.

    The drawn experts are the whole panel, not a sample of one, hence ``pstdev``.
    """

    code: str
    label: str
    label_en: str
    scores: list[int]
    mean: Decimal | None
    spread: int | None
    stdev: Decimal | None


def _two(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def summarise(assignments: list[ReviewAssignment]) -> list[DimensionSummary]:
    submitted = [a for a in assignments if a.submitted_at is not None]
    summaries = []
    for code, label, label_en in DIMENSIONS:
        scores = [int(getattr(a, code)) for a in submitted]
        summaries.append(
            DimensionSummary(
                code=code,
                label=label,
                label_en=label_en,
                scores=scores,
                mean=_two(statistics.fmean(scores)) if scores else None,
                spread=(max(scores) - min(scores)) if scores else None,
                stdev=_two(statistics.pstdev(scores)) if scores else None,
            )
        )
    return summaries


@dataclass
class ReviewOverview:
    """Everything BDB sees of a project's review (one query per kind)."""

    project: Project
    intake_rounds: list[IntakeRound]
    draws: list[ExpertDraw]
    assignments: list[ReviewAssignment]
    summary: list[DimensionSummary]
    opinions: list[ApprovalOpinion]
    current_round: IntakeRound | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def current_assignments(self) -> list[ReviewAssignment]:
        round_id = self.current_round.pk if self.current_round else None
        return [a for a in self.assignments if a.draw.intake_round_id == round_id]

    @property
    def current_draws(self) -> list[ExpertDraw]:
        round_id = self.current_round.pk if self.current_round else None
        return [d for d in self.draws if d.intake_round_id == round_id]

    @property
    def submitted_count(self) -> int:
        return sum(1 for a in self.current_assignments if a.submitted_at is not None)

    @property
    def latest_opinion(self) -> ApprovalOpinion | None:
        return self.opinions[-1] if self.opinions else None

    @property
    def cuts(self) -> list[BudgetCut]:
        return [cut for a in self.assignments for cut in a.cuts.all()]


def review_overview(project: Project) -> ReviewOverview:
    """The project's review record; the caller has checked ``can_read_reviews``."""
    assignments = list(
        ReviewAssignment.objects.filter(project=project)
        .select_related("expert__organisation", "draw")
        .prefetch_related(
            Prefetch("cuts", queryset=BudgetCut.objects.select_related("budget_line"))
        )
        .order_by("draw_id", "id")
    )
    round_ = current_round(project)
    round_id = round_.pk if round_ else None
    return ReviewOverview(
        project=project,
        current_round=round_,
        intake_rounds=list(
            IntakeRound.objects.filter(project=project).select_related("by").order_by("round_no")
        ),
        draws=list(ExpertDraw.objects.filter(project=project).select_related("by").order_by("id")),
        assignments=assignments,
        summary=summarise([a for a in assignments if a.draw.intake_round_id == round_id]),
        opinions=list(
            ApprovalOpinion.objects.filter(project=project)
            .select_related("drafted_by", "signed_by")
            .prefetch_related("lines__budget_line")
            .order_by("id")
        ),
    )


def signed_opinion(project: Project) -> ApprovalOpinion | None:
    return (
        ApprovalOpinion.objects.filter(project=project, state=ApprovalOpinion.State.SIGNED)
        .prefetch_related("lines__budget_line")
        .order_by("-id")
        .first()
    )
