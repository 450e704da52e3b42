"""Representations of obligations and the request bodies of their endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from govit.obligations.models import Obligation
from govit.obligations.selectors import STATE_FILTERS


class ObligationSerializer(serializers.ModelSerializer[Obligation]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    article_label = serializers.CharField(source="article_text", read_only=True)
    responsible = serializers.SerializerMethodField()
    project = serializers.SerializerMethodField()
    waived_by = serializers.CharField(
        source="waived_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Obligation
        fields = [
            "id",
            "kind",
            "kind_label",
            "key",
            "title",
            "project",
            "responsible",
            "article",
            "article_label",
            "opened_on",
            "opens_on",
            "due_on",
            "due_provisional",
            "day_count",
            "state",
            "state_label",
            "overdue_since",
            "fulfilled_on",
            "days_late",
            "waived_by",
            "waived_reason",
            "closed_at",
        ]
        read_only_fields = fields

    def get_responsible(self, obligation: Obligation) -> dict[str, Any]:
        return {"id": obligation.responsible_id, "name": obligation.responsible.name}

    def get_project(self, obligation: Obligation) -> dict[str, Any] | None:
        project = obligation.project
        if project is None:
            return None
        return {"id": project.pk, "code": project.code, "name": project.name}


class ObligationFilterSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(
        choices=list(STATE_FILTERS.items()), required=False, help_text="状态；unfinished=未办结"
    )
    kind = serializers.CharField(required=False, help_text="事项类型")
    article = serializers.IntegerField(required=False, min_value=1, help_text="依据条款（第几条）")
    responsible = serializers.IntegerField(required=False, min_value=1, help_text="责任单位 id")
    project = serializers.IntegerField(required=False, min_value=1, help_text="项目 id")


class WaiveRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        allow_blank=True, help_text="豁免理由（必填；空白时返回 400，field=reason）"
    )


class MapRowSerializer(serializers.Serializer[Any]):
    key = serializers.IntegerField(help_text="条款号或责任单位 id")
    name = serializers.CharField(source="label", help_text="条款名称或责任单位名称")
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class ComplianceMapSerializer(serializers.Serializer[Any]):
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    by_article = MapRowSerializer(many=True)
    by_department = MapRowSerializer(many=True)
