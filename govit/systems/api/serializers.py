"""Representations and request bodies of the systems endpoints.

Request bodies stay loose (text for dates, codes and choices): the services check them and
answer with the field's name, so that page and API refuse alike.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from govit.applications.models import CatalogueEntry
from govit.obligations.models import Obligation
from govit.systems.models import (
    CryptoEvaluation,
    CryptoInspection,
    InformationSystem,
    MlpsAssessment,
    OmFiling,
    SharingInterface,
)
from govit.systems.selectors import is_sharing


def _text(help_text: str = "") -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=help_text
    )


class InterfaceSerializer(serializers.ModelSerializer[SharingInterface]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SharingInterface
        fields = ["id", "system", "name", "resource", "status", "status_label", "updated_at"]
        read_only_fields = fields


class SystemSerializer(serializers.ModelSerializer[InformationSystem]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    sharing = serializers.SerializerMethodField()
    interfaces = InterfaceSerializer(many=True, read_only=True)

    class Meta:
        model = InformationSystem
        fields = [
            "id",
            "project",
            "name",
            "owner",
            "owner_name",
            "status",
            "status_label",
            "running_since",
            "on_cloud",
            "migration_method",
            "migration_status",
            "migration_plan",
            "exchange_connected",
            "sharing",
            "not_sharing_since",
            "mlps_level",
            "mlps_filing_number",
            "interfaces",
            "registered_at",
        ]
        read_only_fields = fields

    def get_sharing(self, system: InformationSystem) -> bool:
        """Connected to the exchange platform with at least one active interface (Art. 29–30)."""
        return is_sharing(system)


class SystemFieldsSerializer(serializers.Serializer[Any]):
    status = _text("building（建设中）/ running（运行中）/ retired（已下线）")
    running_since = _text("投入运行日期 YYYY-MM-DD（运行中的系统必填，不晚于今天）")
    on_cloud = serializers.BooleanField(required=False, default=False, help_text="部署于政务云")
    migration_status = _text("not_needed / planned / in_progress / done")
    migration_method = _text("physical（物理搬迁）/ application（应用搬迁）/ dr_backup（容灾备份）")
    migration_plan = _text("迁移计划（计划中或迁移中时必填）")
    exchange_connected = serializers.BooleanField(
        required=False, default=False, help_text="已接入市共享交换平台（第三十条）"
    )
    mlps_level = _text("等级保护级别 1–5")
    mlps_filing_number = _text("等级保护备案编号")


class SystemCreateSerializer(SystemFieldsSerializer):
    name = _text("系统名称（同一项目内唯一）")


class InterfaceCreateSerializer(serializers.Serializer[Any]):
    name = _text("接口名称")
    resource = _text("共享资源")
    status = _text("planned（建设中）/ active（已启用）/ suspended（已停用）")


class InterfaceStatusSerializer(serializers.Serializer[Any]):
    status = _text("planned / active / suspended")


class MlpsSerializer(serializers.ModelSerializer[MlpsAssessment]):
    conclusion = serializers.CharField(
        read_only=True, help_text="conforms 符合 / basically 基本符合 / nonconforming 不符合"
    )
    conclusion_label = serializers.CharField(source="get_conclusion_display", read_only=True)

    class Meta:
        model = MlpsAssessment
        fields = [
            "id",
            "system",
            "level",
            "assessed_on",
            "conclusion",
            "conclusion_label",
            "assessor",
            "next_due",
        ]
        read_only_fields = fields


class MlpsCreateSerializer(serializers.Serializer[Any]):
    level = _text("测评级别 1–5")
    assessed_on = _text("测评日期 YYYY-MM-DD")
    conclusion = _text("conforms（符合）/ basically（基本符合）/ nonconforming（不符合）")
    assessor = _text("测评机构")


class CryptoSerializer(serializers.ModelSerializer[CryptoEvaluation]):
    conclusion = serializers.CharField(
        read_only=True, help_text="conforms 符合 / basically 基本符合 / nonconforming 不符合"
    )
    conclusion_label = serializers.CharField(source="get_conclusion_display", read_only=True)

    class Meta:
        model = CryptoEvaluation
        fields = [
            "id",
            "system",
            "evaluated_on",
            "conclusion",
            "conclusion_label",
            "evaluator",
            "next_due",
        ]
        read_only_fields = fields


class CryptoCreateSerializer(serializers.Serializer[Any]):
    evaluated_on = _text("评估日期 YYYY-MM-DD")
    conclusion = _text("conforms / basically / nonconforming")
    evaluator = _text("评估机构")


class InspectionSerializer(serializers.ModelSerializer[CryptoInspection]):
    class Meta:
        model = CryptoInspection
        fields = ["id", "system", "kind", "held_on", "findings"]
        read_only_fields = fields


class InspectionCreateSerializer(serializers.Serializer[Any]):
    kind = _text("guidance（指导）/ inspection（检查）")
    held_on = _text("日期 YYYY-MM-DD")
    findings = _text("意见或发现的问题")


class OmSerializer(serializers.ModelSerializer[OmFiling]):
    class Meta:
        model = OmFiling
        fields = ["id", "system", "filed_on", "operator", "contract_ref", "next_due"]
        read_only_fields = fields


class OmCreateSerializer(serializers.Serializer[Any]):
    filed_on = _text("备案日期 YYYY-MM-DD")
    operator = _text("运维单位")
    contract_ref = _text("运维合同编号")


class SystemCatalogueEntrySerializer(serializers.ModelSerializer[CatalogueEntry]):
    system = serializers.SerializerMethodField()
    databases = serializers.SerializerMethodField()

    class Meta:
        model = CatalogueEntry
        fields = [
            "id",
            "project",
            "name",
            "data_source",
            "data_format",
            "update_cycle",
            "sharing_attribute",
            "sharing_condition",
            "opening_attribute",
            "system",
            "databases",
        ]
        read_only_fields = fields

    def get_system(self, entry: CatalogueEntry) -> int | None:
        link = getattr(entry, "system_link", None)
        return link.system_id if link is not None else None

    def get_databases(self, entry: CatalogueEntry) -> list[int]:
        link = getattr(entry, "system_link", None)
        return [db.pk for db in link.databases.all()] if link is not None else []


class EntrySystemSerializer(serializers.Serializer[Any]):
    system = serializers.IntegerField(
        required=False, allow_null=True, help_text="本项目信息系统 id；null 取消归属"
    )


class EntryDatabasesSerializer(serializers.Serializer[Any]):
    databases = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="资源库 id（替换原有归集）"
    )


class ObligationBriefSerializer(serializers.ModelSerializer[Obligation]):
    class Meta:
        model = Obligation
        fields = ["id", "kind", "title", "article", "due_on", "due_provisional", "state"]
        read_only_fields = fields


class ConsistencySerializer(serializers.Serializer[Any]):
    unlinked_entries = serializers.ListField(child=serializers.IntegerField())
    systems_without_entries = serializers.ListField(child=serializers.IntegerField())
    entries_missing_condition = serializers.ListField(child=serializers.IntegerField())
