"""One verdict on whether a project may receive money: ``funding_eligibility(project, on=…)``.

It returns every reason that blocks funds, each a ``Decision`` citing its article, in this
order:

1. no BDB approval opinion (审核意见) dated on or before ``on`` (Art. 11).  A project under the
   filing procedure (备案, and higher-level projects filed after the upper approval, Art. 3, 12)
   has no opinion: once BDB has registered the filing (the project is past ``filed``) the
   filing counts as BDB's basis for funding;
2. a fixed-asset project without an approving NDRC decision dated on or before ``on``
   (Art. 4, 11: ``reviews.NdrcDecision`` with ``approved=True``, the latest decision counts);
3. the construction total would exceed the approved baseline (Art. 13, 19) — only when an
   ``amount`` (a request: released + pending + amount) or a ``batch`` (a release: released +
   this batch) is given, and only for construction funds: O&M has no approved baseline here;
4. construction completed but not yet accepted (state ``completed`` or ``acceptance_applied``):
   blocks construction AND O&M funds (Art. 23);
5. construction suspended by BDB (Art. 20);
6. project terminated (Art. 35: termination is the last step of the sanctions ladder);
7. whatever the functions named in ``EXTRA_CHECKS`` return.

Finance sees the verdict next to every pending batch; ``services.fund_batch_release`` refuses
when it is not clear (and ``fund_batch_request`` too, before anything is saved).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, cast

from django.utils.module_loading import import_string

from govit.construction.baselines import current_baseline
from govit.core.decisions import Decision, deny
from govit.core.errors import InvalidInput
from govit.reviews.models import NdrcDecision

from . import ledger
from .models import FundKind

EXTRA_CHECKS: list[str] = [
    "govit.supervision.eligibility.fund_suspension",  # Art. 35 — supervision: fund suspension
    "govit.systems.eligibility.sharing_compliance",  # Art. 30 — systems not sharing
]
"""Dotted paths of more checks, each ``check(project, on, kind) -> list[Decision]``.

Empty for now.  Issue 5 plugs in here, without touching this module's callers:

- Art. 30: a system that does not share through (or is not connected to) the city exchange
  platform gets no further construction or O&M funds;
- Art. 35: a fund suspension decided by BDB after an inspection (sanctions ladder).

Each check returns the reasons it finds (an empty list when it has nothing to say); they are
shown to Finance and block a release like the reasons above.
"""

# Before BDB's decision (or the registration of a filing) there is no basis for funds.
PRE_DECISION_STATES = frozenset(
    {
        "draft",
        "submitted",
        "unit_signed",
        "under_review",
        "returned",
        "consent_requested",
        "consented",
        "rejected",
    }
)
ACCEPTANCE_PENDING_STATES = ("completed", "acceptance_applied")


@dataclass(frozen=True)
class Eligibility:
    """The verdict: ``clear`` when nothing blocks funds; otherwise every reason with its article."""

    project_id: int
    on: date
    kind: str
    reasons: list[Decision] = field(default_factory=list)
    amount: Decimal | None = None

    @property
    def clear(self) -> bool:
        return not self.reasons

    @property
    def message(self) -> str:
        """Every reason with its article, as one sentence list."""
        return "；".join(reason.message for reason in self.reasons)

    @property
    def message_en(self) -> str:
        return "; ".join(
            (r.reason_en or r.reason) + (f" (Art. {r.article})" if r.article else "")
            for r in self.reasons
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": self.project_id,
            "on": self.on.isoformat(),
            "kind": self.kind,
            "amount": None if self.amount is None else str(self.amount),
            "clear": self.clear,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


def check_kind(kind: Any) -> str:
    if kind not in FundKind.values:
        raise InvalidInput(
            "资金类型应为建设资金（construction）或运维经费（om）",
            message_en="kind must be construction or om",
            field="kind",
        )
    return str(kind)


# --- the reasons ------------------------------------------------------------------------------
def _filed(project: Any) -> bool:
    """A filing-procedure project whose filing BDB has registered (Art. 3, 12, 14)."""
    filing = project.procedure == "filing" or bool(project.upper_level)
    return filing and project.state not in PRE_DECISION_STATES


def bdb_basis(project: Any, on: date) -> Decision | None:
    """Art. 11: BDB's approval opinion is the precondition of funding."""
    if project.opinion_number:
        if project.opinion_date is not None and project.opinion_date > on:
            return deny(
                f"大数据局审核意见 {project.opinion_number} 的日期为 {project.opinion_date}，"
                f"晚于 {on}，该日尚无审核意见",
                11,
                en=f"BDB's approval opinion is dated after {on}",
            )
        return None
    if _filed(project):
        return None
    return deny(
        "项目尚无大数据局审核意见（批复文号），不能拨付资金；请待大数据局批复后再申请",
        11,
        en="The project has no BDB approval opinion yet",
    )


