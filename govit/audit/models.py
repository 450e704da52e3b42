"""The history: append-only events chained with HMAC-SM3.

Each event's digest covers its own content and the previous event's digest, so editing,
deleting or reordering any event breaks every digest after it; ``govit history verify``
finds the first break.  The chain key lives outside the database (``AUDIT_HMAC_KEY``), so
whoever can write the table cannot recompute the chain.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    pass


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("历史记录只能追加，不能修改 / history is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("历史记录只能追加，不能删除 / history is append-only")

    def for_object(self, obj: models.Model) -> EventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def for_project(self, project_id: int) -> EventQuerySet:
        """Every event of a project and of its records (contracts, batches, documents …)."""
        return self.filter(project_id=project_id)


class Event(models.Model):
    seq = models.BigIntegerField("序号", unique=True)
    occurred_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="操作人组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.TextField("理由", blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    client_ip = models.CharField("客户端地址", max_length=45, blank=True)
    key_id = models.CharField("密钥编号", max_length=16)
    prev_digest = models.CharField("前一摘要", max_length=64)
    digest = models.CharField("摘要（HMAC-SM3）", max_length=64)
    # The project the event concerns (the project itself, or the project of the record):
    # an index for the project page's timeline, not content — outside the digest (ADR 0003).
    # A plain number, not a foreign key: audit must not depend on projects.
    project_id = models.BigIntegerField("所属项目", null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "历史事件"
        verbose_name_plural = "历史事件"
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"], name="event_object_idx"),
            models.Index(fields=["actor", "seq"], name="event_actor_idx"),
            models.Index(fields=["project_id", "seq"], name="event_project_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("历史记录只能追加，不能修改 / history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("历史记录只能追加，不能删除 / history is append-only")


class ChainHead(models.Model):
    """One row: the last sequence number and digest.  Locking it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_digest = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "历史链头"
        verbose_name_plural = "历史链头"

    def __str__(self) -> str:
        return f"#{self.last_seq}"
