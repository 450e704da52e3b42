"""Representations of official documents and the body of the issue endpoint."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from govit.officialdocs.models import OfficialDocument


class OfficialDocumentSerializer(serializers.ModelSerializer[OfficialDocument]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    source = serializers.SerializerMethodField(help_text="来源，如 contract:12")  # type: ignore[assignment]  # a field named "source"
    source_label = serializers.CharField(source="get_source_type_display", read_only=True)
    issuer = serializers.CharField(source="issuer_name", read_only=True, help_text="发文机关")
    generated_by = serializers.CharField(source="generated_by.__str__", read_only=True)
    docx_url = serializers.SerializerMethodField(help_text="下载 Word 文件")
    pdf_url = serializers.SerializerMethodField(help_text="下载 PDF 文件")

    class Meta:
        model = OfficialDocument
        fields = [
            "id",
            "project",
            "kind",
            "kind_label",
            "source",
            "source_label",
            "version",
            "number",
            "title",
            "issuer",
            "addressee",
            "issued_on",
            "docx_sm3",
            "docx_size",
            "docx_url",
            "pdf_sm3",
            "pdf_size",
            "pdf_url",
            "generated_by",
            "generated_at",
        ]
        read_only_fields = fields

    def get_source(self, document: OfficialDocument) -> str:
        return f"{document.source_type}:{document.source_id}"

    def get_docx_url(self, document: OfficialDocument) -> str:
        return reverse("api:officialdocs-download", args=[document.pk, "docx"])

    def get_pdf_url(self, document: OfficialDocument) -> str:
        return reverse("api:officialdocs-download", args=[document.pk, "pdf"])


class IssueRequestSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="approval_opinion（审核意见书）/ filing_receipt（备案回执）/ "
        "rectification_notice（整改通知书）",
    )
    source = serializers.CharField(  # type: ignore[assignment]  # a field named "source"
        required=False,
        allow_blank=True,
        help_text="来源记录：opinion:<id> / contract:<id> / acceptance_filing:<id> / "
        "registration:<id> / supervision_order:<id> / incident:<id>（见 GET 的 issuable）",
    )


class IssuableSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(source="candidate.kind")
    source = serializers.CharField()  # type: ignore[assignment]  # a field named "source"
    source_label = serializers.CharField(source="candidate.source_label")
    label = serializers.CharField(source="candidate.label")  # type: ignore[assignment]
    on = serializers.DateField(source="candidate.on", allow_null=True)
    next_version = serializers.IntegerField()
