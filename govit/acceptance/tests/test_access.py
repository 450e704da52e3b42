"""Who may reach each acceptance page and endpoint: an allowed and a refused persona per URL.

The world here (today 2025-09-15), all projects of 市公安局:

| project     | state                | record                                                     |
|-------------|----------------------|------------------------------------------------------------|
| building    | in_construction      | started 2025-03-01                                         |
| late        | completed            | completed 2025-01-31, due 2025-07-31: late, no extension   |
| waiting     | completed            | completed 2025-08-31, extension to 2026-05-31 pending      |
| applied     | acceptance_applied   | round 1 with the MLPS and crypto results                   |
| accepted    | accepted             | passed on 2025-09-15                                       |
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govit.acceptance.services import completion_record, extension_apply
from govit.acceptance.testing import accepted, add_crypto, add_mlps, applied, pdf
from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.projects.models import Project
from govit.projects.services import project_create
from govit.testing.world import World


def _project(w: Any, key: str) -> list[Any]:
    return [w.acceptance[key].pk]


def building(w: Any) -> list[Any]:
    return _project(w, "building")


def late(w: Any) -> list[Any]:
    return _project(w, "late")


def waiting(w: Any) -> list[Any]:
    return _project(w, "waiting")


def applied_project(w: Any) -> list[Any]:
    return _project(w, "applied")


def accepted_project(w: Any) -> list[Any]:
    return _project(w, "accepted")


def reports(prefix: str = "") -> Any:
    return lambda w: {f"{prefix}acceptance_report": pdf(), f"{prefix}test_report": pdf()}


def mlps(prefix: str = "") -> Any:
    return lambda w: {
        f"{prefix}level": "3",
        f"{prefix}assessed_on": "2025-09-10",
        f"{prefix}conclusion": "conforms",
        f"{prefix}report": pdf(),
    }


def crypto(prefix: str = "") -> Any:
    return lambda w: {
        f"{prefix}evaluated_on": "2025-09-10",
        f"{prefix}conclusion": "conforms",
        f"{prefix}report": pdf(),
    }


FILING = {
    "filing_number": "菏大数验备〔2025〕7号",
    "filed_on": "2025-09-15",
    "go_live_on": "2025-09-15",
}

ACCESS_CASES = [
    # pages
    Access(
        "acceptance:overdue",
        allowed="finance",
        refused="police_staff",
        refused_status=(403,),
        shows=lambda w: w.acceptance["late"].code,
    ),
    Access(
        "acceptance:overdue",
        allowed="bdb_leader",
        refused="caoxian_bdb_staff",
        refused_status=(200,),
        shows=lambda w: w.acceptance["late"].code,
    ),
    Access("acceptance:project", args=late, allowed="police_staff", refused="caoxian_bdb_staff"),
    Access(
        "acceptance:project", args=late, allowed="auditor", refused=ANONYMOUS, refused_status=(302,)
    ),
    Access(
        "acceptance:completion",
        args=building,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "acceptance:completion",
        args=building,
        method="post",
        data=lambda w: {"completion-completed_on": "2025-08-31"},
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(302,),
    ),
    Access("acceptance:extension", args=waiting, allowed="bdb_leader", refused="caoxian_bdb_staff"),
    Access(
        "acceptance:extension",
        args=waiting,
        allowed="police_staff",
        refused="finance",
        refused_status=(403,),
    ),
    Access(
        "acceptance:extension",
        args=late,
        method="post",
        data=lambda w: {
            "action": "apply",
            "apply-requested_due_on": "2025-12-31",
            "apply-reasons": "测评推迟",
        },
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "acceptance:extension",
        args=waiting,
        method="post",
        data=lambda w: {"action": "decide", "decide-decision": "approve", "decide-reason": "同意"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "acceptance:apply",
        args=late,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "acceptance:apply",
        args=late,
        method="post",
        data=reports("application-"),
        allowed="police_staff",
        refused="caoxian_police_staff",
        allowed_status=(302,),
    ),
    Access(
        "acceptance:mlps_result",
        args=applied_project,
        method="post",
        data=mlps("mlps-"),
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "acceptance:crypto_result",
        args=applied_project,
        method="post",
        data=crypto("crypto-"),
        allowed="police_staff",
        refused="crypto",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "acceptance:decide",
        args=applied_project,
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "acceptance:decide",
        args=applied_project,
        method="post",
        data=lambda w: {"decision-outcome": "passed", "decision-decided_on": "2025-09-15"},
        allowed="bdb_leader",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    Access(
        "acceptance:filing",
        args=accepted_project,
        allowed="bdb_staff",
        refused="bdb_leader",
        refused_status=(403,),
    ),
    Access(
        "acceptance:filing",
        args=accepted_project,
        method="post",
        data=lambda w: {f"filing-{key}": value for key, value in FILING.items()},
        allowed="bdb_staff",
        refused="finance",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    # API
    Access(
        "api:acceptance-overdue",
        allowed="auditor",
        refused="police_staff",
        refused_status=(403,),
        shows=lambda w: w.acceptance["late"].code,
    ),
    Access("api:acceptance-project", args=late, allowed="finance", refused="caoxian_bdb_staff"),
    Access(
        "api:acceptance-project",
        args=late,
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(401, 403),
    ),
    Access(
        "api:acceptance-completion",
        args=building,
        method="post",
        api=True,
        data=lambda w: {"completed_on": "2025-08-31"},
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:acceptance-extension-apply",
        args=late,
        method="post",
        api=True,
        data=lambda w: {"requested_due_on": "2025-12-31", "reasons": "测评推迟"},
        allowed="police_staff",
        refused="caoxian_police_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:acceptance-extension-decide",
        args=waiting,
        method="post",
        api=True,
        data=lambda w: {"approve": False, "reason": "理由不充分"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:acceptance-apply",
        args=late,
        method="post",
        data=reports(),
        allowed="police_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:acceptance-mlps-result",
        args=applied_project,
        method="post",
        data=mlps(),
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:acceptance-crypto-result",
        args=applied_project,
        method="post",
        data=crypto(),
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:acceptance-decide",
        args=applied_project,
        method="post",
        api=True,
        data=lambda w: {"passed": True, "decided_on": "2025-09-15"},
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "api:acceptance-filing",
        args=accepted_project,
        method="post",
        api=True,
        data=lambda w: FILING,
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
        allowed_status=(201,),
    ),
]


def _police_project(world: World, name: str, state: str, started_on: date) -> Project:
    project = project_create(name=name, by=world.police_staff)
    Project.objects.filter(pk=project.pk).update(state=state, construction_started_on=started_on)
    return Project.objects.with_owner().get(pk=project.pk)


def _completed(world: World, name: str, started_on: date, completed_on: date) -> Project:
    project = _police_project(world, name, "in_construction", started_on)
    completion_record(project=project, completed_on=completed_on, by=world.police_staff)
    return Project.objects.with_owner().get(pk=project.pk)


@pytest.fixture
def access_world(frozen: Any, world: World) -> Any:
    projects = {
        "building": _police_project(world, "在建项目", "in_construction", date(2025, 3, 1)),
        "late": _completed(world, "逾期项目", date(2024, 6, 1), date(2025, 1, 31)),
        "waiting": _completed(world, "延期待批项目", date(2025, 3, 1), date(2025, 8, 31)),
        "applied": _completed(world, "待验收项目", date(2025, 3, 1), date(2025, 8, 31)),
        "accepted": _completed(world, "已验收项目", date(2025, 3, 1), date(2025, 8, 31)),
    }
    extension_apply(
        project=projects["waiting"],
        requested_due_on=date(2026, 5, 31),
        reasons="测评推迟",
        by=world.police_staff,
    )
    applied(world, projects["applied"])
    add_mlps(world, projects["applied"])
    add_crypto(world, projects["applied"])
    accepted(world, projects["accepted"])
    world.acceptance = projects  # type: ignore[attr-defined]
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: Any) -> None:
    check_access(case, access_world)
