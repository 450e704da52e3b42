"""Who may reach the calendar page and the calendar/policy endpoints: every signed-in user."""

from __future__ import annotations

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.policy.models import PolicyPack


def pack(code: str):  # type: ignore[no-untyped-def]
    return lambda world: [PolicyPack.objects.get(code=code).pk]


ACCESS_CASES = [
    # Deny by default: an anonymous visitor is sent to the login page.
    Access("policy:calendar", allowed="police_staff", refused=ANONYMOUS, refused_status=(302,)),
    Access("policy:calendar", allowed="sysadmin", refused=ANONYMOUS, refused_status=(302,)),
    Access(
        "api:calendar-workdays-add",
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(401,),
        data=lambda world: {"date": "2026-09-30", "n": "5"},
    ),
    Access(
        "api:calendar-workdays-between",
        allowed="caoxian_police_staff",
        refused=ANONYMOUS,
        refused_status=(401,),
        data=lambda world: {"start": "2026-09-30", "end": "2026-10-13"},
    ),
    Access(
        "api:policy-pack-list", allowed="education_staff", refused=ANONYMOUS, refused_status=(401,)
    ),
    Access(
        "api:policy-pack-detail",
        args=pack("heze-2021"),
        allowed="caoxian_bdb_staff",
        refused=ANONYMOUS,
        refused_status=(401,),
    ),
]


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, world) -> None:  # type: ignore[no-untyped-def]
    check_access(case, world)
