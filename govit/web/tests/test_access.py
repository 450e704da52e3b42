from __future__ import annotations

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access

ACCESS_CASES = [
    # Deny by default: an anonymous visitor is sent to the login page.
    Access("web:home", allowed="police_staff", refused=ANONYMOUS, refused_status=(302,)),
    # Dashboards: a role without one is refused with a 403 that says who may use it.
    Access(
        "web:dashboard",
        allowed="police_staff",
        allowed_status=(302,),
        refused="expert",
        refused_status=(403,),
    ),
    Access("web:dashboard_bdb", allowed="bdb_staff", refused="police_staff", refused_status=(403,)),
    Access(
        "web:dashboard_overview", allowed="overseer", refused="bdb_staff", refused_status=(403,)
    ),
    Access(
        "web:dashboard_finance", allowed="finance", refused="police_staff", refused_status=(403,)
    ),
    Access(
        "web:dashboard_department", allowed="police_staff", refused="finance", refused_status=(403,)
    ),
    Access("web:dashboard_audit", allowed="auditor", refused="police_staff", refused_status=(403,)),
    Access("web:history_search", allowed="auditor", refused="police_staff", refused_status=(403,)),
]


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, world) -> None:
    check_access(case, world)


def test_the_header_shows_each_role_its_own_entries(world) -> None:
    from django.test import Client

    def labels(persona: str) -> str:
        client = Client()
        client.force_login(world.persona(persona))
        return client.get("/").content.decode()

    expert_page, staff_page, admin_page = (
        labels("expert"),
        labels("police_staff"),
        labels("sysadmin"),
    )
    assert "我的评审" in expert_page and "我的评审" not in staff_page
    assert "规划与计划" in staff_page
    assert "项目</a>" not in admin_page  # 三员: no business pages
