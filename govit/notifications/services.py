"""Writing notifications: the inbox row, its email in the outbox, and reading them.

``notify`` is called inside the transaction of the event that causes it (a scan step, a stage
service): the inbox rows, the outbox rows and the history event commit or roll back with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import User
from govit.accounts.roles import ADMIN_ROLES, Role
from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.obligations.models import Obligation

from .models import Notification, NotificationKind, OutboxMessage

# Who answers for an obligation of an organisation: its staff and its leaders.
RESPONSIBLE_ROLES = (Role.UNIT_STAFF, Role.UNIT_LEADER)


def recipients_by_organisation(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active unit_staff and unit_leader users of each organisation, in one query.

    A user who also holds an administrator role acts only as administrator (三员分立) and
    is left out.
    """
    ids = set(organisation_ids)
    found: dict[int, list[User]] = {pk: [] for pk in ids}
    if not ids:
        return found
    users = (
        User.objects.filter(
            organisation_id__in=ids,
            is_active=True,
            role_assignments__role__in=RESPONSIBLE_ROLES,
        )
        .exclude(role_assignments__role__in=ADMIN_ROLES)
        .distinct()
        .order_by("id")
    )
    for user in users:
        found.setdefault(user.organisation_id or 0, []).append(user)
    return found


def recipients_for(obligation: Obligation) -> list[User]:
    """Who is told about ``obligation``: the unit staff and leaders of the responsible org."""
    return recipients_by_organisation([obligation.responsible_id])[obligation.responsible_id]


def _email_body(body: str, link: str) -> str:
    if not link:
        return body
    return f"{body}\n\n在平台中查看 / View in GovIT: {link}"


def notify(
    *,
    users: Iterable[User],
    subject: str,
    body: str,
    link: str = "",
    obligation: Obligation | None = None,
    kind: str = NotificationKind.OTHER,
    by: User | None = None,
) -> list[Notification]:
    """Put a notification in each user's inbox and queue an email for each with an address.

    One transaction (joins the caller's): the inbox rows, the outbox rows and one history
    event are written together or not at all.  A user named twice is told once.
    """
    subject, body, link = (subject or "").strip(), (body or "").strip(), (link or "").strip()
    if not subject or len(subject) > 200:
        raise InvalidInput(
            "通知标题不能为空，且不超过200字",
            message_en="A notification needs a subject of at most 200 characters",
            field="subject",
        )
    if not body:
        raise InvalidInput(
            "通知内容不能为空", message_en="A notification needs a body", field="body"
        )
    if len(link) > 300:
        raise InvalidInput(
            "通知链接不超过300字", message_en="The link is at most 300 characters", field="link"
        )
    if kind not in NotificationKind.values:
        raise InvalidInput(
            f"未知的通知类别「{kind}」", message_en=f"Unknown kind {kind!r}", field="kind"
        )
    recipients = list({user.pk: user for user in users}.values())
    if not recipients and obligation is None:
        return []
    now = timezone.now()
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(
            [
                Notification(
                    recipient=user,
                    subject=subject,
                    body=body,
                    link=link,
                    obligation=obligation,
                    kind=kind,
                    created_at=now,
                )
                for user in recipients
            ]
        )
        emails = OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    to_address=notification.recipient.email,
                    subject=subject,
                    body=_email_body(body, link),
                    notification=notification,
                    created_at=now,
                )
                for notification in notifications
                if notification.recipient.email
            ]
        )
        target: Any = obligation if obligation is not None else notifications[0]
        record(
            action="notifications.notify",
            obj=target,
            by=by,
            after={
                "kind": kind,
                "subject": subject,
                "recipients": [user.username for user in recipients],
                "emails": len(emails),
            },
        )
    return notifications


def _refuse_other(notification: Notification, by: User) -> None:
    if notification.recipient_id != by.pk:
        raise RuleViolation(
            deny(
                "只能标记本人的通知为已读",
                en="Only the recipient may mark a notification as read",
            )
        )


def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    """Mark one of ``by``'s notifications read (reading it again changes nothing)."""
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        _refuse_other(locked, by)
        if locked.read_at is not None:
            return locked
        locked.read_at = timezone.now()
        locked.save(update_fields=["read_at"])
        record(
            action="notifications.read",
            obj=locked,
            by=by,
            before={"read_at": None},
            after={"read_at": locked.read_at.isoformat()},
        )
    return locked


def notifications_mark_all_read(*, by: User) -> int:
    """Mark every unread notification of ``by`` read; returns how many changed."""
    with transaction.atomic():
        now = timezone.now()
        changed = Notification.objects.filter(recipient=by, read_at__isnull=True).update(
            read_at=now
        )
        if changed:
            record(
                action="notifications.read_all",
                obj=by,
                by=by,
                after={"count": changed, "read_at": now.isoformat()},
            )
    return changed
