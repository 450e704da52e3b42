"""三员分立: the three administrators run the system and never change business records."""

from __future__ import annotations

import pytest
from django.test import Client

from govit.accounts.models import UserRole
from govit.accounts.roles import Role
from govit.core.errors import RuleViolation
from govit.projects.selectors import projects_for
from govit.projects.services import project_create
from govit.projects.workflow import PROJECT_MACHINE


@pytest.mark.parametrize("admin", ["sysadmin", "secadmin", "auditadmin"])
def test_administrators_see_no_business_records(world, admin: str) -> None:
    user = world.persona(admin)
    assert user.is_administrator
    assert not projects_for(user).exists()
    client = Client()
    client.force_login(user)
    assert client.get(f"/projects/{world.projects['police'].pk}/").status_code == 404
    assert client.get(f"/api/v1/projects/{world.projects['police'].pk}/").status_code == 404


def test_a_business_role_granted_to_an_administrator_by_mistake_has_no_effect(world) -> None:
    UserRole.objects.create(user=world.users["sysadmin"], role=Role.UNIT_STAFF)
    UserRole.objects.create(user=world.users["sysadmin"], role=Role.BDB_LEADER)
    sysadmin = world.sysadmin
    assert Role.UNIT_STAFF in sysadmin.role_codes
    assert not sysadmin.has_role(Role.UNIT_STAFF)
    with pytest.raises(RuleViolation):
        project_create(name="不应创建", by=sysadmin)
    assert not PROJECT_MACHINE.check(world.project("police"), sysadmin, "terminate").allowed


def test_the_admin_site_does_not_offer_projects_or_editable_history(world) -> None:
    from django.contrib import admin

    from govit.audit.models import Event
    from govit.projects.models import Project

    assert Project not in admin.site._registry
    event_admin = admin.site._registry[Event]
    request = type("R", (), {"user": world.sysadmin})()
    assert not event_admin.has_change_permission(request)  # type: ignore[arg-type]
    assert not event_admin.has_delete_permission(request)  # type: ignore[arg-type]
    assert not event_admin.has_add_permission(request)  # type: ignore[arg-type]
