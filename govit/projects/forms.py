from django import forms

from .models import SystemCategory


class ProjectCreateForm(forms.Form):
    name = forms.CharField(label="项目名称", max_length=200)
    system_category = forms.ChoiceField(
        label="系统类别（第二条）",
        choices=SystemCategory.choices,
        initial=SystemCategory.BUSINESS_SYSTEM,
    )
    is_fixed_asset = forms.BooleanField(
        label="固定资产投资项目（需发展改革委审批）", required=False
    )
    is_classified_candidate = forms.BooleanField(
        label="拟定涉密项目（需保密局确认）", required=False
    )


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label="理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
