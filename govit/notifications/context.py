"""The unread count of the header badge.

The count is taken at sign-in and kept in the session for a minute: the session is saved on
every request anyway (SESSION_SAVE_EVERY_REQUEST), so the badge costs one query per minute per
user instead of one per page (pages pin their query counts).  Opening the inbox or marking
read refreshes it at once; a new notification shows within a minute.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest

from govit.accounts.models import User

from .selectors import unread_count

SESSION_KEY = "notifications_unread"
FRESH_SECONDS = 60


def remember_unread(request: HttpRequest, user: User) -> int:
    """Count ``user``'s unread notifications now and keep the count in the session."""
    count = unread_count(user)
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = [count, time.time()]
    return count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated or user.is_administrator:
        return {}
    session = getattr(request, "session", None)
    kept = session.get(SESSION_KEY) if session is not None else None
    if isinstance(kept, list) and len(kept) == 2 and 0 <= time.time() - kept[1] < FRESH_SECONDS:
        return {"unread_notifications": int(kept[0])}
    return {"unread_notifications": remember_unread(request, user)}


def count_on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: keep the unread count in the new session."""
    if request is not None and isinstance(user, User) and not user.is_administrator:
        remember_unread(request, user)
