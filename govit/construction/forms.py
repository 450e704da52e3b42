"""Forms of the construction pages.  They only parse: the services check every value and name
the field in their refusal, so that the page and the API refuse alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from govit.applications.forms import BootstrapForm
from govit.core.money import yuan

from .models import Incident, Milestone

SCHEDULE_ROWS = 8
BLANK = [("", "——请选择——")]


class DateInput(forms.DateInput):
    input_type = "date"


def _text(label: str, *, rows: int = 0, max_length: int | None = None) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


def _date(label: str) -> forms.CharField:
    # Text, not DateField: the service parses it and names the field when it is wrong.
    return forms.CharField(
        label=label,
        required=False,
        widget=DateInput(attrs={"placeholder": "YYYY-MM-DD"}),
    )


def _number(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _file(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.ofd,.png,.jpg,.jpeg"}),
    )


class ScheduleForm(BootstrapForm):
    """Planned completion, scope and up to ``SCHEDULE_ROWS`` milestones (blank rows ignored)."""

    prefix = "schedule"

    planned_completion = _date("计划完成日期")
    scope = _text("建设内容（主要建设任务）", rows=3, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A hidden pseudo-field carries the errors of the milestone rows as a whole.
        self.fields["milestones"] = forms.CharField(required=False, widget=forms.HiddenInput)
        for index in range(1, SCHEDULE_ROWS + 1):
            name = forms.CharField(
                label=f"里程碑 {index}",
                required=False,
                max_length=100,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            planned = forms.CharField(
                label=f"里程碑 {index} 计划日期",
                required=False,
                widget=DateInput(attrs={"class": "form-control"}),
            )
            self.fields[f"milestone_{index}_name"] = name
            self.fields[f"milestone_{index}_planned"] = planned

    def milestone_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"milestone_{i}_name"], self[f"milestone_{i}_planned"])
            for i in range(1, SCHEDULE_ROWS + 1)
        ]


class ActualDateForm(BootstrapForm):
    prefix = "actual"

    actual_on = _date("实际完成日期")


class ProgressForm(BootstrapForm):
    prefix = "progress"

    report_date = _date("报告日期")
    percent_complete = _number("完成百分比（%，0–100）")
    spend_to_date = _number("累计支出（元）")
    issues = _text("存在问题", rows=2, max_length=5000)
    evidence = _file("证明材料（可选）")


class IncidentForm(BootstrapForm):
    prefix = "incident"

    kind = forms.ChoiceField(label="类型", required=False, choices=BLANK + Incident.Kind.choices)
    description = _text("情况说明", rows=3, max_length=5000)


class DecideForm(BootstrapForm):
    prefix = "decide"

    decision = forms.ChoiceField(
        label="处理决定",
        required=False,
        choices=[
            *BLANK,
            ("rectification", "责令整改（第二十条）"),
            ("suspension", "暂停建设（第二十条）"),
        ],
    )
    deadline = _date("整改期限（责令整改时填写）")
    requirements = _text("整改要求（责令整改时填写）", rows=2, max_length=5000)
    reason = _text("决定理由", rows=2, max_length=5000)


class AnswerForm(BootstrapForm):
    prefix = "answer"

    note = _text("整改情况", rows=3, max_length=5000)
    evidence = _file("整改材料（可选）")


class ReasonForm(BootstrapForm):
    """Closing a rectification or lifting a suspension: one reason."""

    prefix = "reason"

    reason = _text("意见", rows=2, max_length=5000)


class ChangeRequestForm(BootstrapForm):
    """Kinds (combinable), the new values of each, the reason and an optional document."""

    prefix = "change"

    changes_scope = forms.BooleanField(label="变更建设内容", required=False)
    changes_budget = forms.BooleanField(label="变更投资预算", required=False)
    changes_schedule = forms.BooleanField(label="变更进度计划", required=False)
    new_scope = _text("变更后建设内容", rows=3, max_length=5000)
    new_planned_completion = _date("变更后计划完成日期")
    reason = _text("变更理由", rows=3, max_length=5000)
    document = _file("变更申请材料（可选）")

    def __init__(
        self,
        *args: Any,
        lines: Iterable[tuple[int, str, Any]] = (),
        milestones: Iterable[Milestone] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["changes"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["new_line_amounts"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.line_ids: list[int] = []
        self.milestone_ids: list[int] = []
        for line_id, name, current in lines:
            self.fields[f"line_{line_id}"] = forms.CharField(
                label=f"{name}（现 {yuan(current)} 元）",
                required=False,
                max_length=30,
                widget=forms.TextInput(
                    attrs={"class": "form-control", "inputmode": "decimal", "autocomplete": "off"}
                ),
            )
            self.line_ids.append(line_id)
        for milestone in milestones:
            self.fields[f"milestone_{milestone.pk}"] = forms.CharField(
                label=f"{milestone.name}（现计划 {milestone.planned_on:%Y-%m-%d}）",
                required=False,
                widget=DateInput(attrs={"class": "form-control"}),
            )
            self.milestone_ids.append(milestone.pk)

    def line_fields(self) -> list[forms.BoundField]:
        return [self[f"line_{pk}"] for pk in self.line_ids]

    def milestone_fields(self) -> list[forms.BoundField]:
        return [self[f"milestone_{pk}"] for pk in self.milestone_ids]


class ChangeDecisionForm(BootstrapForm):
    prefix = "decision"

    approve = forms.ChoiceField(
        label="审批结果",
        required=False,
        choices=[*BLANK, ("yes", "批准"), ("no", "不予批准")],
    )
    reason = _text("审批意见", rows=2, max_length=5000)
