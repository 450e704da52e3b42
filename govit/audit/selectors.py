from __future__ import annotations

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
