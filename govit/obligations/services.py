"""Opening, fulfilling, rescheduling, waiving obligations and marking the overdue ones.

Stage services call ``obligation_open`` and ``obligation_fulfil`` inside their own transaction,
with a key naming the object (``contracts.contract:42``): opening or fulfilling twice changes
nothing the second time, so a retried step never doubles an obligation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.audit.services import PendingEvent, record, record_many
from govit.core.decisions import deny
from govit.core.errors import RuleViolation
from govit.core.inputs import required_text
from govit.policy.calendar import working_days_between

from .models import KIND_ARTICLES, DayCount, Obligation, ObligationState


def key_of(obj: models.Model, suffix: str = "") -> str:
    """``contracts.contract:42`` — the stable key of the object an obligation is about."""
    key = f"{obj._meta.label_lower}:{obj.pk}"
    return f"{key}:{suffix}" if suffix else key


def _facts(obligation: Obligation) -> dict[str, Any]:
    return {
        "kind": obligation.kind,
        "key": obligation.key,
        "responsible": obligation.responsible.name,
        "due_on": obligation.due_on.isoformat(),
        "due_provisional": obligation.due_provisional,
        "state": obligation.state,
        "article": obligation.article,
    }


def obligation_open(
    *,
    kind: str,
    key: str,
    title: str,
    responsible: Organisation,
    due_on: date,
    project: Any = None,
    opened_on: date | None = None,
    opens_on: date | None = None,
    due_provisional: bool = False,
    day_count: str = DayCount.CALENDAR,
    pack: Any = None,
    by: User | None = None,
) -> Obligation:
    """Open the obligation ``key`` (or return it unchanged when it is already open)."""
    with transaction.atomic():
        existing = Obligation.objects.select_for_update().filter(key=key).first()
        if existing is not None:
            return existing
        obligation = Obligation.objects.create(
            kind=kind,
            key=key,
            title=title[:200],
            project=project,
            responsible=responsible,
            jurisdiction_id=(
                project.jurisdiction_id if project is not None else responsible.jurisdiction_id
            ),
            article=KIND_ARTICLES[kind],
            pack=pack,
            opened_on=opened_on or timezone.localdate(),
            opens_on=opens_on,
            due_on=due_on,
            due_provisional=due_provisional,
            day_count=day_count,
        )
        record(action="obligations.open", obj=obligation, by=by, after=_facts(obligation))
    return obligation


def days_late(obligation: Obligation, on: date) -> int:
    """Days after the due date up to ``on`` in the rule's unit (0 when on time)."""
    if on <= obligation.due_on:
        return 0
    if obligation.day_count == DayCount.WORKING:
        return working_days_between(obligation.due_on, on).count
    return (on - obligation.due_on).days


def obligation_fulfil(*, key: str, on: date, by: User | None = None) -> Obligation | None:
    """The event that fulfils ``key`` happened on ``on``; ``None`` when no such obligation.

    Fulfilled on or before the due date is on time; after it, late by ``days_late``.  An
    already fulfilled or waived obligation stays as it was.
    """
    with transaction.atomic():
        obligation = Obligation.objects.select_for_update().filter(key=key).first()
        if obligation is None or obligation.state not in (
            ObligationState.OPEN,
            ObligationState.OVERDUE,
        ):
            return obligation
        before = _facts(obligation)
        obligation.state = ObligationState.FULFILLED
        obligation.fulfilled_on = on
        obligation.days_late = days_late(obligation, on)
        obligation.closed_at = timezone.now()
        obligation.save(update_fields=["state", "fulfilled_on", "days_late", "closed_at"])
        record(
            action="obligations.fulfil",
            obj=obligation,
            by=by,
            before=before,
            after={
                **_facts(obligation),
                "fulfilled_on": on.isoformat(),
                "days_late": obligation.days_late,
            },
        )
    return obligation


def obligation_reschedule(
    *, key: str, due_on: date, reason: str, by: User, due_provisional: bool = False
) -> Obligation | None:
    """A decision moved the due date (an extension, Art. 23); overdue becomes open again when
    the new date is still ahead."""
    with transaction.atomic():
        obligation = Obligation.objects.select_for_update().filter(key=key).first()
        if obligation is None or obligation.state not in (
            ObligationState.OPEN,
            ObligationState.OVERDUE,
        ):
            return obligation
        before = _facts(obligation)
        obligation.due_on = due_on
        obligation.due_provisional = due_provisional
        if due_on >= timezone.localdate():
            obligation.state, obligation.overdue_since = ObligationState.OPEN, None
        obligation.save(update_fields=["due_on", "due_provisional", "state", "overdue_since"])
        record(
            action="obligations.reschedule",
            obj=obligation,
            by=by,
            before=before,
            after=_facts(obligation),
            reason=reason,
        )
    return obligation


def obligation_waive(*, obligation: Obligation, reason: Any, by: User) -> Obligation:
    """Only a BDB leader of the obligation's jurisdiction waives, always with a reason."""
    text = required_text(reason, field="reason", label="豁免理由", max_length=2000)
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        same_place = (
            by.organisation is not None
            and by.organisation.jurisdiction_id == locked.jurisdiction_id
        )
        if not (by.has_role(Role.BDB_LEADER) and same_place):
            raise RuleViolation(
                deny(
                    "只有本行政区域的大数据局领导可以豁免期限事项",
                    en="Only a BDB leader of the jurisdiction may waive an obligation",
                )
            )
        if locked.state not in (ObligationState.OPEN, ObligationState.OVERDUE):
            raise RuleViolation(
                deny(
                    f"该事项{locked.get_state_display()}，不能豁免",
                    en="Only an open or overdue obligation can be waived",
                )
            )
        before = _facts(locked)
        locked.state = ObligationState.WAIVED
        locked.waived_by, locked.waived_reason = by, text
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "waived_by", "waived_reason", "closed_at"])
        record(
            action="obligations.waive",
            obj=locked,
            by=by,
            before=before,
            after=_facts(locked),
            reason=text,
        )
    return locked


def mark_overdue(
    today: date | None = None,
    *,
    chunk: int = 500,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Open obligations past their due date become overdue, each exactly once.

    Rows are claimed with ``select_for_update(skip_locked=True)`` (PostgreSQL: a second scan
    running at the same time skips them; SQLite's IMMEDIATE transaction serialises scans) and
    changed with a conditional UPDATE, so two scans at once or the same scan twice change each
    row once and write its history event once.  Returns how many became overdue;
    ``progress`` (optional) is called with the running total after each chunk.
    """
    today = today or timezone.localdate()
    changed = 0
    while True:
        with transaction.atomic():
            ids = list(
                Obligation.objects.select_for_update(skip_locked=True)
                .filter(state=ObligationState.OPEN, due_on__lt=today)
                .order_by("due_on", "id")
                .values_list("pk", flat=True)[:chunk]
            )
            if not ids:
                return changed
            Obligation.objects.filter(pk__in=ids, state=ObligationState.OPEN).update(
                state=ObligationState.OVERDUE, overdue_since=today
            )
            marked = list(
                Obligation.objects.filter(pk__in=ids, overdue_since=today).select_related(
                    "responsible"
                )
            )
            record_many(
                [
                    PendingEvent(
                        "obligations.overdue",
                        obligation,
                        None,
                        {"state": ObligationState.OPEN},
                        {"state": ObligationState.OVERDUE, "overdue_since": today.isoformat()},
                    )
                    for obligation in marked
                ]
            )
            changed += len(marked)
        if progress is not None:
            progress(changed)
