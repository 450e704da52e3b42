"""Forms of the contract pages.  They parse; the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from govit.core.money import yuan
from govit.projects.models import Project

from .models import ContractKind, ProcurementMethod

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}


def _text(label: str, *, required: bool = True, **attrs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.TextInput(attrs={**TEXT, **attrs}),
        error_messages={"required": f"请填写{label}"},
    )


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"请填写{label}", "invalid": "请输入有效日期（YYYY-MM-DD）"},
        **kwargs,
    )


class BudgetLineChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{yuan(obj.amount)} 元）"


class ContractForm(forms.Form):
    """Record a signed contract; a classified candidate gives a note instead of the file."""

    prefix = "contract"

    kind = forms.ChoiceField(
        label="合同类型",
        choices=ContractKind.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "请选择合同类型"},
    )
    number = _text("合同编号")
    title = _text("合同名称")
    supplier_name = _text("供应商名称")
    supplier_uscc = _text(
        "供应商统一社会信用代码（18 位）", maxlength=18, autocomplete="off", spellcheck="false"
    )
    # Text: the service parses the amount and names the field when it is wrong.
    amount = _text("合同金额（元）", inputmode="decimal")
    procurement_method = forms.ChoiceField(
        label="采购方式",
        choices=ProcurementMethod.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "请选择采购方式"},
    )
    signed_on = _date("签订日期")
    budget_lines = BudgetLineChoice(
        label="涉及的预算明细",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
        error_messages={"invalid_choice": "请选择本项目的预算明细"},
    )
    signed_copy = forms.FileField(
        label="合同文本（签字盖章版：PDF、OFD、DOCX 或图片）",
        required=False,
        widget=forms.ClearableFileInput(attrs=TEXT),
    )
    copy_note = _text("合同文本登记信息（合同文号、保管单位和保管处）", required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_lines"].queryset = project.budget_lines.order_by("id")  # type: ignore[attr-defined]
        # Art. 4: a classified candidate keeps metadata only, never the file.
        del self.fields["signed_copy" if project.metadata_only else "copy_note"]


class FilingForm(forms.Form):
    prefix = "filing"

    filed_on = _date("备案日期")

    def __init__(self, *args: Any, contract_pk: int, **kwargs: Any) -> None:
        # One form per contract on the project page: ids stay unique, names stay the same.
        kwargs.setdefault("auto_id", f"id_filing_{contract_pk}_%s")
        kwargs.setdefault("initial", {"filed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
