"""Forms of the obligation pages.  They parse; the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import ObligationKind
from .selectors import STATE_FILTERS, ObligationFilter

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select form-select-sm"}


class FilterForm(forms.Form):
    """The query string of ``obligations:list`` (drilled down from the compliance map)."""

    state = forms.ChoiceField(
        label="状态",
        choices=[("", "全部"), *STATE_FILTERS.items()],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label="事项",
        choices=[("", "全部"), *ObligationKind.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    article = forms.IntegerField(
        label="依据条款（第几条）",
        required=False,
        min_value=1,
        max_value=99,
        widget=forms.NumberInput(attrs={**TEXT, "class": "form-control form-control-sm"}),
    )
    responsible = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    project = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> ObligationFilter:
        """The parsed filter; an invalid value is ignored (shows everything in scope)."""
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return ObligationFilter(
            article=data.get("article"),
            responsible=data.get("responsible"),
            state=data.get("state") or "",
            kind=data.get("kind") or "",
            project=data.get("project"),
        )


class WaiveForm(forms.Form):
    prefix = "waive"

    reason = forms.CharField(
        label="豁免理由",
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        error_messages={"required": "请填写豁免理由"},
    )
