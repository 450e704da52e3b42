"""Policy packs and the holiday calendar, maintained by the system administrator (Art. 40).

Every add, change and delete — inline rows included — is written to the history
(``AuditedModelAdmin``).  Writing needs the Django model permission *and* the system
administrator role (or a superuser); the other administrators (三员分立) may at most read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.audit.admin_mixins import AuditedModelAdmin

from .models import CalendarYear, Holiday, PolicyPack, PolicyRule


def _is_policy_administrator(request: HttpRequest) -> bool:
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.has_role(Role.SYSADMIN)


class SysadminWrites:
    """Mixed into an admin (or inline): add/change/delete only for the system administrator."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _is_policy_administrator(request) and super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_policy_administrator(request) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_policy_administrator(request) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class PolicyRuleInline(SysadminWrites, admin.TabularInline[PolicyRule, PolicyPack]):
    model = PolicyRule
    extra = 0
    fields = ["key", "value", "value_type", "unit", "article", "description"]


@admin.register(PolicyPack)
class PolicyPackAdmin(SysadminWrites, AuditedModelAdmin[PolicyPack]):
    list_display = [
        "code",
        "name",
        "jurisdiction",
        "document_number",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["jurisdiction"]
    search_fields = ["code", "name", "document_number"]
    inlines = [PolicyRuleInline]
    fieldsets = [
        (None, {"fields": ["jurisdiction", "code", "name", "document_number"]}),
        ("有效期（第四十一条）", {"fields": ["effective_from", "effective_to"]}),
        ("来源", {"fields": ["source_note"]}),
    ]


class HolidayInline(SysadminWrites, admin.TabularInline[Holiday, CalendarYear]):
    model = Holiday
    extra = 0
    # A year without a single holiday is surely an unfinished entry: every schedule has 元旦.
    min_num = 1
    fields = ["date", "kind", "name", "source"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        # The admin passes min_num to the formset but not validate_min: check it on the server.
        kwargs.setdefault("validate_min", True)
        return super().get_formset(request, obj, **kwargs)


@admin.register(CalendarYear)
class CalendarYearAdmin(SysadminWrites, AuditedModelAdmin[CalendarYear]):
    list_display = ["year", "source", "entered_at"]
    search_fields = ["year", "source"]
    inlines = [HolidayInline]
    readonly_fields = ["entered_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The year is the key its days hang off: fixed once saved.
        return ["year", "entered_at"] if obj is not None else ["entered_at"]


@admin.register(Holiday)
class HolidayAdmin(SysadminWrites, AuditedModelAdmin[Holiday]):
    list_display = ["date", "kind", "name", "calendar_year", "source"]
    list_filter = ["kind", "calendar_year"]
    search_fields = ["name", "date"]
    date_hierarchy = "date"
    # The year follows from the date (Holiday.clean); a missing year is a form error.
    fields = ["date", "kind", "name", "source"]