def _ndrc_approved(decisions: Iterable[NdrcDecision], on: date) -> bool:
    dated = sorted((d for d in decisions if d.date <= on), key=lambda d: (d.date, d.pk))
    return bool(dated) and dated[-1].approved


def ndrc_basis(project: Any, on: date, *, approved: bool | None = None) -> Decision | None:
    """Art. 4, 11: a fixed-asset project needs NDRC's investment approval before any money."""
    if not project.is_fixed_asset:
        return None
    if approved is None:
        approved = _ndrc_approved(NdrcDecision.objects.filter(project=project), on)
    if approved:
        return None
    return deny(
        "固定资产投资项目尚无发展改革委批准的投资审批，不能拨付资金；请待发展改革委录入批准文号",
        4,
        en="A fixed-asset project without NDRC's investment approval",
    )


def baseline_reason(
    *, approved: Decimal, released: Decimal, pending: Decimal, amount: Decimal, releasing: bool
) -> Decision | None:
    """Art. 13, 19: never more than the approved amount in total."""
    if releasing:
        total = released + amount
        if total <= approved:
            return None
        return deny(
            f"拨付本批 {amount} 元后累计拨付 {total} 元，将超过批复金额 {approved} 元"
            f"（已拨付 {released} 元）；超出批复的部分须先按第十九条经变更申请批准",
            13,
            en=f"Releasing {amount} would bring the total released to {total}, above the "
            f"approved {approved}",
        )
    total = released + pending + amount
    if total <= approved:
        return None
    remaining = max(approved - released - pending, Decimal("0.00"))
    return deny(
        f"本批 {amount} 元超过剩余可申请金额 {remaining} 元：批复金额 {approved} 元，"
        f"已拨付 {released} 元，在途 {pending} 元；超出批复的部分须先按第十九条经变更申请批准",
        13,
        en=f"{amount} exceeds the remaining approved amount {remaining} "
        f"(approved {approved}, released {released}, pending {pending})",
    )


def acceptance_reason(project: Any) -> Decision | None:
    """Art. 23: after completion, no construction or O&M funds before acceptance."""
    if project.state not in ACCEPTANCE_PENDING_STATES:
        return None
    since = f"于 {project.completed_on} " if project.completed_on else ""
    return deny(
        f"项目已{since}建设完成但尚未通过验收，验收前不再拨付建设资金和运维经费；请先申请并通过验收",
        23,
        en="Construction is completed but not accepted: no construction or O&M funds",
    )


def suspension_reason(project: Any) -> Decision | None:
    """Art. 20: a suspension ordered by BDB blocks funds until it is lifted."""
    if project.state != "suspended":
        return None
    return deny(
        "项目已被大数据局暂停建设，恢复建设前不拨付资金",
        20,
        en="The project is suspended by BDB: no funds until the suspension is lifted",
    )


def termination_reason(project: Any) -> Decision | None:
    """Art. 35: a terminated project gets no more money."""
    if project.state != "terminated":
        return None
    return deny("项目已终止，不再拨付资金", 35, en="The project is terminated")


