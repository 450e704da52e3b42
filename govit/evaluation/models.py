"""Post-evaluation of a project in operation (Art. 8, 24, 37).

- ``SelfEvaluation``: the owning unit's 绩效自评价, once per project, 12–24 months after
  acceptance and go-live (Art. 24), with its report; ``IndicatorResult`` one pre-performance
  indicator's (Art. 8) target, copied, against the actual result.
- ``EvaluationAssignment``: BDB's commission of a third-party evaluator (Art. 24) and the
  evaluator's score, conclusion and report.  Scores roll up per department (Art. 37).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Organisation

USER = settings.AUTH_USER_MODEL


class SelfEvaluation(models.Model):
    """A unit's self-evaluation of its project (Art. 24); the window is kept as it was judged."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="self_evaluation",
    )
    conclusion = models.TextField("自评价结论")
    self_score = models.PositiveSmallIntegerField("自评得分（0–100）")
    report = models.ForeignKey(
        "applications.Document",
        verbose_name="绩效自评价报告",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The window as computed when the unit submitted (Art. 24): the policy pack may change
    # later, the record keeps what it was judged by.
    window_opens_on = models.DateField("自评价开始日期")
    window_closes_on = models.DateField("自评价截止日期")
    submitted_on = models.DateField("提交日期")
    days_late = models.PositiveIntegerField("逾期天数", default=0)
    by = models.ForeignKey(USER, verbose_name="提交人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("提交时间", default=timezone.now)

    class Meta:
        verbose_name = "绩效自评价"
        verbose_name_plural = "绩效自评价"
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(self_score__lte=100), name="self_evaluation_score_0_100"
            ),
            models.CheckConstraint(
                condition=models.Q(window_closes_on__gte=models.F("window_opens_on")),
                name="self_evaluation_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["submitted_on"], name="self_eval_submitted_idx")]

    def __str__(self) -> str:
        return f"绩效自评价·{self.project_id}"

    @property
    def late(self) -> bool:
        return self.days_late > 0


class IndicatorResult(models.Model):
    """One pre-performance indicator (Art. 8): its target as approved, and what was achieved."""

    self_evaluation = models.ForeignKey(
        SelfEvaluation,
        verbose_name="绩效自评价",
        on_delete=models.CASCADE,
        related_name="results",
    )
    # SET_NULL + the copied name and target: the record states the target as it stood.
    indicator = models.ForeignKey(
        "applications.Indicator",
        verbose_name="事前绩效指标",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    indicator_name = models.CharField("指标名称", max_length=200)
    target_value = models.CharField("目标值", max_length=100)
    unit = models.CharField("计量单位", max_length=30)
    actual_value = models.CharField("实际完成值", max_length=100)
    met = models.BooleanField("达到目标")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "绩效指标完成情况"
        verbose_name_plural = "绩效指标完成情况"
        ordering = ["self_evaluation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_evaluation", "indicator"],
                condition=models.Q(indicator__isnull=False),
                name="indicator_result_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_name}：{self.actual_value}{self.unit}（目标 {self.target_value}）"


class EvaluationAssignment(models.Model):
    """BDB commissions a third-party evaluator (Art. 24); the evaluator submits its result."""

    class State(models.TextChoices):
        COMMISSIONED = "commissioned", "已委托，待提交"
        SUBMITTED = "submitted", "已提交评价"
        WITHDRAWN = "withdrawn", "已撤回委托"

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="evaluation_assignments",
    )
    evaluator = models.ForeignKey(
        Organisation,
        verbose_name="第三方评价机构",
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
    )
    scope = models.TextField("评价范围与要求")
    due_on = models.DateField("要求完成日期")
    state = models.CharField(
        "状态", max_length=15, choices=State.choices, default=State.COMMISSIONED
    )
    commissioned_by = models.ForeignKey(
        USER, verbose_name="委托人", on_delete=models.PROTECT, related_name="+"
    )
    commissioned_at = models.DateTimeField("委托时间", default=timezone.now)
    score = models.PositiveSmallIntegerField("评价得分（0–100）", null=True, blank=True)
    conclusion = models.TextField("评价结论", blank=True)
    report = models.ForeignKey(
        "applications.Document",
        verbose_name="第三方绩效评价报告",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    # BDB withdraws a commission that is still open (wrong evaluator, changed scope …).
    withdrawn_by = models.ForeignKey(
        USER,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回理由", blank=True)

    class Meta:
        verbose_name = "第三方绩效评价委托"
        verbose_name_plural = "第三方绩效评价委托"
        ordering = ["-commissioned_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="evaluation_score_0_100",
            ),
            # A submitted evaluation has its score, report and date; an open or withdrawn one
            # has none.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        state="submitted",
                        score__isnull=False,
                        report__isnull=False,
                        submitted_on__isnull=False,
                    )
                    | models.Q(
                        state__in=["commissioned", "withdrawn"],
                        score__isnull=True,
                        report__isnull=True,
                        submitted_on__isnull=True,
                    )
                ),
                name="evaluation_submission_complete",
            ),
            # One open commission per project at a time: a submitted one ends the evaluation.
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(state="commissioned"),
                name="evaluation_one_open_per_project",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_on"], name="evaluation_state_date_idx"),
        ]

    def __str__(self) -> str:
        return f"第三方绩效评价委托 #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.COMMISSIONED

    @property
    def days_late(self) -> int:
        """Calendar days the submission came after the due date (0 when on time or open)."""
        if self.submitted_on is None:
            return 0
        return max(0, (self.submitted_on - self.due_on).days)
