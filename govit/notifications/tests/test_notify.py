"""``notify`` writes the inbox rows and their emails in one transaction, with one event."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from govit.accounts.models import UserRole
from govit.accounts.roles import Role
from govit.audit.models import Event
from govit.core.errors import InvalidInput
from govit.notifications.models import Notification, NotificationKind, OutboxMessage, OutboxState
from govit.notifications.services import notify, recipients_for
from govit.notifications.testing import open_obligation
from govit.testing.world import World


def test_notify_puts_a_row_in_each_inbox_and_emails_those_with_an_address(heze: World) -> None:
    staff, leader = heze.police_staff, heze.police_leader
    done = notify(
        users=[staff, leader, staff],
        subject="合同备案提醒",
        body="请在截止日期前备案。",
        link="/projects/1/",
    )

    assert sorted(n.recipient_id for n in done) == sorted([staff.pk, leader.pk])
    assert Notification.objects.count() == 2  # 经办人 named twice is told once
    email = OutboxMessage.objects.get()
    assert email.to_address == "police_staff@heze.gov.cn"
    assert email.state == OutboxState.PENDING
    assert email.notification.recipient == staff
    assert email.body.endswith("/projects/1/")  # the email says where to look
    event = Event.objects.get(action="notifications.notify")
    assert event.after["recipients"] == ["police_staff", "police_leader"]
    assert event.after["emails"] == 1


def test_a_failure_after_notify_leaves_no_notification_and_no_email(heze: World) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(users=[heze.police_staff], subject="提醒", body="内容")
        raise RuntimeError("the event that caused the notice failed")

    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not Event.objects.filter(action="notifications.notify").exists()


def test_bad_input_is_refused_before_anything_is_written(heze: World) -> None:
    with pytest.raises(InvalidInput) as error:
        notify(users=[heze.police_staff], subject="  ", body="内容")
    assert error.value.field == "subject"
    assert "通知标题不能为空" in error.value.message
    with pytest.raises(InvalidInput) as error:
        notify(users=[heze.police_staff], subject="提醒", body="内容", kind="sms")
    assert error.value.field == "kind"
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_an_obligation_is_told_to_the_staff_and_leaders_of_the_responsible_unit(
    heze: World,
) -> None:
    obligation = open_obligation(heze, due_on=date(2026, 10, 13))
    # An administrator of the same unit acts only as administrator (三员分立).
    admin = heze.police_leader
    UserRole.objects.create(user=admin, role=Role.SYSADMIN)

    names = [user.username for user in recipients_for(obligation)]

    assert names == ["police_staff"]
    UserRole.objects.filter(user=admin, role=Role.SYSADMIN).delete()
    names = [user.username for user in recipients_for(obligation)]
    assert names == ["police_staff", "police_leader"]  # not education, not the BDB


def test_a_notice_about_an_obligation_names_it_in_the_inbox_and_the_history(
    heze: World,
) -> None:
    obligation = open_obligation(heze, due_on=date(2026, 10, 13))

    notify(
        users=recipients_for(obligation),
        subject="到期提醒",
        body="请按期备案。",
        obligation=obligation,
        kind=NotificationKind.REMINDER,
    )

    assert set(Notification.objects.values_list("obligation", "kind")) == {
        (obligation.pk, "reminder")
    }
    event = Event.objects.get(action="notifications.notify")
    assert event.object_type == "obligations.obligation"
    assert event.object_id == str(obligation.pk)
