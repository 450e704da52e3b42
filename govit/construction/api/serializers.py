"""Representations and request bodies of the construction endpoints.

Request bodies keep dates, amounts and percentages as text: the services parse them and answer
with the field's name, so that page and API refuse alike.  Choice fields are plain strings
with a ``*_label`` beside them (their vocabularies are listed in the field help).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from govit.construction.models import (
    Baseline,
    ChangeRequest,
    Incident,
    Milestone,
    ProgressReport,
)


def _text(help_text: str = "", **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=help_text, **kwargs
    )


def _file(help_text: str) -> serializers.FileField:
    return serializers.FileField(
        required=False, allow_null=True, allow_empty_file=True, help_text=help_text
    )


# --- schedule -----------------------------------------------------------------------------
class MilestoneSerializer(serializers.ModelSerializer[Milestone]):
    class Meta:
        model = Milestone
        fields = ["id", "order", "name", "planned_on", "actual_on"]
        read_only_fields = fields


class ScheduleSerializer(serializers.Serializer[Any]):
    baseline_version = serializers.IntegerField(help_text="现行基线版本（0：尚未保存进度计划）")
    planned_completion = serializers.DateField(allow_null=True)
    scope = serializers.CharField()
    milestones = MilestoneSerializer(many=True)


class MilestoneInputSerializer(serializers.Serializer[Any]):
    name = _text("里程碑名称")
    planned_on = _text("计划日期 YYYY-MM-DD")


class ScheduleWriteSerializer(serializers.Serializer[Any]):
    planned_completion = _text("计划完成日期 YYYY-MM-DD（须晚于今天）")
    scope = _text("建设内容")
    milestones = MilestoneInputSerializer(many=True, required=False)


class ActualDateSerializer(serializers.Serializer[Any]):
    actual_on = _text("实际完成日期 YYYY-MM-DD（不晚于今天）")


# --- progress -----------------------------------------------------------------------------
class ProgressReportSerializer(serializers.ModelSerializer[ProgressReport]):
    schedule_colour = serializers.CharField(
        read_only=True, help_text="green / amber / red / unknown"
    )
    cost_colour = serializers.CharField(read_only=True, help_text="green / amber / red / unknown")
    reported_by = serializers.CharField(source="reported_by.__str__", read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "report_date",
            "percent_complete",
            "spend_to_date",
            "issues",
            "evidence",
            "baseline_version",
            "baseline_total",
            "planned_completion",
            "planned_percent",
            "schedule_variance",
            "schedule_colour",
            "cost_variance",
            "cost_colour",
            "thresholds",
            "reported_by",
            "reported_at",
        ]
        read_only_fields = fields


class ProgressWriteSerializer(serializers.Serializer[Any]):
    report_date = _text("报告日期 YYYY-MM-DD（开工后、不晚于今天、晚于上一期）")
    percent_complete = _text("完成百分比 0–100，最多两位小数")
    spend_to_date = _text("累计支出（元），不小于 0")
    issues = _text("存在问题")
    evidence = _file("证明材料（multipart/form-data 时可上传）")


# --- incidents ----------------------------------------------------------------------------
class IncidentSerializer(serializers.ModelSerializer[Incident]):
    kind = serializers.CharField(read_only=True, help_text="severe_delay / major_loss")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state = serializers.CharField(
        read_only=True, help_text="open / rectifying / answered / closed / suspended / lifted"
    )
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    origin = serializers.CharField(
        source="source", read_only=True, help_text="unit（建设单位报告）/ bdb（大数据局发现）"
    )
    answered_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "project",
            "kind",
            "kind_label",
            "description",
            "origin",
            "state",
            "state_label",
            "reported_at",
            "decision_reason",
            "decided_at",
            "rectification_deadline",
            "rectification_requirements",
            "answer_note",
            "answer_evidence",
            "answered_on",
            "answered_late",
            "suspension_reason",
            "suspended_at",
            "close_reason",
            "closed_at",
        ]
        read_only_fields = fields


class IncidentWriteSerializer(serializers.Serializer[Any]):
    kind = _text("severe_delay（严重滞后）/ major_loss（重大投资损失）")
    description = _text("情况说明")


class IncidentDecideSerializer(serializers.Serializer[Any]):
    decision = _text("rectification（责令整改）/ suspension（暂停建设）")
    reason = _text("决定理由")
    deadline = _text("整改期限 YYYY-MM-DD（责令整改时必填，须晚于今天）")
    requirements = _text("整改要求（责令整改时必填）")


class IncidentAnswerSerializer(serializers.Serializer[Any]):
    note = _text("整改情况")
    evidence = _file("整改材料（multipart/form-data 时可上传）")


class ReasonSerializer(serializers.Serializer[Any]):
    reason = _text("意见或理由")


# --- change requests and baseline ---------------------------------------------------------
class ChangeRequestSerializer(serializers.ModelSerializer[ChangeRequest]):
    state = serializers.CharField(read_only=True, help_text="submitted / approved / rejected")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    baseline_version = serializers.SerializerMethodField()

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "project",
            "base_version",
            "changes_scope",
            "changes_budget",
            "changes_schedule",
            "new_scope",
            "new_line_amounts",
            "new_total",
            "new_planned_completion",
            "new_milestone_dates",
            "reason",
            "document",
            "state",
            "state_label",
            "submitted_at",
            "decided_at",
            "decision_reason",
            "baseline_version",
        ]
        read_only_fields = fields

    def get_baseline_version(self, change: ChangeRequest) -> int | None:
        """The baseline version an approval wrote (null before or without approval)."""
        baseline = Baseline.objects.filter(change_request=change).first()
        return baseline.version if baseline is not None else None


class ChangeRequestWriteSerializer(serializers.Serializer[Any]):
    changes_scope = serializers.BooleanField(required=False, default=False)
    changes_budget = serializers.BooleanField(required=False, default=False)
    changes_schedule = serializers.BooleanField(required=False, default=False)
    new_scope = _text("变更后建设内容（变更建设内容时必填）")
    new_line_amounts = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="{预算明细 id: 变更后金额（元）}；未列出的明细金额不变，总额为各项之和",
    )
    new_planned_completion = _text("变更后计划完成日期 YYYY-MM-DD（变更进度计划时必填）")
    new_milestone_dates = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="{里程碑 id: 新计划日期 YYYY-MM-DD}",
    )
    reason = _text("变更理由")
    document = _file("变更申请材料（multipart/form-data 时可上传）")


class ChangeDecisionSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField(help_text="true 批准 / false 不予批准")
    reason = _text("审批意见（必填）")


class BaselineViewSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    lines = serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=2))
    planned_completion = serializers.DateField(allow_null=True)
    scope = serializers.CharField()


class LineDifferenceSerializer(serializers.Serializer[Any]):
    budget_line_id = serializers.IntegerField()
    name = serializers.CharField()
    original = serializers.DecimalField(max_digits=14, decimal_places=2)
    current = serializers.DecimalField(max_digits=14, decimal_places=2)
    difference = serializers.DecimalField(max_digits=15, decimal_places=2)


class BaselineVersionSerializer(serializers.ModelSerializer[Baseline]):
    class Meta:
        model = Baseline
        fields = [
            "version",
            "total_amount",
            "line_amounts",
            "planned_completion",
            "scope",
            "milestones",
            "reason",
            "change_request",
            "created_at",
        ]
        read_only_fields = fields


class BaselineComparisonSerializer(serializers.Serializer[Any]):
    original = BaselineViewSerializer()
    current = BaselineViewSerializer()
    lines = LineDifferenceSerializer(many=True)
    total_difference = serializers.DecimalField(max_digits=15, decimal_places=2)
    completion_shift_days = serializers.IntegerField(allow_null=True)
    scope_changed = serializers.BooleanField()
    versions = BaselineVersionSerializer(many=True)
