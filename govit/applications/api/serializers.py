"""Serializers of the dossier API.

Output serializers are read-only model serializers.  Input serializers only carry the values
(every field optional, money as text): the services check them and name the refused field, so
the API and the pages refuse with the same message.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from govit.accounts.models import Jurisdiction, Organisation

from ..models import (
    BudgetLine,
    CatalogueEntry,
    CoBuilder,
    CountyParticipant,
    Document,
    Indicator,
    PreEvaluation,
    ProductItem,
    SecurityProfile,
)


def _text(help_text: str = "") -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        trim_whitespace=False,
        help_text=help_text,
    )


def _number(help_text: str) -> serializers.CharField:
    """A decimal as text ("12.50") or a JSON number; the service parses it."""
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=help_text
    )


# --- documents --------------------------------------------------------------------------------
class DocumentSerializer(serializers.ModelSerializer[Document]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    has_content = serializers.BooleanField(read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.__str__", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "version",
            "original_filename",
            "content_type",
            "size",
            "sm3",
            "has_content",
            "document_number",
            "document_date",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document: Document) -> str | None:
        if not document.has_content:
            return None
        return reverse(
            "api:application-document-download",
            kwargs={"project_pk": document.project_id, "pk": document.pk},
        )


class DocumentUploadSerializer(serializers.Serializer[Any]):
    kind = _text(
        "construction_plan（建设方案）/ upper_approval（上级批复文件）/ supplementary（其他材料）"
    )
    title = _text("标题；同一类型同一标题再次上传为新版本")
    file = serializers.FileField(
        required=False, allow_empty_file=True, help_text="PDF、DOCX、XLSX、OFD、PNG、JPEG"
    )


class DocumentMetadataSerializer(serializers.Serializer[Any]):
    kind = _text("construction_plan / upper_approval / supplementary")
    title = _text()
    document_number = _text("文号")
    document_date = serializers.DateField(required=False, allow_null=True, help_text="成文日期")


# --- budget -----------------------------------------------------------------------------------
class BudgetLineSerializer(serializers.ModelSerializer[BudgetLine]):
    category_label = serializers.CharField(source="get_category_display", read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "category",
            "category_label",
            "name",
            "quantity",
            "unit",
            "unit_price",
            "amount",
        ]
        read_only_fields = fields


class BudgetLineInputSerializer(serializers.Serializer[Any]):
    category = _text(
        "hardware 硬件 / software 软件 / development 开发 / services 服务 / cloud 云资源 / "
        "security 安全 / cryptography 密码 / other 其他"
    )
    name = _text()
    quantity = _number("数量，> 0，最多 2 位小数")
    unit = _text()
    unit_price = _number("单价（元），≥ 0，最多 2 位小数")
    amount = _number("金额（元）；可省略，给出时须等于 数量 × 单价（四舍五入到分）")


# --- pre-evaluation ---------------------------------------------------------------------------
class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    class Meta:
        model = Indicator
        fields = ["id", "name", "target_value", "unit"]
        read_only_fields = fields


class IndicatorInputSerializer(serializers.Serializer[Any]):
    name = _text()
    target_value = _text()
    unit = _text()


class PreEvaluationSerializer(serializers.ModelSerializer[PreEvaluation]):
    indicators = IndicatorSerializer(many=True, read_only=True)
    completed = serializers.SerializerMethodField()

    class Meta:
        model = PreEvaluation
        fields = ["goals", "conclusion", "indicators", "completed", "completed_at"]
        read_only_fields = fields

    def get_completed(self, evaluation: PreEvaluation) -> bool:
        return evaluation.completed_at is not None


class PreEvaluationInputSerializer(serializers.Serializer[Any]):
    goals = _text("绩效目标")
    conclusion = _text("评估结论")


# --- catalogue --------------------------------------------------------------------------------
class CatalogueEntrySerializer(serializers.ModelSerializer[CatalogueEntry]):
    sharing_attribute_label = serializers.CharField(
        source="get_sharing_attribute_display", read_only=True
    )
    opening_attribute_label = serializers.CharField(
        source="get_opening_attribute_display", read_only=True
    )

    class Meta:
        model = CatalogueEntry
        fields = [
            "id",
            "name",
            "data_source",
            "data_format",
            "update_cycle",
            "sharing_attribute",
            "sharing_attribute_label",
            "sharing_condition",
            "opening_attribute",
            "opening_attribute_label",
        ]
        read_only_fields = fields


class CatalogueEntryInputSerializer(serializers.Serializer[Any]):
    name = _text()
    data_source = _text()
    data_format = _text()
    update_cycle = _text()
    sharing_attribute = _text(
        "unconditional 无条件共享 / conditional 有条件共享 / not_shared 不予共享"
    )
    sharing_condition = _text("共享条件或不予共享的法律依据；无条件共享以外必填")
    opening_attribute = _text(
        "unconditional 无条件开放 / conditional 有条件开放 / not_open 不予开放"
    )


# --- security ---------------------------------------------------------------------------------
class ProductItemSerializer(serializers.ModelSerializer[ProductItem]):
    class Meta:
        model = ProductItem
        fields = ["id", "name", "kind", "vendor", "origin", "controllability"]
        read_only_fields = fields


class ProductItemInputSerializer(serializers.Serializer[Any]):
    name = _text()
    kind = _text("hardware 硬件 / software 软件")
    vendor = _text()
    origin = _text("domestic 国产 / imported 进口")
    controllability = _text("自主可控说明；进口产品必填")


class SecurityProfileSerializer(serializers.ModelSerializer[SecurityProfile]):
    products = ProductItemSerializer(many=True, read_only=True)
    mlps_level_label = serializers.CharField(source="get_mlps_level_display", read_only=True)

    class Meta:
        model = SecurityProfile
        fields = [
            "mlps_level",
            "mlps_level_label",
            "crypto_plan",
            "crypto_planned",
            "crypto_built",
            "crypto_run",
            "products",
        ]
        read_only_fields = fields


class SecurityProfileInputSerializer(serializers.Serializer[Any]):
    mlps_level = _number("拟定等级保护级别 1–5")
    crypto_plan = _text("密码应用方案")
    crypto_planned = serializers.BooleanField(required=False, default=False, help_text="同步规划")
    crypto_built = serializers.BooleanField(required=False, default=False, help_text="同步建设")
    crypto_run = serializers.BooleanField(required=False, default=False, help_text="同步运行")


# --- co-builders and counties -----------------------------------------------------------------
class CoBuilderSerializer(serializers.ModelSerializer[CoBuilder]):
    organisation = serializers.SerializerMethodField()
    confirmed = serializers.BooleanField(read_only=True)
    confirmed_by = serializers.CharField(
        source="confirmed_by.__str__", default=None, read_only=True
    )

    class Meta:
        model = CoBuilder
        fields = [
            "id",
            "organisation",
            "scope",
            "duties",
            "sharing_needs",
            "confirmed",
            "confirmed_at",
            "confirmed_by",
        ]
        read_only_fields = fields

    def get_organisation(self, cobuilder: CoBuilder) -> dict[str, Any]:
        return {"id": cobuilder.organisation_id, "name": cobuilder.organisation.name}


class CoBuilderInputSerializer(serializers.Serializer[Any]):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="共建部门的组织 id（创建时必填；修改时忽略）",
    )
    scope = _text("建设范围")
    duties = _text("责任义务")
    sharing_needs = _text("信息共享需求")


class CountyParticipantSerializer(serializers.ModelSerializer[CountyParticipant]):
    jurisdiction = serializers.SerializerMethodField()

    class Meta:
        model = CountyParticipant
        fields = ["id", "jurisdiction", "content", "construction_share_pct", "om_share_pct"]
        read_only_fields = fields

    def get_jurisdiction(self, participant: CountyParticipant) -> dict[str, Any]:
        return {"code": participant.jurisdiction.code, "name": participant.jurisdiction.name}


class CountyParticipantInputSerializer(serializers.Serializer[Any]):
    jurisdiction = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Jurisdiction.objects.all(),
        required=False,
        allow_null=True,
        help_text="县区行政区划代码，如 371721",
    )
    content = _text("承担的建设内容")
    construction_share_pct = _number("建设资金分担比例（%），0–100")
    om_share_pct = _number("运维资金分担比例（%），0–100")


# --- summary ----------------------------------------------------------------------------------
class ReadinessSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    allowed = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    reason_en = serializers.CharField(allow_blank=True)
    article = serializers.JSONField(allow_null=True, help_text="条款号（整数），无则为 null")
    message = serializers.CharField(allow_blank=True)


class CategoryTotalSerializer(serializers.Serializer[Any]):
    category = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class DossierSummarySerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField()
    requested_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    budget_totals = CategoryTotalSerializer(many=True)
    editable = serializers.BooleanField()
    readiness = ReadinessSerializer(many=True)
