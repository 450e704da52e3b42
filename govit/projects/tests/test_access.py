"""Who may reach each project page and endpoint: an allowed and a refused persona per URL."""

from __future__ import annotations

import pytest

from govit.core.testing.access import Access, check_access


def pk(key: str):  # type: ignore[no-untyped-def]
    return lambda world: [world.projects[key].pk]


def code(key: str):  # type: ignore[no-untyped-def]
    return lambda world: world.projects[key].code


ACCESS_CASES = [
    Access(
        "projects:list",
        allowed="police_staff",
        refused="education_staff",
        refused_status=(200,),
        shows=code("police"),
    ),
    Access("projects:detail", args=pk("police"), allowed="police_staff", refused="education_staff"),
    Access("projects:detail", args=pk("police"), allowed="auditor", refused="sysadmin"),
    Access("projects:detail", args=pk("police"), allowed="bdb_staff", refused="caoxian_bdb_staff"),
    Access("projects:new", allowed="police_staff", refused="bdb_staff", refused_status=(403,)),
    Access(
        "projects:transition",
        args=lambda w: [w.ready_to_submit("police").pk, "submit"],
        method="post",
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(302,),
    ),
    Access(
        "api:project-list",
        allowed="police_staff",
        refused="education_staff",
        refused_status=(200,),
        shows=code("police"),
    ),
    Access(
        "api:project-detail", args=pk("police"), allowed="police_staff", refused="education_staff"
    ),
    Access("api:project-detail", args=pk("police"), allowed="auditor", refused="secadmin"),
    Access(
        "api:project-transitions",
        args=pk("police"),
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:project-run-transition",
        args=lambda w: [w.ready_to_submit("police").pk, "submit"],
        method="post",
        api=True,
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:project-history",
        args=pk("police"),
        allowed="auditor",
        refused="police_staff",
        refused_status=(403,),
    ),
]


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, world) -> None:
    check_access(case, world)
