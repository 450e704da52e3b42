"""Policy packs (rule parameters per jurisdiction and period) and the working-day calendar.

Every value a rule of the measures needs (5 working days, 6 months, …) is a row here, owned by
the administrators (Art. 40); code reads them through ``govit.policy.packs.rule``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from govit.accounts.models import Jurisdiction
from govit.core.decisions import article_label

RuleScalar = int | Decimal | str | bool

_TRUE = frozenset({"true", "1", "yes", "是"})
_FALSE = frozenset({"false", "0", "no", "否"})


class PolicyPackQuerySet(models.QuerySet["PolicyPack"]):
    def in_force_on(self, on: Any) -> PolicyPackQuerySet:
        """Packs whose period (both ends inclusive) contains ``on``."""
        return self.filter(effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )


class PolicyPack(models.Model):
    """The measures in force for a jurisdiction over a period (Art. 39, 41)."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT, related_name="policy_packs"
    )
    code = models.SlugField("编号", max_length=50, unique=True)
    name = models.CharField("名称", max_length=200)
    document_number = models.CharField("文号", max_length=100, blank=True)
    effective_from = models.DateField("生效日期", help_text="含当日")
    effective_to = models.DateField(
        "失效日期", null=True, blank=True, help_text="含当日；留空表示长期有效"
    )
    source_note = models.TextField("来源说明", blank=True)

    objects = PolicyPackQuerySet.as_manager()

    class Meta:
        verbose_name = "政策包"
        verbose_name_plural = "政策包"
        ordering = ["jurisdiction__code", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="policy_pack_period_ordered",
                violation_error_message="失效日期不能早于生效日期",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period_label(self) -> str:
        end = self.effective_to.isoformat() if self.effective_to else "长期"
        return f"{self.effective_from.isoformat()} 至 {end}"

    def clean(self) -> None:
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "失效日期不能早于生效日期"})
        if self.jurisdiction_id is None or self.effective_from is None:
            return
        # One pack per jurisdiction per day, so that "the pack in force" is never ambiguous.
        # (Checked here, not by the database: SQLite has no exclusion constraint.)
        others = PolicyPack.objects.filter(jurisdiction_id=self.jurisdiction_id).exclude(pk=self.pk)
        others = others.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from)
        )
        if self.effective_to is not None:
            others = others.filter(effective_from__lte=self.effective_to)
        clash = others.order_by("effective_from").first()
        if clash is not None:
            raise ValidationError(
                f"与本行政区域的政策包「{clash.name}」（{clash.period_label}）有效期重叠；"
                "同一行政区域同一日期只能有一个政策包生效。请先调整原政策包的失效日期。"
            )


def parse_rule_value(raw: str, value_type: str) -> RuleScalar:
    """The typed value of a rule's text; ``ValueError`` with a Chinese message if it does not parse."""
    text = raw.strip()
    if value_type == PolicyRule.ValueType.INTEGER:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"「{raw}」不是整数") from None
    if value_type == PolicyRule.ValueType.DECIMAL:
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"「{raw}」不是数字") from None
        if not number.is_finite():
            raise ValueError(f"「{raw}」不是有限的数字")
        return number
    if value_type == PolicyRule.ValueType.BOOLEAN:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError(f"「{raw}」不是是/否值（请填 true 或 false）")
    if value_type == PolicyRule.ValueType.TEXT:
        return raw
    raise ValueError(f"未知的参数类型「{value_type}」")


class PolicyRule(models.Model):
    """One parameter of a pack, with the article it applies."""

    class ValueType(models.TextChoices):
        INTEGER = "int", "整数"
        DECIMAL = "decimal", "小数"
        TEXT = "text", "文本"
        BOOLEAN = "bool", "是/否"

    pack = models.ForeignKey(
        PolicyPack, verbose_name="政策包", on_delete=models.CASCADE, related_name="rules"
    )
    key = models.SlugField("参数", max_length=60)
    value = models.CharField("取值", max_length=200, help_text="是/否类型填 true 或 false")
    value_type = models.CharField(
        "类型", max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    unit = models.CharField("单位", max_length=20, blank=True)
    article = models.PositiveSmallIntegerField("条款", null=True, blank=True)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "政策参数"
        verbose_name_plural = "政策参数"
        ordering = ["pack", "article", "key"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "key"], name="policy_rule_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key}={self.value}{self.unit}"

    @property
    def typed_value(self) -> RuleScalar:
        return parse_rule_value(self.value, self.value_type)

    @property
    def citation(self) -> str:
        """``依据第十六条`` (empty when the rule cites no article)."""
        label = article_label(self.article)
        return f"依据{label}" if label else ""

    def clean(self) -> None:
        try:
            parse_rule_value(self.value or "", self.value_type)
        except ValueError as error:
            raise ValidationError({"value": str(error)}) from None


class CalendarYear(models.Model):
    """A year whose holiday schedule (国务院办公厅通知) has been entered.

    Dates in a year without a row here are judged on weekends only and marked 暂定; the
    holidays and adjusted working days of a year hang off its row, so a year's schedule is
    entered (and removed) as a whole.
    """

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField(
        "来源", max_length=200, help_text="例如：国务院办公厅关于2027年部分节假日安排的通知"
    )
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "已发布节假日安排的年份"
        verbose_name_plural = "已发布节假日安排的年份"
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)

    def clean(self) -> None:
        if self.year is not None and not 1900 <= self.year <= 2200:
            raise ValidationError({"year": "年份应在 1900 至 2200 之间"})


class Holiday(models.Model):
    """A day that differs from the Monday–Friday rule: a holiday or an adjusted working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日（休息）"
        WORKDAY = "workday", "调休上班"

    calendar_year = models.ForeignKey(
        CalendarYear,
        verbose_name="所属年份",
        on_delete=models.CASCADE,
        related_name="days",
        blank=True,
        help_text="日期所在的年份；留空时按日期自动填写",
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=50, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.calendar_year_id is None and self.date is not None:
            self.calendar_year_id = self.date.year
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.date is None:
            return
        if self.calendar_year_id is None:
            if not CalendarYear.objects.filter(year=self.date.year).exists():
                raise ValidationError(
                    {
                        "date": f"{self.date.year} 年尚未添加到「已发布节假日安排的年份」，请先添加该年份"
                    }
                )
            self.calendar_year_id = self.date.year
        elif self.calendar_year_id != self.date.year:
            raise ValidationError(
                {"date": f"日期 {self.date} 不在所属年份 {self.calendar_year_id} 年内"}
            )
