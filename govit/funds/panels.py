"""The money panel of the project page: ``project_panel(project, user)`` → context or None.

Everyone who sees the project sees its money summary (approved, released, pending,
remaining: Art. 13).  Those who read its funds (the unit, BDB, Finance, Audit, the leading
group) also see the money per budget line — requested, approved (the current baseline),
contracted, released — with totals and the spend reported so far, and each payer's share when
counties take part (Art. 25, 38); and the link to the funds page.  Nothing is shown before
there is money to speak of (no approved amount and no batch).

Two facts are not kept per budget line, and the panel says so rather than guessing:
- a contract names the budget lines it covers but carries one amount: a contract of one line
  counts on that line, one of several lines (or of none) on a row of its own;
- the spend is reported for the whole project (``ProgressReport.spend_to_date``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min

from govit.construction.selectors import can_read_construction, latest_report
from govit.contracts.models import Contract
from govit.contracts.selectors import can_read_contracts

from .ledger import ZERO
from .selectors import FundsOverview, can_read_funds, funds_overview


@dataclass(frozen=True)
class LineMoney:
    budget_line: Any
    requested: Decimal
    approved: Decimal
    contracted: Decimal
    released: Decimal


@dataclass
class ContractSplit:
    """Contract amounts by the budget lines they name (one query, grouped per contract)."""

    by_line: dict[int, Decimal] = field(default_factory=dict)
    several_lines: Decimal = ZERO
    no_line: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum(self.by_line.values(), ZERO) + self.several_lines + self.no_line


def contract_split(project: Any) -> ContractSplit:
    split = ContractSplit()
    rows = (
        Contract.objects.filter(project=project)
        .values("pk", "amount")
        .annotate(line_count=Count("budget_lines"), line_id=Min("budget_lines"))
        .order_by()
    )
    for row in rows:
        if row["line_count"] == 1:
            split.by_line[row["line_id"]] = split.by_line.get(row["line_id"], ZERO) + row["amount"]
        elif row["line_count"] > 1:
            split.several_lines += row["amount"]
        else:
            split.no_line += row["amount"]
    return split


@dataclass
class Money:
    lines: list[LineMoney]
    contracts: ContractSplit | None  # None: the reader does not read contracts
    spent: Decimal | None  # None: not shown to this reader, or nothing reported yet
    spent_on: date | None
    show_spent: bool

    @property
    def requested(self) -> Decimal:
        return sum((line.requested for line in self.lines), ZERO)

    @property
    def approved(self) -> Decimal:
        return sum((line.approved for line in self.lines), ZERO)

    @property
    def released(self) -> Decimal:
        return sum((line.released for line in self.lines), ZERO)


def money_by_line(project: Any, user: Any, overview: FundsOverview) -> Money:
    """The per-line table: two queries beyond the overview (contracts, the latest report)."""
    contracts = contract_split(project) if can_read_contracts(user, project) else None
    show_spent = can_read_construction(user, project)
    report = latest_report(project) if show_spent else None
    lines = [
        LineMoney(
            row.budget_line,
            row.budget_line.amount,
            row.approved,
            contracts.by_line.get(row.budget_line.pk, ZERO) if contracts else ZERO,
            row.sums.released,
        )
        for row in overview.lines
    ]
    return Money(
        lines=lines,
        contracts=contracts,
        spent=report.spend_to_date if report else None,
        spent_on=report.report_date if report else None,
        show_spent=show_spent,
    )


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    overview = funds_overview(project)
    if not overview.approved and not overview.batches:
        return None
    can_open = can_read_funds(user, project)
    return {
        "project": project,
        "overview": overview,
        "pending": len(overview.pending_batches),
        "can_open": can_open,
        "money": money_by_line(project, user, overview) if can_open else None,
    }
