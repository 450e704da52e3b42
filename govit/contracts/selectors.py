"""Reads of the procurement stage, always scoped to the user.

- the owning unit (staff and leaders) reads its project's contracts; its staff record and file;
- BDB, Finance and Audit read every contract of their jurisdiction (the register, Art. 4, 16);
- anybody else who sees the project (an expert, NDRC …) is refused (403); a project or
  contract outside the user's scope is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.accounts.selectors import jurisdiction_id_of
from govit.core.decisions import Decision, deny
from govit.projects.models import Project
from govit.projects.rules import is_owner_unit
from govit.projects.selectors import project_get

from .models import Contract, ContractQuerySet

# Who reads the contracts of every project of their jurisdiction.
REGISTER_READERS = (Role.BDB_STAFF, Role.BDB_LEADER, Role.FINANCE, Role.AUDIT)
# States in which the owning unit records contracts (after approval, not suspended — Art. 20).
RECORDING_STATES = (
    "procurement",
    "in_construction",
    "rectifying",
    "completed",
    "acceptance_applied",
)


def is_register_reader(user: User, project: Project | None = None) -> bool:
    if not user.has_any_role(*REGISTER_READERS) or jurisdiction_id_of(user) is None:
        return False
    return project is None or jurisdiction_id_of(user) == project.jurisdiction_id


def can_read_contracts(user: User, project: Project) -> bool:
    return is_owner_unit(user, project) or is_register_reader(user, project)


def can_record(user: User, project: Project) -> bool:
    """Whether ``user`` is the owning unit's staff (who record and file contracts)."""
    return user.has_role(Role.UNIT_STAFF) and user.organisation_id == project.organisation_id


def contracts_project_get(user: User, pk: int) -> Project:
    """The project of the contracts page: 404 outside scope, 403 for a role without access."""
    project = project_get(user, pk)
    if not can_read_contracts(user, project):
        raise PermissionDenied("只有项目建设单位、大数据局、财政局和审计局可以查看合同")
    return project


def _with_relations(queryset: ContractQuerySet) -> ContractQuerySet:
    return queryset.select_related(
        "project", "signed_copy", "recorded_by", "filed_by"
    ).prefetch_related("budget_lines")


def contracts_of(project: Project) -> ContractQuerySet:
    """A project's contracts, oldest signing first (the caller has scoped the project)."""
    return _with_relations(Contract.objects.filter(project=project)).order_by("signed_on", "id")


def contract_get(user: User, pk: int) -> Contract:
    """One contract through its project's scope (404), then the reader check (403)."""
    try:
        contract = Contract.objects.select_related("project").get(pk=pk)
    except (Contract.DoesNotExist, ValueError, TypeError):
        raise Http404("合同不存在，或不在您的权限范围内") from None
    contracts_project_get(user, contract.project_id)
    return _with_relations(Contract.objects.filter(pk=contract.pk)).get()


REGISTER_FILTERS = {
    "all": "全部",
    "unfiled": "未备案",
    "late": "逾期（逾期备案或逾期未备案）",
}


def register_for(user: User, status: str = "all", *, today: date | None = None) -> ContractQuerySet:
    """The register: every contract of the reader's jurisdiction, newest signing first.

    ``status``: ``unfiled`` (not yet filed) or ``late`` (filed late, or unfiled past the due
    date).  Users without a register role get a 403.
    """
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None or not user.has_any_role(*REGISTER_READERS):
        raise PermissionDenied("只有大数据局、财政局和审计局可以查看合同备案台账")
    queryset = Contract.objects.filter(project__jurisdiction_id=jurisdiction_id)
    if status == "unfiled":
        queryset = queryset.unfiled()
    elif status == "late":
        queryset = queryset.late(today or timezone.localdate())
    return queryset.select_related("project__organisation", "filed_by", "recorded_by").order_by(
        "-signed_on", "-id"
    )


@dataclass(frozen=True)
class ContractSummary:
    """What the project page shows: how many, how much against the baseline, filing status."""

    count: int
    total: Decimal
    baseline_total: Decimal
    unfiled: int
    late: int
    construction_recorded: bool

    @property
    def remaining(self) -> Decimal:
        return self.baseline_total - self.total


def contract_summary(project: Project, *, today: date | None = None) -> ContractSummary:
    from govit.construction.baselines import baseline_for_reading

    today = today or timezone.localdate()
    late = Q(days_late__gt=0) | Q(filed_on__isnull=True, filing_due__lt=today)
    numbers = Contract.objects.filter(project=project).aggregate(
        count=Count("id"),
        total=Sum("amount"),
        unfiled=Count("id", filter=Q(filed_on__isnull=True)),
        late=Count("id", filter=late),
        construction=Count("id", filter=Q(kind="construction")),
    )
    return ContractSummary(
        count=numbers["count"],
        total=numbers["total"] or Decimal("0.00"),
        baseline_total=baseline_for_reading(project).total,
        unfiled=numbers["unfiled"],
        late=numbers["late"],
        construction_recorded=bool(numbers["construction"]),
    )


def contracted_total(project: Project) -> Decimal:
    total = Contract.objects.filter(project=project).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def baseline_commitments(project: Project, proposed: Any) -> list[Decision]:
    """Contracts signed above a proposed baseline total (Art. 19)."""
    total = contracted_total(project)
    if total <= proposed.total:
        return []
    return [
        deny(
            f"已签订合同金额合计 {total:,.2f} 元超过变更后的批复总额 {proposed.total:,.2f} 元，不能批准",
            19,
            en="Signed contracts exceed the new total",
        )
    ]
