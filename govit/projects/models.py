"""The project aggregate: the system of record for every government IT project (Art. 14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation
from govit.policy.vocabulary import FundingMode, SystemCategory

__all__ = ["FundingMode", "Project", "SerialCounter", "SystemCategory"]


class Procedure(models.TextChoices):
    """Approval (审批) or filing (备案) — Art. 3, 12, 14."""

    APPROVAL = "approval", "审批"
    FILING = "filing", "备案"


class UpperLevel(models.TextChoices):
    """For higher-level projects (Art. 12): who approves upstream."""

    NONE = "", "无（市级项目）"
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"


class PredecessorRelation(models.TextChoices):
    NONE = "", "无"
    UPGRADE = "upgrade", "升级改造"
    SPLIT = "split", "拆分"
    MERGE = "merge", "合并"


class SecrecyStatus(models.TextChoices):
    """Secrecy bureau's answer for a classified candidate (Art. 4)."""

    PENDING = "", "未确认"
    CLASSIFIED = "classified", "确认涉密"
    NOT_CLASSIFIED = "not_classified", "确认不涉密"


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
    funding_mode = models.CharField(
        "资金方式（第二条）",
        max_length=20,
        choices=FundingMode.choices,
        default=FundingMode.GOVERNMENT_INVESTMENT,
    )
    procedure = models.CharField(
        "办理程序", max_length=10, choices=Procedure.choices, default=Procedure.APPROVAL
    )
    upper_level = models.CharField(
        "上级项目（第十二条）",
        max_length=10,
        choices=UpperLevel.choices,
        default=UpperLevel.NONE,
        blank=True,
    )
    # Art. 7, 10: an application comes from an item of an approved annual construction plan,
    # or is marked as outside the plan (approval then needs a recorded BDB leader exception).
    plan_item = models.ForeignKey(
        "planning.PlanItem",
        verbose_name="年度建设计划项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    outside_plan = models.BooleanField("计划外项目（第十条）", default=False)
    predecessor = models.ForeignKey(
        "self",
        verbose_name="前序项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    predecessor_relation = models.CharField(
        "与前序项目关系", max_length=10, choices=PredecessorRelation.choices, default="", blank=True
    )
    # Money in yuan.  requested_amount is the sum of the budget lines (kept by the budget
    # services); approved_amount, opinion_number and opinion_date are set when BDB approves.
    requested_amount = models.DecimalField(
        "申请金额（元）", max_digits=14, decimal_places=2, default=0
    )
    approved_amount = models.DecimalField(
        "批复金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    opinion_number = models.CharField("审核意见文号", max_length=50, blank=True)
    opinion_date = models.DateField("审核意见日期", null=True, blank=True)
    is_fixed_asset = models.BooleanField("固定资产投资项目（需发展改革委审批）", default=False)
    is_classified_candidate = models.BooleanField("拟定涉密项目（需保密局确认）", default=False)
    secrecy_status = models.CharField(
        "保密局确认结果",
        max_length=20,
        choices=SecrecyStatus.choices,
        default=SecrecyStatus.PENDING,
        blank=True,
    )
    # Delivery milestones (issue 4), each set by the step that reaches it: the day construction
    # started (Art. 15), construction was completed (Art. 23: the acceptance deadline runs from
    # it), acceptance passed and the system went live (Art. 24: the self-evaluation window runs
    # from the later of the two).
    construction_started_on = models.DateField("开工日期", null=True, blank=True)
    completed_on = models.DateField("建设完成日期", null=True, blank=True)
    accepted_on = models.DateField("验收通过日期", null=True, blank=True)
    go_live_on = models.DateField("投入运行日期", null=True, blank=True)
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
        constraints = [
            # A plan item backs at most one project (Art. 7).
            models.UniqueConstraint(
                fields=["plan_item"],
                condition=models.Q(plan_item__isnull=False),
                name="project_plan_item_once",
            ),
            models.CheckConstraint(
                condition=models.Q(requested_amount__gte=0), name="project_requested_nonnegative"
            ),
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True)
                | models.Q(approved_amount__lte=models.F("requested_amount")),
                name="project_approved_within_request",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "state"], name="project_org_state_idx"),
            models.Index(fields=["jurisdiction", "state"], name="project_jur_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def metadata_only(self) -> bool:
        """A classified (or not yet cleared) candidate: the platform keeps metadata, never content."""
        return self.is_classified_candidate and self.secrecy_status != SecrecyStatus.NOT_CLASSIFIED

    @property
    def state_label(self) -> str:
        from .workflow import PROJECT_MACHINE

        return PROJECT_MACHINE.states[self.state].display_label
