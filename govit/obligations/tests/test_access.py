"""Who may reach each obligation page and endpoint: an allowed and a refused persona per URL.

The world: ``Duties`` of conftest (police: overdue contract filing, open acceptance application,
fulfilled self-evaluation; education: open acceptance application; 曹县: overdue rectification).
"""

from __future__ import annotations

from typing import Any

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access

from .conftest import Duties


def police_late(w: Any) -> list[Any]:
    return [w.duties.police_late.pk]


def education_code(w: Any) -> str:
    return str(w.duties.education_open.project.code)


REASON = {"waive-reason": "统一采购代签"}

ACCESS_CASES = [
    # pages
    Access("obligations:mine", allowed="police_staff", refused="bdb_staff", refused_status=(403,)),
    Access("obligations:mine", allowed="police_leader", refused=ANONYMOUS, refused_status=(302,)),
    Access("obligations:map", allowed="bdb_staff", refused="police_staff", refused_status=(403,)),
    Access("obligations:map", allowed="overseer", refused="finance", refused_status=(403,)),
    Access(
        "obligations:list",
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(200,),
        shows=education_code,
    ),
    Access(
        "obligations:detail", args=police_late, allowed="police_staff", refused="education_staff"
    ),
    Access("obligations:detail", args=police_late, allowed="auditor", refused="caoxian_bdb_staff"),
    Access(
        "obligations:waive",
        args=police_late,
        method="post",
        data=lambda w: REASON,
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "obligations:waive",
        args=police_late,
        method="post",
        data=lambda w: REASON,
        allowed="bdb_leader",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    # API
    Access(
        "api:obligations-list",
        allowed="education_staff",
        refused="police_staff",
        refused_status=(200,),
        shows=education_code,
    ),
    Access(
        "api:obligations-list",
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(401, 403),
    ),
    Access(
        "api:obligations-detail",
        args=police_late,
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:obligations-waive",
        args=police_late,
        method="post",
        api=True,
        data=lambda w: {"reason": "统一采购代签"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:obligations-waive",
        args=police_late,
        method="post",
        api=True,
        data=lambda w: {"reason": "统一采购代签"},
        allowed="bdb_leader",
        refused="caoxian_bdb_staff",
    ),
    Access("api:obligations-map", allowed="auditor", refused="police_staff", refused_status=(403,)),
]


@pytest.fixture
def access_world(duties: Duties) -> Any:
    world = duties.world
    world.duties = duties  # type: ignore[attr-defined]
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: Any) -> None:
    check_access(case, access_world)
