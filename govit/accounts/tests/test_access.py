from __future__ import annotations

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access

ACCESS_CASES = [
    Access("api:me", allowed="police_staff", refused=ANONYMOUS, refused_status=(401,)),
    Access(
        "api:organisation-list", allowed="police_staff", refused=ANONYMOUS, refused_status=(401,)
    ),
    Access(
        "api:organisation-detail",
        args=lambda w: [w.organisations["police"].pk],
        allowed="caoxian_police_staff",
        refused=ANONYMOUS,
        refused_status=(401,),
    ),
]


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, world) -> None:
    check_access(case, world)
