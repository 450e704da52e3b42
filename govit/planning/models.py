"""Plans (Art. 5–7): the city's plans by BDB, each department's plan and annual construction plan.

Planning sits below projects: a project points at the plan item it was made from; plans know
nothing of projects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation
from govit.policy.vocabulary import SystemCategory


class PlanState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "已发布"


class CityPlan(models.Model):
    """市政务信息化规划 (multi-year) or 年度指导计划 (one year), authored by BDB (Art. 5)."""

    class Kind(models.TextChoices):
        INFORMATIZATION = "informatization", "政务信息化规划"
        ANNUAL_GUIDANCE = "annual_guidance", "年度指导计划"

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
        ordering = ["-start_year", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="cityplan_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DepartmentPlan(models.Model):
    """A department's informatization plan (multi-year) or annual construction plan (Art. 6)."""

    class Kind(models.TextChoices):
        INFORMATIZATION = "informatization", "部门信息化规划"
        ANNUAL_CONSTRUCTION = "annual_construction", "年度建设计划"

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
    bdb_opinion = models.TextField("大数据局意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "部门规划与年度建设计划"
        verbose_name_plural = "部门规划与年度建设计划"
        ordering = ["-start_year", "organisation"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="deptplan_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """An item of an annual construction plan: what an application is made from (Art. 7)."""

    plan = models.ForeignKey(
        DepartmentPlan, verbose_name="年度建设计划", on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField("项目名称", max_length=200)
    category = models.CharField("系统类别", max_length=2, choices=SystemCategory.choices)
    estimated_budget = models.DecimalField("估算投资（元）", max_digits=14, decimal_places=2)
    reason = models.TextField("建设理由", blank=True)

    class Meta:
        verbose_name = "年度建设计划项目"
        verbose_name_plural = "年度建设计划项目"
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_budget__gte=0), name="planitem_budget_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return self.name
