"""Celery task of the plan-item import: thin, one service call (eager in development and tests).

Bound to the project's app (``govit.celery``), not ``shared_task``: ``.delay`` must use the
project's configuration (eager unless a broker is configured), whoever imported the app first.
"""

from __future__ import annotations

from govit.celery import app

from .imports import plan_items_import_run


@app.task(name="govit.planning.tasks.run_plan_items_import")
def run_plan_items_import(import_id: int) -> str | None:
    """Check an uploaded file and save its items, all or none; the import's final state."""
    job = plan_items_import_run(import_id=import_id)
    return job.state if job is not None else None
