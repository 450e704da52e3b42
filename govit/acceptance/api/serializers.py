"""Representations and request bodies of the acceptance endpoints.

Request bodies stay loose (optional fields, plain text): the services check each field and
answer with its name, so that page and API refuse alike.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from govit.acceptance.models import (
    AcceptanceApplication,
    Completion,
    CryptoResult,
    Extension,
    Filing,
    MlpsResult,
)


def _download(document: Any) -> str | None:
    """The download URL; None for a classified candidate's report, kept as metadata only."""
    if not document.has_content:
        return None
    return reverse("applications:document_download", args=[document.project_id, document.pk])


def _url_out() -> serializers.CharField:
    return serializers.CharField(
        allow_null=True, help_text="下载地址；拟定涉密项目只登记文号和日期，无文件可下载，为 null"
    )


def _number_out(source: str) -> serializers.CharField:
    return serializers.CharField(
        source=f"{source}.document_number",
        read_only=True,
        help_text="报告文号（拟定涉密项目登记；上传文件的项目为空）",
    )


def _date_out(source: str) -> serializers.DateField:
    return serializers.DateField(
        source=f"{source}.document_date",
        read_only=True,
        allow_null=True,
        help_text="报告成文日期（拟定涉密项目登记；上传文件的项目为 null）",
    )


class _ReportMixin(serializers.Serializer[Any]):
    @extend_schema_field(_url_out())
    def get_report_url(self, obj: Any) -> str | None:
        return _download(obj.report)


# --- records ------------------------------------------------------------------------------
class CompletionSerializer(serializers.ModelSerializer[Completion]):
    recorded_by = serializers.CharField(source="recorded_by.__str__", read_only=True)

    class Meta:
        model = Completion
        fields = ["completed_on", "months", "due_on", "pack_code", "recorded_by", "recorded_at"]
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer[Extension]):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    applied_by = serializers.CharField(source="applied_by.__str__", read_only=True)
    decided_by = serializers.CharField(source="decided_by.__str__", default=None, read_only=True)

    class Meta:
        model = Extension
        fields = [
            "id",
            "previous_due_on",
            "requested_due_on",
            "reasons",
            "state",
            "state_label",
            "applied_by",
            "applied_at",
            "approved_due_on",
            "decision_reason",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class MlpsResultSerializer(_ReportMixin, serializers.ModelSerializer[MlpsResult]):
    level = serializers.IntegerField(read_only=True, help_text="保护等级 1–5")
    conclusion_label = serializers.CharField(source="get_conclusion_display", read_only=True)
    report_url = serializers.SerializerMethodField()
    report_number = _number_out("report")
    report_date = _date_out("report")

    class Meta:
        model = MlpsResult
        fields = [
            "id",
            "level",
            "assessed_on",
            "conclusion",
            "conclusion_label",
            "report",
            "report_url",
            "report_number",
            "report_date",
            "recorded_at",
        ]
        read_only_fields = fields


class CryptoResultSerializer(_ReportMixin, serializers.ModelSerializer[CryptoResult]):
    conclusion_label = serializers.CharField(source="get_conclusion_display", read_only=True)
    report_url = serializers.SerializerMethodField()
    report_number = _number_out("report")
    report_date = _date_out("report")

    class Meta:
        model = CryptoResult
        fields = [
            "id",
            "evaluated_on",
            "conclusion",
            "conclusion_label",
            "report",
            "report_url",
            "report_number",
            "report_date",
            "recorded_at",
        ]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer[AcceptanceApplication]):
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    applied_by = serializers.CharField(source="applied_by.__str__", read_only=True)
    decided_by = serializers.CharField(source="decided_by.__str__", default=None, read_only=True)
    acceptance_report_url = serializers.SerializerMethodField()
    acceptance_report_number = _number_out("acceptance_report")
    acceptance_report_date = _date_out("acceptance_report")
    test_report_url = serializers.SerializerMethodField()
    test_report_number = _number_out("test_report")
    test_report_date = _date_out("test_report")
    mlps_results = MlpsResultSerializer(many=True, read_only=True, source="mlpsresults")
    crypto_results = CryptoResultSerializer(many=True, read_only=True, source="cryptoresults")

    class Meta:
        model = AcceptanceApplication
        fields = [
            "id",
            "round_no",
            "applied_on",
            "notes",
            "acceptance_report",
            "acceptance_report_url",
            "acceptance_report_number",
            "acceptance_report_date",
            "test_report",
            "test_report_url",
            "test_report_number",
            "test_report_date",
            "applied_by",
            "outcome",
            "outcome_label",
            "decided_on",
            "opinion",
            "rectification",
            "decided_by",
            "decided_at",
            "mlps_results",
            "crypto_results",
        ]
        read_only_fields = fields

    @extend_schema_field(_url_out())
    def get_acceptance_report_url(self, application: AcceptanceApplication) -> str | None:
        return _download(application.acceptance_report)

    @extend_schema_field(_url_out())
    def get_test_report_url(self, application: AcceptanceApplication) -> str | None:
        return _download(application.test_report)


class FilingSerializer(serializers.ModelSerializer[Filing]):
    recorded_by = serializers.CharField(source="recorded_by.__str__", read_only=True)

    class Meta:
        model = Filing
        fields = ["filing_number", "filed_on", "go_live_on", "recorded_by", "recorded_at"]
        read_only_fields = fields


