from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from govit.accounts.models import User
from govit.accounts.roles import Role

from .models import Event, EventQuerySet

HISTORY_READERS = (Role.AUDIT, Role.BDB_STAFF, Role.BDB_LEADER)


def can_read_history(user: User) -> bool:
    return user.has_any_role(*HISTORY_READERS)


def history_of(obj: models.Model, *, user: User) -> EventQuerySet:
    """The object's events, for those who may read history (the caller has already scoped ``obj``)."""
    if not can_read_history(user):
        return Event.objects.none()
    return Event.objects.for_object(obj).select_related("actor", "organisation").order_by("seq")


@dataclass(frozen=True)
class EventPage:
    """Events newest first; ``older_than`` continues with the next older page (None: no more)."""

    events: list[Event]
    older_than: int | None


def project_events(
    project_id: int, *, before: int | None = None, limit: int = 50, action_prefix: str = ""
) -> EventPage:
    """Events of a project and of its records, newest first, ``limit`` at a time (one query on
    the ``(project_id, seq)`` index).  The caller decides who may read them."""
    queryset = Event.objects.for_project(project_id).select_related("organisation")
    if before is not None:
        queryset = queryset.filter(seq__lt=before)
    if action_prefix:
        queryset = queryset.filter(action__startswith=action_prefix)
    rows = list(queryset.order_by("-seq")[: limit + 1])
    if len(rows) > limit:
        return EventPage(rows[:limit], rows[limit - 1].seq)
    return EventPage(rows, None)
