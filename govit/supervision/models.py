"""Supervision and sanctions (Art. 20, 34–35): inspections, findings, rectification orders,
and the escalation ladder of sanctions.

- ``Inspection``: BDB staff plan it (title, scope: projects and/or departments, planned date)
  and record its findings; a BDB leader approves it (planned → approved).
- ``Finding``: one per project and rule broken, citing the article and its text.
- ``RectificationOrder``: from a finding of an approved inspection, with a deadline; opens a
  ``SUPERVISION_RECTIFICATION`` obligation.  open → answered → accepted, or → open again when
  BDB rejects the answer (the rejection counts: "整改后仍不符合要求").
- ``Sanction``: a BDB leader's decision on the ladder of Art. 35 (通报批评, 暂缓拨付, 暂停建设,
  终止), with its reason; lifting is a decision with a reason too.  Rows are never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation
from govit.projects.models import Project

USER = settings.AUTH_USER_MODEL
MAX_ARTICLE = 41  # the measures have 41 articles


class Inspection(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", "计划中"
        APPROVED = "approved", "已审批"

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("检查名称", max_length=200)
    planned_on = models.DateField("计划检查日期")
    projects = models.ManyToManyField(
        Project, verbose_name="检查项目", blank=True, related_name="inspections"
    )
    departments = models.ManyToManyField(
        Organisation, verbose_name="检查部门", blank=True, related_name="inspections"
    )
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PLANNED)
    planned_by = models.ForeignKey(
        USER, verbose_name="计划人", on_delete=models.PROTECT, related_name="+"
    )
    planned_at = models.DateTimeField("计划时间", default=timezone.now)
    approved_by = models.ForeignKey(
        USER,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    approval_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "监督检查"
        verbose_name_plural = "监督检查"
        ordering = ["-planned_on", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "state"], name="inspection_jur_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="approved") | models.Q(approved_at__isnull=False),
                name="inspection_approved_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name="监督检查", on_delete=models.PROTECT, related_name="findings"
    )
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="findings"
    )
    article = models.PositiveSmallIntegerField("违反条款")
    rule_text = models.TextField("条款内容")
    description = models.TextField("问题描述")
    recorded_by = models.ForeignKey(
        USER, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "检查发现问题"
        verbose_name_plural = "检查发现问题"
        ordering = ["inspection", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(article__gte=1, article__lte=MAX_ARTICLE),
                name="finding_article_in_measures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · 第{self.article}条"


class RectificationOrder(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "待整改"
        ANSWERED = "answered", "整改情况已报送"
        ACCEPTED = "accepted", "整改通过"

    finding = models.OneToOneField(
        Finding, verbose_name="检查发现问题", on_delete=models.PROTECT, related_name="order"
    )
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="rectification_orders"
    )
    requirements = models.TextField("整改要求")
    deadline = models.DateField("整改期限")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    ordered_by = models.ForeignKey(
        USER, verbose_name="下达人", on_delete=models.PROTECT, related_name="+"
    )
    ordered_at = models.DateTimeField("下达时间", default=timezone.now)
    # The unit's (latest) answer.
    answer_note = models.TextField("整改情况", blank=True)
    answer_evidence = models.ForeignKey(
        "applications.Document",
        verbose_name="整改材料",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        USER,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("报送时间", null=True, blank=True)
    answered_on = models.DateField("报送日期", null=True, blank=True)
    # BDB's (latest) decision on the answer.
    decided_by = models.ForeignKey(
        USER,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_reason = models.TextField("审核意见", blank=True)
    rejections = models.PositiveIntegerField("整改未通过次数", default=0)

    class Meta:
        verbose_name = "整改通知"
        verbose_name_plural = "整改通知"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["project", "state"], name="rect_order_project_state_idx")]

    def __str__(self) -> str:
        return f"{self.project} · 整改期限 {self.deadline:%Y-%m-%d}"

    @property
    def answered_late(self) -> bool:
        return self.answered_on is not None and self.answered_on > self.deadline


class SanctionKind(models.TextChoices):
    """The ladder of Art. 35, in order."""

    PUBLIC_CRITICISM = "public_criticism", "通报批评"
    FUND_SUSPENSION = "fund_suspension", "暂缓拨付"
    CONSTRUCTION_SUSPENSION = "construction_suspension", "暂停建设"
    TERMINATION = "termination", "终止项目"


LADDER = [kind.value for kind in SanctionKind]


class SanctionQuerySet(models.QuerySet["Sanction"]):
    def in_force(self) -> SanctionQuerySet:
        return self.filter(lifted_at__isnull=True)


class Sanction(models.Model):
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="sanctions"
    )
    kind = models.CharField("处理措施", max_length=30, choices=SanctionKind.choices)
    order = models.ForeignKey(
        RectificationOrder,
        verbose_name="依据的整改通知",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    reason = models.TextField("决定理由")
    decided_by = models.ForeignKey(
        USER, verbose_name="决定人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", default=timezone.now)
    decided_on = models.DateField("决定日期")
    lifted_at = models.DateTimeField("解除时间", null=True, blank=True)
    lifted_on = models.DateField("解除日期", null=True, blank=True)
    lifted_by = models.ForeignKey(
        USER,
        verbose_name="解除决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lift_reason = models.TextField("解除理由", blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = "处理决定"
        verbose_name_plural = "处理决定"
        ordering = ["-decided_at", "-id"]
        indexes = [
            models.Index(fields=["project", "kind", "lifted_at"], name="sanction_in_force_idx"),
            models.Index(fields=["kind", "lifted_at"], name="sanction_notice_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="sanction_decided_with_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True)
                | (~models.Q(lift_reason="") & models.Q(lifted_on__isnull=False)),
                name="sanction_lifted_with_reason",
            ),
            # One sanction of a kind in force per project at a time.
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=models.Q(lifted_at__isnull=True),
                name="sanction_one_in_force_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None
