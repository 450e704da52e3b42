"""The inbox page, marking read, and the unread badge in the header."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from govit.audit.models import Event
from govit.notifications.models import Notification
from govit.notifications.services import notify
from govit.testing.world import World


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def tell(world: World, subject: str, persona: str = "police_staff", link: str = "") -> Notification:
    return notify(
        users=[world.persona(persona)], subject=subject, body=f"{subject}的内容", link=link
    )[0]


def test_the_inbox_lists_unread_first_and_shows_only_my_own(heze: World) -> None:
    older = tell(heze, "较早的通知")
    tell(heze, "已读的通知")
    Notification.objects.filter(subject="已读的通知").update(read_at=older.created_at)
    tell(heze, "教育局的通知", persona="education_staff")

    page = client_for(heze.police_staff).get(reverse("notifications:inbox")).content.decode()

    assert page.index("较早的通知") < page.index("已读的通知")  # unread before read
    assert "教育局的通知" not in page
    assert 'data-testid="inbox-unread">1 条未读' in page


def test_an_empty_inbox_says_so(heze: World) -> None:
    page = client_for(heze.bdb_staff).get(reverse("notifications:inbox")).content.decode()
    assert "暂无数据" in page


def test_the_header_shows_the_unread_count_next_to_the_inbox_link(heze: World) -> None:
    tell(heze, "第一条")
    tell(heze, "第二条")
    client = client_for(heze.police_staff)

    page = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="notifications-link"' in page
    assert 'data-testid="unread-badge">2<' in page

    client.post(reverse("notifications:read_all"))
    page = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="unread-badge"' not in page  # refreshed at once after reading


def test_administrators_see_no_badge(heze: World) -> None:
    page = client_for(heze.sysadmin).get(reverse("web:home")).content.decode()
    assert 'data-testid="notifications-link"' not in page


def test_marking_one_read_redirects_to_the_inbox_and_records_it(heze: World) -> None:
    notice = tell(heze, "合同备案提醒")

    response = client_for(heze.police_staff).post(reverse("notifications:read", args=[notice.pk]))

    assert response.status_code == 302
    assert response.url == reverse("notifications:inbox")
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Event.objects.filter(action="notifications.read", object_id=str(notice.pk)).exists()


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(heze: World) -> None:
    notice = tell(heze, "合同备案提醒", link="/projects/1/")

    response = client_for(heze.police_staff).post(
        reverse("notifications:read", args=[notice.pk]), {"open": "1"}
    )

    assert response.url == "/projects/1/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_link_to_another_site_is_not_followed(heze: World) -> None:
    notice = tell(heze, "外部链接", link="https://evil.example/")

    response = client_for(heze.police_staff).post(
        reverse("notifications:read", args=[notice.pk]), {"open": "1"}
    )

    assert response.url == reverse("notifications:inbox")


def test_someone_elses_notification_is_not_found(heze: World) -> None:
    notice = tell(heze, "公安局的通知")

    response = client_for(heze.police_leader).post(reverse("notifications:read", args=[notice.pk]))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_marks_only_mine_and_says_how_many(heze: World) -> None:
    tell(heze, "一")
    tell(heze, "二")
    other = tell(heze, "别人的", persona="police_leader")

    response = client_for(heze.police_staff).post(reverse("notifications:read_all"), follow=True)

    assert "已将 2 条通知标记为已读" in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).get() == other
    event = Event.objects.get(action="notifications.read_all")
    assert event.after["count"] == 2


def test_the_inbox_refuses_a_put(heze: World) -> None:
    response = client_for(heze.police_staff).put(reverse("notifications:inbox"))
    assert response.status_code == 405