class DueStatusSerializer(serializers.Serializer[Any]):
    completed_on = serializers.DateField()
    original_due_on = serializers.DateField()
    due_on = serializers.DateField(help_text="当前验收申请截止日期（含已批准的延期）")
    months = serializers.IntegerField()
    extended = serializers.BooleanField()
    extension_rejected = serializers.BooleanField()
    applied = serializers.BooleanField(help_text="是否已提交验收申请")
    overdue = serializers.BooleanField(help_text="逾期未申请验收且未获延期（第二十三条）")
    days_left = serializers.IntegerField(help_text="距截止日期天数，逾期为负数")
    days_overdue = serializers.IntegerField()
    extension_label = serializers.CharField()


class AcceptanceOverviewSerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField(source="project.pk")
    state = serializers.CharField(source="project.state")
    completion = CompletionSerializer(allow_null=True)
    status = DueStatusSerializer(allow_null=True)
    extensions = ExtensionSerializer(many=True)
    applications = serializers.SerializerMethodField()
    filing = FilingSerializer(allow_null=True)
    accepted_on = serializers.DateField(source="project.accepted_on", allow_null=True)
    go_live_on = serializers.DateField(source="project.go_live_on", allow_null=True)

    @extend_schema_field(ApplicationSerializer(many=True))
    def get_applications(self, overview: Any) -> Any:
        return ApplicationSerializer([r.application for r in overview.rounds], many=True).data


class OverdueRowSerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField(source="project.pk")
    code = serializers.CharField(source="project.code")
    name = serializers.CharField(source="project.name")
    organisation = serializers.CharField(source="project.organisation.name")
    status = DueStatusSerializer()


# --- request bodies -----------------------------------------------------------------------
def _date(help_text: str) -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, help_text=help_text)


def _text(help_text: str = "") -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=help_text
    )


def _file(help_text: str) -> serializers.FileField:
    return serializers.FileField(
        required=False, allow_empty_file=True, allow_null=True, help_text=help_text
    )


FILE_TYPES = "PDF、DOCX、XLSX、OFD、PNG、JPEG"
CLASSIFIED = "拟定涉密项目（第四条）不上传文件，改填"


def _report_file(label: str, field: str) -> serializers.FileField:
    return _file(
        f"{label}（{FILE_TYPES}）。{CLASSIFIED} {field}_number 和 {field}_date；"
        "其他项目必须上传，且不填这两项"
    )


def _report_number(label: str) -> serializers.CharField:
    return _text(f"{label}文号：仅拟定涉密项目填写（第四条，代替上传文件）")


def _report_date(label: str) -> serializers.DateField:
    return _date(f"{label}成文日期 YYYY-MM-DD，不晚于今天：仅拟定涉密项目填写（第四条）")


class CompletionRequestSerializer(serializers.Serializer[Any]):
    completed_on = _date("建设完成日期（不晚于今天，不早于开工日期）")


class ExtensionApplyRequestSerializer(serializers.Serializer[Any]):
    requested_due_on = _date("申请延期至（须晚于当前截止日期）")
    reasons = _text("延期理由")


class ExtensionDecideRequestSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true 批准 / false 不予批准"
    )
    approved_due_on = _date("批准的截止日期（不填则按申请日期；须晚于当前截止日期）")
    reason = _text("审批意见（不予批准时必填）")


class ApplicationRequestSerializer(serializers.Serializer[Any]):
    acceptance_report = _report_file("验收报告", "acceptance_report")
    acceptance_report_number = _report_number("验收报告")
    acceptance_report_date = _report_date("验收报告")
    test_report = _report_file("测试报告", "test_report")
    test_report_number = _report_number("测试报告")
    test_report_date = _report_date("测试报告")
    notes = _text("申请说明")


class MlpsResultRequestSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField(required=False, allow_null=True, help_text="保护等级 1–5")
    assessed_on = _date("测评日期")
    conclusion = _text("conforms（符合）/ basically_conforms（基本符合）/ not_conforms（不符合）")
    report = _report_file("等级保护测评报告", "report")
    report_number = _report_number("等级保护测评报告")
    report_date = _report_date("等级保护测评报告")


class CryptoResultRequestSerializer(serializers.Serializer[Any]):
    evaluated_on = _date("评估日期")
    conclusion = _text("conforms（符合）/ basically_conforms（基本符合）/ not_conforms（不符合）")
    report = _report_file("密码应用安全性评估报告", "report")
    report_number = _report_number("密码应用安全性评估报告")
    report_date = _report_date("密码应用安全性评估报告")


class DecisionRequestSerializer(serializers.Serializer[Any]):
    passed = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true 验收通过 / false 不通过"
    )
    decided_on = _date("验收日期（不晚于今天）")
    opinion = _text("验收意见；不通过时为理由（必填）")
    rectification = _text("整改要求（不通过时必填）")


class FilingRequestSerializer(serializers.Serializer[Any]):
    filing_number = _text("备案编号")
    filed_on = _date("备案日期")
    go_live_on = _date("投入运行日期（不早于验收通过日期，不晚于今天）")
