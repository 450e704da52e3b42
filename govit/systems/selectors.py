"""Reads of the systems registry, always scoped to the user.

- the owning unit (staff and leaders) reads its projects' systems; its staff register and
  maintain them (Art. 26, 29–33);
- BDB, Audit and the crypto authority read every system of their jurisdiction (Art. 4, 28,
  34, 36); the crypto authority records guidance and inspections (Art. 4, 32);
- BDB (and Audit, reading) see the whole resource catalogue; BDB staff and leaders assign
  entries to base and theme databases (Art. 28);
- anybody else who sees the project (an expert, NDRC, Finance …) is refused (403); a project
  or system outside the user's scope is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.accounts.selectors import jurisdiction_id_of
from govit.applications.models import CatalogueEntry, SharingAttribute
from govit.projects.models import Project
from govit.projects.rules import is_owner_unit
from govit.projects.selectors import project_get

from .models import (
    InformationSystem,
    InterfaceStatus,
    ResourceDatabase,
    SystemStatus,
)

REGISTRY_READERS = (Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT, Role.CRYPTO)
CATALOGUE_READERS = (Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT)
CATALOGUE_MANAGERS = (Role.BDB_STAFF, Role.BDB_LEADER)
# Systems are registered once the project is in construction or later (Art. 26).
REGISTER_STATES = (
    "in_construction",
    "suspended",
    "rectifying",
    "completed",
    "acceptance_applied",
    "accepted",
    "in_operation",
    "self_evaluated",
    "evaluated",
)


def is_registry_reader(user: User, project: Project | None = None) -> bool:
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None or not user.has_any_role(*REGISTRY_READERS):
        return False
    return project is None or jurisdiction_id == project.jurisdiction_id


def can_read_systems(user: User, project: Project) -> bool:
    return is_owner_unit(user, project) or is_registry_reader(user, project)


def can_maintain(user: User, project: Project) -> bool:
    """The owning unit's staff register and maintain the project's systems."""
    return user.has_role(Role.UNIT_STAFF) and user.organisation_id == project.organisation_id


def can_inspect(user: User, project: Project) -> bool:
    """The crypto authority of the project's jurisdiction (Art. 4, 32)."""
    return user.has_role(Role.CRYPTO) and jurisdiction_id_of(user) == project.jurisdiction_id


def can_manage_catalogue(user: User, jurisdiction_id: int | None = None) -> bool:
    own = jurisdiction_id_of(user)
    if own is None or not user.has_any_role(*CATALOGUE_MANAGERS):
        return False
    return jurisdiction_id is None or own == jurisdiction_id


def systems_project_get(user: User, pk: int) -> Project:
    """The project of the systems page: 404 outside scope, 403 for a role without access."""
    project = project_get(user, pk)
    if not can_read_systems(user, project):
        raise PermissionDenied("只有项目建设单位、大数据局、审计局和密码管理部门可以查看信息系统")
    return project


def _detailed(queryset: QuerySet[InformationSystem]) -> QuerySet[InformationSystem]:
    return queryset.select_related("project__organisation", "owner").annotate(
        active_interfaces=Count("interfaces", filter=Q(interfaces__status=InterfaceStatus.ACTIVE))
    )


def systems_of(project: Project) -> QuerySet[InformationSystem]:
    return _detailed(InformationSystem.objects.filter(project=project)).order_by("id")


def system_get(user: User, pk: int) -> InformationSystem:
    """One system through its project's scope (404), then the reader check (403)."""
    try:
        system = InformationSystem.objects.only("pk", "project_id").get(pk=pk)
    except (InformationSystem.DoesNotExist, ValueError, TypeError):
        raise Http404("信息系统不存在，或不在您的权限范围内") from None
    systems_project_get(user, system.project_id)
    return _detailed(InformationSystem.objects.filter(pk=system.pk)).get()


def systems_for(user: User) -> QuerySet[InformationSystem]:
    """The registry: the unit's own systems, or every system of the reader's jurisdiction."""
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None:
        raise PermissionDenied("没有查看信息系统的权限")
    condition = Q(pk__in=[])
    if user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER):
        condition |= Q(project__organisation_id=user.organisation_id)
    if user.has_any_role(*REGISTRY_READERS):
        condition |= Q(project__jurisdiction_id=jurisdiction_id)
    if not user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER, *REGISTRY_READERS):
        raise PermissionDenied("只有建设单位、大数据局、审计局和密码管理部门可以查看信息系统")
    return _detailed(InformationSystem.objects.filter(condition)).order_by("project_id", "id")


