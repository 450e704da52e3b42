from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Event

# The security log that the security auditor (安全审计员) reads: account, token and
# configuration events.  Business history is read on each record's page by Audit and BDB.
SECURITY_ACTION_PREFIXES = ("accounts.", "admin.", "security.")


@admin.register(Event)
class SecurityLogAdmin(admin.ModelAdmin[Event]):
    list_display = ["seq", "occurred_at", "actor_name", "action", "object_repr", "client_ip"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "action", "request_id"]
    date_hierarchy = "occurred_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        from django.db.models import Q

        condition = Q()
        for prefix in SECURITY_ACTION_PREFIXES:
            condition |= Q(action__startswith=prefix)
        return super().get_queryset(request).filter(condition)

    # Append-only: nobody adds, edits or deletes history through the admin.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
