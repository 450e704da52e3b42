from __future__ import annotations

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access

ACCESS_CASES = [
    # Deny by default: an anonymous visitor is sent to the login page.
    Access("web:home", allowed="police_staff", refused=ANONYMOUS, refused_status=(302,)),
]


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, world) -> None:
    check_access(case, world)
