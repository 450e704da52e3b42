"""Test helpers: a world project in construction with a registered (running) system.

``in_construction(world)`` approves the police project and puts it in construction (the
acceptance app's helper: a queryset update, the contract guard belongs to the contracts app).
Systems are registered through the real service by the unit's staff.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govit.acceptance.testing import in_construction as _in_construction
from govit.applications.models import CatalogueEntry, SharingAttribute
from govit.projects.models import Project

from . import services
from .models import InformationSystem, InterfaceStatus, SystemStatus


def in_construction(world: Any, key: str = "police") -> Project:
    return _in_construction(world, key)


def register(
    world: Any,
    project: Project,
    *,
    name: str = "公安大数据平台",
    status: str = SystemStatus.RUNNING,
    running_since: date | None = date(2025, 6, 1),
    exchange_connected: bool = False,
    mlps_level: int | None = 3,
    **extra: Any,
) -> InformationSystem:
    """A system of ``project`` registered by its unit's staff (running, level 3, not sharing)."""
    return services.system_register(
        project=project,
        name=name,
        status=status,
        running_since=running_since if status == SystemStatus.RUNNING else None,
        exchange_connected=exchange_connected,
        mlps_level=mlps_level,
        mlps_filing_number="37170013001-25001" if mlps_level else "",
        by=world.staff_of(project),
        **extra,
    )


def make_sharing(world: Any, system: InformationSystem) -> InformationSystem:
    """Connected to the exchange platform with one active interface (Art. 29, 30)."""
    staff = world.staff_of(system.project)
    services.interface_add(
        system=system,
        name="人口基础信息查询",
        resource="实有人口",
        status=InterfaceStatus.ACTIVE,
        by=staff,
    )
    return services.system_update(
        system=fresh(system), by=staff, **fields_of(system, exchange_connected=True)
    )


def fresh(system: InformationSystem) -> InformationSystem:
    return InformationSystem.objects.select_related("project").get(pk=system.pk)


def fields_of(system: InformationSystem, **changes: Any) -> dict[str, Any]:
    """Every field ``system_update`` takes, as the system has them, with ``changes``."""
    system = fresh(system)
    data = {
        "status": system.status,
        "running_since": system.running_since,
        "on_cloud": system.on_cloud,
        "migration_method": system.migration_method,
        "migration_status": system.migration_status,
        "migration_plan": system.migration_plan,
        "exchange_connected": system.exchange_connected,
        "mlps_level": system.mlps_level,
        "mlps_filing_number": system.mlps_filing_number,
    }
    data.update(changes)
    return data


def entry(project: Project, name: str = "实有人口信息", **fields: Any) -> CatalogueEntry:
    values: dict[str, Any] = {
        "data_source": "公安局人口管理系统",
        "data_format": "数据库表",
        "update_cycle": "实时",
        "sharing_attribute": SharingAttribute.UNCONDITIONAL,
        "sharing_condition": "",
        "opening_attribute": "not_open",
    }
    values.update(fields)
    return CatalogueEntry.objects.create(project=project, name=name, **values)
