"""Reads of notifications: a user sees only their own (anyone else's is a 404)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.http import Http404

from govit.accounts.models import User

from .models import Notification, NotificationQuerySet


def notifications_for(user: User) -> NotificationQuerySet:
    """``user``'s inbox, unread first, newest first within each."""
    if not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .select_related("obligation")
        .annotate(
            unread_first=Case(
                When(read_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("unread_first", "-created_at", "-id")
    )


def notification_get(user: User, pk: int) -> Notification:
    found = notifications_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404("通知不存在")
    return found


def unread_count(user: User) -> int:
    if not user.is_authenticated or not user.is_active:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
