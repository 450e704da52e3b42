"""Forms of the supervision pages.  They only parse: the services check every value and name
the field in their refusal, so that the page and the API refuse alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from govit.applications.forms import BootstrapForm

from .models import SanctionKind

BLANK = [("", "——请选择——")]


class DateInput(forms.DateInput):
    input_type = "date"


def _text(label: str, *, rows: int = 0, max_length: int | None = None) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


def _date(label: str) -> forms.CharField:
    # Text, not DateField: the service parses it and names the field when it is wrong.
    return forms.CharField(
        label=label, required=False, widget=DateInput(attrs={"placeholder": "YYYY-MM-DD"})
    )


def _multiple(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请从列表中选择"},
    )


class InspectionForm(BootstrapForm):
    prefix = "inspection"
    title = _text("检查名称", max_length=200)
    planned_on = _date("计划检查日期")
    projects = _multiple("检查项目")
    departments = _multiple("检查部门")

    def __init__(
        self,
        *args: Any,
        projects: Iterable[Any] = (),
        departments: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), f"{p.name}（{p.code}，{p.organisation.name}）") for p in projects
        ]
        self.fields["departments"].choices = [  # type: ignore[attr-defined]
            (str(o.pk), o.name) for o in departments
        ]


class FindingForm(BootstrapForm):
    prefix = "finding"
    project = forms.CharField(label="项目", required=False, widget=forms.Select)
    article = forms.CharField(
        label="违反条款（第几条）",
        required=False,
        max_length=3,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    rule_text = _text("条款内容", rows=2, max_length=2000)
    description = _text("问题描述", rows=3, max_length=5000)

    def __init__(self, *args: Any, projects: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].widget.choices = [
            *BLANK,
            *((str(p.pk), f"{p.name}（{p.code}）") for p in projects),
        ]


class ApproveForm(BootstrapForm):
    prefix = "approve"
    note = _text("审批意见", rows=2, max_length=2000)


class OrderForm(BootstrapForm):
    requirements = _text("整改要求", rows=2, max_length=5000)
    deadline = _date("整改期限")


class AnswerForm(BootstrapForm):
    prefix = "answer"
    note = _text("整改情况", rows=3, max_length=5000)
    evidence = forms.FileField(
        label="整改材料（文件）",
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.ofd,.png,.jpg,.jpeg"}),
    )
    evidence_number = _text("整改材料文号（拟定涉密项目）", max_length=100)
    evidence_date = _date("整改材料成文日期（拟定涉密项目）")


class DecideForm(BootstrapForm):
    prefix = "decide"
    decision = forms.CharField(
        label="审核结果",
        required=False,
        widget=forms.Select(
            choices=[*BLANK, ("accept", "整改通过"), ("reject", "整改未通过（退回重新整改）")]
        ),
    )
    reason = _text("审核意见（未通过时必填）", rows=2, max_length=5000)


class SanctionForm(BootstrapForm):
    prefix = "sanction"
    kind = forms.CharField(
        label="处理措施",
        required=False,
        widget=forms.Select(choices=BLANK + list(SanctionKind.choices)),
    )
    reason = _text("决定理由", rows=3, max_length=5000)


class LiftForm(BootstrapForm):
    reason = _text("解除理由", rows=2, max_length=5000)
