"""Reminders before due dates and notices of overdue obligations, queued by the scan once.

Heze's packs set ``reminder_working_days_before`` = 3.  Around National Day 2026: 10-01..10-07
off, Saturday 10-10 an adjusted working day (调休上班).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from govit.audit.models import Event
from govit.notifications.models import (
    Notification,
    NotificationKind,
    ObligationNotice,
    OutboxMessage,
)
from govit.notifications.reminders import (
    queue_overdue_notices,
    queue_reminders,
    reminder_horizon,
)
from govit.notifications.testing import open_obligation
from govit.obligations.links import step_url
from govit.obligations.models import ObligationState
from govit.obligations.scan import run_scan
from govit.obligations.services import obligation_fulfil
from govit.testing.world import World


def beijing(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def scan_on(day: date) -> dict[str, int]:
    with time_machine.travel(beijing(day), tick=False):
        return run_scan().counts


def reminders() -> list[tuple[int | None, str]]:
    return list(
        Notification.objects.filter(kind=NotificationKind.REMINDER)
        .order_by("id")
        .values_list("obligation_id", "recipient__username")
    )


def test_due_on_friday_9_october_is_reminded_on_tuesday_29_september(heze: World) -> None:
    # Three working days before Fri 10-09: 10-09, 10-08, 09-30 → reminded on Tue 09-29.
    obligation = open_obligation(heze, due_on=date(2026, 10, 9), opened_on=date(2026, 9, 20))

    assert scan_on(date(2026, 9, 28))["reminders_queued"] == 0
    assert scan_on(date(2026, 9, 29))["reminders_queued"] == 1

    assert reminders() == [
        (obligation.pk, "police_staff"),
        (obligation.pk, "police_leader"),
    ]
    notice = Notification.objects.filter(recipient=heze.police_staff).get()
    assert notice.subject == "【到期提醒】合同备案：智慧公安大数据平台合同备案"
    assert "2026-10-09" in notice.body
    assert "距截止还有 3 个工作日" in notice.body
    assert "第十六条" in notice.body
    assert notice.link == step_url(obligation)  # where the contract is filed
    assert notice.link.startswith("/")
    assert OutboxMessage.objects.get().to_address == "police_staff@heze.gov.cn"


def test_due_on_tuesday_13_october_is_reminded_on_friday_9_october(heze: World) -> None:
    # The adjusted Saturday 10-10 counts: 10-13, 10-12, 10-10 → reminded on Fri 10-09,
    # and nothing during the holiday although the due date is only days away in the calendar.
    open_obligation(heze, due_on=date(2026, 10, 13), opened_on=date(2026, 9, 30))

    for day in (date(2026, 9, 30), date(2026, 10, 3), date(2026, 10, 8)):
        assert scan_on(day)["reminders_queued"] == 0, day
    assert scan_on(date(2026, 10, 9))["reminders_queued"] == 1


def test_the_horizon_is_the_last_due_date_with_three_working_days_to_go(db: None) -> None:
    assert reminder_horizon(date(2026, 9, 29), 3) == date(2026, 10, 9)
    # Fri 11-27: Mon, Tue, Wed of next week → due up to Wed 12-02.
    assert reminder_horizon(date(2026, 11, 27), 3) == date(2026, 12, 2)
    # On a Saturday the next three working days are Mon–Wed too.
    assert reminder_horizon(date(2026, 11, 28), 3) == date(2026, 12, 2)


def test_a_reminder_is_queued_once_however_often_the_scan_runs(heze: World) -> None:
    open_obligation(heze, due_on=date(2026, 10, 9), opened_on=date(2026, 9, 20))

    counts = [scan_on(day)["reminders_queued"] for day in (date(2026, 9, 29),) * 2]
    later = [scan_on(day)["reminders_queued"] for day in (date(2026, 9, 30), date(2026, 10, 9))]

    assert counts + later == [1, 0, 0, 0]
    assert len(reminders()) == 2  # one per recipient, one notice
    assert ObligationNotice.objects.filter(kind=NotificationKind.REMINDER).count() == 1
    assert Event.objects.filter(action="notifications.notify").count() == 1


def test_an_obligation_fulfilled_before_its_reminder_gets_none(heze: World) -> None:
    open_obligation(heze, due_on=date(2026, 10, 9), opened_on=date(2026, 9, 20))
    obligation_fulfil(key="tests.police:contract_filing:2026-10-09", on=date(2026, 9, 25))

    assert queue_reminders(date(2026, 9, 29)) == {"reminders_queued": 0}
    assert not Notification.objects.exists()


def test_an_obligation_opened_inside_the_window_is_reminded_at_the_next_scan(
    heze: World,
) -> None:
    # Opened on 10-12 with its due date the next day: the scan of 10-12 reminds at once.
    open_obligation(heze, due_on=date(2026, 10, 13), opened_on=date(2026, 10, 12))

    assert queue_reminders(date(2026, 10, 12)) == {"reminders_queued": 1}
    assert "距截止还有 1 个工作日" in Notification.objects.first().body  # type: ignore[union-attr]


def test_an_overdue_obligation_gets_one_notice_the_day_it_becomes_overdue(heze: World) -> None:
    obligation = open_obligation(heze, due_on=date(2026, 10, 13), opened_on=date(2026, 9, 30))

    assert scan_on(date(2026, 10, 13)).get("overdue_notices_queued") == 0
    assert scan_on(date(2026, 10, 14))["overdue_notices_queued"] == 1
    assert scan_on(date(2026, 10, 14))["overdue_notices_queued"] == 0
    assert scan_on(date(2026, 10, 20))["overdue_notices_queued"] == 0

    obligation.refresh_from_db()
    assert obligation.state == ObligationState.OVERDUE
    overdue = Notification.objects.filter(kind=NotificationKind.OVERDUE)
    assert sorted(overdue.values_list("recipient__username", flat=True)) == [
        "police_leader",
        "police_staff",
    ]
    notice = overdue.filter(recipient=heze.police_staff).get()
    assert notice.subject.startswith("【逾期通知】合同备案")
    assert "自 2026-10-14 起已逾期" in notice.body
    # The reminder of 10-09 and the overdue notice: two emails to the one address.
    assert OutboxMessage.objects.count() == 2


def test_overdue_notices_cover_every_overdue_obligation_once_in_chunks(heze: World) -> None:
    for index in range(5):
        open_obligation(heze, due_on=date(2026, 10, 13), suffix=f"-{index}")
    with time_machine.travel(beijing(date(2026, 10, 14)), tick=False):
        run_scan()
    ObligationNotice.objects.filter(kind=NotificationKind.OVERDUE).delete()
    Notification.objects.filter(kind=NotificationKind.OVERDUE).update(kind="other")

    assert queue_overdue_notices(date(2026, 10, 15), chunk=2) == {"overdue_notices_queued": 5}
    assert queue_overdue_notices(date(2026, 10, 15), chunk=2) == {"overdue_notices_queued": 0}


def test_a_unit_with_nobody_to_tell_still_has_its_notice_recorded_once(heze: World) -> None:
    obligation = open_obligation(heze, due_on=date(2026, 10, 9), project="caoxian")
    heze.caoxian_police_staff.role_assignments.all().delete()

    assert queue_reminders(date(2026, 9, 29)) == {"reminders_queued": 1}
    assert queue_reminders(date(2026, 9, 29)) == {"reminders_queued": 0}
    notice = ObligationNotice.objects.get(obligation=obligation)
    assert notice.recipients == 0
    assert not Notification.objects.exists()
    assert Event.objects.filter(action="notifications.notify").count() == 1
