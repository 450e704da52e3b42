"""The notification endpoints: my inbox, marking read; refusals as JSON."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from govit.notifications.models import Notification
from govit.notifications.services import notify
from govit.testing.world import World


def api_for(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_list_has_my_notifications_unread_first(heze: World) -> None:
    (read,) = notify(users=[heze.police_staff], subject="已读", body="内容")
    notify(users=[heze.police_staff], subject="未读", body="内容", link="/projects/1/")
    notify(users=[heze.education_staff], subject="别人的", body="内容")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    api = api_for(heze.police_staff)

    body = api.get(reverse("api:notifications-list")).json()

    assert [row["subject"] for row in body["results"]] == ["未读", "已读"]
    assert body["results"][0]["unread"] is True
    assert body["results"][0]["kind_label"] == "其他通知"
    unread = api.get(reverse("api:notifications-list"), {"unread": "true"}).json()
    assert [row["subject"] for row in unread["results"]] == ["未读"]


def test_a_bad_unread_filter_is_a_400_naming_the_field(heze: World) -> None:
    response = api_for(heze.police_staff).get(reverse("api:notifications-list"), {"unread": "也许"})

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "unread"
    assert body["detail"] == "参数 unread 只能是 true 或 false"
    assert body["detail_en"] == "unread must be true or false"


def test_marking_read_answers_with_the_notification(heze: World) -> None:
    (notice,) = notify(users=[heze.police_staff], subject="提醒", body="内容")

    response = api_for(heze.police_staff).post(reverse("api:notifications-read", args=[notice.pk]))

    assert response.status_code == 200
    assert response.json()["unread"] is False
    assert response.json()["read_at"] is not None


def test_another_users_notification_is_a_404(heze: World) -> None:
    (notice,) = notify(users=[heze.police_staff], subject="提醒", body="内容")

    response = api_for(heze.police_leader).post(reverse("api:notifications-read", args=[notice.pk]))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_read_all_says_how_many_and_leaves_none_unread(heze: World) -> None:
    notify(users=[heze.police_staff], subject="一", body="内容")
    notify(users=[heze.police_staff], subject="二", body="内容")

    body = api_for(heze.police_staff).post(reverse("api:notifications-read-all")).json()

    assert body == {"marked": 2, "unread": 0}
