"""The 生成 button's form: the document kind and its source (``contract:12``)."""

from __future__ import annotations

from django import forms

RETURN_TO = ("project", "documents")


class IssueForm(forms.Form):
    kind = forms.CharField(max_length=30)
    source = forms.CharField(max_length=60)
    return_to = forms.ChoiceField(choices=[(value, value) for value in RETURN_TO], required=False)
