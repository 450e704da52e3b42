"""Procurement contracts of a project and their filing with the Big Data Bureau (Art. 15, 16, 19).

A ``Contract`` is recorded by the owning unit once signed: the main construction contract and
the third-party service contracts (consulting, cost, supervision, testing — Art. 15).  The
filing (备案) is due within the policy pack's working days of signing (5 in Heze, Art. 16,
the signing day not counted); the due date is computed when the contract is recorded and
kept, with ``filing_due_provisional`` when it relied on a year without a published holiday
schedule (暂定).  A filing after the due date keeps the number of working days late.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class ContractKind(models.TextChoices):
    """The main construction contract and the third-party services of Art. 15."""

    CONSTRUCTION = "construction", "建设合同"
    CONSULTING = "consulting", "咨询服务"
    COST = "cost", "造价咨询"
    SUPERVISION = "supervision", "监理"
    TESTING = "testing", "测试评估"


class ProcurementMethod(models.TextChoices):
    """Procurement methods of the Government Procurement Law (政府采购法) and its rules."""

    OPEN_TENDER = "open_tender", "公开招标"
    INVITED_TENDER = "invited_tender", "邀请招标"
    COMPETITIVE_NEGOTIATION = "competitive_negotiation", "竞争性谈判"
    COMPETITIVE_CONSULTATION = "competitive_consultation", "竞争性磋商"
    SINGLE_SOURCE = "single_source", "单一来源采购"
    INQUIRY = "inquiry", "询价"
    FRAMEWORK_AGREEMENT = "framework_agreement", "框架协议采购"
    OTHER = "other", "其他（含小额零星采购）"


class ContractQuerySet(models.QuerySet["Contract"]):
    def unfiled(self) -> ContractQuerySet:
        return self.filter(filed_on__isnull=True)

    def late(self, today: date) -> ContractQuerySet:
        """Filed late, or not filed and already past the due date."""
        return self.filter(
            models.Q(days_late__gt=0) | models.Q(filed_on__isnull=True, filing_due__lt=today)
        )


class Contract(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    kind = models.CharField("合同类型", max_length=20, choices=ContractKind.choices)
    number = models.CharField("合同编号", max_length=60)
    title = models.CharField("合同名称", max_length=200)
    supplier_name = models.CharField("供应商名称", max_length=200)
    supplier_uscc = models.CharField("供应商统一社会信用代码", max_length=18)
    amount = models.DecimalField("合同金额（元）", max_digits=14, decimal_places=2)
    procurement_method = models.CharField(
        "采购方式", max_length=30, choices=ProcurementMethod.choices
    )
    signed_on = models.DateField("签订日期")
    budget_lines = models.ManyToManyField(
        "applications.BudgetLine",
        verbose_name="涉及的预算明细",
        blank=True,
        related_name="contracts",
    )
    # The signed copy is a project document (kind contract_copy).  A classified candidate
    # (Art. 4) keeps no content on the platform: ``copy_note`` says where the copy is kept.
    signed_copy = models.ForeignKey(
        "applications.Document",
        verbose_name="合同文本（签字盖章版）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    copy_note = models.CharField("合同文本登记信息（拟定涉密项目）", max_length=300, blank=True)
    # Filing with BDB (Art. 16): the rule applied and the due date, computed when recorded.
    filing_working_days = models.PositiveSmallIntegerField("备案期限（工作日）")
    filing_due = models.DateField("备案截止日期")
    filing_due_provisional = models.BooleanField("截止日期暂定（节假日安排未公布）", default=False)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filed_by = models.ForeignKey(
        USER,
        verbose_name="备案人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    days_late = models.PositiveIntegerField("逾期工作日数", null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "采购合同"
        verbose_name_plural = "采购合同"
        ordering = ["project", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="contract_number_unique_per_project"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="contract_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(filing_due__gte=models.F("signed_on")),
                name="contract_due_not_before_signing",
            ),
            models.CheckConstraint(
                condition=models.Q(filed_on__isnull=True)
                | models.Q(filed_on__gte=models.F("signed_on")),
                name="contract_filed_not_before_signing",
            ),
            # Filed means: the date, who filed, and how late (0 when on time) — all or none.
            models.CheckConstraint(
                condition=models.Q(
                    filed_on__isnull=True, filed_by__isnull=True, days_late__isnull=True
                )
                | models.Q(filed_on__isnull=False, filed_by__isnull=False, days_late__isnull=False),
                name="contract_filing_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(signed_copy__isnull=False) | ~models.Q(copy_note=""),
                name="contract_copy_or_note",
            ),
        ]
        indexes = [
            models.Index(fields=["filed_on", "filing_due"], name="contract_filing_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.title}）"

    @property
    def is_filed(self) -> bool:
        return self.filed_on is not None

    @property
    def budget_line_ids(self) -> list[int]:
        """The covered budget lines' ids (uses ``prefetch_related("budget_lines")``)."""
        return sorted(line.pk for line in self.budget_lines.all())

    @property
    def filed_late(self) -> bool:
        return bool(self.days_late)

    def overdue(self, today: date) -> bool:
        """Not filed and past the due date: BDB's register shows it as 逾期未备案."""
        return self.filed_on is None and today > self.filing_due
