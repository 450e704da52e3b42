"""Forms of the systems pages.  They parse; the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from .models import (
    Conclusion,
    DatabaseKind,
    InspectionKind,
    InterfaceStatus,
    MigrationMethod,
    MigrationStatus,
    SystemStatus,
)

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}


def _text(label: str, *, required: bool = True, area: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={**TEXT, "rows": 2}) if area else forms.TextInput(attrs=TEXT)
    return forms.CharField(
        label=label, required=required, widget=widget, error_messages={"required": f"请填写{label}"}
    )


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"请填写{label}", "invalid": "请输入有效日期（YYYY-MM-DD）"},
    )


def _choice(label: str, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    options = list(choices) if required else [("", "—"), *choices]
    return forms.ChoiceField(
        label=label,
        choices=options,
        required=required,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": f"请选择{label}"},
    )


class SystemFieldsForm(forms.Form):
    """Status, cloud and migration, exchange connection and MLPS data of a system."""

    status = _choice("系统状态", SystemStatus.choices)
    running_since = _date("投入运行日期（运行中的系统必填）", required=False)
    on_cloud = forms.BooleanField(
        label="部署于政务云", required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )
    migration_status = _choice("迁移状态", MigrationStatus.choices)
    migration_method = _choice("迁移方式", MigrationMethod.choices, required=False)
    migration_plan = _text("迁移计划", required=False, area=True)
    exchange_connected = forms.BooleanField(
        label="已接入市共享交换平台", required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )
    mlps_level = _choice(
        "等级保护级别", [(str(n), f"第{n}级") for n in range(1, 6)], required=False
    )
    mlps_filing_number = _text("等级保护备案编号", required=False)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("name", None)
        return data


class SystemForm(SystemFieldsForm):
    prefix = "system"
    name = _text("系统名称")
    field_order = ["name"]


class SystemUpdateForm(SystemFieldsForm):
    prefix = "update"


class InterfaceForm(forms.Form):
    prefix = "interface"
    name = _text("接口名称")
    resource = _text("共享资源")
    status = _choice("接口状态", InterfaceStatus.choices)


class InterfaceStatusForm(forms.Form):
    status = _choice("接口状态", InterfaceStatus.choices)

    def __init__(self, *args: Any, interface_pk: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_interface_{interface_pk}_%s")
        super().__init__(*args, **kwargs)


class MlpsForm(forms.Form):
    prefix = "mlps"
    level = _choice("测评级别", [(str(n), f"第{n}级") for n in range(1, 6)])
    assessed_on = _date("测评日期")
    conclusion = _choice("测评结论", Conclusion.choices)
    assessor = _text("测评机构")
    report = forms.FileField(
        label="测评报告（PDF，可选）", required=False, widget=forms.ClearableFileInput(attrs=TEXT)
    )


class CryptoForm(forms.Form):
    prefix = "crypto"
    evaluated_on = _date("评估日期")
    conclusion = _choice("评估结论", Conclusion.choices)
    evaluator = _text("评估机构")
    report = forms.FileField(
        label="评估报告（PDF，可选）", required=False, widget=forms.ClearableFileInput(attrs=TEXT)
    )


class InspectionForm(forms.Form):
    prefix = "inspection"
    kind = _choice("类型", InspectionKind.choices)
    held_on = _date("日期")
    findings = _text("意见或发现的问题", area=True)


class OmForm(forms.Form):
    prefix = "om"
    filed_on = _date("备案日期")
    operator = _text("运维单位")
    contract_ref = _text("运维合同编号")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"filed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EntrySystemForm(forms.Form):
    system = forms.ChoiceField(
        label="所属信息系统", required=False, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args: Any, entry_pk: int, systems: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_entry_{entry_pk}_%s")
        super().__init__(*args, **kwargs)
        choices = [("", "（未归入）")] + [(str(system.pk), system.name) for system in systems]
        self.fields["system"].choices = choices  # type: ignore[attr-defined]


class DatabaseForm(forms.Form):
    prefix = "database"
    kind = _choice("类别", DatabaseKind.choices)
    name = _text("名称")


class EntryDatabasesForm(forms.Form):
    databases = forms.MultipleChoiceField(
        label="归集的基础库或主题库",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
    )

    def __init__(self, *args: Any, entry_pk: int, databases: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_entry_db_{entry_pk}_%s")
        super().__init__(*args, **kwargs)
        choices = [(str(db.pk), str(db)) for db in databases]
        self.fields["databases"].choices = choices  # type: ignore[attr-defined]
