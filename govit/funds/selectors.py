"""Reads of fund batches, always scoped to the user (outside scope → 404, wrong role → 403).

Who reads a project's funds:
- staff and leaders of the owning unit;
- BDB, Finance, Audit and the leading group of the project's jurisdiction (Art. 4, 34, 36);
- Finance and Audit of a county taking part in the project (Art. 25): they see the project's
  funds page (its county budget batches are theirs to release or audit) even though the
  city project is not in their project list.

The pending-work queue: Finance sees the batches its budget pays (the project's own budget of
its jurisdiction, or its county's share); BDB the batches of its jurisdiction's projects;
Audit both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.accounts.selectors import jurisdiction_id_of
from govit.applications.models import CountyParticipant
from govit.construction.baselines import BaselineView, baseline_for_reading
from govit.projects.models import Project
from govit.projects.rules import is_owner_unit
from govit.projects.selectors import project_get

from . import ledger
from .eligibility import Eligibility, eligibility_of_batches, funding_eligibility
from .models import PENDING_STATES, BatchState, FundBatch, FundKind

JURISDICTION_FUNDS_READERS = (
    Role.BDB_STAFF,
    Role.BDB_LEADER,
    Role.FINANCE,
    Role.AUDIT,
    Role.OVERSEER,
)
# Who may read a county's share of a city project: that county's Finance and Audit (Art. 25).
COUNTY_FUNDS_READERS = (Role.FINANCE, Role.AUDIT)
QUEUE_ROLES = (Role.FINANCE, Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT)


def is_county_reader(user: User, project: Project) -> bool:
    jurisdiction_id = jurisdiction_id_of(user)
    return (
        jurisdiction_id is not None
        and jurisdiction_id != project.jurisdiction_id
        and user.has_any_role(*COUNTY_FUNDS_READERS)
        and CountyParticipant.objects.filter(
            project=project, jurisdiction_id=jurisdiction_id
        ).exists()
    )


def can_read_funds(user: User, project: Project) -> bool:
    if is_owner_unit(user, project):
        return True
    if (
        user.has_any_role(*JURISDICTION_FUNDS_READERS)
        and jurisdiction_id_of(user) == project.jurisdiction_id
    ):
        return True
    return is_county_reader(user, project)


def funds_project_get(user: User, pk: Any) -> Project:
    """The project whose funds ``user`` reads: 404 outside scope, 403 for a role without funds."""
    try:
        project = project_get(user, pk)
    except Http404:
        project = _county_project(user, pk)
    if not can_read_funds(user, project):
        raise PermissionDenied("只有建设单位、大数据局、财政局、审计局和专项小组可以查看资金拨付")
    return project


def _county_project(user: User, pk: Any) -> Project:
    """A city project in which the user's county takes part (its Finance and Audit read it)."""
    jurisdiction_id = jurisdiction_id_of(user)
    if jurisdiction_id is None or not user.has_any_role(*COUNTY_FUNDS_READERS):
        raise Http404("项目不存在，或不在您的权限范围内")
    try:
        return Project.objects.with_owner().get(
            pk=pk, county_participants__jurisdiction_id=jurisdiction_id
        )
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404("项目不存在，或不在您的权限范围内") from None


def _batches() -> QuerySet[FundBatch]:
    return FundBatch.objects.select_related(
        "project__organisation",
        "project__jurisdiction",
        "payer__jurisdiction",
        "evidence",
        "requested_by",
        "confirmed_by",
        "released_by",
        "refused_by",
        "withdrawn_by",
    )


def batches_for(user: User) -> QuerySet[FundBatch]:
    """Every batch ``user`` may read."""
    jurisdiction_id = jurisdiction_id_of(user)
    base = _batches()
    if jurisdiction_id is None:
        return base.none()
    condition = Q(pk__in=[])
    if user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER):
        condition |= Q(project__organisation_id=user.organisation_id)
    if user.has_any_role(*JURISDICTION_FUNDS_READERS):
        condition |= Q(project__jurisdiction_id=jurisdiction_id)
    if user.has_any_role(*COUNTY_FUNDS_READERS):
        condition |= Q(project__county_participants__jurisdiction_id=jurisdiction_id)
    return base.filter(condition).distinct()


