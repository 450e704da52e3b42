"""Forms of the funds pages.  They parse; the services validate and decide.

Labels are plain Chinese, as in the other stage apps' forms.

Amounts are text inputs: the service parses them (``core.inputs``) and names the field when
one is wrong, so that the page and the API refuse alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone

from govit.applications.models import CountyParticipant

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def _text(label: str, *, required: bool = True, rows: int = 0, **attrs: Any) -> forms.CharField:
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


def _amount(label: str, *, required: bool = True) -> forms.CharField:
    return _text(label, required=required, inputmode="decimal", autocomplete="off")


def _evidence() -> forms.FileField:
    return forms.FileField(
        label="进度证明材料（可不传；PDF、OFD、Word、Excel 或图片）",
        required=False,
        widget=forms.ClearableFileInput(attrs=TEXT),
    )


class ConstructionRequestForm(forms.Form):
    """A construction batch: one amount per budget line, the stage, the progress, the payer."""

    prefix = "construction"

    stage = _text("阶段（如：第一期）")
    progress_note = _text("建设进度说明", rows=3)
    payer = forms.ChoiceField(
        label="出资方（第二十五条）",
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "所选出资县区不是本项目的参与县区（第二十五条）"},
    )
    evidence = _evidence()

    def __init__(
        self,
        *args: Any,
        budget_lines: Iterable[Any] = (),
        participants: Iterable[CountyParticipant] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.budget_lines = list(budget_lines)
        self.fields["payer"].choices = [  # type: ignore[attr-defined]
            ("", "本级财政资金"),
            *((str(p.pk), f"县区财政资金（{p.jurisdiction.name}）") for p in participants),
        ]
        for line in self.budget_lines:
            self.fields[f"line_{line.pk}"] = _amount(
                f"「{line.name}」本批申请金额（元）", required=False
            )

    def line_fields(self) -> list[Any]:
        return [self[f"line_{line.pk}"] for line in self.budget_lines]

    def line_amounts(self) -> list[tuple[int, str]]:
        """(budget line id, typed amount) for each line the unit filled in."""
        return [
            (line.pk, self.cleaned_data[f"line_{line.pk}"])
            for line in self.budget_lines
            if (self.cleaned_data.get(f"line_{line.pk}") or "").strip()
        ]


class OmRequestForm(forms.Form):
    """A year's O&M funds of a running system."""

    prefix = "om"

    year = forms.CharField(
        label="运维年度",
        widget=forms.NumberInput(attrs={**TEXT, "min": 2000, "step": 1}),
        error_messages={"required": "请填写运维年度"},
    )
    stage = _text("阶段（如：上半年）")
    amount = _amount("本年度申请金额（元，参与县区按运维分担比例拆分）")
    progress_note = _text("运维情况说明", rows=3)
    evidence = _evidence()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ConfirmForm(forms.Form):
    note = _text("进度确认意见（可不填）", required=False, rows=2)


class ReleaseForm(forms.Form):
    released_on = forms.DateField(
        label="拨付日期",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "请填写拨付日期",
            "invalid": "请输入有效日期（YYYY-MM-DD）",
        },
    )
    reference = _text("拨付凭证号")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["released_on"].initial = today
        self.fields["released_on"].widget.attrs["max"] = today.isoformat()


class RefuseForm(forms.Form):
    reason = _text("不予拨付理由", rows=2)


class WithdrawForm(forms.Form):
    reason = _text("撤回说明（可不填）", required=False, rows=2)