def is_sharing(system: InformationSystem) -> bool:
    """Art. 29–30: connected to the exchange platform with at least one active interface.

    Uses the ``active_interfaces`` annotation of the selectors when present.
    """
    active = getattr(system, "active_interfaces", None)
    if active is None:
        active = system.interfaces.filter(status=InterfaceStatus.ACTIVE).count()
    return bool(system.exchange_connected and active)


def not_sharing_running(project: Project, on: date) -> list[InformationSystem]:
    """Running systems (live on ``on``) of ``project`` that do not share (Art. 29, 30)."""
    return list(
        InformationSystem.objects.filter(
            project=project, status=SystemStatus.RUNNING, running_since__lte=on
        )
        .annotate(
            active_interfaces=Count(
                "interfaces", filter=Q(interfaces__status=InterfaceStatus.ACTIVE)
            )
        )
        .filter(Q(exchange_connected=False) | Q(active_interfaces=0))
        .order_by("id")
    )


# --- the catalogue (Art. 27–28) ------------------------------------------------------------
def _catalogue_reader(user: User) -> int:
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None or not user.has_any_role(*CATALOGUE_READERS):
        raise PermissionDenied("只有大数据局和审计局可以查看全市政务信息资源目录")
    return jurisdiction_id


def catalogue_for(user: User) -> QuerySet[CatalogueEntry]:
    """Every catalogue entry of the reader's jurisdiction, across projects."""
    jurisdiction_id = _catalogue_reader(user)
    return (
        CatalogueEntry.objects.filter(project__jurisdiction_id=jurisdiction_id)
        .select_related("project__organisation", "system_link__system")
        .prefetch_related(
            Prefetch("system_link__databases", queryset=ResourceDatabase.objects.order_by("name"))
        )
        .order_by("project_id", "id")
    )


def databases_for(user: User) -> QuerySet[ResourceDatabase]:
    jurisdiction_id = _catalogue_reader(user)
    return ResourceDatabase.objects.filter(jurisdiction_id=jurisdiction_id).order_by("kind", "name")


def entries_of(project: Project) -> QuerySet[CatalogueEntry]:
    return (
        CatalogueEntry.objects.filter(project=project)
        .select_related("system_link__system")
        .order_by("id")
    )


@dataclass(frozen=True)
class Consistency:
    """BDB's consistency check (Art. 27–29)."""

    unlinked_entries: list[CatalogueEntry]
    systems_without_entries: list[InformationSystem]
    entries_missing_condition: list[CatalogueEntry]

    @property
    def problems(self) -> int:
        return (
            len(self.unlinked_entries)
            + len(self.systems_without_entries)
            + len(self.entries_missing_condition)
        )


def consistency_for(user: User) -> Consistency:
    jurisdiction_id = _catalogue_reader(user)
    entries = CatalogueEntry.objects.filter(
        project__jurisdiction_id=jurisdiction_id
    ).select_related("project__organisation")
    unlinked = entries.filter(
        Q(system_link__isnull=True) | Q(system_link__system__isnull=True)
    ).order_by("project_id", "id")
    # A condition of blanks only is no condition: filtered in Python after the attribute.
    restricted = entries.filter(
        sharing_attribute__in=(SharingAttribute.CONDITIONAL, SharingAttribute.NOT_SHARED)
    )
    lonely = (
        InformationSystem.objects.filter(project__jurisdiction_id=jurisdiction_id)
        .exclude(status=SystemStatus.RETIRED)
        .annotate(entries=Count("catalogue_links"))
        .filter(entries=0)
        .select_related("project__organisation", "owner")
        .order_by("project_id", "id")
    )
    return Consistency(
        unlinked_entries=list(unlinked),
        systems_without_entries=list(lonely),
        entries_missing_condition=[
            entry
            for entry in restricted.order_by("project_id", "id")
            if not entry.sharing_condition.strip()
        ],
    )
