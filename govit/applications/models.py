"""The application dossier of a project (Art. 8, 9, 17, 25, 27, 31–33).

Every row hangs off a project; writes go through ``services.py`` (guarded by
``projects.rules.dossier_editable``), reads through ``selectors.py`` (scoped by ``project_get``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation
from govit.projects.models import Project

# --- documents --------------------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    # The application dossier (Art. 9, 12)
    CONSTRUCTION_PLAN = "construction_plan", "建设方案"
    UPPER_APPROVAL = "upper_approval", "上级批复文件"
    SUPPLEMENTARY = "supplementary", "其他材料"
    # Delivery (Art. 13–24, 33): stored by the stage apps through ``document_attach``
    CONTRACT_COPY = "contract_copy", "合同文本（签字盖章版）"
    PROGRESS_EVIDENCE = "progress_evidence", "建设进度证明材料"
    INCIDENT_EVIDENCE = "incident_evidence", "情况报告与整改材料"
    CHANGE_REQUEST = "change_request", "变更申请材料"
    ACCEPTANCE_REPORT = "acceptance_report", "验收报告"
    TEST_REPORT = "test_report", "测试报告"
    MLPS_RESULT = "mlps_result", "等级保护测评结果"
    CRYPTO_RESULT = "crypto_result", "密码应用安全性评估结果"
    SELF_EVALUATION_REPORT = "self_evaluation_report", "绩效自评价报告"
    EVALUATION_REPORT = "evaluation_report", "第三方绩效评价报告"


# What a unit uploads on the dossier page; the other kinds come with their stage's step.
DOSSIER_KINDS = (
    DocumentKind.CONSTRUCTION_PLAN,
    DocumentKind.UPPER_APPROVAL,
    DocumentKind.SUPPLEMENTARY,
)


class Document(models.Model):
    """One version of a dossier document.  A new upload of the same (kind, title) is the next
    version; rows and files are never overwritten or deleted.

    The file lives content-addressed at ``MEDIA_ROOT/documents/<sm3[:2]>/<sm3>``.  A project
    that is a classified candidate not cleared by the Secrecy bureau (``metadata_only``, Art. 4)
    keeps metadata rows only (number, date, title): ``storage_path`` is then empty.
    """

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField("材料类型", max_length=30, choices=DocumentKind.choices)
    title = models.CharField("标题", max_length=200)
    version = models.PositiveIntegerField("版本")
    original_filename = models.CharField("原文件名", max_length=255, blank=True)
    content_type = models.CharField("文件类型（按内容识别）", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", null=True, blank=True)
    sm3 = models.CharField("SM3 摘要", max_length=64, blank=True)
    storage_path = models.CharField("存储路径", max_length=300, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    document_date = models.DateField("成文日期", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "申报材料"
        verbose_name_plural = "申报材料"
        ordering = ["kind", "title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "title", "version"], name="document_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="document_version_ge_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.title}（第{self.version}版）"

    @property
    def has_content(self) -> bool:
        return bool(self.storage_path)


# --- investment budget ------------------------------------------------------------------------


class BudgetCategory(models.TextChoices):
    HARDWARE = "hardware", "硬件"
    SOFTWARE = "software", "软件"
    DEVELOPMENT = "development", "开发"
    SERVICES = "services", "服务"
    CLOUD = "cloud", "云资源"
    SECURITY = "security", "安全"
    CRYPTOGRAPHY = "cryptography", "密码"
    OTHER = "other", "其他"


class BudgetLine(models.Model):
    """A line of the investment budget, in yuan: amount = quantity × unit price (2 places)."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="budget_lines"
    )
    category = models.CharField("类别", max_length=20, choices=BudgetCategory.choices)
    name = models.CharField("名称", max_length=200)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2)
    unit = models.CharField("单位", max_length=20)
    unit_price = models.DecimalField("单价（元）", max_digits=14, decimal_places=2)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "投资预算明细"
        verbose_name_plural = "投资预算明细"
        ordering = ["category", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="budget_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="budget_line_price_nonnegative"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budget_line_amount_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}·{self.name}"


# --- pre-performance evaluation (Art. 8) ------------------------------------------------------


class PreEvaluation(models.Model):
    """事前绩效评估: a precondition of the budget request and of approval (Art. 8)."""

    project = models.OneToOneField(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="pre_evaluation"
    )
    goals = models.TextField("绩效目标", blank=True)
    conclusion = models.TextField("评估结论", blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "事前绩效评估"
        verbose_name_plural = "事前绩效评估"

    def __str__(self) -> str:
        return f"事前绩效评估·{self.project_id}"


class Indicator(models.Model):
    pre_evaluation = models.ForeignKey(
        PreEvaluation,
        verbose_name="事前绩效评估",
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField("指标名称", max_length=200)
    target_value = models.CharField("目标值", max_length=100)
    unit = models.CharField("计量单位", max_length=30)

    class Meta:
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}：{self.target_value}{self.unit}"


# --- information resource catalogue (Art. 27) -------------------------------------------------


class SharingAttribute(models.TextChoices):
    UNCONDITIONAL = "unconditional", "无条件共享"
    CONDITIONAL = "conditional", "有条件共享"
    NOT_SHARED = "not_shared", "不予共享"


class OpeningAttribute(models.TextChoices):
    UNCONDITIONAL = "unconditional", "无条件开放"
    CONDITIONAL = "conditional", "有条件开放"
    NOT_OPEN = "not_open", "不予开放"


class CatalogueEntry(models.Model):
    """An entry of the 政务信息资源目录 the project produces (Art. 27)."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="catalogue_entries"
    )
    name = models.CharField("信息资源名称", max_length=200)
    data_source = models.CharField("数据来源", max_length=200)
    data_format = models.CharField("数据格式", max_length=100)
    update_cycle = models.CharField("更新周期", max_length=50)
    sharing_attribute = models.CharField(
        "共享属性", max_length=20, choices=SharingAttribute.choices
    )
    sharing_condition = models.TextField("共享条件或不予共享的依据", blank=True)
    opening_attribute = models.CharField(
        "开放属性", max_length=20, choices=OpeningAttribute.choices
    )

    class Meta:
        verbose_name = "政务信息资源目录"
        verbose_name_plural = "政务信息资源目录"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


# --- security profile (Art. 31–33) ------------------------------------------------------------


class MlpsLevel(models.IntegerChoices):
    LEVEL_1 = 1, "第一级"
    LEVEL_2 = 2, "第二级"
    LEVEL_3 = 3, "第三级"
    LEVEL_4 = 4, "第四级"
    LEVEL_5 = 5, "第五级"


class SecurityProfile(models.Model):
    """Planned 等级保护 level (Art. 31), cryptography plan with 三同步 (Art. 32)."""

    project = models.OneToOneField(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="security_profile"
    )
    mlps_level = models.PositiveSmallIntegerField(
        "拟定等级保护级别", choices=MlpsLevel.choices, null=True, blank=True
    )
    crypto_plan = models.TextField("密码应用方案", blank=True)
    crypto_planned = models.BooleanField("同步规划", default=False)
    crypto_built = models.BooleanField("同步建设", default=False)
    crypto_run = models.BooleanField("同步运行", default=False)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "安全保护方案"
        verbose_name_plural = "安全保护方案"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mlps_level__isnull=True)
                | models.Q(mlps_level__gte=1, mlps_level__lte=5),
                name="security_profile_mlps_level_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"安全保护方案·{self.project_id}"

    @property
    def three_synchronous(self) -> bool:
        return self.crypto_planned and self.crypto_built and self.crypto_run


class ProductKind(models.TextChoices):
    HARDWARE = "hardware", "硬件"
    SOFTWARE = "software", "软件"


class ProductOrigin(models.TextChoices):
    DOMESTIC = "domestic", "国产"
    IMPORTED = "imported", "进口"


class ProductItem(models.Model):
    """A key product of the statement of Art. 33, with its 自主可控 explanation."""

    profile = models.ForeignKey(
        SecurityProfile,
        verbose_name="安全保护方案",
        on_delete=models.CASCADE,
        related_name="products",
    )
    name = models.CharField("产品名称", max_length=200)
    kind = models.CharField("类别", max_length=10, choices=ProductKind.choices)
    vendor = models.CharField("厂商", max_length=200)
    origin = models.CharField("产地", max_length=10, choices=ProductOrigin.choices)
    controllability = models.TextField("自主可控说明", blank=True)

    class Meta:
        verbose_name = "关键软硬件产品"
        verbose_name_plural = "关键软硬件产品"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.vendor}）"


# --- co-builders (Art. 9, 17) and county participants (Art. 25) -------------------------------


class CoBuilder(models.Model):
    """A co-building organisation with its scope, duties and sharing needs (Art. 9, 17).

    It confirms in the system (``confirmed_at``/``confirmed_by``); changing what it confirmed
    clears the confirmation.
    """

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="cobuilders"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="共建部门", on_delete=models.PROTECT, related_name="cobuilt"
    )
    scope = models.TextField("建设范围")
    duties = models.TextField("责任义务")
    sharing_needs = models.TextField("信息共享需求")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "共建部门"
        verbose_name_plural = "共建部门"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="cobuilder_unique_per_project"
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | models.Q(confirmed_at__isnull=False, confirmed_by__isnull=False),
                name="cobuilder_confirmed_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return f"共建部门·{self.organisation_id}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class CountyParticipant(models.Model):
    """A county taking part in a city–county project, with its shares of the funds (Art. 25)."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="county_participants"
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="县区", on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("承担的建设内容")
    construction_share_pct = models.DecimalField(
        "建设资金分担比例（%）", max_digits=5, decimal_places=2
    )
    om_share_pct = models.DecimalField("运维资金分担比例（%）", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "参与县区"
        verbose_name_plural = "参与县区"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "jurisdiction"], name="county_participant_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(construction_share_pct__gte=0, construction_share_pct__lte=100),
                name="county_construction_share_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(om_share_pct__gte=0, om_share_pct__lte=100),
                name="county_om_share_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"参与县区·{self.jurisdiction_id}"
