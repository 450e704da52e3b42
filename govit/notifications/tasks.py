"""Celery tasks of notifications: thin, one service call each."""

from __future__ import annotations

from celery import shared_task

from .outbox import send_pending


@shared_task(name="govit.notifications.tasks.send_outbox")
def send_outbox(limit: int = 100) -> int:
    """Send pending emails of the outbox (beat: every minute)."""
    return send_pending(limit=limit)
