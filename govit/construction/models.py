"""Construction of an approved project (Art. 15, 19, 20): its baseline, milestones, progress,
incidents and change requests.  Writes go through ``services.py``; reads through selectors.

- ``Baseline``: one approved version of amounts, planned completion, scope and milestone dates;
  version 1 is written when the unit first saves its schedule, each later version by an
  approved ``ChangeRequest`` (Art. 19).
- ``Milestone``: a planned step with its planned and actual date (Art. 15).
- ``ProgressReport``: a periodic report, with the schedule and cost variance computed when it
  was filed and the thresholds of the policy pack in force that day.
- ``Incident``: a severe delay or major investment loss and BDB's decision on it (Art. 20).
- ``ChangeRequest``: a change of scope, budget or schedule, decided by a BDB leader (Art. 19).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.projects.models import Project

USER = settings.AUTH_USER_MODEL


class Baseline(models.Model):
    """One version of what the project must deliver: amount in total and per budget line,
    planned completion and scope (Art. 19).  Rows are never edited: an approved change request
    writes the next version.  Before any row exists the approved opinion is the baseline
    (version 0, see ``baselines.current_baseline``).
    """

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="baselines"
    )
    version = models.PositiveIntegerField("版本")
    total_amount = models.DecimalField("批复总额（元）", max_digits=14, decimal_places=2)
    # {"<budget line id>": "amount"}: the ceiling of each budget line (Art. 38).
    line_amounts = models.JSONField("各预算明细核定金额", default=dict)
    planned_completion = models.DateField("计划完成日期", null=True, blank=True)
    scope = models.TextField("建设内容", blank=True)
    # [{"id": milestone id, "name": ..., "planned_on": "YYYY-MM-DD"}]: the milestone plan of
    # this version, so that every version shows the dates it approved.
    milestones = models.JSONField("里程碑计划", default=list, blank=True)
    reason = models.TextField("变更理由", blank=True)
    change_request = models.OneToOneField(
        "ChangeRequest",
        verbose_name="变更申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="baseline",
    )
    created_by = models.ForeignKey(
        USER,
        verbose_name="确认人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "项目基线"
        verbose_name_plural = "项目基线"
        ordering = ["project", "version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="baseline_version_unique"),
            models.CheckConstraint(
                condition=models.Q(total_amount__gte=0), name="baseline_total_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return f"基线第{self.version}版·{self.project_id}"


class Milestone(models.Model):
    """A planned step of the schedule (Art. 15).  The planned date is part of the baseline;
    the actual date is recorded when the step is reached."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="milestones"
    )
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("里程碑", max_length=100)
    planned_on = models.DateField("计划日期")
    actual_on = models.DateField("实际完成日期", null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "里程碑"
        verbose_name_plural = "里程碑"
        ordering = ["project", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="milestone_name_unique"),
            models.UniqueConstraint(fields=["project", "order"], name="milestone_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Colour(models.TextChoices):
    """The 绿/黄/红 display of a variance; ``unknown`` when it cannot be computed."""

    GREEN = "green", "绿"
    AMBER = "amber", "黄"
    RED = "red", "红"
    UNKNOWN = "unknown", "无法计算"


class ProgressReport(models.Model):
    """A periodic progress report: percent complete, spend to date, issues (Art. 15).

    The variance is computed when the report is filed, against the baseline and the policy
    pack's thresholds of that day, and kept: a later change of baseline or thresholds does
    not rewrite what a past report showed.
    """

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="progress_reports"
    )
    report_date = models.DateField("报告日期")
    percent_complete = models.DecimalField("完成百分比（%）", max_digits=5, decimal_places=2)
    spend_to_date = models.DecimalField("累计支出（元）", max_digits=14, decimal_places=2)
    issues = models.TextField("存在问题", blank=True)
    evidence = models.ForeignKey(
        "applications.Document",
        verbose_name="证明材料",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the variance was judged against.
    baseline_version = models.PositiveIntegerField("对照基线版本")
    baseline_total = models.DecimalField("对照基线总额（元）", max_digits=14, decimal_places=2)
    planned_completion = models.DateField("对照计划完成日期", null=True, blank=True)
    planned_percent = models.DecimalField(
        "按时间应完成（%）", max_digits=5, decimal_places=2, null=True, blank=True
    )
    schedule_variance = models.DecimalField(
        "进度偏差（百分点）", max_digits=7, decimal_places=2, null=True, blank=True
    )
    # Wide: a tiny baseline and a large spend give a large percentage.
    cost_variance = models.DecimalField(
        "费用偏差（%）", max_digits=20, decimal_places=2, null=True, blank=True
    )
    schedule_colour = models.CharField("进度状态", max_length=8, choices=Colour.choices)
    cost_colour = models.CharField("费用状态", max_length=8, choices=Colour.choices)
    # {"schedule_amber": "10", "schedule_red": "20", "cost_amber": "10", "cost_red": "20",
    #  "pack": "heze-2022-successor"}
    thresholds = models.JSONField("阈值", default=dict)
    reported_by = models.ForeignKey(
        USER, verbose_name="报告人", on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField("报告时间", default=timezone.now)

    class Meta:
        verbose_name = "进度报告"
        verbose_name_plural = "进度报告"
        ordering = ["project", "report_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "report_date"], name="progress_report_once_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(percent_complete__gte=0) & models.Q(percent_complete__lte=100),
                name="progress_percent_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(spend_to_date__gte=0), name="progress_spend_nonnegative"
            ),
            models.CheckConstraint(
                condition=models.Q(baseline_total__gte=0), name="progress_baseline_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_date:%Y-%m-%d} 进度 {self.percent_complete}%"


class Incident(models.Model):
    """A severe delay or major investment loss reported to BDB, and what BDB decided (Art. 20).

    open → (rectification) rectifying → answered → closed;
    open / rectifying / answered → (suspension) suspended → lifted.
    """

    class Kind(models.TextChoices):
        SEVERE_DELAY = "severe_delay", "严重滞后"
        MAJOR_LOSS = "major_loss", "重大投资损失"

    class State(models.TextChoices):
        OPEN = "open", "待研判"
        RECTIFYING = "rectifying", "整改中"
        ANSWERED = "answered", "整改情况已报送"
        CLOSED = "closed", "整改完成"
        SUSPENDED = "suspended", "暂停建设"
        LIFTED = "lifted", "已恢复建设"

    class Source(models.TextChoices):
        UNIT = "unit", "建设单位报告"
        BDB = "bdb", "大数据局发现"

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="incidents"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    description = models.TextField("情况说明")
    source = models.CharField("来源", max_length=8, choices=Source.choices)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.OPEN)
    reported_by = models.ForeignKey(
        USER, verbose_name="报告人", on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField("报告时间", default=timezone.now)
    # BDB leader's decision: rectification (deadline, requirements) or suspension.
    decision_reason = models.TextField("决定理由", blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    # The deadline is a plain date so that issue 5 can open an obligation from it.
    rectification_deadline = models.DateField("整改期限", null=True, blank=True)
    rectification_requirements = models.TextField("整改要求", blank=True)
    # The unit's answer to a rectification order.
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
    # Closing the rectification or lifting the suspension.
    suspended_by = models.ForeignKey(
        USER,
        verbose_name="暂停决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    suspended_at = models.DateTimeField("暂停时间", null=True, blank=True)
    suspension_reason = models.TextField("暂停理由", blank=True)
    closed_by = models.ForeignKey(
        USER,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    close_reason = models.TextField("办结意见", blank=True)

    class Meta:
        verbose_name = "重大情况报告"
        verbose_name_plural = "重大情况报告"
        ordering = ["project", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="rectifying")
                | models.Q(rectification_deadline__isnull=False),
                name="incident_rectification_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_state_display()}）"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_INCIDENT_STATES

    @property
    def answered_late(self) -> bool:
        return (
            self.answered_on is not None
            and self.rectification_deadline is not None
            and self.answered_on > self.rectification_deadline
        )


OPEN_INCIDENT_STATES = (
    Incident.State.OPEN,
    Incident.State.RECTIFYING,
    Incident.State.ANSWERED,
    Incident.State.SUSPENDED,
)
RECTIFICATION_STATES = (Incident.State.RECTIFYING, Incident.State.ANSWERED)


class ChangeRequest(models.Model):
    """A change of scope, budget and/or schedule; approved by a BDB leader (Art. 19).

    Only the parts whose ``changes_*`` flag is set are changed; an approval writes the next
    baseline version from ``base_version`` (the version the unit saw when it asked).
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "不予批准"

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="change_requests"
    )
    base_version = models.PositiveIntegerField("申请时基线版本")
    changes_scope = models.BooleanField("变更建设内容", default=False)
    changes_budget = models.BooleanField("变更投资预算", default=False)
    changes_schedule = models.BooleanField("变更进度计划", default=False)
    new_scope = models.TextField("变更后建设内容", blank=True)
    # {"<budget line id>": "amount"}: every line of the new budget.
    new_line_amounts = models.JSONField("变更后各预算明细金额", default=dict, blank=True)
    new_total = models.DecimalField(
        "变更后总额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    new_planned_completion = models.DateField("变更后计划完成日期", null=True, blank=True)
    # {"<milestone id>": "YYYY-MM-DD"}: milestones re-dated by the request.
    new_milestone_dates = models.JSONField("变更后里程碑计划日期", default=dict, blank=True)
    reason = models.TextField("变更理由")
    document = models.ForeignKey(
        "applications.Document",
        verbose_name="变更申请材料",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(
        USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("申请时间", default=timezone.now)
    decided_by = models.ForeignKey(
        USER,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "变更申请"
        verbose_name_plural = "变更申请"
        ordering = ["project", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(changes_scope=True)
                | models.Q(changes_budget=True)
                | models.Q(changes_schedule=True),
                name="change_request_changes_something",
            ),
            models.CheckConstraint(
                condition=models.Q(new_total__isnull=True) | models.Q(new_total__gte=0),
                name="change_request_total_nonnegative",
            ),
            # One pending request per project: each is decided against the baseline it saw.
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(state="submitted"),
                name="change_request_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"变更申请 #{self.pk}（{self.get_state_display()}）"

    @property
    def kind_labels(self) -> list[str]:
        labels = []
        if self.changes_scope:
            labels.append("建设内容")
        if self.changes_budget:
            labels.append("投资预算")
        if self.changes_schedule:
            labels.append("进度计划")
        return labels
