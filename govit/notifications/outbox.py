"""Sending the outbox: claim rows atomically, send, mark each sent exactly once.

A worker claims up to ``limit`` pending rows in one short transaction: it reads their ids
with ``select_for_update(skip_locked=True)`` (PostgreSQL: a second worker skips the rows the
first holds; SQLite's IMMEDIATE transactions run one claim at a time) and moves them from
pending to sending with a conditional UPDATE.  Only the claiming worker sends a row; it then
marks it sent, or — on an error — back to pending to be tried on the next run, until
``MAX_ATTEMPTS`` attempts have failed and it stays failed.

A worker that dies between sending and marking leaves its rows in ``sending``: they are not
tried again automatically (the email may have gone out), so nothing is ever sent twice; the
administrator sees them in the admin site with their ``claimed_at``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import MAX_ATTEMPTS, OutboxMessage, OutboxState

logger = logging.getLogger(__name__)


def claim(limit: int) -> tuple[datetime, list[OutboxMessage]]:
    """Move up to ``limit`` pending rows, oldest first, to sending; return the claimed rows."""
    claimed_at = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(state=OutboxState.PENDING)
            .order_by("id")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return claimed_at, []
        OutboxMessage.objects.filter(pk__in=ids, state=OutboxState.PENDING).update(
            state=OutboxState.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1
        )
        rows = list(
            OutboxMessage.objects.filter(
                pk__in=ids, state=OutboxState.SENDING, claimed_at=claimed_at
            ).order_by("id")
        )
    return claimed_at, rows


def _mark_sent(message: OutboxMessage, claimed_at: datetime) -> None:
    OutboxMessage.objects.filter(
        pk=message.pk, state=OutboxState.SENDING, claimed_at=claimed_at
    ).update(state=OutboxState.SENT, sent_at=timezone.now(), last_error="")


def _mark_failed(message: OutboxMessage, claimed_at: datetime, error: Exception) -> None:
    final = message.attempts >= MAX_ATTEMPTS
    OutboxMessage.objects.filter(
        pk=message.pk, state=OutboxState.SENDING, claimed_at=claimed_at
    ).update(
        state=OutboxState.FAILED if final else OutboxState.PENDING,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    logger.warning(
        "outbox message %s failed (attempt %s of %s): %s",
        message.pk,
        message.attempts,
        MAX_ATTEMPTS,
        error,
    )


def send_pending(limit: int = 100) -> int:
    """Send up to ``limit`` pending emails; returns how many were sent."""
    claimed_at, rows = claim(limit)
    if not rows:
        return 0
    sent = 0
    connection = get_connection(fail_silently=False)
    for message in rows:
        try:
            send_mail(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.to_address],
                connection=connection,
            )
        except Exception as error:  # any backend error: recorded, retried
            _mark_failed(message, claimed_at, error)
            continue
        _mark_sent(message, claimed_at)
        sent += 1
    return sent
