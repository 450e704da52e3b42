"""Notifications: the in-app inbox, the email outbox, and the notices sent about obligations.

A notification is written with its email (an outbox row, for a recipient with an address) in
the same transaction as the event that caused it; a worker sends the outbox later and marks
each row sent exactly once.  An obligation gets at most one reminder and one overdue notice,
ever: the ``ObligationNotice`` row is the claim that two scans cannot both win.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

# A failed email is tried again on the next run, up to this many attempts in all.
MAX_ATTEMPTS = 3


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", "到期提醒"
    OVERDUE = "overdue", "逾期通知"
    OTHER = "other", "其他通知"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    link = models.CharField("链接", max_length=300, blank=True)
    obligation = models.ForeignKey(
        "obligations.Obligation",
        verbose_name="期限事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    kind = models.CharField(
        "类别", max_length=10, choices=NotificationKind.choices, default=NotificationKind.OTHER
    )
    created_at = models.DateTimeField("通知时间", default=timezone.now)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # The header badge counts only unread rows: a partial index keeps it cheap.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class OutboxState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class OutboxMessage(models.Model):
    """An email to send; claimed by one worker with a conditional UPDATE, sent once."""

    to_address = models.EmailField("收件地址")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    notification = models.ForeignKey(
        Notification,
        verbose_name="站内通知",
        on_delete=models.PROTECT,
        related_name="emails",
    )
    state = models.CharField(
        "状态", max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    claimed_at = models.DateTimeField("领取时间", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        verbose_name = "待发邮件"
        verbose_name_plural = "待发邮件"
        ordering = ["id"]
        indexes = [
            # The worker's claim reads only pending rows, oldest first.
            models.Index(
                fields=["id"],
                condition=models.Q(state="pending"),
                name="outbox_pending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(state="sent"),
                name="outbox_sent_at_only_when_sent",
            ),
            models.CheckConstraint(
                condition=models.Q(attempts__lte=MAX_ATTEMPTS),
                name="outbox_attempts_at_most_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to_address} · {self.subject}"


class ObligationNotice(models.Model):
    """The one reminder (or overdue notice) an obligation gets: the row is the claim."""

    obligation = models.ForeignKey(
        "obligations.Obligation",
        verbose_name="期限事项",
        on_delete=models.PROTECT,
        related_name="notices",
    )
    kind = models.CharField("类别", max_length=10, choices=NotificationKind.choices)
    queued_on = models.DateField("生成日期")
    recipients = models.PositiveIntegerField("接收人数", default=0)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "期限事项通知记录"
        verbose_name_plural = "期限事项通知记录"
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "kind"], name="obligation_notice_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id} · {self.get_kind_display()}"
