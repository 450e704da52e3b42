"""Plan forms.  Fields are lenient on purpose: the services parse years and yuan and say what is
wrong (the same message on the page and in the API), so a form only carries the text."""

from __future__ import annotations

from typing import Any

from django import forms

from govit.policy.vocabulary import SystemCategory

from .workflow import DEPARTMENT_PLAN_MACHINE

TEXT = {"class": "form-control"}


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label="类型", widget=forms.Select(attrs={"class": "form-select"}))
    title = forms.CharField(label="名称", required=False, widget=forms.TextInput(attrs=TEXT))
    start_year = forms.CharField(
        label="起始年度",
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "placeholder": "2026"}),
    )
    end_year = forms.CharField(
        label="截止年度（年度计划可不填）",
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "placeholder": "2028"}),
    )
    summary = forms.CharField(
        label="主要内容",
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 6}),
    )

    def __init__(
        self,
        *args: Any,
        kind_choices: list[tuple[str, str]] | None = None,
        annual: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if kind_choices is None:  # editing: the kind of a plan never changes
            del self.fields["kind"]
        else:
            self.fields["kind"].choices = kind_choices  # type: ignore[attr-defined]
        if annual:  # editing an annual plan: its one year is the start year
            del self.fields["end_year"]
            self.fields["start_year"].label = "年度"


class PlanItemForm(forms.Form):
    name = forms.CharField(label="项目名称", required=False, widget=forms.TextInput(attrs=TEXT))
    category = forms.ChoiceField(
        label="系统类别（第二条）",
        required=False,
        choices=[("", "请选择"), *SystemCategory.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    estimated_budget = forms.CharField(
        label="估算投资（元）",
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal", "placeholder": "1200000.00"}),
    )
    reason = forms.CharField(
        label="建设理由",
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 4}),
    )


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), *DEPARTMENT_PLAN_MACHINE.choices()],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label="意见", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ItemImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx，按导入模板填写）",
        error_messages={"required": "请选择要上传的 .xlsx 文件（可先下载导入模板填写）"},
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )
