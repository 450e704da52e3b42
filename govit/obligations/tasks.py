"""Celery task of the compliance scan (beat schedule: ``govit/settings/tasks.py``)."""

from __future__ import annotations

from govit.celery import app

from .scan import run_scan


@app.task(name="govit.obligations.tasks.scan")
def scan() -> dict[str, object]:
    """Run today's scan; eager in development and tests, on the worker in production."""
    return run_scan().as_dict()
