"""The project aggregate: the system of record for every government IT project (Art. 14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation


class SystemCategory(models.TextChoices):
    """System categories of Art. 2; the two-digit code is the category segment of the project code."""

    NETWORK = "01", "电子政务网络"
    BUSINESS_SYSTEM = "02", "业务信息系统"
    RESOURCE_DATABASE = "03", "信息资源库"
    SECURITY_INFRASTRUCTURE = "04", "信息安全与应用支撑基础设施"
    STANDARDS = "05", "政务标准体系"
    SUPPORT = "06", "相关支撑体系"


class SerialCounter(models.Model):
    """A named counter that only goes up: serial numbers are never reused."""

    key = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "流水号"
        verbose_name_plural = "流水号"

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class ProjectQuerySet(models.QuerySet["Project"]):
    def with_owner(self) -> ProjectQuerySet:
        return self.select_related("organisation", "jurisdiction")


class Project(models.Model):
    code = models.CharField("项目编码", max_length=32, unique=True, editable=False)
    name = models.CharField("项目名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    organisation = models.ForeignKey(
        Organisation, verbose_name="建设单位", on_delete=models.PROTECT, related_name="projects"
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT, related_name="projects"
    )
    system_category = models.CharField(
        "系统类别（第二条）",
        max_length=2,
        choices=SystemCategory.choices,
        default=SystemCategory.BUSINESS_SYSTEM,
    )
    state = models.CharField("状态", max_length=30, default="draft", db_index=True)
    is_fixed_asset = models.BooleanField("固定资产投资项目（需发展改革委审批）", default=False)
    is_classified_candidate = models.BooleanField("拟定涉密项目（需保密局确认）", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "state"], name="project_org_state_idx"),
            models.Index(fields=["jurisdiction", "state"], name="project_jur_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def state_label(self) -> str:
        from .workflow import PROJECT_MACHINE

        return PROJECT_MACHINE.states[self.state].display_label
