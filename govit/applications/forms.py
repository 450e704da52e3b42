"""Forms of the dossier page.  They only parse: every field is checked by the services, which
name the field in their refusal, so the page and the API give the same message."""

from __future__ import annotations

from typing import Any

from django import forms

from govit.accounts.models import Jurisdiction, Organisation
from govit.projects.models import Project

from .models import (
    DOSSIER_KINDS,
    BudgetCategory,
    MlpsLevel,
    OpeningAttribute,
    ProductKind,
    ProductOrigin,
    SharingAttribute,
)
from .selectors import cobuilder_candidates, county_candidates

BLANK = [("", "——请选择——")]


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget; nothing is required here (the service decides)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            # Grid column of the field: texts take the full width, the rest sit side by side.
            wide = isinstance(widget, forms.Textarea | forms.FileInput)
            field.column_class = "col-12" if wide else "col-sm-6 col-lg-3"  # type: ignore[attr-defined]


def _text(label: str, max_length: int | None = None, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


def _decimal(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=30,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _choice(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=BLANK + list(choices))


class DocumentUploadForm(BootstrapForm):
    prefix = "document"

    kind = _choice("材料类型", [(k.value, k.label) for k in DOSSIER_KINDS])
    title = _text("标题", 200)
    file = forms.FileField(
        label="文件（PDF、DOCX、XLSX、OFD、PNG、JPEG）",
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.ofd,.png,.jpg,.jpeg"}),
    )


class DateInput(forms.DateInput):
    input_type = "date"


class DocumentMetadataForm(BootstrapForm):
    prefix = "metadata"

    kind = _choice("材料类型", [(k.value, k.label) for k in DOSSIER_KINDS])
    title = _text("标题", 200)
    document_number = _text("文号", 100)
    document_date = forms.DateField(
        label="成文日期",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DateInput(format="%Y-%m-%d"),
        error_messages={"invalid": "请输入有效日期（YYYY-MM-DD）"},
    )


class BudgetLineForm(BootstrapForm):
    prefix = "budget"

    category = _choice("类别", BudgetCategory.choices)
    name = _text("名称", 200)
    quantity = _decimal("数量")
    unit = _text("单位", 20)
    unit_price = _decimal("单价（元）")
    amount = _decimal("金额（元）", "留空则按数量 × 单价自动计算")


class PreEvaluationForm(BootstrapForm):
    prefix = "pre"

    goals = _text("绩效目标", 5000, rows=3)
    conclusion = _text("评估结论", 5000, rows=3)


class IndicatorForm(BootstrapForm):
    prefix = "indicator"

    name = _text("指标名称", 200)
    target_value = _text("目标值", 100)
    unit = _text("计量单位", 30)


class CatalogueEntryForm(BootstrapForm):
    prefix = "catalogue"

    name = _text("信息资源名称", 200)
    data_source = _text("数据来源", 200)
    data_format = _text("数据格式", 100)
    update_cycle = _text("更新周期", 50)
    sharing_attribute = _choice("共享属性", SharingAttribute.choices)
    sharing_condition = _text("共享条件或不予共享的依据", 2000, rows=2)
    opening_attribute = _choice("开放属性", OpeningAttribute.choices)


class SecurityProfileForm(BootstrapForm):
    prefix = "security"

    mlps_level = forms.TypedChoiceField(
        label="拟定等级保护级别（第三十一条）",
        required=False,
        choices=BLANK + [(str(v), label) for v, label in MlpsLevel.choices],
        coerce=str,
    )
    crypto_plan = _text("密码应用方案（第三十二条）", 5000, rows=3)
    crypto_planned = forms.BooleanField(label="同步规划", required=False)
    crypto_built = forms.BooleanField(label="同步建设", required=False)
    crypto_run = forms.BooleanField(label="同步运行", required=False)


class ProductItemForm(BootstrapForm):
    prefix = "product"

    name = _text("产品名称", 200)
    kind = _choice("类别", ProductKind.choices)
    vendor = _text("厂商", 200)
    origin = _choice("产地", ProductOrigin.choices)
    controllability = _text("自主可控说明（进口产品必填）", 5000, rows=2)


class CoBuilderTermsForm(BootstrapForm):
    prefix = "cobuilder"

    scope = _text("建设范围", 5000, rows=2)
    duties = _text("责任义务", 5000, rows=2)
    sharing_needs = _text("信息共享需求", 5000, rows=2)


class CoBuilderForm(CoBuilderTermsForm):
    field_order = ["organisation", "scope", "duties", "sharing_needs"]

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="共建部门",
        required=False,
        queryset=None,  # set per project
        empty_label="——请选择——",
        error_messages={"invalid_choice": "请选择列表中的部门"},
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = cobuilder_candidates(project)


class CountyParticipantForm(BootstrapForm):
    prefix = "county"

    jurisdiction: forms.ModelChoiceField[Jurisdiction] = forms.ModelChoiceField(
        label="县区",
        required=False,
        queryset=None,
        empty_label="——请选择——",
        error_messages={"invalid_choice": "请选择列表中的县区"},
    )
    content = _text("承担的建设内容", 5000, rows=2)
    construction_share_pct = _decimal("建设资金分担比例（%）")
    om_share_pct = _decimal("运维资金分担比例（%）")

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jurisdiction"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = county_candidates(project)
