from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from govit.accounts.models import User

from .models import FundingMode, PredecessorRelation, Procedure, SystemCategory, UpperLevel


class ProjectCreateForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    plan_item: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("年度建设计划项目（第七条）"),
        queryset=None,
        required=False,
        empty_label=_("（请选择本单位已批准的年度建设计划项目）"),
        help_text=_("项目应来自本单位已批准的年度建设计划；确属计划外的，请勾选下方“计划外项目”。"),
    )
    outside_plan = forms.BooleanField(
        label=_("计划外项目（第十条：须经大数据局领导同意方可批复）"), required=False
    )
    system_category = forms.ChoiceField(
        label=_("系统类别（第二条）"),
        choices=SystemCategory.choices,
        initial=SystemCategory.BUSINESS_SYSTEM,
    )
    funding_mode = forms.ChoiceField(
        label=_("资金方式（第二条）"),
        choices=FundingMode.choices,
        initial=FundingMode.GOVERNMENT_INVESTMENT,
    )
    procedure = forms.ChoiceField(
        label=_("办理程序"), choices=Procedure.choices, initial=Procedure.APPROVAL
    )
    upper_level = forms.ChoiceField(
        label=_("上级项目（第十二条）"), choices=UpperLevel.choices, required=False
    )
    is_fixed_asset = forms.BooleanField(
        label=_("固定资产投资项目（需发展改革委审批）"), required=False
    )
    is_classified_candidate = forms.BooleanField(
        label=_("拟定涉密项目（需保密局确认；平台只保存元数据）"), required=False
    )
    predecessor = forms.CharField(
        label=_("前序项目编码（可选）"),
        required=False,
        max_length=32,
        help_text=_(
            "升级改造、拆分或合并自已有项目的，填写其项目编码，如 2025-371700-101-02-000001-7"
        ),
    )
    predecessor_relation = forms.ChoiceField(
        label=_("与前序项目关系"), choices=PredecessorRelation.choices, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        from govit.planning.selectors import approved_items_for

        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Any]", self.fields["plan_item"])
        field.queryset = approved_items_for(user).select_related("plan")


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