@cache
def _extra(path: str) -> Any:
    return import_string(path)


def extra_reasons(project: Any, on: date, kind: str) -> list[Decision]:
    reasons: list[Decision] = []
    for path in EXTRA_CHECKS:
        reasons.extend(cast(list[Decision], _extra(path)(project, on, kind)))
    return reasons


def _reasons(
    project: Any, on: date, kind: str, *, ndrc_approved: bool | None, baseline: Decision | None
) -> list[Decision]:
    found = [
        bdb_basis(project, on),
        ndrc_basis(project, on, approved=ndrc_approved),
        baseline,
        acceptance_reason(project),
        suspension_reason(project),
        termination_reason(project),
    ]
    return [reason for reason in found if reason is not None] + extra_reasons(project, on, kind)


# --- the verdict ------------------------------------------------------------------------------
def funding_eligibility(
    project: Any,
    *,
    on: date,
    kind: str = FundKind.CONSTRUCTION,
    amount: Decimal | None = None,
    batch: Any = None,
) -> Eligibility:
    """Every reason that blocks ``kind`` funds of ``project`` on day ``on``.

    ``amount``: a new request of that much (checked with everything live: released and
    pending).  ``batch``: the pending batch about to be released (checked with what is
    released; other pending batches are judged when their turn comes).
    """
    kind = check_kind(kind)
    baseline: Decision | None = None
    if kind == FundKind.CONSTRUCTION and (amount is not None or batch is not None):
        approved = current_baseline(project).total
        if batch is not None:
            sums = ledger.kind_sums(project, kind, exclude_batch=batch)
            baseline = baseline_reason(
                approved=approved,
                released=sums.released,
                pending=sums.pending,
                amount=batch.amount,
                releasing=True,
            )
        elif amount is not None:
            sums = ledger.kind_sums(project, kind)
            baseline = baseline_reason(
                approved=approved,
                released=sums.released,
                pending=sums.pending,
                amount=amount,
                releasing=False,
            )
    reasons = _reasons(project, on, kind, ndrc_approved=None, baseline=baseline)
    return Eligibility(project.pk, on, kind, reasons, amount if batch is None else batch.amount)


def eligibility_of_batches(batches: Iterable[Any], *, on: date) -> dict[int, Eligibility]:
    """The release verdict of each pending batch, with a fixed number of queries per project
    (NDRC decisions and released sums in one query each for all; the baseline per project).
    """
    batches = list(batches)
    projects = {batch.project_id: batch.project for batch in batches}
    decisions: dict[int, list[NdrcDecision]] = {pk: [] for pk in projects}
    fixed_asset = [pk for pk, project in projects.items() if project.is_fixed_asset]
    for decision in NdrcDecision.objects.filter(project_id__in=fixed_asset):
        decisions[decision.project_id].append(decision)
    construction = [b for b in batches if b.kind == FundKind.CONSTRUCTION]
    released = ledger.construction_sums_by_project({b.project_id for b in construction})
    approved = {
        pk: current_baseline(projects[pk]).total for pk in {b.project_id for b in construction}
    }
    verdicts: dict[int, Eligibility] = {}
    for batch in batches:
        project = projects[batch.project_id]
        baseline = None
        if batch.kind == FundKind.CONSTRUCTION:
            sums = released.get(batch.project_id, ledger.Sums())
            baseline = baseline_reason(
                approved=approved[batch.project_id],
                released=sums.released,
                pending=sums.pending,
                amount=batch.amount,
                releasing=True,
            )
        reasons = _reasons(
            project,
            on,
            batch.kind,
            ndrc_approved=_ndrc_approved(decisions[batch.project_id], on),
            baseline=baseline,
        )
        verdicts[batch.pk] = Eligibility(project.pk, on, batch.kind, reasons, batch.amount)
    return verdicts
