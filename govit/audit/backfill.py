"""Fill ``Event.project_id`` for the events written before the column existed (migration 0003).

The column is an index, not content (ADR 0003): it is outside the HMAC-SM3 digest, so filling
it leaves ``govit history verify`` intact.  Set-based — one UPDATE per record type, whatever the
number of events — and written against the model registry it is given, so that the migration
runs it on the historical models (on SQLite and PostgreSQL alike).

What it fills, the same way ``services.project_id_of`` does for new events:
- events of a project: the project's own pk (``object_id``);
- events of a record with a ``project_id`` column (a contract, a fund batch, a document …):
  that column of the record, looked up by ``object_id``;
- events of a record that reaches its project through a parent (``PARENT_PATHS``).
A record deleted since (a budget line removed from the dossier) has nothing to look up: its
events keep ``project_id`` empty.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast

PROJECT_LABEL = "projects.project"

# Records without a ``project_id`` of their own whose services pass ``project=`` to ``record``.
PARENT_PATHS: dict[str, str] = {
    "applications.indicator": "pre_evaluation__project_id",
    "applications.productitem": "profile__project_id",
}


def _project_path(model: type[models.Model]) -> str | None:
    """How a record of ``model`` names its project, or None when it does not."""
    label = model._meta.label_lower
    if label in PARENT_PATHS:
        return PARENT_PATHS[label]
    if any(field.attname == "project_id" for field in model._meta.concrete_fields):
        return "project_id"
    return None


def backfill_project_ids(apps: Any, *, using: str = "default") -> int:
    """Set ``project_id`` on every event that can name its project; returns the number of
    events visited (an event whose record is gone is visited and stays empty).

    ``apps``: the app registry (a migration's historical one, or ``django.apps.apps``).  The
    plain base manager is used: the default manager of ``Event`` refuses every update.
    """
    event_model = apps.get_model("audit", "Event")
    unfilled = event_model._base_manager.using(using).filter(project_id__isnull=True)
    as_number = Cast("object_id", models.BigIntegerField())
    updated: int = unfilled.filter(object_type=PROJECT_LABEL).update(project_id=as_number)
    for model in apps.get_models():
        label = model._meta.label_lower
        if label == PROJECT_LABEL or model._meta.app_label == "audit":
            continue
        path = _project_path(model)
        # Event.object_id is text; only integer primary keys can be matched by casting it.
        if path is None or not isinstance(model._meta.pk, models.IntegerField):
            continue
        owner = (
            model._base_manager.using(using)
            .filter(pk=Cast(OuterRef("object_id"), models.BigIntegerField()))
            .values(path)[:1]
        )
        updated += unfilled.filter(object_type=label).update(project_id=Subquery(owner))
    return updated
