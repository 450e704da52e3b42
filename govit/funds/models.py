"""Fund batches: construction funds in stages and O&M funds per year (Art. 11, 13, 19, 23, 25, 38).

- ``FundBatch``: one request for money, paid by the project's own budget (``payer`` empty) or
  by a county taking part in the project (Art. 25: county budget).  The unit requests, BDB
  confirms the progress, Finance releases it (or BDB / Finance refuse, or the unit withdraws);
  the steps are the table of ``workflow.FUND_BATCH_MACHINE``.
- ``FundBatchLine``: the part of a construction batch charged to one budget line of the same
  project (Art. 38).  O&M batches have no lines: their amount is on the batch.

Writes go through ``services.py``; reads through ``selectors.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class FundKind(models.TextChoices):
    CONSTRUCTION = "construction", "建设资金"
    OM = "om", "运维经费"


class BatchState(models.TextChoices):
    REQUESTED = "requested", "已申请"
    CONFIRMED = "confirmed", "进度已确认"
    RELEASED = "released", "已拨付"
    REFUSED = "refused", "不予拨付"
    WITHDRAWN = "withdrawn", "已撤回"


# Waiting for BDB or Finance.
PENDING_STATES = (BatchState.REQUESTED, BatchState.CONFIRMED)
# What counts against the approved amount, a budget line or a payer's share: pending + paid.
LIVE_STATES = (*PENDING_STATES, BatchState.RELEASED)


class FundBatch(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.PROTECT,
        related_name="fund_batches",
    )
    number = models.PositiveIntegerField("批次序号")
    kind = models.CharField("资金类型", max_length=12, choices=FundKind.choices)
    year = models.PositiveSmallIntegerField("运维年度", null=True, blank=True)
    stage = models.CharField("阶段", max_length=50)
    # Empty: the project's own (city) budget.  A county participant: that county's budget.
    payer = models.ForeignKey(
        "applications.CountyParticipant",
        verbose_name="出资县区（空为本级财政）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_batches",
    )
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    state = models.CharField(
        "状态",
        max_length=12,
        choices=BatchState.choices,
        default=BatchState.REQUESTED,
        db_index=True,
    )
    progress_note = models.TextField("建设进度说明")
    evidence = models.ForeignKey(
        "applications.Document",
        verbose_name="进度证明材料",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    confirmed_by = models.ForeignKey(
        USER,
        verbose_name="进度确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("进度确认时间", null=True, blank=True)
    confirmation_note = models.TextField("进度确认意见", blank=True)
    released_by = models.ForeignKey(
        USER,
        verbose_name="拨付经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField("拨付登记时间", null=True, blank=True)
    released_on = models.DateField("拨付日期", null=True, blank=True)
    reference = models.CharField("拨付凭证号", max_length=60, blank=True)
    refused_by = models.ForeignKey(
        USER,
        verbose_name="不予拨付经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refused_at = models.DateTimeField("不予拨付时间", null=True, blank=True)
    refusal_reason = models.TextField("不予拨付理由", blank=True)
    withdrawn_by = models.ForeignKey(
        USER,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回说明", blank=True)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "资金拨付批次"
        verbose_name_plural = "资金拨付批次"
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="fund_batch_number_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_batch_positive"),
            models.CheckConstraint(
                condition=models.Q(kind="construction", year__isnull=True)
                | models.Q(kind="om", year__gte=2000, year__lte=2100),
                name="fund_batch_year_for_om_only",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="released")
                | (models.Q(released_on__isnull=False) & ~models.Q(reference="")),
                name="fund_batch_released_has_date_and_reference",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="refused") | ~models.Q(refusal_reason=""),
                name="fund_batch_refused_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "project"], name="fund_batch_state_idx"),
        ]

    def __str__(self) -> str:
        return f"第{self.number}批{self.get_kind_display()}（{self.stage}）"

    @property
    def is_county_budget(self) -> bool:
        """Paid from a county's budget (Art. 25), not the project's own."""
        return self.payer_id is not None

    @property
    def budget_source(self) -> str:
        """``本级财政资金`` or ``县区财政资金（曹县）``."""
        if self.payer is None:
            return "本级财政资金"
        return f"县区财政资金（{self.payer.jurisdiction.name}）"

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES


class FundBatchLine(models.Model):
    """The part of a construction batch charged to one budget line (Art. 38)."""

    batch = models.ForeignKey(
        FundBatch, verbose_name="拨付批次", on_delete=models.CASCADE, related_name="lines"
    )
    budget_line = models.ForeignKey(
        "applications.BudgetLine",
        verbose_name="预算明细",
        on_delete=models.PROTECT,
        related_name="fund_batch_lines",
    )
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "拨付批次明细"
        verbose_name_plural = "拨付批次明细"
        ordering = ["batch", "budget_line_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "budget_line"], name="fund_batch_line_once_per_batch"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fund_batch_line_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_line_id}：{self.amount} 元"
