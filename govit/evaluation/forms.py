"""Forms of the evaluation pages.  They parse; the services validate and decide.

Fields are loose on purpose (scores as text, nothing required but the obvious): the service
refuses bad input with the same message on the page and in the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from govit.accounts.models import Organisation
from govit.applications.reports import date_field, number_field
from govit.projects.models import Project

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}
MET_CHOICES = [("yes", "达到"), ("no", "未达到")]


def _text(label: str, *, required: bool = False, rows: int = 0, **attrs: Any) -> forms.CharField:
    widget: forms.Widget = (
        forms.Textarea(attrs={**TEXT, "rows": rows, **attrs})
        if rows
        else forms.TextInput(attrs={**TEXT, **attrs})
    )
    return forms.CharField(
        label=label,
        required=required,
        widget=widget,
        error_messages={"required": f"请填写{label}"},
    )


def _score(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={**TEXT, "min": 0, "max": 100, "step": 1}),
    )


def _report(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={**TEXT, "accept": ".pdf,.docx,.ofd"}),
    )


def _report_number(label: str) -> forms.CharField:
    return _text(f"{label}文号", maxlength=100)


def _report_date(label: str) -> forms.DateField:
    return forms.DateField(
        label=f"{label}成文日期",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "请输入有效日期（YYYY-MM-DD）"},
    )


class ReportForm(forms.Form):
    """A form with a ``report`` file.  A classified candidate (``metadata_only``, Art. 4) gives
    the report's number and date instead: ``report`` goes and ``report_number`` /
    ``report_date`` stay; for any other project the reverse."""

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metadata_only = project.metadata_only
        dropped = (
            ["report"] if self.metadata_only else [number_field("report"), date_field("report")]
        )
        for name in dropped:
            del self.fields[name]

    def report_data(self) -> dict[str, Any]:
        """The service's keyword arguments of the report (the file, or number and date)."""
        data = self.cleaned_data
        return {
            "report": data.get("report"),
            "report_number": data.get("report_number", ""),
            "report_date": data.get("report_date"),
        }


class SelfEvaluationForm(ReportForm):
    """The conclusion, the self score, the report, and a result per indicator (Art. 8, 24)."""

    conclusion = _text("自评价结论", rows=4)
    self_score = _score("自评得分（0–100 的整数）")
    report = _report("绩效自评价报告（PDF、DOCX、OFD）")
    report_number = _report_number("绩效自评价报告")
    report_date = _report_date("绩效自评价报告")

    def __init__(
        self, *args: Any, project: Project, indicators: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, project=project, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            prefix = f"indicator_{indicator.pk}"
            self.fields[f"{prefix}_actual"] = _text(f"「{indicator.name}」实际完成值")
            self.fields[f"{prefix}_met"] = forms.ChoiceField(
                label=f"「{indicator.name}」是否达到目标",
                choices=MET_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs=CHECK),
            )
            self.fields[f"{prefix}_note"] = _text(f"「{indicator.name}」说明", rows=2)

    def indicator_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "indicator": indicator,
                "actual": self[f"indicator_{indicator.pk}_actual"],
                "met": self[f"indicator_{indicator.pk}_met"],
                "note": self[f"indicator_{indicator.pk}_note"],
            }
            for indicator in self.indicators
        ]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.base_fields if name in self.fields]

    def results(self) -> list[Any]:
        from .services import ResultInput

        data = self.cleaned_data
        return [
            ResultInput(
                indicator_id=indicator.pk,
                actual_value=data.get(f"indicator_{indicator.pk}_actual"),
                met=data.get(f"indicator_{indicator.pk}_met") or None,
                note=data.get(f"indicator_{indicator.pk}_note", ""),
            )
            for indicator in self.indicators
        ]


class EvaluatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.jurisdiction}）"


def evaluator_organisations() -> Any:
    return Organisation.objects.filter(
        function=Organisation.Function.EVALUATOR, is_active=True
    ).select_related("jurisdiction")


class CommissionForm(forms.Form):
    prefix = "commission"

    evaluator = EvaluatorChoice(
        label="第三方评价机构",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "请选择有效的第三方评价机构"},
    )
    scope = _text("评价范围与要求", rows=3)
    due_on = forms.DateField(
        label="要求完成日期",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "请输入有效日期（YYYY-MM-DD）"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = evaluator_organisations()  # type: ignore[attr-defined]


class SubmitForm(ReportForm):
    prefix = "submit"

    score = _score("评价得分（0–100 的整数）")
    conclusion = _text("评价结论", rows=4)
    report = _report("第三方绩效评价报告（PDF、DOCX、OFD）")
    report_number = _report_number("第三方绩效评价报告")
    report_date = _report_date("第三方绩效评价报告")


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={**TEXT, "step": 1}),
        error_messages={
            "invalid": "年度应为四位数字，例如 2025",
            "min_value": "年度应在 2000–2100 之间",
            "max_value": "年度应在 2000–2100 之间",
        },
    )


class WithdrawForm(forms.Form):
    prefix = "withdraw"

    reason = _text("撤回理由", rows=2)
