"""The signed-in user of a request, typed.

``LoginRequiredMiddleware`` and DRF's ``IsAuthenticated`` guarantee that every view outside
the anonymous allowlist has a real user; this says so once instead of in every view.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from .models import User


def acting_user(request: Any) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("请先登录")
    return user
