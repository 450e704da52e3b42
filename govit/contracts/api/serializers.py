"""Representations and request bodies of the contract endpoints.

Request bodies stay loose (text for amounts, codes and choices): the services check them and
answer with the field's name, so that page and API refuse alike.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from govit.contracts.models import Contract


def _text(help_text: str = "") -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=help_text
    )


class ContractSerializer(serializers.ModelSerializer[Contract]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    procurement_method_label = serializers.CharField(
        source="get_procurement_method_display", read_only=True
    )
    budget_lines = serializers.ListField(
        child=serializers.IntegerField(), source="budget_line_ids", read_only=True
    )
    signed_copy_url = serializers.SerializerMethodField()
    filed_by = serializers.CharField(source="filed_by.__str__", default=None, read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.__str__", read_only=True)
    late = serializers.BooleanField(source="filed_late", read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "project",
            "kind",
            "kind_label",
            "number",
            "title",
            "supplier_name",
            "supplier_uscc",
            "amount",
            "procurement_method",
            "procurement_method_label",
            "signed_on",
            "budget_lines",
            "signed_copy",
            "signed_copy_url",
            "copy_note",
            "filing_working_days",
            "filing_due",
            "filing_due_provisional",
            "filed_on",
            "filed_by",
            "days_late",
            "late",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_signed_copy_url(self, contract: Contract) -> str | None:
        if contract.signed_copy_id is None:
            return None
        return reverse(
            "applications:document_download", args=[contract.project_id, contract.signed_copy_id]
        )


class ContractCreateSerializer(serializers.Serializer[Any]):
    kind = _text(
        "construction（建设合同）/ consulting（咨询服务）/ cost（造价咨询）/ "
        "supervision（监理）/ testing（测试评估）"
    )
    number = _text("合同编号（同一项目内唯一）")
    title = _text("合同名称")
    supplier_name = _text("供应商名称")
    supplier_uscc = _text("供应商统一社会信用代码（18 位，GB 32100-2015，含校验位）")
    amount = _text("合同金额（元，大于 0，最多两位小数）")
    procurement_method = _text(
        "open_tender / invited_tender / competitive_negotiation / competitive_consultation / "
        "single_source / inquiry / framework_agreement / other"
    )
    signed_on = _text("签订日期 YYYY-MM-DD（不晚于今天，不早于批复日期）")
    budget_lines = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="涉及的本项目预算明细 id（multipart 中可重复该字段）",
    )
    signed_copy = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="签字盖章的合同文本（PDF、OFD、DOCX、图片）；拟定涉密项目不上传",
    )
    copy_note = _text("拟定涉密项目：合同文本登记信息（文号、保管处）")


class ContractFilingSerializer(serializers.Serializer[Any]):
    filed_on = _text("备案日期 YYYY-MM-DD（不晚于今天，不早于签订日期）")
