"""Forms of the obligation pages.  They parse; the services validate and decide."""

from __future__ import annotations

from django import forms

TEXT = {"class": "form-control"}


class WaiveForm(forms.Form):
    prefix = "waive"

    reason = forms.CharField(
        label="豁免理由",
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        error_messages={"required": "请填写豁免理由"},
    )
