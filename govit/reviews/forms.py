"""Forms of the review pages.  They parse; the services validate and decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role

from .models import Expert
from .services import LineProposal

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}


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
    # A text input: the service parses the amount and names the field when it is wrong.
    return _text(label, required=required, inputmode="decimal")


def _score(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.NumberInput(attrs={**TEXT, "step": 1}),
        error_messages={"required": f"请填写{label}"},
    )


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.jurisdiction}）"


def _organisations() -> Any:
    return Organisation.objects.filter(is_active=True).select_related("jurisdiction")


class ExpertForm(forms.Form):
    name = _text("专家姓名")
    organisation = OrganisationChoice(
        label="工作单位",
        queryset=Organisation.objects.none(),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "请选择工作单位", "invalid_choice": "请选择有效的单位"},
    )
    expertise = _text("专业领域（以逗号或顿号分隔）")
    user = forms.ModelChoiceField(
        label="登录账号（评审专家角色，可不填）",
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "请选择具有评审专家角色的账号"},
    )
    is_active = forms.BooleanField(
        label="在库（可被抽取）", required=False, initial=True, widget=forms.CheckboxInput(CHECK)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role_assignments__role=Role.EXPERT, is_active=True
        ).distinct()

    @classmethod
    def for_expert(cls, expert: Expert) -> ExpertForm:
        return cls(
            initial={
                "name": expert.name,
                "organisation": expert.organisation_id,
                "expertise": expert.expertise,
                "user": expert.user_id,
                "is_active": expert.is_active,
            }
        )


class ConflictForm(forms.Form):
    prefix = "conflict"

    organisation = OrganisationChoice(
        label="存在利益冲突的单位",
        queryset=Organisation.objects.none(),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "请选择单位", "invalid_choice": "请选择有效的单位"},
    )
    reason = _text("冲突事由")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]


class DrawForm(forms.Form):
    prefix = "draw"

    count = forms.CharField(
        label="抽取人数",
        initial=5,
        widget=forms.NumberInput(attrs={**TEXT, "min": 1, "step": 1}),
        error_messages={"required": "请填写抽取人数"},
    )
    seed = _text("随机种子（可不填，由系统随机生成）", required=False, inputmode="numeric")


class ScoreForm(forms.Form):
    """Three scores with comments, the recommended amount, and a cut per budget line."""

    necessity_score = _score("建设必要性得分（0–100）")
    necessity_comment = _text("建设必要性意见", rows=3)
    feasibility_score = _score("技术可行性得分（0–100）")
    feasibility_comment = _text("技术可行性意见", rows=3)
    budget_score = _score("预算合理性得分（0–100）")
    budget_comment = _text("预算合理性意见", rows=3)
    recommended_amount = _amount("建议金额（元）")

    def __init__(self, *args: Any, budget_lines: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget_lines = list(budget_lines)
        for line in self.budget_lines:
            self.fields[f"cut_{line.pk}_amount"] = _amount(
                f"「{line.name}」核减金额（元）", required=False
            )
            self.fields[f"cut_{line.pk}_reason"] = _text(f"「{line.name}」核减理由", required=False)

    def line_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "line": line,
                "amount": self[f"cut_{line.pk}_amount"],
                "reason": self[f"cut_{line.pk}_reason"],
            }
            for line in self.budget_lines
        ]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.base_fields]


class OpinionForm(forms.Form):
    prefix = "opinion"

    approved_amount = _amount("批复金额（元，不填则为各明细核定金额之和）", required=False)
    conditions = _text("批复条件与意见", required=False, rows=4)

    def __init__(self, *args: Any, proposals: Iterable[LineProposal] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        for proposal in self.proposals:
            line = proposal.budget_line
            self.fields[f"line_{line.pk}_approved"] = _amount(f"「{line.name}」核定金额（元）")
            self.fields[f"line_{line.pk}_reason"] = _text(
                f"「{line.name}」核减理由", required=False
            )
            self.initial.setdefault(f"line_{line.pk}_approved", proposal.approved)
            self.initial.setdefault(f"line_{line.pk}_reason", proposal.reason)

    def line_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "proposal": proposal,
                "approved": self[f"line_{proposal.budget_line.pk}_approved"],
                "reason": self[f"line_{proposal.budget_line.pk}_reason"],
            }
            for proposal in self.proposals
        ]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.base_fields]


class ExceptionForm(forms.Form):
    prefix = "exception"

    reason = _text("例外审批理由（第十条）", rows=3)


YES_NO = [("yes", "是"), ("no", "否")]


class NdrcForm(forms.Form):
    approved = forms.ChoiceField(
        label="是否批准投资立项",
        choices=[("yes", "批准"), ("no", "不予批准")],
        widget=forms.RadioSelect(attrs=CHECK),
        error_messages={"required": "请选择是否批准"},
    )
    document_number = _text("批复文号", required=False)
    decided_on = forms.DateField(
        label="批复日期",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写批复日期", "invalid": "请输入有效日期（YYYY-MM-DD）"},
    )
    comments = _text("意见（不予批准时必填）", required=False, rows=3)


class SecrecyForm(forms.Form):
    classified = forms.ChoiceField(
        label="审查结论",
        choices=[("yes", "确认涉密"), ("no", "确认不涉密")],
        widget=forms.RadioSelect(attrs=CHECK),
        error_messages={"required": "请选择审查结论"},
    )
    reason = _text("确认依据", rows=3)
