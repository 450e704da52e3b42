"""Completion, acceptance and go-live of a project (Art. 21–23, 33).

- ``Completion``: the completion date the unit recorded and the acceptance application due
  date computed from it (Art. 23: 半年, the policy pack's months, calendar months).
- ``Extension``: the unit's request for a later due date and the BDB leader's decision.
- ``AcceptanceApplication``: one round of acceptance (验收申请), with its acceptance and test
  reports; a failed round is kept and the unit applies again (a new round).
- ``MlpsResult`` / ``CryptoResult``: the MLPS (等级保护) assessment and the cryptography
  evaluation (密评) results added to an open round (Art. 31–33).
- ``Filing``: the acceptance report's filing (备案) with BDB and the go-live date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.applications.models import MlpsLevel

USER = settings.AUTH_USER_MODEL
DOCUMENT = "applications.Document"


class Conclusion(models.TextChoices):
    """Conclusion of an MLPS assessment or a cryptography evaluation."""

    CONFORMS = "conforms", "符合"
    BASICALLY_CONFORMS = "basically_conforms", "基本符合"
    NOT_CONFORMS = "not_conforms", "不符合"


class Completion(models.Model):
    """Construction completed (建设完成): the day, and the acceptance application due date."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="completion",
    )
    completed_on = models.DateField("建设完成日期")
    months = models.PositiveSmallIntegerField("申请验收期限（月）")
    due_on = models.DateField("验收申请截止日期（原定）")
    pack_code = models.CharField("所依据的政策包", max_length=50)
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "建设完成登记"
        verbose_name_plural = "建设完成登记"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gt=models.F("completed_on")),
                name="completion_due_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"建设完成 {self.completed_on:%Y-%m-%d}"


class Extension(models.Model):
    """An extension of the acceptance application due date (Art. 23)."""

    class State(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "不予批准"

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="acceptance_extensions",
    )
    previous_due_on = models.DateField("申请时的截止日期")
    requested_due_on = models.DateField("申请延期至")
    reasons = models.TextField("延期理由")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    applied_by = models.ForeignKey(
        USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField("申请时间", default=timezone.now)
    approved_due_on = models.DateField("批准的截止日期", null=True, blank=True)
    decision_reason = models.TextField("审批意见", blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "验收延期申请"
        verbose_name_plural = "验收延期申请"
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(state="pending"),
                name="extension_one_pending_per_project",
            ),
            models.CheckConstraint(
                condition=models.Q(requested_due_on__gt=models.F("previous_due_on")),
                name="extension_requested_later",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_due_on__isnull=True)
                | models.Q(approved_due_on__gt=models.F("previous_due_on")),
                name="extension_approved_later",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="approved") | models.Q(approved_due_on__isnull=False),
                name="extension_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"延期至 {self.requested_due_on:%Y-%m-%d}（{self.get_state_display()}）"


class AcceptanceApplication(models.Model):
    """One round of acceptance: applied by the unit, passed or failed by BDB."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "待验收"
        PASSED = "passed", "验收通过"
        FAILED = "failed", "验收不通过"

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="acceptance_applications",
    )
    round_no = models.PositiveSmallIntegerField("轮次")
    applied_on = models.DateField("申请日期")
    notes = models.TextField("申请说明", blank=True)
    acceptance_report = models.ForeignKey(
        DOCUMENT, verbose_name="验收报告", on_delete=models.PROTECT, related_name="+"
    )
    test_report = models.ForeignKey(
        DOCUMENT, verbose_name="测试报告", on_delete=models.PROTECT, related_name="+"
    )
    applied_by = models.ForeignKey(
        USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField("提交时间", default=timezone.now)
    outcome = models.CharField(
        "验收结论", max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_on = models.DateField("验收日期", null=True, blank=True)
    opinion = models.TextField("验收意见", blank=True)
    rectification = models.TextField("整改要求", blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name="验收办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)

    class Meta:
        verbose_name = "竣工验收申请"
        verbose_name_plural = "竣工验收申请"
        ordering = ["project", "round_no"]
        constraints = [
            models.UniqueConstraint(fields=["project", "round_no"], name="acceptance_round_unique"),
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(outcome="pending"),
                name="acceptance_one_open_round",
            ),
            models.CheckConstraint(
                condition=models.Q(round_no__gte=1), name="acceptance_round_ge_1"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="pending") | models.Q(decided_on__isnull=False),
                name="acceptance_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.round_no}轮验收：{self.get_outcome_display()}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.PENDING


class _Result(models.Model):
    application = models.ForeignKey(
        AcceptanceApplication,
        verbose_name="验收申请",
        on_delete=models.CASCADE,
        related_name="%(class)ss",
    )
    conclusion = models.CharField("结论", max_length=20, choices=Conclusion.choices)
    report = models.ForeignKey(
        DOCUMENT, verbose_name="报告", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["application", "id"]

    @property
    def passes(self) -> bool:
        return self.conclusion != Conclusion.NOT_CONFORMS


class MlpsResult(_Result):
    """An MLPS (网络安全等级保护) assessment result (Art. 31, 33); the latest one counts."""

    level = models.PositiveSmallIntegerField("保护等级", choices=MlpsLevel.choices)
    assessed_on = models.DateField("测评日期")

    class Meta(_Result.Meta):
        verbose_name = "等级保护测评结果"
        verbose_name_plural = "等级保护测评结果"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1) & models.Q(level__lte=5),
                name="mlps_result_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"等保第{self.level}级测评（{self.assessed_on:%Y-%m-%d}）：{self.get_conclusion_display()}"


class CryptoResult(_Result):
    """A cryptography application security evaluation (密评) result (Art. 32, 33)."""

    evaluated_on = models.DateField("评估日期")

    class Meta(_Result.Meta):
        verbose_name = "密码应用安全性评估结果"
        verbose_name_plural = "密码应用安全性评估结果"

    def __str__(self) -> str:
        return f"密评（{self.evaluated_on:%Y-%m-%d}）：{self.get_conclusion_display()}"


class Filing(models.Model):
    """The acceptance report filed (备案) with BDB, and the day the system went live (Art. 23)."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="acceptance_filing",
    )
    application = models.OneToOneField(
        AcceptanceApplication,
        verbose_name="验收申请",
        on_delete=models.PROTECT,
        related_name="filing",
    )
    filing_number = models.CharField("备案编号", max_length=60)
    filed_on = models.DateField("备案日期")
    go_live_on = models.DateField("投入运行日期")
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "验收备案"
        verbose_name_plural = "验收备案"
        constraints = [
            models.UniqueConstraint(
                fields=["filing_number"], name="acceptance_filing_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"验收备案 {self.filing_number}"
