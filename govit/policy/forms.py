"""Forms of the calendar page.  They are GET forms: computing a date changes nothing."""

from __future__ import annotations

from typing import Any

from django import forms

from .calendar import MAX_WORKING_DAYS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%d")


_DATE_ERRORS = {"invalid": "请输入有效日期（YYYY-MM-DD）", "required": "请填写日期"}


class AddWorkdaysForm(forms.Form):
    """签订日期 + N 个工作日 (Art. 16)."""

    prefix = "add"

    start = forms.DateField(
        label="签订日期",
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
        error_messages=_DATE_ERRORS,
    )
    n = forms.IntegerField(
        label="工作日数",
        min_value=0,
        max_value=MAX_WORKING_DAYS,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={
            "invalid": "请输入整数",
            "required": "请填写工作日数",
            "min_value": "工作日数不能小于 %(limit_value)s",
            "max_value": "工作日数不能大于 %(limit_value)s",
        },
    )


class BetweenForm(forms.Form):
    """两个日期之间的工作日."""

    prefix = "between"

    start = forms.DateField(
        label="起始日期（不计）",
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
        error_messages=_DATE_ERRORS,
    )
    end = forms.DateField(
        label="截止日期（计入）",
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
        error_messages=_DATE_ERRORS,
    )


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="年份",
        min_value=1900,
        max_value=2200,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={
            "invalid": "请输入年份（如 2026）",
            "min_value": "年份不能早于 %(limit_value)s",
            "max_value": "年份不能晚于 %(limit_value)s",
        },
    )
