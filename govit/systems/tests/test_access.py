"""Who may reach each systems page and endpoint: an allowed and a refused persona per URL.

The world here: the police project (市公安局) in construction with one running system (level
3, not sharing), one sharing interface, the application's catalogue entry and one base
database.  ``expert`` and ``finance`` see the project but not its systems (403); 曹县's BDB
and the education bureau do not see it at all (404).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from govit.applications.models import CatalogueEntry
from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.systems import services
from govit.systems.testing import in_construction, register
from govit.testing.world import World


def project(w: Any) -> list[Any]:
    return [w.systems_project.pk]


def system(w: Any) -> list[Any]:
    return [w.system.pk]


def interface(w: Any) -> list[Any]:
    return [w.interface.pk]


def entry(w: Any) -> list[Any]:
    return [w.entry.pk]


def today() -> str:
    return timezone.localdate().isoformat()


def fields(prefix: str = "") -> dict[str, Any]:
    return {
        f"{prefix}status": "running",
        f"{prefix}running_since": "2025-06-01",
        f"{prefix}migration_status": "done",
        f"{prefix}migration_method": "application",
        f"{prefix}exchange_connected": "on",
        f"{prefix}mlps_level": "3",
    }


def register_form(w: Any) -> dict[str, Any]:
    return {"system-name": "视频监控联网平台", **fields("system-")}


def register_body(w: Any) -> dict[str, Any]:
    return {"name": "视频监控联网平台", **fields(), "exchange_connected": True}


def mlps(prefix: str) -> Any:
    return lambda w: {
        f"{prefix}level": "3",
        f"{prefix}assessed_on": today(),
        f"{prefix}conclusion": "conforms",
        f"{prefix}assessor": "山东某测评中心",
    }


def crypto(prefix: str) -> Any:
    return lambda w: {
        f"{prefix}evaluated_on": today(),
        f"{prefix}conclusion": "conforms",
        f"{prefix}evaluator": "某密评机构",
    }


def inspection(prefix: str) -> Any:
    return lambda w: {
        f"{prefix}kind": "guidance",
        f"{prefix}held_on": today(),
        f"{prefix}findings": "按三同步要求完善密码应用方案",
    }


def om(prefix: str) -> Any:
    return lambda w: {
        f"{prefix}filed_on": today(),
        f"{prefix}operator": "菏泽某运维公司",
        f"{prefix}contract_ref": "YW-2026-01",
    }


def interface_data(prefix: str) -> Any:
    return lambda w: {
        f"{prefix}name": "案件信息查询",
        f"{prefix}resource": "案件信息",
        f"{prefix}status": "active",
    }


ACCESS_CASES = [
    # pages
    Access("systems:list", allowed="police_staff", refused="expert", refused_status=(403,)),
    Access(
        "systems:list",
        allowed="auditor",
        refused="caoxian_bdb_staff",
        refused_status=(200,),
        shows=lambda w: "公安大数据平台",
    ),
    Access("systems:project", args=project, allowed="police_staff", refused="caoxian_bdb_staff"),
    Access(
        "systems:project", args=project, allowed="crypto", refused="expert", refused_status=(403,)
    ),
    Access(
        "systems:project",
        args=project,
        allowed="police_leader",
        refused=ANONYMOUS,
        refused_status=(302,),
    ),
    Access(
        "systems:project",
        args=project,
        method="post",
        data=register_form,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access("systems:detail", args=system, allowed="auditor", refused="education_staff"),
    Access(
        "systems:detail",
        args=system,
        allowed="police_leader",
        refused="finance",
        refused_status=(403,),
    ),
    Access(
        "systems:update",
        args=system,
        method="post",
        data=lambda w: fields("update-"),
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "systems:interface_add",
        args=system,
        method="post",
        data=interface_data("interface-"),
        allowed="police_staff",
        refused="police_leader",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "systems:interface_status",
        args=interface,
        method="post",
        data=lambda w: {"status": "active"},
        allowed="police_staff",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    Access(
        "systems:mlps",
        args=system,
        method="post",
        data=mlps("mlps-"),
        allowed="police_staff",
        refused="crypto",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "systems:crypto",
        args=system,
        method="post",
        data=crypto("crypto-"),
        allowed="police_staff",
        refused="auditor",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "systems:inspection",
        args=system,
        method="post",
        data=inspection("inspection-"),
        allowed="crypto",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "systems:om",
        args=system,
        method="post",
        data=om("om-"),
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(302,),
    ),
    Access("systems:catalogue", allowed="bdb_staff", refused="police_staff", refused_status=(403,)),
    Access(
        "systems:catalogue",
        allowed="auditor",
        refused="caoxian_bdb_staff",
        refused_status=(200,),
        shows=lambda w: "人口基础信息",
    ),
    Access(
        "systems:database_add",
        method="post",
        data=lambda w: {"database-kind": "theme", "database-name": "社会治理主题库"},
        allowed="bdb_leader",
        refused="auditor",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "systems:entry_databases",
        args=entry,
        method="post",
        data=lambda w: {"databases": [str(w.database.pk)]},
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    Access(
        "systems:entry_system",
        args=entry,
        method="post",
        data=lambda w: {"system": str(w.system.pk)},
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "systems:consistency", allowed="bdb_leader", refused="police_staff", refused_status=(403,)
    ),
    # API
    Access(
        "api:systems-project", args=project, allowed="police_staff", refused="caoxian_bdb_staff"
    ),
    Access(
        "api:systems-project",
        args=project,
        method="post",
        api=True,
        data=register_body,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access("api:systems-registry", allowed="crypto", refused="expert", refused_status=(403,)),
    Access("api:systems-detail", args=system, allowed="auditor", refused="education_staff"),
    Access(
        "api:systems-detail",
        args=system,
        method="put",
        api=True,
        data=lambda w: {**fields(), "exchange_connected": True},
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:systems-interfaces",
        args=system,
        method="post",
        api=True,
        data=interface_data(""),
        allowed="police_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:systems-interface-status",
        args=interface,
        method="post",
        api=True,
        data=lambda w: {"status": "suspended"},
        allowed="police_staff",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "api:systems-mlps",
        args=system,
        method="post",
        api=True,
        data=mlps(""),
        allowed="police_staff",
        refused="crypto",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:systems-crypto",
        args=system,
        method="post",
        api=True,
        data=crypto(""),
        allowed="police_staff",
        refused="finance",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:systems-inspections",
        args=system,
        method="post",
        api=True,
        data=inspection(""),
        allowed="crypto",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:systems-om",
        args=system,
        method="post",
        api=True,
        data=om(""),
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:systems-catalogue", allowed="bdb_staff", refused="police_staff", refused_status=(403,)
    ),
    Access(
        "api:systems-entry-system",
        args=entry,
        method="post",
        api=True,
        data=lambda w: {"system": w.system.pk},
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:systems-entry-databases",
        args=entry,
        method="post",
        api=True,
        data=lambda w: {"databases": [w.database.pk]},
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "api:systems-consistency",
        allowed="auditor",
        refused="police_leader",
        refused_status=(403,),
    ),
]


@pytest.fixture
def access_world(world: World) -> Any:
    project = in_construction(world)
    world.systems_project = project  # type: ignore[attr-defined]
    world.system = register(world, project)  # type: ignore[attr-defined]
    world.interface = services.interface_add(  # type: ignore[attr-defined]
        system=world.system,  # type: ignore[attr-defined]
        name="人口信息核验",
        resource="人口基础信息",
        status="planned",
        by=world.police_staff,
    )
    world.entry = CatalogueEntry.objects.get(project=project)  # type: ignore[attr-defined]
    world.database = services.database_create(  # type: ignore[attr-defined]
        kind="base", name="人口基础库", by=world.bdb_staff
    )
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: Any) -> None:
    check_access(case, access_world)
