"""Policy packs (rule parameters per jurisdiction and period) and the working-day calendar."""

from __future__ import annotations

from django.db import models

from govit.accounts.models import Jurisdiction


class PolicyPack(models.Model):
    """The measures in force for a jurisdiction over a period (Art. 39, 41)."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT, related_name="policy_packs"
    )
    code = models.SlugField("编号", max_length=50, unique=True)
    name = models.CharField("名称", max_length=200)
    document_number = models.CharField("文号", max_length=100, blank=True)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True, help_text="含当日；留空表示长期有效")
    source_note = models.TextField("来源说明", blank=True)

    class Meta:
        verbose_name = "政策包"
        verbose_name_plural = "政策包"
        ordering = ["jurisdiction__code", "effective_from"]

    def __str__(self) -> str:
        return self.name


class PolicyRule(models.Model):
    """One parameter of a pack, with the article it applies."""

    class ValueType(models.TextChoices):
        INTEGER = "int", "整数"
        DECIMAL = "decimal", "小数"
        TEXT = "text", "文本"
        BOOLEAN = "bool", "是/否"

    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.CASCADE, related_name="rules")
    key = models.SlugField("参数", max_length=60)
    value = models.CharField("取值", max_length=200)
    value_type = models.CharField("类型", max_length=10, choices=ValueType.choices, default=ValueType.INTEGER)
    unit = models.CharField("单位", max_length=20, blank=True)
    article = models.PositiveSmallIntegerField("条款", null=True, blank=True)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "政策参数"
        verbose_name_plural = "政策参数"
        ordering = ["pack", "article", "key"]
        constraints = [models.UniqueConstraint(fields=["pack", "key"], name="policy_rule_key_unique")]

    def __str__(self) -> str:
        return f"{self.key}={self.value}{self.unit}"


class CalendarYear(models.Model):
    """A year whose holiday schedule (国务院办公厅通知) has been entered.

    Dates in a year without a row here are judged on weekends only and marked 暂定.
    """

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField("来源", max_length=200)
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "已发布节假日安排的年份"
        verbose_name_plural = "已发布节假日安排的年份"
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class Holiday(models.Model):
    """A day that differs from the Monday–Friday rule: a holiday or an adjusted working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日（休息）"
        WORKDAY = "workday", "调休上班"

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
