"""The baseline a project is judged against: how much in total and per budget line, by when,
what (Art. 13, 19, 38).  Funds and contracts ask ``current_baseline(project)``; change
requests write new versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.module_loading import import_string

from govit.core.decisions import Decision

from .models import Baseline


@dataclass(frozen=True)
class BaselineView:
    """A baseline as numbers.  ``version`` 0 is the approved opinion before any change."""

    version: int
    total: Decimal
    lines: dict[int, Decimal] = field(default_factory=dict)
    planned_completion: date | None = None
    scope: str = ""

    def line_limit(self, budget_line_id: int) -> Decimal:
        """The ceiling of one budget line (0 for a line the baseline does not fund)."""
        return self.lines.get(budget_line_id, Decimal("0"))


def original_baseline(project: Any) -> BaselineView:
    """What BDB approved: the signed opinion's lines (Art. 11).

    A filed project (备案, Art. 3, 12) has no opinion: its registered budget is the baseline.
    A project without either has an empty baseline (nothing may be spent or contracted).
    """
    from govit.reviews.selectors import signed_opinion

    opinion = signed_opinion(project)
    if opinion is not None:
        lines = {
            line.budget_line_id: line.approved
            for line in opinion.lines.all()
            if line.budget_line_id is not None
        }
        return BaselineView(0, opinion.approved_amount, lines)
    if project.state != "draft" and (project.procedure == "filing" or project.upper_level):
        budget = {line.pk: line.amount for line in project.budget_lines.all()}
        return BaselineView(0, project.requested_amount, budget)
    return BaselineView(0, Decimal("0"))


def as_view(row: Baseline) -> BaselineView:
    return BaselineView(
        row.version,
        row.total_amount,
        {int(key): Decimal(value) for key, value in row.line_amounts.items()},
        row.planned_completion,
        row.scope,
    )


def current_baseline(project: Any) -> BaselineView:
    """The latest approved version, or the original when nothing has changed."""
    latest = Baseline.objects.filter(project=project).order_by("-version").first()
    return as_view(latest) if latest is not None else original_baseline(project)


_READ_MEMO = "_current_baseline_for_reading"


def baseline_for_reading(project: Any) -> BaselineView:
    """``current_baseline`` for pages that only read: computed once per project instance, so
    the project page's funds, contracts and construction sections share one answer.

    Services never use it: they lock a fresh instance and must see a version written a moment
    before in the same transaction.
    """
    memo = getattr(project, _READ_MEMO, None)
    if memo is None:
        memo = current_baseline(project)
        setattr(project, _READ_MEMO, memo)
    return memo


# What other stages have already committed against the baseline (funds requested or released,
# contracts signed).  Named by path so that the dependency still points from those apps to
# this one; each answers ``check(project, proposed: BaselineView) -> list[Decision]``.
COMMITMENT_CHECKS: list[str] = [
    "govit.funds.ledger.baseline_commitments",
    "govit.contracts.selectors.baseline_commitments",
]


def commitments_exceeding(project: Any, proposed: BaselineView) -> list[Decision]:
    """Why ``proposed`` cannot replace the current baseline: money already committed above it."""
    refusals: list[Decision] = []
    for path in COMMITMENT_CHECKS:
        refusals.extend(import_string(path)(project, proposed))
    return refusals
