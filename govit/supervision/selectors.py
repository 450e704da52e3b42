"""Reads of supervision, always scoped to the user.

- inspections: BDB, Audit and the leading group read those of their jurisdiction (another
  role: 403; another jurisdiction: 404);
- a project's supervision record (findings, orders, sanctions): whoever sees the project and
  has a reading role (Art. 34: the jurisdiction's readers, the unit itself);
- notices (通报批评): every signed-in user with a business role reads those of their
  jurisdiction — the point of a public criticism is that every department sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from govit.accounts.models import User
from govit.projects.models import Project
from govit.projects.selectors import project_get, projects_for

from . import rules
from .models import Finding, Inspection, RectificationOrder, Sanction, SanctionKind

M = TypeVar("M", bound=Model)
ROLE_REFUSED = "您的角色不查看监督检查记录"


def user_jurisdiction(user: User) -> int:
    """The user's jurisdiction; 403 for a user without one (nothing to supervise)."""
    jurisdiction_id = rules.jurisdiction_id_of(user)
    if jurisdiction_id is None:
        raise PermissionDenied(ROLE_REFUSED)
    return jurisdiction_id


# --- inspections --------------------------------------------------------------------------
def inspections_for(user: User) -> QuerySet[Inspection]:
    """Inspections of the user's jurisdiction; 403 for a role that does not read them."""
    if not rules.can_read_inspections(user):
        raise PermissionDenied(ROLE_REFUSED)
    return (
        Inspection.objects.filter(jurisdiction_id=user_jurisdiction(user))
        .select_related("planned_by", "approved_by")
        .prefetch_related("projects", "departments")
    )


def inspection_get(user: User, pk: Any) -> Inspection:
    try:
        return inspections_for(user).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404("监督检查不存在，或不在您的权限范围内") from None


def findings_of(inspection: Inspection) -> list[Finding]:
    return list(
        Finding.objects.filter(inspection=inspection)
        .select_related("project__organisation", "recorded_by", "order")
        .order_by("id")
    )


def scope_projects(inspection: Inspection) -> QuerySet[Project]:
    """The projects a finding of ``inspection`` may be about: listed, or of a listed department."""
    departments = inspection.departments.values("pk")
    return (
        Project.objects.with_owner()
        .filter(jurisdiction_id=inspection.jurisdiction_id)
        .filter(Q(inspections=inspection) | Q(organisation__in=departments))
        .distinct()
        .order_by("code")
    )


# --- a project's record -------------------------------------------------------------------
def supervision_project(user: User, pk: Any) -> Project:
    """404 outside scope; 403 for a role that does not read the supervision record."""
    project = project_get(user, pk)
    if not rules.can_read_project(user):
        raise PermissionDenied(ROLE_REFUSED)
    return project


def _scoped(user: User, queryset: QuerySet[M], pk: Any, missing: str) -> M:
    try:
        row = queryset.select_related("project__organisation", "project__jurisdiction").get(
            pk=pk, project__in=projects_for(user).values("pk")
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(missing) from None
    if not rules.can_read_project(user):
        raise PermissionDenied(ROLE_REFUSED)
    return row


def order_get(user: User, pk: Any) -> RectificationOrder:
    return _scoped(
        user,
        RectificationOrder.objects.select_related(
            "finding__inspection", "ordered_by", "answered_by", "decided_by", "answer_evidence"
        ),
        pk,
        "整改通知不存在，或不在您的权限范围内",
    )


def finding_get(user: User, pk: Any) -> Finding:
    return _scoped(
        user,
        Finding.objects.select_related("inspection"),
        pk,
        "检查发现的问题不存在，或不在您的权限范围内",
    )


def sanction_get(user: User, pk: Any) -> Sanction:
    return _scoped(
        user,
        Sanction.objects.select_related("decided_by", "lifted_by"),
        pk,
        "处理决定不存在，或不在您的权限范围内",
    )


def orders_of(project: Project) -> list[RectificationOrder]:
    return list(
        RectificationOrder.objects.filter(project=project)
        .select_related(
            "finding__inspection", "ordered_by", "answered_by", "decided_by", "answer_evidence"
        )
        .order_by("-id")
    )


def sanctions_of(project: Project) -> list[Sanction]:
    return list(
        Sanction.objects.filter(project=project)
        .select_related("decided_by", "lifted_by", "order")
        .order_by("-decided_at", "-id")
    )


@dataclass(frozen=True)
class LadderStep:
    kind: str
    label: str
    in_force: Sanction | None


@dataclass
class ProjectSupervision:
    project: Project
    findings: list[Finding]
    orders: list[RectificationOrder]
    sanctions: list[Sanction]

    @property
    def ladder(self) -> list[LadderStep]:
        """The four steps of Art. 35 with the sanction in force at each."""
        current = {s.kind: s for s in self.sanctions if s.in_force}
        return [LadderStep(k.value, k.label, current.get(k.value)) for k in SanctionKind]

    @property
    def in_force(self) -> list[Sanction]:
        return [s for s in self.sanctions if s.in_force]


def project_supervision(project: Project) -> ProjectSupervision:
    findings = list(
        Finding.objects.filter(project=project, inspection__state=Inspection.State.APPROVED)
        .select_related("inspection", "recorded_by")
        .order_by("-id")
    )
    return ProjectSupervision(project, findings, orders_of(project), sanctions_of(project))


# --- notices (通报批评) -------------------------------------------------------------------
def can_read_notices(user: User) -> bool:
    return (
        user.is_authenticated
        and not user.is_administrator
        and bool(user.effective_roles)
        and rules.jurisdiction_id_of(user) is not None
    )


@dataclass
class Notices:
    current: list[Sanction]
    lifted: list[Sanction]


def notices_for(user: User) -> Notices:
    """Public criticisms of the user's jurisdiction, in force first; 403 without a business role."""
    if not can_read_notices(user):
        raise PermissionDenied("只有业务用户可以查看通报")
    rows = list(
        Sanction.objects.filter(
            kind=SanctionKind.PUBLIC_CRITICISM,
            project__jurisdiction_id=user_jurisdiction(user),
        )
        .select_related("project__organisation", "decided_by", "lifted_by", "order__finding")
        .order_by("-decided_at", "-id")
    )
    return Notices([r for r in rows if r.in_force], [r for r in rows if not r.in_force])
