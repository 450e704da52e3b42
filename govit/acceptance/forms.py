"""Forms of the acceptance pages.  They only parse; the services check every field and name
it in their refusal, so that the page and the API refuse alike."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from govit.applications.forms import BootstrapForm
from govit.applications.models import MlpsLevel
from govit.applications.reports import date_field, number_field
from govit.projects.models import Project

from .models import Conclusion

BLANK = [("", "——请选择——")]
ACCEPT = ".pdf,.docx,.xlsx,.ofd,.png,.jpg,.jpeg"
FILE_LABEL = "（PDF、DOCX、XLSX、OFD、PNG、JPEG）"


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DateInput(format="%Y-%m-%d"),
        error_messages={"invalid": "请输入有效日期（YYYY-MM-DD）"},
    )


def _text(label: str, max_length: int, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


def _file(label: str) -> forms.FileField:
    return forms.FileField(
        label=label + FILE_LABEL,
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )


def _number(label: str) -> forms.CharField:
    return _text(label + "文号", 100)


def _report_date(label: str) -> forms.DateField:
    return _date(label + "成文日期")


def _choice(label: str, choices: list[tuple[str, str]]) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=BLANK + choices)


CONCLUSIONS = [(c.value, c.label) for c in Conclusion]


class CompletionForm(BootstrapForm):
    prefix = "completion"

    completed_on = _date("建设完成日期")


class ExtensionApplyForm(BootstrapForm):
    prefix = "apply"

    requested_due_on = _date("申请延期至")
    reasons = _text("延期理由", 2000, rows=3)


class ExtensionDecideForm(BootstrapForm):
    prefix = "decide"

    decision = _choice("审批结果", [("approve", "批准延期"), ("reject", "不予批准")])
    approved_due_on = _date("批准的截止日期（不填则按申请日期）")
    reason = _text("审批意见（不予批准时必填）", 2000, rows=3)


class ReportForm(BootstrapForm):
    """A form with report files (``REPORTS``).  A classified candidate (``metadata_only``,
    Art. 4) gives each report's number and date instead: the file inputs go, the
    ``<name>_number`` / ``<name>_date`` inputs stay; for any other project the reverse."""

    REPORTS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metadata_only = project.metadata_only
        for name in self.REPORTS:
            dropped = [name] if self.metadata_only else [number_field(name), date_field(name)]
            for field in dropped:
                del self.fields[field]

    def report_data(self, name: str) -> dict[str, Any]:
        """The service's keyword arguments of report ``name`` (the file, or number and date)."""
        data = self.cleaned_data
        return {
            name: data.get(name),
            number_field(name): data.get(number_field(name), ""),
            date_field(name): data.get(date_field(name)),
        }


class ApplicationForm(ReportForm):
    prefix = "application"
    REPORTS = ("acceptance_report", "test_report")

    acceptance_report = _file("验收报告")
    acceptance_report_number = _number("验收报告")
    acceptance_report_date = _report_date("验收报告")
    test_report = _file("测试报告")
    test_report_number = _number("测试报告")
    test_report_date = _report_date("测试报告")
    notes = _text("申请说明", 2000, rows=3)


class MlpsResultForm(ReportForm):
    prefix = "mlps"
    REPORTS = ("report",)

    level = _choice("保护等级", [(str(v), label) for v, label in MlpsLevel.choices])
    assessed_on = _date("测评日期")
    conclusion = _choice("测评结论", CONCLUSIONS)
    report = _file("等级保护测评报告")
    report_number = _number("等级保护测评报告")
    report_date = _report_date("等级保护测评报告")


class CryptoResultForm(ReportForm):
    prefix = "crypto"
    REPORTS = ("report",)

    evaluated_on = _date("评估日期")
    conclusion = _choice("评估结论", CONCLUSIONS)
    report = _file("密码应用安全性评估报告")
    report_number = _number("密码应用安全性评估报告")
    report_date = _report_date("密码应用安全性评估报告")


class DecisionForm(BootstrapForm):
    prefix = "decision"

    outcome = _choice("验收结论", [("passed", "验收通过"), ("failed", "验收不通过")])
    decided_on = _date("验收日期")
    opinion = _text("验收意见（不通过时填写理由）", 5000, rows=3)
    rectification = _text("整改要求（不通过时必填）", 5000, rows=3)


class FilingForm(BootstrapForm):
    prefix = "filing"

    filing_number = _text("备案编号", 60)
    filed_on = _date("备案日期")
    go_live_on = _date("投入运行日期")
