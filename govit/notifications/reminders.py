"""The scan's notification steps: reminders before due dates and notices of overdue ones.

Each obligation gets at most one reminder and one overdue notice, ever.  The claim is the
``ObligationNotice`` row with its unique (obligation, kind): two scans at once both try to
insert it, one wins and writes the notifications in the same transaction, the other gets an
IntegrityError (after the winner commits, on PostgreSQL) and skips the obligation.  The same
scan run twice finds nothing left to do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from govit.accounts.models import Jurisdiction, User
from govit.core.decisions import article_label
from govit.core.errors import ServiceError
from govit.obligations.links import step_url
from govit.obligations.models import Obligation, ObligationState
from govit.policy.calendar import WorkingCalendar, add_working_days
from govit.policy.packs import rule

from .models import NotificationKind, ObligationNotice
from .services import notify, recipients_by_organisation

logger = logging.getLogger(__name__)

REMINDER_RULE = "reminder_working_days_before"


def reminder_horizon(today: date, working_days_before: int) -> date:
    """The last due date to remind of today: at most ``working_days_before`` working days
    lie after today up to it (3 → due on Friday is reminded on the Tuesday before; due on
    the Wednesday after a weekend, on the Friday before it)."""
    return add_working_days(today, working_days_before + 1).date - timedelta(days=1)


def _link(obligation: Obligation) -> str:
    """The page where the obligation is done (its project step), if it belongs to a project."""
    return step_url(obligation)


def _due_text(obligation: Obligation) -> str:
    provisional = "（暂定）" if obligation.due_provisional else ""
    return f"{obligation.due_on.isoformat()}{provisional}"


def _queue_notice(
    obligation: Obligation,
    *,
    kind: str,
    state: str,
    today: date,
    users: list[User],
    subject: str,
    body: str,
) -> bool:
    """Claim the (obligation, kind) notice and notify, in one transaction; False when the
    notice was already queued (by this scan earlier, or by another scan right now) or the
    obligation left ``state`` meanwhile."""
    with transaction.atomic():
        if not Obligation.objects.filter(pk=obligation.pk, state=state).exists():
            return False
        try:
            with transaction.atomic():
                ObligationNotice.objects.create(
                    obligation=obligation, kind=kind, queued_on=today, recipients=len(users)
                )
        except IntegrityError:
            return False
        notify(
            users=users,
            subject=subject[:200],
            body=body,
            link=_link(obligation),
            obligation=obligation,
            kind=kind,
        )
    return True


def _reminder_rules(jurisdiction_ids: Iterable[int], today: date) -> dict[int, int]:
    """``reminder_working_days_before`` of the pack in force in each jurisdiction, read once
    per jurisdiction (not per obligation).  A jurisdiction without the rule is skipped."""
    found: dict[int, int] = {}
    for jurisdiction in Jurisdiction.objects.filter(pk__in=set(jurisdiction_ids)):
        try:
            found[jurisdiction.pk] = rule(jurisdiction, REMINDER_RULE, on=today).as_int()
        except ServiceError as error:
            logger.warning("no reminder rule for %s: %s", jurisdiction.code, error.message_en)
    return found


def queue_reminders(today: date | None = None) -> dict[str, int]:
    """Remind the responsible unit of each open obligation due within the pack's
    ``reminder_working_days_before`` working days (Heze: 3), once per obligation."""
    today = today or timezone.localdate()
    waiting = Obligation.objects.filter(state=ObligationState.OPEN, due_on__gte=today).exclude(
        notices__kind=NotificationKind.REMINDER
    )
    rules = _reminder_rules(
        waiting.order_by().values_list("jurisdiction_id", flat=True).distinct(), today
    )
    if not rules:
        return {"reminders_queued": 0}
    horizons = {n: reminder_horizon(today, n) for n in set(rules.values())}
    due: list[Obligation] = []
    for jurisdiction_id, n in rules.items():
        due.extend(
            waiting.filter(jurisdiction_id=jurisdiction_id, due_on__lte=horizons[n])
            .select_related("responsible")
            .order_by("due_on", "id")
        )
    if not due:
        return {"reminders_queued": 0}
    calendar = WorkingCalendar.load(today + timedelta(days=1), max(horizons.values()))
    recipients = recipients_by_organisation(o.responsible_id for o in due)
    queued = 0
    for obligation in due:
        left = sum(
            calendar.is_working_day(today + timedelta(days=offset))
            for offset in range(1, (obligation.due_on - today).days + 1)
        )
        when = "今天到期" if obligation.due_on == today else f"距截止还有 {left} 个工作日"
        body = (
            f"{obligation.responsible.name}：「{obligation.title}」应于 {_due_text(obligation)}"
            f" 前办理（依据{article_label(obligation.article)}），{when}。"
            "请按期办理；逾期后将列为逾期事项。"
        )
        queued += _queue_notice(
            obligation,
            kind=NotificationKind.REMINDER,
            state=ObligationState.OPEN,
            today=today,
            users=recipients[obligation.responsible_id],
            subject=f"【到期提醒】{obligation.get_kind_display()}：{obligation.title}",
            body=body,
        )
    return {"reminders_queued": queued}


def queue_overdue_notices(today: date | None = None, *, chunk: int = 500) -> dict[str, int]:
    """Tell the responsible unit of each overdue obligation, once per obligation."""
    today = today or timezone.localdate()
    queued, after = 0, 0
    while True:
        batch = list(
            Obligation.objects.filter(state=ObligationState.OVERDUE, pk__gt=after)
            .exclude(notices__kind=NotificationKind.OVERDUE)
            .select_related("responsible")
            .order_by("id")[:chunk]
        )
        if not batch:
            return {"overdue_notices_queued": queued}
        after = batch[-1].pk
        recipients = recipients_by_organisation(o.responsible_id for o in batch)
        for obligation in batch:
            since = obligation.overdue_since or obligation.due_on + timedelta(days=1)
            body = (
                f"{obligation.responsible.name}：「{obligation.title}」截止日期为 "
                f"{_due_text(obligation)}（依据{article_label(obligation.article)}），"
                f"自 {since.isoformat()} 起已逾期。请尽快办理，并向大数据局说明逾期原因。"
            )
            queued += _queue_notice(
                obligation,
                kind=NotificationKind.OVERDUE,
                state=ObligationState.OVERDUE,
                today=today,
                users=recipients[obligation.responsible_id],
                subject=f"【逾期通知】{obligation.get_kind_display()}：{obligation.title}",
                body=body,
            )


def queue_notices(today: date | None = None) -> dict[str, int]:
    """The scan step (``SCAN_STEPS``): overdue notices first (the scan has just marked them),
    then reminders of what falls due soon."""
    today = today or timezone.localdate()
    return {**queue_overdue_notices(today), **queue_reminders(today)}
