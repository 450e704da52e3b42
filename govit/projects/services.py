"""Writes on projects: one transaction each, audited, keyword-only, no request object."""

from __future__ import annotations

from typing import cast

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation

from .codes import ProjectCode
from .models import Project, SerialCounter, SystemCategory
from .workflow import PROJECT_MACHINE


def next_serial(key: str) -> int:
    """Take the next number of counter ``key`` (call inside a transaction)."""
    SerialCounter.objects.get_or_create(key=key)
    SerialCounter.objects.filter(key=key).update(value=F("value") + 1)
    return SerialCounter.objects.get(key=key).value


def reserve_serials(key: str, count: int) -> int:
    """Reserve ``count`` numbers at once; returns the first (bulk loads)."""
    SerialCounter.objects.get_or_create(key=key)
    SerialCounter.objects.filter(key=key).update(value=F("value") + count)
    return SerialCounter.objects.get(key=key).value - count + 1


def project_serial_key(year: int, division: str) -> str:
    """The counter behind the serial segment of project codes: per year and jurisdiction."""
    return f"project:{year}:{division}"


def new_project_code(organisation: Organisation, category: str, year: int) -> str:
    division = organisation.jurisdiction.code
    serial = next_serial(project_serial_key(year, division))
    return str(ProjectCode(year, division, organisation.code, category, serial))


def project_create(
    *,
    name: str,
    system_category: str = SystemCategory.BUSINESS_SYSTEM,
    is_fixed_asset: bool = False,
    is_classified_candidate: bool = False,
    by: User,
) -> Project:
    """A unit's staff opens a project for their own organisation; it gets its permanent code."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("请填写项目名称", message_en="Project name is required", field="name")
    if len(name) > 200:
        raise InvalidInput("项目名称不能超过 200 字", message_en="Name too long", field="name")
    if system_category not in SystemCategory.values:
        raise InvalidInput(
            "系统类别无效", message_en="Invalid system category", field="system_category"
        )
    if not by.has_role(Role.UNIT_STAFF) or by.organisation is None:
        raise RuleViolation(
            deny("只有建设单位经办人可以创建项目", en="Only unit staff can create projects")
        )
    organisation = by.organisation
    if not organisation.in_scope:
        raise RuleViolation(
            deny(
                f"{organisation.get_org_type_display()}不属于本办法适用范围，不能申报",
                2,
                en="Outside the measures' scope (Art. 2)",
            )
        )
    with transaction.atomic():
        now = timezone.now()
        year = timezone.localdate(now).year
        project = Project.objects.create(
            code=new_project_code(organisation, system_category, year),
            name=name,
            year=year,
            organisation=organisation,
            jurisdiction=organisation.jurisdiction,
            system_category=system_category,
            is_fixed_asset=is_fixed_asset,
            is_classified_candidate=is_classified_candidate,
            state=PROJECT_MACHINE.initial,
            created_by=by,
            created_at=now,
            updated_at=now,
        )
        record(
            action="project.create",
            obj=project,
            by=by,
            after={
                "code": project.code,
                "name": name,
                "organisation": organisation.name,
                "system_category": system_category,
                "is_fixed_asset": is_fixed_asset,
                "is_classified_candidate": is_classified_candidate,
                "state": project.state,
            },
        )
    return project


def project_transition(*, project: Project, transition: str, by: User, reason: str = "") -> Project:
    """Run a lifecycle transition (checked, locked, audited by the engine)."""
    return cast(Project, PROJECT_MACHINE.execute(project, transition, by=by, reason=reason))
