from __future__ import annotations

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access


def police_staffs_filter(w):  # type: ignore[no-untyped-def]
    """A saved filter of police_staff (made on first use)."""
    from govit.accounts.models import SavedFilter

    saved, _ = SavedFilter.objects.get_or_create(
        user=w.users["police_staff"], list_key="projects", name="待批复", query="state=approved"
    )
    return [saved.pk]


def a_filter(w):  # type: ignore[no-untyped-def]
    return {"list_key": "projects", "name": "今年", "query": "year=2026", "next": "/projects/"}


ACCESS_CASES = [
    Access(
        "accounts:saved_filter_save",
        method="post",
        data=a_filter,
        allowed="police_staff",
        refused="sysadmin",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "accounts:saved_filter_delete",
        method="post",
        args=police_staffs_filter,
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(302,),
    ),
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
