"""The email outbox, read-only for the administrators: its state, attempts and errors.

A row left in 发送中 (a worker died after claiming it) is never retried automatically, since
the email may have gone out; the administrator finds it here by its claimed time.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["id", "to_address", "state", "attempts", "created_at", "claimed_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["to_address"]
    fields = readonly_fields = (
        "to_address",
        "state",
        "attempts",
        "created_at",
        "claimed_at",
        "sent_at",
        "last_error",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
