"""Writing history.  Called by services inside their own transaction, never from signals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from govit.core import context

from . import chain
from .models import ChainHead, Event


@dataclass(frozen=True)
class PendingEvent:
    """An event not yet chained: what ``record_many`` takes (bulk loads such as the demo)."""

    action: str
    obj: models.Model
    by: Any = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""
    # The project the event concerns when ``obj`` is neither a project nor has a
    # ``project_id`` of its own (an indicator of a pre-evaluation …): a project or its pk.
    project: Any = None


# Events of a project's own row carry its pk; other records their ``project_id``.
PROJECT_LABEL = "projects.project"


def project_id_of(obj: models.Model, explicit: Any = None) -> int | None:
    """The project an event on ``obj`` concerns, without a query (None: no single project)."""
    if explicit is not None:
        return int(getattr(explicit, "pk", explicit))
    if obj._meta.label_lower == PROJECT_LABEL:
        return int(obj.pk)
    direct = getattr(obj, "project_id", None)
    return int(direct) if direct is not None else None


def _lock_head() -> ChainHead:
    ChainHead.objects.get_or_create(pk=1)
    return ChainHead.objects.select_for_update().get(pk=1)


def _build(pending: PendingEvent, seq: int, prev: str, now: Any) -> Event:
    facts = context.current()
    actor = pending.by if getattr(pending.by, "pk", None) else None
    event = Event(
        seq=seq,
        occurred_at=now,
        actor=actor,
        actor_name=(str(actor) if actor else "系统")[:150],
        organisation=getattr(actor, "organisation", None),
        action=pending.action,
        object_type=pending.obj._meta.label_lower,
        object_id=str(pending.obj.pk),
        object_repr=str(pending.obj)[:200],
        before=chain.normalise(pending.before),
        after=chain.normalise(pending.after),
        reason=pending.reason or "",
        request_id=facts.request_id,
        client_ip=facts.client_ip or "",
        key_id=settings.AUDIT_HMAC_KEY_ID,
        prev_digest=prev,
        project_id=project_id_of(pending.obj, pending.project),
    )
    event.digest = chain.digest(event, prev)
    return event


def record_many(pending: Sequence[PendingEvent]) -> list[Event]:
    """Append events in order, in the caller's transaction (one chain-head lock for all)."""
    if not pending:
        return []
    with transaction.atomic():
        head = _lock_head()
        now = timezone.now()
        events: list[Event] = []
        seq, prev = head.last_seq, head.last_digest
        for item in pending:
            seq += 1
            event = _build(item, seq, prev, now)
            events.append(event)
            prev = event.digest
        Event.objects.bulk_create(events, batch_size=1000)
        ChainHead.objects.filter(pk=1).update(last_seq=seq, last_digest=prev)
    return events


def record(
    *,
    action: str,
    obj: models.Model,
    by: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    project: Any = None,
) -> Event:
    """Append one event: who (``by``), what (``action`` on ``obj``), before/after, why.

    ``project``: the project the event concerns, for an ``obj`` that does not name it itself.
    """
    return record_many([PendingEvent(action, obj, by, before, after, reason, project)])[0]


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    first_break: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify(events: Iterable[Event] | None = None) -> VerifyResult:
    """Walk the chain in sequence order; report the first event whose link or digest is wrong."""
    if events is None:
        events = Event.objects.order_by("seq").iterator(chunk_size=2000)
    expected_seq, prev, checked = 1, chain.GENESIS, 0
    for event in events:
        if event.seq != expected_seq:
            return VerifyResult(
                checked,
                event.seq,
                f"序号不连续：期望 {expected_seq}，实为 {event.seq}（有事件被删除或插入）",
            )
        if event.prev_digest != prev:
            return VerifyResult(checked, event.seq, "前一摘要不符（有事件被删除、插入或重排）")
        try:
            computed = chain.digest(event, prev)
        except LookupError as exc:
            return VerifyResult(checked, event.seq, str(exc))
        if computed != event.digest:
            return VerifyResult(checked, event.seq, "摘要不符（事件内容被修改）")
        prev, expected_seq, checked = event.digest, expected_seq + 1, checked + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head and (head.last_seq != checked or head.last_digest != prev):
        return VerifyResult(checked, head.last_seq, "链头与最后一条事件不符（末尾事件被删除）")
    return VerifyResult(checked)
