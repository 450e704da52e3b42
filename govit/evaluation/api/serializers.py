"""Representations and request bodies of the evaluation endpoints.

Request bodies stay loose (scores as integers without bounds, texts possibly blank): the
services check them and answer with the field's name, so that page and API refuse alike.
"""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from govit.evaluation.models import EvaluationAssignment, IndicatorResult, SelfEvaluation


class WindowSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(help_text="验收通过日期与投入运行日期中较晚者")
    opens = serializers.DateField(help_text="自评价开始日期（含）")
    closes = serializers.DateField(help_text="自评价截止日期（含）")
    opens_months = serializers.IntegerField()
    closes_months = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["not_yet", "open", "closed"])
    status_label = serializers.CharField()
    days_late = serializers.IntegerField(help_text="超过截止日期的天数")
    article = serializers.IntegerField(allow_null=True)


class IndicatorResultSerializer(serializers.ModelSerializer[IndicatorResult]):
    class Meta:
        model = IndicatorResult
        fields = [
            "indicator",
            "indicator_name",
            "target_value",
            "unit",
            "actual_value",
            "met",
            "note",
        ]
        read_only_fields = fields


def _number_out() -> serializers.CharField:
    return serializers.CharField(
        source="report.document_number",
        read_only=True,
        default="",
        help_text="报告文号（拟定涉密项目登记，第四条；上传文件的项目为空）",
    )


def _date_out() -> serializers.DateField:
    return serializers.DateField(
        source="report.document_date",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="报告成文日期（拟定涉密项目登记，第四条；上传文件的项目为 null）",
    )


class SelfEvaluationSerializer(serializers.ModelSerializer[SelfEvaluation]):
    results = IndicatorResultSerializer(many=True, read_only=True)
    late = serializers.BooleanField(read_only=True)
    report_number = _number_out()
    report_date = _date_out()

    class Meta:
        model = SelfEvaluation
        fields = [
            "id",
            "project",
            "conclusion",
            "self_score",
            "report",
            "report_number",
            "report_date",
            "window_opens_on",
            "window_closes_on",
            "submitted_on",
            "late",
            "days_late",
            "results",
        ]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer[EvaluationAssignment]):
    project = serializers.SerializerMethodField()
    evaluator = serializers.SerializerMethodField()
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    days_late = serializers.IntegerField(read_only=True)
    report_number = _number_out()
    report_date = _date_out()

    class Meta:
        model = EvaluationAssignment
        fields = [
            "id",
            "project",
            "evaluator",
            "scope",
            "due_on",
            "state",
            "state_label",
            "commissioned_at",
            "score",
            "conclusion",
            "report",
            "report_number",
            "report_date",
            "submitted_on",
            "days_late",
        ]
        read_only_fields = fields

    def get_project(self, assignment: EvaluationAssignment) -> dict[str, Any]:
        project = assignment.project
        return {
            "id": project.pk,
            "code": project.code,
            "name": project.name,
            "organisation": project.organisation.name,
        }

    def get_evaluator(self, assignment: EvaluationAssignment) -> dict[str, Any]:
        return {"id": assignment.evaluator_id, "name": assignment.evaluator.name}


class ProjectEvaluationSerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField()
    state = serializers.CharField()
    window = WindowSerializer(allow_null=True)
    window_error = serializers.CharField(allow_blank=True)
    self_evaluation = SelfEvaluationSerializer(allow_null=True)
    assignments = AssignmentSerializer(many=True)


class ResultRequestSerializer(serializers.Serializer[Any]):
    indicator = serializers.IntegerField(help_text="事前绩效指标 id")
    actual_value = serializers.CharField(allow_blank=True, help_text="实际完成值")
    met = serializers.BooleanField(allow_null=True, help_text="是否达到目标值")
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_field(OpenApiTypes.STR)
class ResultsField(serializers.Field):
    """A JSON array in a multipart form field (files and a list in one request)."""

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if isinstance(data, str):
            try:
                data = json.loads(data or "[]")
            except ValueError:
                raise serializers.ValidationError("results 应为 JSON 数组") from None
        if not isinstance(data, list):
            raise serializers.ValidationError("results 应为 JSON 数组")
        items = ResultRequestSerializer(data=data, many=True)
        items.is_valid(raise_exception=True)
        return list(items.validated_data)

    def to_representation(self, value: Any) -> Any:
        return value


def _report_file(label: str) -> serializers.FileField:
    return serializers.FileField(
        required=False,
        allow_empty_file=True,
        allow_null=True,
        help_text=f"{label}（PDF、DOCX、OFD）。拟定涉密项目（第四条）不上传文件，改填 "
        "report_number 和 report_date；其他项目必须上传，且不填这两项",
    )


def _report_number(label: str) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=f"{label}文号：仅拟定涉密项目填写（第四条，代替上传文件）",
    )


def _report_date(label: str) -> serializers.DateField:
    return serializers.DateField(
        required=False,
        allow_null=True,
        help_text=f"{label}成文日期 YYYY-MM-DD，不晚于今天：仅拟定涉密项目填写（第四条）",
    )


class SelfEvaluationRequestSerializer(serializers.Serializer[Any]):
    conclusion = serializers.CharField(allow_blank=True)
    self_score = serializers.CharField(help_text="自评得分，0–100 的整数")
    results = ResultsField(
        help_text='每项事前绩效指标的实际完成值，JSON 数组：[{"indicator": 1, '
        '"actual_value": "96", "met": true, "note": ""}]'
    )
    report = _report_file("绩效自评价报告")
    report_number = _report_number("绩效自评价报告")
    report_date = _report_date("绩效自评价报告")


class CommissionRequestSerializer(serializers.Serializer[Any]):
    evaluator = serializers.IntegerField(help_text="第三方评价机构（组织）id")
    scope = serializers.CharField(allow_blank=True)
    due_on = serializers.DateField(help_text="要求完成日期 YYYY-MM-DD，须晚于今天")


class WithdrawRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, help_text="撤回理由（必填）")


class SubmitRequestSerializer(serializers.Serializer[Any]):
    score = serializers.CharField(help_text="评价得分，0–100 的整数")
    conclusion = serializers.CharField(allow_blank=True)
    report = _report_file("第三方绩效评价报告")
    report_number = _report_number("第三方绩效评价报告")
    report_date = _report_date("第三方绩效评价报告")


class DepartmentScoreSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField(allow_null=True)
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField()
    evaluated = serializers.IntegerField(help_text="当年提交第三方评价的项目数")
    mean_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    self_evaluated = serializers.IntegerField(help_text="当年提交自评价的项目数")
    mean_self_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    overdue = serializers.IntegerField(
        help_text="当年到期、逾期未办或逾期办结的期限事项数（责任单位为本部门）"
    )
    sanctions = serializers.IntegerField(help_text="当年对本部门项目作出的处理决定数（第三十五条）")


class RankingInputSerializer(serializers.Serializer[Any]):
    project_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    self_score = serializers.IntegerField(allow_null=True)


class RankingSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    rows = DepartmentScoreSerializer(many=True)
    inputs = RankingInputSerializer(many=True)
