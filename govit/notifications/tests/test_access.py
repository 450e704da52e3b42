"""Who may reach each notification page and endpoint: every signed-in user their own inbox;
someone else's notification is a 404."""

from __future__ import annotations

from typing import Any

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.notifications.models import Notification
from govit.notifications.services import notify
from govit.testing.world import World


def staff_notice(w: Any) -> list[Any]:
    return [Notification.objects.get(recipient=w.users["police_staff"], subject="员工通知").pk]


ACCESS_CASES = [
    # pages
    Access(
        "notifications:inbox",
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(302,),
        shows=lambda w: "员工通知",
    ),
    Access(
        "notifications:inbox",
        allowed="police_staff",
        refused="police_leader",
        refused_status=(200,),
        shows=lambda w: "员工通知",
    ),
    Access(
        "notifications:read",
        args=staff_notice,
        method="post",
        allowed="police_staff",
        refused="police_leader",
        allowed_status=(302,),
    ),
    Access(
        "notifications:read_all",
        method="post",
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(302,),
        allowed_status=(302,),
    ),
    # api
    Access(
        "api:notifications-list",
        allowed="police_staff",
        refused="police_leader",
        refused_status=(200,),
        shows=lambda w: "员工通知",
    ),
    Access(
        "api:notifications-list",
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(401, 403),
    ),
    Access(
        "api:notifications-read",
        args=staff_notice,
        method="post",
        api=True,
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:notifications-read-all",
        method="post",
        api=True,
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(401, 403),
    ),
]


@pytest.fixture
def access_world(world: World) -> World:
    notify(users=[world.police_staff], subject="员工通知", body="内容")
    notify(users=[world.police_leader], subject="负责人通知", body="内容")
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: World) -> None:
    check_access(case, access_world)