def batch_get(user: User, pk: Any) -> FundBatch:
    try:
        return batches_for(user).get(pk=pk)
    except (FundBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("资金批次不存在，或不在您的权限范围内") from None


def paid_from_budget_of(jurisdiction_id: int | None) -> Q:
    """Batches the jurisdiction's budget pays: its own projects' batches that no county share
    pays, and the county's shares of other projects (Art. 25)."""
    return Q(payer__isnull=True, project__jurisdiction_id=jurisdiction_id) | Q(
        payer__jurisdiction_id=jurisdiction_id
    )


def queue_for(user: User, state: str | None = None) -> QuerySet[FundBatch]:
    """Pending batches of the user's work (403 for roles without one)."""
    if not user.has_any_role(*QUEUE_ROLES):
        raise PermissionDenied("只有财政局、大数据局和审计局有资金拨付待办")
    jurisdiction_id = jurisdiction_id_of(user)
    base = _batches().filter(state__in=PENDING_STATES)
    if jurisdiction_id is None:
        return base.none()
    paid_here = paid_from_budget_of(jurisdiction_id)
    condition = Q(pk__in=[])
    if user.has_role(Role.FINANCE):
        condition |= paid_here
    if user.has_any_role(Role.BDB_STAFF, Role.BDB_LEADER):
        condition |= Q(project__jurisdiction_id=jurisdiction_id)
    if user.has_role(Role.AUDIT):
        condition |= paid_here | Q(project__jurisdiction_id=jurisdiction_id)
    queryset = base.filter(condition)
    if state in PENDING_STATES:
        queryset = queryset.filter(state=state)
    return queryset.order_by("state", "requested_at", "id")


@dataclass(frozen=True)
class QueueRow:
    batch: FundBatch
    verdict: Eligibility


def queue_rows(user: User, state: str | None, on: date) -> list[QueueRow]:
    """The queue with each batch's release verdict (queries: fixed, plus the baseline per project)."""
    batches = list(queue_for(user, state))
    verdicts = eligibility_of_batches(batches, on=on)
    return [QueueRow(batch, verdicts[batch.pk]) for batch in batches]


# --- a project's money ------------------------------------------------------------------------
@dataclass(frozen=True)
class LineRow:
    """A budget line: approved (the baseline's limit), pending, released, remaining."""

    budget_line: Any
    approved: Decimal
    sums: ledger.Sums

    @property
    def remaining(self) -> Decimal:
        return self.approved - self.sums.committed


@dataclass(frozen=True)
class PayerRow:
    share: ledger.PayerShare
    sums: ledger.Sums

    @property
    def remaining(self) -> Decimal:
        return self.share.cap - self.sums.committed


@dataclass(frozen=True)
class OmRow:
    year: int
    label: str
    is_county_budget: bool
    sums: ledger.Sums


@dataclass
class FundsOverview:
    """Everything the funds page and panel show of a project's money."""

    project: Project
    baseline: BaselineView
    batches: list[FundBatch]
    lines: list[LineRow]
    payers: list[PayerRow]
    om: list[OmRow]
    construction: ledger.Sums
    om_total: ledger.Sums
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def approved(self) -> Decimal:
        return self.baseline.total

    @property
    def remaining(self) -> Decimal:
        return self.baseline.total - self.construction.committed

    @property
    def pending_batches(self) -> list[FundBatch]:
        return [batch for batch in self.batches if batch.is_pending]

    @property
    def has_county(self) -> bool:
        return len(self.payers) > 1


def funds_overview(project: Project) -> FundsOverview:
    """The project's funds (the caller has checked ``can_read_funds``)."""
    baseline = baseline_for_reading(project)
    batches = list(
        _batches().filter(project=project).prefetch_related("lines__budget_line").order_by("number")
    )
    participants = ledger.participants_of(project)
    construction = ledger.Sums()
    om_total = ledger.Sums()
    by_line: dict[int, ledger.Sums] = defaultdict(ledger.Sums)
    by_payer: dict[int | None, ledger.Sums] = defaultdict(ledger.Sums)
    by_year: dict[tuple[int, int | None], ledger.Sums] = defaultdict(ledger.Sums)
    for batch in batches:
        if batch.state not in (*PENDING_STATES, BatchState.RELEASED):
            continue
        if batch.kind == FundKind.CONSTRUCTION:
            construction = construction.plus(batch.state, batch.amount)
            by_payer[batch.payer_id] = by_payer[batch.payer_id].plus(batch.state, batch.amount)
            for line in batch.lines.all():
                by_line[line.budget_line_id] = by_line[line.budget_line_id].plus(
                    batch.state, line.amount
                )
        else:
            om_total = om_total.plus(batch.state, batch.amount)
            key = (int(batch.year or 0), batch.payer_id)
            by_year[key] = by_year[key].plus(batch.state, batch.amount)
    shares = ledger.construction_shares(project, baseline.total, participants)
    labels = {share.payer_id: share for share in shares}
    om_rows = [
        OmRow(
            year,
            labels[payer_id].label if payer_id in labels else "县区财政资金",
            payer_id is not None,
            sums,
        )
        for (year, payer_id), sums in sorted(
            by_year.items(), key=lambda item: (-item[0][0], item[0][1] is not None, item[0][1] or 0)
        )
    ]
    return FundsOverview(
        project=project,
        baseline=baseline,
        batches=batches,
        lines=[
            LineRow(line, baseline.line_limit(line.pk), by_line.get(line.pk, ledger.Sums()))
            for line in project.budget_lines.order_by("id")
        ],
        payers=[PayerRow(share, by_payer.get(share.payer_id, ledger.Sums())) for share in shares],
        om=om_rows,
        construction=construction,
        om_total=om_total,
    )


def batch_verdict(batch: FundBatch, on: date) -> Eligibility | None:
    """The release verdict of a pending batch (None once it is released, refused or withdrawn)."""
    if not batch.is_pending:
        return None
    return funding_eligibility(batch.project, on=on, kind=batch.kind, batch=batch)


# --- the list of every batch (funds:batches) ---------------------------------------------------
BATCH_LIST_ROLES = (
    Role.UNIT_STAFF,
    Role.UNIT_LEADER,
    *JURISDICTION_FUNDS_READERS,
    *COUNTY_FUNDS_READERS,
)


def batch_list_for(user: User) -> QuerySet[FundBatch]:
    """The batches of the list ``funds:batches`` (403 for a role that reads no funds).

    A unit: its own projects' batches; BDB, Finance, Audit and the leading group: every batch
    of their jurisdiction's projects; a county's Finance and Audit also the batches its own
    budget pays for city projects (Art. 25) — the city's batches of such a project stay on
    the project's funds page.  Each row is one ``batches_for`` also gives (no join that could
    repeat a row), with the project, its unit and the payer.
    """
    if not user.has_any_role(*BATCH_LIST_ROLES):
        raise PermissionDenied("只有建设单位、大数据局、财政局、审计局和专项小组可以查看资金批次")
    jurisdiction_id = jurisdiction_id_of(user)
    base = FundBatch.objects.select_related("project__organisation", "payer__jurisdiction")
    if jurisdiction_id is None:
        return base.none()
    condition = Q(pk__in=[])
    if user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER):
        condition |= Q(project__organisation_id=user.organisation_id)
    if user.has_any_role(*JURISDICTION_FUNDS_READERS):
        condition |= Q(project__jurisdiction_id=jurisdiction_id)
    if user.has_any_role(*COUNTY_FUNDS_READERS):
        condition |= Q(payer__jurisdiction_id=jurisdiction_id)
    return base.filter(condition)
