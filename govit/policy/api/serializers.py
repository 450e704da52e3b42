from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from govit.core.decisions import article_label
from govit.policy.models import PolicyPack, PolicyRule, parse_rule_value


class PolicyRuleSerializer(serializers.ModelSerializer[PolicyRule]):
    value = serializers.SerializerMethodField(
        method_name="typed_value", help_text="按类型解析后的取值 / typed value"
    )
    raw_value = serializers.CharField(source="value", read_only=True)
    citation = serializers.CharField(read_only=True, help_text="例如「依据第十六条」")
    article_label = serializers.SerializerMethodField()

    class Meta:
        model = PolicyRule
        fields = [
            "key",
            "value",
            "raw_value",
            "value_type",
            "unit",
            "article",
            "article_label",
            "citation",
            "description",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.ANY)
    def typed_value(self, rule: PolicyRule) -> Any:
        try:
            value = parse_rule_value(rule.value, rule.value_type)
        except ValueError:
            return None  # an administrator's typo; raw_value still shows what was entered
        return str(value) if rule.value_type == PolicyRule.ValueType.DECIMAL else value

    def get_article_label(self, rule: PolicyRule) -> str:
        return article_label(rule.article)


class PolicyPackSerializer(serializers.ModelSerializer[PolicyPack]):
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    jurisdiction_name = serializers.CharField(source="jurisdiction.name", read_only=True)
    rules = PolicyRuleSerializer(many=True, read_only=True)

    class Meta:
        model = PolicyPack
        fields = [
            "id",
            "code",
            "name",
            "document_number",
            "jurisdiction",
            "jurisdiction_name",
            "effective_from",
            "effective_to",
            "source_note",
            "rules",
        ]
        read_only_fields = fields


class _ProvisionalFields(serializers.Serializer[Any]):
    provisional = serializers.BooleanField(help_text="是否暂定（涉及尚未录入节假日安排的年份）")
    provisional_years = serializers.ListField(child=serializers.IntegerField())
    note = serializers.CharField(allow_null=True, help_text="暂定时的中文说明")
    note_en = serializers.CharField(allow_null=True)


class WorkdayAddSerializer(_ProvisionalFields):
    start = serializers.DateField()
    n = serializers.IntegerField()
    date = serializers.DateField(help_text="起始日之后第 n 个工作日（起始日当天不计）")
    weekday = serializers.CharField()


class WorkdayBetweenSerializer(_ProvisionalFields):
    start = serializers.DateField()
    end = serializers.DateField()
    count = serializers.IntegerField(
        help_text="区间 (start, end] 内的工作日数；end 早于 start 时为负数"
    )
