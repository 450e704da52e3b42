"""The life of a fund batch, declared once (like ``projects/workflow.py``, for ``FundBatch``).

    requested 已申请 ──confirm──▶ confirmed 进度已确认 ──release──▶ released 已拨付
    requested / confirmed ──refuse──▶ refused 不予拨付
    requested / confirmed ──withdraw──▶ withdrawn 已撤回

Who may act on which batch:
- confirm: BDB staff of the project's jurisdiction (they watch the progress, Art. 4, 13);
- release: Finance of the *payer's* jurisdiction — the project's own Finance for batches of its
  own budget, the county's Finance for a county's share (Art. 25);
- refuse: BDB (staff or leader) of the project's jurisdiction, or the payer's Finance once the
  progress is confirmed; a reason is required;
- withdraw: staff of the owning unit, while the batch is not yet released.

The services (``services.py``) run these transitions through ``FUND_BATCH_MACHINE.execute``
after their own checks (limits, the eligibility verdict); the engine re-checks roles and
guards on the locked row, changes the state with a conditional UPDATE and writes one audit
event ``funds.<transition>`` on the project (so that the project's history tells the story).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from govit.accounts.roles import ROLE_LABELS, Role
from govit.accounts.selectors import jurisdiction_id_of
from govit.audit.services import record
from govit.core.decisions import ALLOW, Decision, deny
from govit.core.workflow import State, StateMachine, Transition, TransitionContext

from .models import BatchState, FundBatch


def payer_jurisdiction_id(batch: Any) -> int:
    """Whose budget pays: the county participant's jurisdiction, else the project's own."""
    if batch.payer_id is not None:
        return int(batch.payer.jurisdiction_id)
    return int(batch.project.jurisdiction_id)


# --- guards: (batch, user) -> Decision ------------------------------------------------------
def bdb_of_project(batch: Any, user: Any) -> Decision:
    """Art. 4, 13: the Big Data Bureau of the project's jurisdiction confirms its progress."""
    if jurisdiction_id_of(user) != batch.project.jurisdiction_id:
        return deny(
            "只能办理本行政区域项目的资金批次",
            13,
            en="Only batches of projects of your own jurisdiction",
        )
    return ALLOW


def finance_of_payer(batch: Any, user: Any) -> Decision:
    """Art. 13, 25: the Finance bureau whose budget pays releases the batch."""
    if jurisdiction_id_of(user) != payer_jurisdiction_id(batch):
        if batch.payer_id is not None:
            return deny(
                f"该批次为县区财政资金，由{batch.payer.jurisdiction.name}财政部门拨付",
                25,
                en="A county's share is released by that county's Finance bureau",
            )
        return deny(
            "该批次由项目所在行政区域的财政部门拨付",
            13,
            en="Released by the Finance bureau of the project's jurisdiction",
        )
    return ALLOW


def bdb_or_payer_finance(batch: Any, user: Any) -> Decision:
    """BDB may refuse at any pending step; the payer's Finance once the progress is confirmed."""
    if user.has_any_role(Role.BDB_STAFF, Role.BDB_LEADER) and bdb_of_project(batch, user):
        return ALLOW
    if user.has_role(Role.FINANCE):
        decision = finance_of_payer(batch, user)
        if not decision:
            return decision
        if batch.state != BatchState.CONFIRMED:
            return deny(
                "大数据局确认建设进度后，财政部门方可决定不予拨付",
                13,
                en="Finance decides once BDB has confirmed the progress",
            )
        return ALLOW
    return bdb_of_project(batch, user)


def owner_unit(batch: Any, user: Any) -> Decision:
    if getattr(user, "organisation_id", None) != batch.project.organisation_id:
        return deny("只能撤回本单位的资金申请", en="Only the owning unit may withdraw")
    return ALLOW


# --- effects: (batch, user, context) -> None -------------------------------------------------
def _stamp(batch: models.Model, **fields: Any) -> None:
    FundBatch.objects.filter(pk=batch.pk).update(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)


def stamp_confirmed(batch: Any, user: Any, context: TransitionContext) -> None:
    _stamp(
        batch,
        confirmed_by=user,
        confirmed_at=timezone.now(),
        confirmation_note=context.data.get("confirmation_note", ""),
    )


def stamp_released(batch: Any, user: Any, context: TransitionContext) -> None:
    # The release date and reference are written by the service before the state changes
    # (the table's check constraint wants them on every released row, at every statement).
    _stamp(batch, released_by=user, released_at=timezone.now())


def stamp_refused(batch: Any, user: Any, context: TransitionContext) -> None:
    # The reason is written by the service before the state changes (check constraint).
    _stamp(batch, refused_by=user, refused_at=timezone.now())


def stamp_withdrawn(batch: Any, user: Any, context: TransitionContext) -> None:
    _stamp(batch, withdrawn_by=user, withdrawn_at=timezone.now(), withdrawal_reason=context.reason)


# --- history: one event per change, on the project -------------------------------------------
def record_on_project(
    *,
    action: str,
    obj: models.Model,
    by: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str,
) -> Any:
    batch = obj
    if not isinstance(batch, FundBatch):  # this machine only drives fund batches
        raise TypeError(f"funds history expects a FundBatch, got {type(obj).__name__}")
    facts = {"batch_id": batch.pk, "batch_number": batch.number}
    return record(
        action=action,
        obj=batch.project,
        by=by,
        before={**facts, **(before or {})},
        after={**facts, "amount": batch.amount, **(after or {})},
        reason=reason,
    )


S = State
STATES = [
    S(BatchState.REQUESTED, "已申请", "Requested"),
    S(BatchState.CONFIRMED, "进度已确认", "Progress confirmed"),
    S(BatchState.RELEASED, "已拨付", "Released", terminal=True),
    S(BatchState.REFUSED, "不予拨付", "Refused", terminal=True),
    S(BatchState.WITHDRAWN, "已撤回", "Withdrawn", terminal=True),
]

T = Transition
PENDING = (BatchState.REQUESTED.value, BatchState.CONFIRMED.value)
TRANSITIONS = [
    T("confirm", "确认建设进度", "Confirm the progress", (BatchState.REQUESTED,),
      BatchState.CONFIRMED, frozenset({Role.BDB_STAFF}), (bdb_of_project,),
      effects=(stamp_confirmed,)),
    T("release", "拨付", "Release", (BatchState.CONFIRMED,), BatchState.RELEASED,
      frozenset({Role.FINANCE}), (finance_of_payer,), effects=(stamp_released,)),
    T("refuse", "不予拨付", "Refuse", PENDING, BatchState.REFUSED,
      frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.FINANCE}), (bdb_or_payer_finance,),
      effects=(stamp_refused,), requires_reason=True, style="danger"),
    T("withdraw", "撤回申请", "Withdraw", PENDING, BatchState.WITHDRAWN,
      frozenset({Role.UNIT_STAFF}), (owner_unit,), effects=(stamp_withdrawn,),
      style="secondary"),
]  # fmt: skip

FUND_BATCH_MACHINE = StateMachine(
    name="funds",
    states=STATES,
    transitions=TRANSITIONS,
    initial=BatchState.REQUESTED,
    history=record_on_project,
    role_labels=ROLE_LABELS,
)
