from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import ApiToken, Jurisdiction, Organisation, User, UserRole


class UserRoleInline(admin.TabularInline[UserRole, User]):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "organisation", "is_active", "last_login"]
    list_filter = ["is_active", "organisation__jurisdiction", "role_assignments__role"]
    search_fields = ["username", "full_name", "organisation__name"]
    inlines = [UserRoleInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email", "organisation", "language")}),
        ("状态", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin[Jurisdiction]):
    list_display = ["code", "name", "level", "parent"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "code", "jurisdiction", "org_type", "function", "is_active"]
    list_filter = ["jurisdiction", "org_type", "function"]
    search_fields = ["name", "short_name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["key_prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "key_prefix", "digest", "created_at", "last_used_at"]
    search_fields = ["user__username", "key_prefix"]
