"""The money of a project's fund batches: sums by state, budget line and payer, and the shares
of the payers (Art. 13, 25, 38).  Reads only; the services and pages both count with these.

Counting rule: a batch counts against the approved amount, its budget lines and its payer's
share from the moment it is requested until it is refused or withdrawn ("live": requested,
confirmed or released).  Two units of the same project can therefore never request together
more than what remains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, Sum

from govit.applications.models import BudgetLine, CountyParticipant
from govit.core.decisions import Decision, deny

from .models import LIVE_STATES, BatchState, FundBatch, FundBatchLine, FundKind

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Sums:
    """Released and pending (requested or confirmed) amounts."""

    released: Decimal = ZERO
    pending: Decimal = ZERO

    @property
    def committed(self) -> Decimal:
        return self.released + self.pending

    def plus(self, state: str, amount: Decimal) -> Sums:
        if state == BatchState.RELEASED:
            return Sums(self.released + amount, self.pending)
        return Sums(self.released, self.pending + amount)


def _collect(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, Sums]:
    sums: dict[Any, Sums] = defaultdict(Sums)
    for row in rows:
        sums[row[key]] = sums[row[key]].plus(row["state"], row["total"] or ZERO)
    return dict(sums)


def kind_sums(project: Any, kind: str, *, exclude_batch: Any = None) -> Sums:
    """Everything live of one kind of funds of the project."""
    queryset = FundBatch.objects.filter(project=project, kind=kind, state__in=LIVE_STATES)
    if exclude_batch is not None:
        queryset = queryset.exclude(pk=exclude_batch.pk)
    sums = Sums()
    for row in queryset.values("state").annotate(total=Sum("amount")).order_by():
        sums = sums.plus(row["state"], row["total"] or ZERO)
    return sums


def construction_sums_by_project(project_ids: Iterable[int]) -> dict[int, Sums]:
    """Live construction sums of many projects in one query (the queue)."""
    rows = (
        FundBatch.objects.filter(
            project_id__in=list(project_ids), kind=FundKind.CONSTRUCTION, state__in=LIVE_STATES
        )
        .values("project_id", "state")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return _collect(rows, "project_id")


def line_sums(project: Any) -> dict[int, Sums]:
    """Live sums per budget line (construction batches only have lines)."""
    rows = (
        FundBatchLine.objects.filter(batch__project=project, batch__state__in=LIVE_STATES)
        .values("budget_line_id", state=F("batch__state"))
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return _collect(rows, "budget_line_id")


def payer_sums(project: Any, kind: str, *, year: int | None = None) -> dict[int | None, Sums]:
    """Live sums per payer (``None``: the project's own budget), of one kind (and O&M year)."""
    queryset = FundBatch.objects.filter(project=project, kind=kind, state__in=LIVE_STATES)
    if year is not None:
        queryset = queryset.filter(year=year)
    rows = queryset.values("payer_id", "state").annotate(total=Sum("amount")).order_by()
    return _collect(rows, "payer_id")


# --- who pays what (Art. 25) -----------------------------------------------------------------
@dataclass(frozen=True)
class PayerShare:
    """A payer of the project and its share: a county participant, or the project's own budget."""

    participant: CountyParticipant | None
    pct: Decimal
    cap: Decimal

    @property
    def payer_id(self) -> int | None:
        return None if self.participant is None else self.participant.pk

    @property
    def label(self) -> str:
        if self.participant is None:
            return "本级财政资金"
        return f"县区财政资金（{self.participant.jurisdiction.name}）"

    @property
    def is_county_budget(self) -> bool:
        return self.participant is not None


def share_of(amount: Decimal, pct: Decimal) -> Decimal:
    """``amount × pct %``, rounded half-up to the cent."""
    return (amount * pct / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def participants_of(project: Any) -> list[CountyParticipant]:
    return list(
        CountyParticipant.objects.filter(project=project)
        .select_related("jurisdiction")
        .order_by("id")
    )


def construction_shares(
    project: Any, total: Decimal, participants: list[CountyParticipant] | None = None
) -> list[PayerShare]:
    """Each county's construction share = its ``construction_share_pct`` of the approved total;
    the project's own budget carries the rest (Art. 25).  Own budget first, then the counties.
    """
    counties = [
        PayerShare(p, p.construction_share_pct, share_of(total, p.construction_share_pct))
        for p in (participants if participants is not None else participants_of(project))
    ]
    county_pct = sum((c.pct for c in counties), Decimal(0))
    county_cap = sum((c.cap for c in counties), ZERO)
    own = PayerShare(None, max(HUNDRED - county_pct, Decimal(0)), max(total - county_cap, ZERO))
    return [own, *counties]


def om_split(
    project: Any, amount: Decimal, participants: list[CountyParticipant] | None = None
) -> list[tuple[CountyParticipant | None, Decimal]]:
    """Split a year's O&M request by the counties' ``om_share_pct`` (Art. 25).

    The rule: each county pays its percentage of the amount the unit requests for the year,
    rounded half-up to the cent; the project's own budget pays the rest.  When the counties
    together carry 100 %, the rounding difference (a cent or two) goes to the last county, so
    that the parts always add up to the request.  Payers whose part is zero get no batch.
    """
    counties = participants if participants is not None else participants_of(project)
    parts: list[tuple[CountyParticipant | None, Decimal]] = [
        (p, share_of(amount, p.om_share_pct)) for p in counties
    ]
    county_pct = sum((p.om_share_pct for p in counties), Decimal(0))
    rest = amount - sum((part for _, part in parts), ZERO)
    if parts and (county_pct >= HUNDRED or rest < 0):
        last, part = parts[-1]
        parts[-1] = (last, part + rest)
        rest = ZERO
    result: list[tuple[CountyParticipant | None, Decimal]] = [(None, rest)] if rest > 0 else []
    result.extend((p, part) for p, part in parts if part > 0)
    return result


def baseline_commitments(project: Any, proposed: Any) -> list[Decision]:
    """Construction funds requested or released above a proposed baseline (Art. 13, 19, 38).

    Used when a change request would lower the baseline: it may not go below what is already
    committed, in total or on any budget line.
    """
    refusals = []
    total = kind_sums(project, FundKind.CONSTRUCTION).committed
    if total > proposed.total:
        refusals.append(
            deny(
                f"已申请或已拨付的建设资金 {total:,.2f} 元超过变更后的批复总额 "
                f"{proposed.total:,.2f} 元，不能批准",
                19,
                en="Construction funds already requested or released exceed the new total",
            )
        )
    names = dict(BudgetLine.objects.filter(project=project).values_list("pk", "name"))
    for line_id, sums in sorted(line_sums(project).items()):
        if sums.committed > proposed.line_limit(line_id):
            refusals.append(
                deny(
                    f"预算明细「{names.get(line_id, line_id)}」已申请或已拨付 "
                    f"{sums.committed:,.2f} 元，超过变更后的核定金额 "
                    f"{proposed.line_limit(line_id):,.2f} 元，不能批准",
                    38,
                    en="Funds on a budget line exceed its new amount",
                )
            )
    return refusals
