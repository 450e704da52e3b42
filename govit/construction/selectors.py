"""Reads of the construction stage, always scoped to the user.

A project outside the user's scope is a 404 (``project_get``).  Within scope, the owning unit
(and co-builders), BDB, Finance, Audit, the crypto authority, the leading group and NDRC (for
its fixed-asset projects) read the construction record (Art. 34, 36); an expert or the Secrecy
bureau, whose part ends with the review, get a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from govit.accounts.models import User
from govit.accounts.roles import JURISDICTION_READERS, Role
from govit.projects.models import Project
from govit.projects.selectors import project_get, projects_for

from .baselines import (
    BaselineView,
    as_view,
    baseline_for_reading,
    original_baseline,
)
from .models import (
    OPEN_INCIDENT_STATES,
    Baseline,
    ChangeRequest,
    Incident,
    Milestone,
    ProgressReport,
)

READER_ROLES = frozenset({Role.UNIT_STAFF, Role.UNIT_LEADER, Role.NDRC, *JURISDICTION_READERS})

M = TypeVar("M", bound=Model)


def can_read_construction(user: User, project: Project) -> bool:
    """The caller already scoped ``project``; this checks the role reads construction."""
    return bool(user.effective_roles & READER_ROLES)


def construction_project(user: User, pk: Any) -> Project:
    """The project for a construction page: 404 outside scope, 403 for a role that may not read."""
    project = project_get(user, pk)
    if not can_read_construction(user, project):
        raise PermissionDenied("您的角色不查看建设实施记录")
    return project


def _scoped(user: User, queryset: QuerySet[M], pk: Any, missing: str) -> M:
    try:
        row = queryset.select_related("project__organisation", "project__jurisdiction").get(
            pk=pk, project__in=projects_for(user).values("pk")
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(missing) from None
    if not can_read_construction(user, row.project):  # type: ignore[attr-defined]
        raise PermissionDenied("您的角色不查看建设实施记录")
    return row


def incident_get(user: User, pk: Any) -> Incident:
    return _scoped(user, Incident.objects.all(), pk, "情况报告不存在，或不在您的权限范围内")


def change_request_get(user: User, pk: Any) -> ChangeRequest:
    return _scoped(user, ChangeRequest.objects.all(), pk, "变更申请不存在，或不在您的权限范围内")


def milestone_get(user: User, pk: Any) -> Milestone:
    return _scoped(user, Milestone.objects.all(), pk, "里程碑不存在，或不在您的权限范围内")


# --- lists --------------------------------------------------------------------------------
def milestones_of(project: Project) -> QuerySet[Milestone]:
    return Milestone.objects.filter(project=project).order_by("order", "id")


def reports_of(project: Project) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(project=project)
        .select_related("evidence", "reported_by")
        .order_by("-report_date", "-id")
    )


def incidents_of(project: Project) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(project=project)
        .select_related(
            "reported_by",
            "decided_by",
            "answered_by",
            "closed_by",
            "suspended_by",
            "answer_evidence",
        )
        .order_by("-id")
    )


def change_requests_of(project: Project) -> QuerySet[ChangeRequest]:
    return (
        ChangeRequest.objects.filter(project=project)
        .select_related("submitted_by", "decided_by", "document", "baseline")
        .order_by("-id")
    )


def baselines_of(project: Project) -> QuerySet[Baseline]:
    return (
        Baseline.objects.filter(project=project)
        .select_related("created_by", "change_request")
        .order_by("version")
    )


def latest_report(project: Project) -> ProgressReport | None:
    return reports_of(project).first()


def open_incident_count(project: Project) -> int:
    return Incident.objects.filter(project=project, state__in=OPEN_INCIDENT_STATES).count()


# --- baseline comparison (Art. 19) --------------------------------------------------------
@dataclass(frozen=True)
class LineDifference:
    budget_line_id: int
    name: str
    original: Decimal
    current: Decimal

    @property
    def difference(self) -> Decimal:
        return self.current - self.original


@dataclass(frozen=True)
class MilestoneDifference:
    name: str
    original: date | None
    current: date | None
    actual: date | None

    @property
    def shift_days(self) -> int | None:
        if self.original is None or self.current is None:
            return None
        return (self.current - self.original).days


@dataclass
class BaselineComparison:
    """The current baseline against the original (version 1, or the opinion before it)."""

    original: BaselineView
    current: BaselineView
    lines: list[LineDifference]
    milestones: list[MilestoneDifference]
    versions: list[Baseline] = field(default_factory=list)

    @property
    def total_difference(self) -> Decimal:
        return self.current.total - self.original.total

    @property
    def completion_shift_days(self) -> int | None:
        if self.original.planned_completion is None or self.current.planned_completion is None:
            return None
        return (self.current.planned_completion - self.original.planned_completion).days

    @property
    def scope_changed(self) -> bool:
        return self.original.scope != self.current.scope

    @property
    def changed(self) -> bool:
        return self.current.version != self.original.version


def baseline_comparison(project: Project) -> BaselineComparison:
    versions = list(baselines_of(project))
    first = next((row for row in versions if row.version == 1), None)
    original = as_view(first) if first is not None else original_baseline(project)
    current = as_view(versions[-1]) if versions else original
    names = {line.pk: line.name for line in project.budget_lines.all()}
    ids = sorted(set(original.lines) | set(current.lines), key=lambda pk: (pk not in names, pk))
    lines = [
        LineDifference(
            budget_line_id=pk,
            name=names.get(pk, f"预算明细 #{pk}"),
            original=original.lines.get(pk, Decimal("0.00")),
            current=current.lines.get(pk, Decimal("0.00")),
        )
        for pk in ids
    ]
    planned_first = {
        item["id"]: date.fromisoformat(item["planned_on"])
        for item in (first.milestones if first is not None else [])
    }
    milestones = [
        MilestoneDifference(m.name, planned_first.get(m.pk), m.planned_on, m.actual_on)
        for m in milestones_of(project)
    ]
    return BaselineComparison(original, current, lines, milestones, versions)


# --- the construction page ----------------------------------------------------------------
@dataclass
class ConstructionOverview:
    project: Project
    baseline: BaselineView
    baseline_set: bool
    milestones: list[Milestone]
    reports: list[ProgressReport]
    incidents: list[Incident]
    change_requests: list[ChangeRequest]

    @property
    def latest(self) -> ProgressReport | None:
        return self.reports[0] if self.reports else None

    @property
    def open_incidents(self) -> list[Incident]:
        return [i for i in self.incidents if i.state in OPEN_INCIDENT_STATES]

    @property
    def pending_change(self) -> ChangeRequest | None:
        return next(
            (c for c in self.change_requests if c.state == ChangeRequest.State.SUBMITTED), None
        )


def construction_overview(project: Project) -> ConstructionOverview:
    milestones = list(milestones_of(project))
    baseline = baseline_for_reading(project)
    return ConstructionOverview(
        project=project,
        baseline=baseline,
        baseline_set=baseline.version >= 1,
        milestones=milestones,
        reports=list(reports_of(project)),
        incidents=list(incidents_of(project)),
        change_requests=list(change_requests_of(project)),
    )
