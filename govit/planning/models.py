"""Plans (Art. 5–7): the city's plans by BDB, each department's plan and annual construction plan.

Planning sits below projects: a project points at the plan item it was made from; plans know
nothing of projects (the reverse relation ``PlanItem.projects`` is declared by the project).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation
from govit.policy.vocabulary import SystemCategory

CENT = Decimal("0.01")


def as_yuan(amount: Decimal | int | None) -> Decimal:
    """A sum as exact yuan with two decimals (SQLite's SUM drops trailing zeros)."""
    return Decimal(amount or 0).quantize(CENT)


class PlanState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "已发布"


# Which states each kind of plan can be in (the machines in workflow.py move between them).
CITY_PLAN_STATES = (PlanState.DRAFT, PlanState.PUBLISHED)
DEPARTMENT_PLAN_STATES = (
    PlanState.DRAFT,
    PlanState.SUBMITTED,
    PlanState.RETURNED,
    PlanState.APPROVED,
)
# A department plan (and its items) may be changed while it is with the department.
EDITABLE_DEPARTMENT_PLAN_STATES = frozenset({PlanState.DRAFT, PlanState.RETURNED})


class CityPlan(models.Model):
    """市政务信息化规划 (multi-year) or 年度指导计划 (one year), authored by BDB (Art. 5)."""

    class Kind(models.TextChoices):
        INFORMATIZATION = "informatization", "政务信息化规划"
        ANNUAL_GUIDANCE = "annual_guidance", "年度指导计划"

    ANNUAL_KINDS = frozenset({Kind.ANNUAL_GUIDANCE})

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT, related_name="city_plans"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    start_year = models.PositiveSmallIntegerField("起始年度")
    end_year = models.PositiveSmallIntegerField("截止年度")
    summary = models.TextField("主要内容", blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=PlanState.choices, default=PlanState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "市级规划与指导计划"
        verbose_name_plural = "市级规划与指导计划"
        ordering = ["-start_year", "kind", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="cityplan_years_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in CITY_PLAN_STATES]),
                name="cityplan_state_known",
            ),
            # One annual guidance plan per jurisdiction and year.
            models.UniqueConstraint(
                fields=["jurisdiction", "start_year"],
                condition=models.Q(kind="annual_guidance"),
                name="cityplan_one_guidance_per_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_annual(self) -> bool:
        return self.kind in self.ANNUAL_KINDS

    @property
    def period(self) -> str:
        return (
            str(self.start_year)
            if self.start_year == self.end_year
            else (f"{self.start_year}–{self.end_year}")
        )

    @property
    def state_label(self) -> str:
        from .workflow import CITY_PLAN_MACHINE

        return CITY_PLAN_MACHINE.states[self.state].display_label


class DepartmentPlan(models.Model):
    """A department's informatization plan (multi-year) or annual construction plan (Art. 6)."""

    class Kind(models.TextChoices):
        INFORMATIZATION = "informatization", "部门信息化规划"
        ANNUAL_CONSTRUCTION = "annual_construction", "年度建设计划"

    ANNUAL_KINDS = frozenset({Kind.ANNUAL_CONSTRUCTION})

    organisation = models.ForeignKey(
        Organisation, verbose_name="部门", on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField("类型", max_length=25, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    start_year = models.PositiveSmallIntegerField("起始年度")
    end_year = models.PositiveSmallIntegerField("截止年度")
    summary = models.TextField("主要内容", blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=PlanState.choices, default=PlanState.DRAFT
    )
    # The latest BDB opinion (every round's opinion is kept in PlanReview).
    bdb_opinion = models.TextField("大数据局意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "部门规划与年度建设计划"
        verbose_name_plural = "部门规划与年度建设计划"
        ordering = ["-start_year", "organisation", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="deptplan_years_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in DEPARTMENT_PLAN_STATES]),
                name="deptplan_state_known",
            ),
            # One annual construction plan per department and year (items are added to it).
            models.UniqueConstraint(
                fields=["organisation", "start_year"],
                condition=models.Q(kind="annual_construction"),
                name="deptplan_one_annual_per_year",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "state"], name="deptplan_org_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_annual(self) -> bool:
        return self.kind in self.ANNUAL_KINDS

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_DEPARTMENT_PLAN_STATES

    @property
    def period(self) -> str:
        return (
            str(self.start_year)
            if self.start_year == self.end_year
            else (f"{self.start_year}–{self.end_year}")
        )

    @property
    def state_label(self) -> str:
        from .workflow import DEPARTMENT_PLAN_MACHINE

        return DEPARTMENT_PLAN_MACHINE.states[self.state].display_label

    def items_total(self) -> Decimal:
        """Sum of the items' estimated budgets (yuan)."""
        total = self.items.aggregate(total=models.Sum("estimated_budget"))["total"]
        return as_yuan(total)


class PlanItem(models.Model):
    """An item of a department plan; those of an approved annual construction plan are what
    applications are made from (Art. 7)."""

    plan = models.ForeignKey(
        DepartmentPlan, verbose_name="所属计划", on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField("项目名称", max_length=200)
    category = models.CharField("系统类别", max_length=2, choices=SystemCategory.choices)
    estimated_budget = models.DecimalField("估算投资（元）", max_digits=14, decimal_places=2)
    reason = models.TextField("建设理由", blank=True)

    class Meta:
        verbose_name = "计划项目"
        verbose_name_plural = "计划项目"
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_budget__gte=0), name="planitem_budget_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def snapshot(self) -> dict[str, str | int]:
        """What the item said at a moment (kept in review rounds and history)."""
        return {
            "id": self.pk,
            "name": self.name,
            "category": self.category,
            "estimated_budget": str(self.estimated_budget),
            "reason": self.reason,
        }


class PlanReview(models.Model):
    """One BDB decision on a submitted department plan: every round is kept (Art. 6)."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "批准"
        RETURNED = "returned", "退回修改"

    plan = models.ForeignKey(
        DepartmentPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="reviews"
    )
    round = models.PositiveSmallIntegerField("轮次")
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    opinion = models.TextField("审核意见", blank=True)
    # What was decided on: the items and their total at the moment of the decision.
    items_snapshot = models.JSONField("计划项目快照", default=list)
    total_budget = models.DecimalField("估算投资合计（元）", max_digits=16, decimal_places=2)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", default=timezone.now)

    class Meta:
        verbose_name = "计划审核记录"
        verbose_name_plural = "计划审核记录"
        ordering = ["plan", "round"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "round"], name="planreview_round_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} 第{self.round}轮：{self.get_outcome_display()}"


class PlanItemImport(models.Model):
    """One upload of plan items from the Excel template: checked in the background, saved all
    or nothing; its progress and the bad cells are kept for the import page."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        CHECKING = "checking", "校验中"
        IMPORTED = "imported", "已导入"
        REFUSED = "refused", "未导入"

    RUNNING_STATES = frozenset({State.QUEUED, State.CHECKING})

    plan = models.ForeignKey(
        DepartmentPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField("文件名", max_length=255)
    file_sm3 = models.CharField("文件摘要（SM3）", max_length=64)
    file_size = models.PositiveBigIntegerField("文件大小（字节）")
    # Relative to MEDIA_ROOT; always written by us, never taken from the request.
    stored_path = models.CharField("存储位置", max_length=255)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    checked_rows = models.PositiveIntegerField("已校验行数", default=0)
    imported_count = models.PositiveIntegerField("已导入项目数", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    # The first errors only (see imports.ERRORS_KEPT); error_count says how many there were.
    errors = models.JSONField("错误（前若干条）", default=list, blank=True)
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    started_at = models.DateTimeField("开始校验时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "计划项目导入"
        verbose_name_plural = "计划项目导入"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checked_rows__lte=models.F("total_rows")),
                name="planitemimport_checked_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["queued", "checking", "imported", "refused"]),
                name="planitemimport_state_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan}：{self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.state in self.RUNNING_STATES

    @property
    def progress_percent(self) -> int:
        """Whole per cent of the rows checked (0 while the rows are still being counted)."""
        if self.total_rows == 0:
            return 100 if not self.is_running else 0
        return min(100, self.checked_rows * 100 // self.total_rows)

    @property
    def progress_step(self) -> int:
        """The percentage rounded down to 5: the width class of the bar (CSP forbids style="")."""
        return self.progress_percent // 5 * 5

    @property
    def checked_rows_display(self) -> str:
        return f"{self.checked_rows:,}"

    @property
    def total_rows_display(self) -> str:
        return f"{self.total_rows:,}"
