"""Information systems delivered by projects: registry, cloud, catalogue, sharing, security
(Art. 3, 18, 26–33).

- ``InformationSystem``: each project delivers one or more systems (Art. 26): owner, status,
  e-government cloud hosting and migration (物理搬迁 / 应用搬迁 / 容灾备份), exchange-platform
  connection (Art. 30), MLPS level and filing number (Art. 31).
- ``CatalogueLink``: the application's catalogue entries (Art. 27) assigned to a system and to
  BDB's base and theme resource databases (``ResourceDatabase``, Art. 28).  The applications
  app's entries are not changed: the link is kept here, one row per entry.
- ``SharingInterface``: the interfaces a system offers through the exchange platform (Art. 29).
- ``MlpsAssessment``, ``CryptoEvaluation``: the security ledger (Art. 31, 32); each recording
  fulfils the open periodic obligation and opens the next one.
- ``CryptoInspection``: guidance and inspections recorded by the crypto authority (Art. 4, 32).
- ``OmFiling``: the yearly O&M filing of a running system (Art. 3, 18).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class SystemStatus(models.TextChoices):
    BUILDING = "building", "建设中"
    RUNNING = "running", "运行中"
    RETIRED = "retired", "已下线"


class MigrationMethod(models.TextChoices):
    """The three ways of moving an existing system onto the e-government cloud (Art. 26)."""

    PHYSICAL = "physical", "物理搬迁"
    APPLICATION = "application", "应用搬迁"
    DR_BACKUP = "dr_backup", "容灾备份"


class MigrationStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", "无需迁移"
    PLANNED = "planned", "已制定迁移计划"
    IN_PROGRESS = "in_progress", "迁移中"
    DONE = "done", "迁移完成"


class InformationSystem(models.Model):
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="systems"
    )
    name = models.CharField("系统名称", max_length=200)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="information_systems",
    )
    status = models.CharField(
        "系统状态", max_length=10, choices=SystemStatus.choices, default=SystemStatus.BUILDING
    )
    running_since = models.DateField("投入运行日期", null=True, blank=True)
    # Art. 26: e-government cloud and migration.
    on_cloud = models.BooleanField("部署于政务云", default=False)
    migration_method = models.CharField(
        "迁移方式", max_length=20, choices=MigrationMethod.choices, blank=True
    )
    migration_status = models.CharField(
        "迁移状态",
        max_length=20,
        choices=MigrationStatus.choices,
        default=MigrationStatus.NOT_NEEDED,
    )
    migration_plan = models.TextField("迁移计划", blank=True)
    # Art. 30: connected to the city exchange platform.
    exchange_connected = models.BooleanField("已接入共享交换平台", default=False)
    # Art. 29: since when a running system does not share (set by the services and the scan,
    # cleared when it shares again); the retrofit obligation's key names this day.
    not_sharing_since = models.DateField("未共享起始日", null=True, blank=True)
    # Art. 31: MLPS (等级保护).
    mlps_level = models.PositiveSmallIntegerField("等级保护级别", null=True, blank=True)
    mlps_filing_number = models.CharField("等级保护备案编号", max_length=60, blank=True)
    registered_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "信息系统"
        verbose_name_plural = "信息系统"
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="system_name_unique_per_project"
            ),
            models.CheckConstraint(
                condition=models.Q(mlps_level__isnull=True)
                | models.Q(mlps_level__gte=1, mlps_level__lte=5),
                name="system_mlps_level_1_5",
            ),
            # A running system has the day it went live (the periodic obligations count from it).
            models.CheckConstraint(
                condition=~models.Q(status=SystemStatus.RUNNING)
                | models.Q(running_since__isnull=False),
                name="system_running_has_date",
            ),
            # A migration that is planned, under way or done names its method (Art. 26).
            models.CheckConstraint(
                condition=models.Q(migration_status=MigrationStatus.NOT_NEEDED)
                | ~models.Q(migration_method=""),
                name="system_migration_has_method",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "project"], name="system_status_project_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class DatabaseKind(models.TextChoices):
    BASE = "base", "基础库"
    THEME = "theme", "主题库"


class ResourceDatabase(models.Model):
    """A base (基础库) or theme (主题库) resource database managed by BDB (Art. 28)."""

    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name="行政区域",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("类别", max_length=10, choices=DatabaseKind.choices)
    name = models.CharField("名称", max_length=100)
    created_by = models.ForeignKey(
        USER, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "基础库与主题库"
        verbose_name_plural = "基础库与主题库"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"], name="resource_database_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class CatalogueLink(models.Model):
    """Where one catalogue entry of an application went: its system and databases (Art. 27–28)."""

    entry = models.OneToOneField(
        "applications.CatalogueEntry",
        verbose_name="目录条目",
        on_delete=models.CASCADE,
        related_name="system_link",
    )
    system = models.ForeignKey(
        InformationSystem,
        verbose_name="所属信息系统",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalogue_links",
    )
    databases = models.ManyToManyField(
        ResourceDatabase, verbose_name="归集的基础库或主题库", blank=True, related_name="links"
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "目录条目归属"
        verbose_name_plural = "目录条目归属"

    def __str__(self) -> str:
        return f"{self.entry_id}→{self.system_id}"


class InterfaceStatus(models.TextChoices):
    PLANNED = "planned", "建设中"
    ACTIVE = "active", "已启用"
    SUSPENDED = "suspended", "已停用"


class SharingInterface(models.Model):
    system = models.ForeignKey(
        InformationSystem,
        verbose_name="信息系统",
        on_delete=models.CASCADE,
        related_name="interfaces",
    )
    name = models.CharField("接口名称", max_length=200)
    resource = models.CharField("共享资源", max_length=200)
    status = models.CharField(
        "接口状态", max_length=10, choices=InterfaceStatus.choices, default=InterfaceStatus.PLANNED
    )
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "共享接口"
        verbose_name_plural = "共享接口"
        ordering = ["system", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "name"], name="interface_name_unique_per_system"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Conclusion(models.TextChoices):
    CONFORMS = "conforms", "符合"
    BASICALLY = "basically", "基本符合"
    NONCONFORMING = "nonconforming", "不符合"


class MlpsAssessment(models.Model):
    """One 等级保护测评 of a system (Art. 31)."""

    system = models.ForeignKey(
        InformationSystem,
        verbose_name="信息系统",
        on_delete=models.PROTECT,
        related_name="mlps_assessments",
    )
    level = models.PositiveSmallIntegerField("测评级别")
    assessed_on = models.DateField("测评日期")
    conclusion = models.CharField("测评结论", max_length=20, choices=Conclusion.choices)
    assessor = models.CharField("测评机构", max_length=200)
    next_due = models.DateField("下次测评截止日期", null=True, blank=True)
    report = models.ForeignKey(
        "applications.Document",
        verbose_name="测评报告",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "等级保护测评"
        verbose_name_plural = "等级保护测评"
        ordering = ["system", "-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="mlps_assessment_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system_id}·{self.assessed_on}"


class CryptoEvaluation(models.Model):
    """One 密码应用安全性评估 (密评) of a system (Art. 32)."""

    system = models.ForeignKey(
        InformationSystem,
        verbose_name="信息系统",
        on_delete=models.PROTECT,
        related_name="crypto_evaluations",
    )
    evaluated_on = models.DateField("评估日期")
    conclusion = models.CharField("评估结论", max_length=20, choices=Conclusion.choices)
    evaluator = models.CharField("评估机构", max_length=200)
    next_due = models.DateField("下次评估截止日期", null=True, blank=True)
    report = models.ForeignKey(
        "applications.Document",
        verbose_name="评估报告",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "密码应用安全性评估"
        verbose_name_plural = "密码应用安全性评估"
        ordering = ["system", "-evaluated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.system_id}·{self.evaluated_on}"


class InspectionKind(models.TextChoices):
    GUIDANCE = "guidance", "指导"
    INSPECTION = "inspection", "检查"


class CryptoInspection(models.Model):
    """Guidance or an inspection by the crypto authority (市密码管理部门, Art. 4, 32)."""

    system = models.ForeignKey(
        InformationSystem,
        verbose_name="信息系统",
        on_delete=models.PROTECT,
        related_name="crypto_inspections",
    )
    kind = models.CharField("类型", max_length=20, choices=InspectionKind.choices)
    held_on = models.DateField("日期")
    findings = models.TextField("意见或发现的问题")
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "密码指导与检查"
        verbose_name_plural = "密码指导与检查"
        ordering = ["system", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.held_on}"


class OmFiling(models.Model):
    """The yearly O&M filing (运维备案) of a running system (Art. 3, 18)."""

    system = models.ForeignKey(
        InformationSystem,
        verbose_name="信息系统",
        on_delete=models.PROTECT,
        related_name="om_filings",
    )
    filed_on = models.DateField("备案日期")
    operator = models.CharField("运维单位", max_length=200)
    contract_ref = models.CharField("运维合同编号", max_length=100)
    next_due = models.DateField("下次备案截止日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "运维备案"
        verbose_name_plural = "运维备案"
        ordering = ["system", "-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.system_id}·{self.filed_on}"
