from __future__ import annotations

from typing import Any

from rest_framework import serializers

from govit.projects.models import (
    FundingMode,
    PredecessorRelation,
    Procedure,
    Project,
    SystemCategory,
    UpperLevel,
)


class ProjectSerializer(serializers.ModelSerializer[Project]):
    state_label = serializers.CharField(read_only=True)
    organisation = serializers.SerializerMethodField()
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    system_category_label = serializers.CharField(
        source="get_system_category_display", read_only=True
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "year",
            "state",
            "state_label",
            "organisation",
            "jurisdiction",
            "system_category",
            "system_category_label",
            "funding_mode",
            "procedure",
            "upper_level",
            "plan_item",
            "outside_plan",
            "predecessor",
            "predecessor_relation",
            "is_fixed_asset",
            "is_classified_candidate",
            "secrecy_status",
            "requested_amount",
            "approved_amount",
            "opinion_number",
            "opinion_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_organisation(self, project: Project) -> dict[str, Any]:
        return {"id": project.organisation_id, "name": project.organisation.name}


class ProjectCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    system_category = serializers.ChoiceField(
        choices=SystemCategory.choices, default=SystemCategory.BUSINESS_SYSTEM
    )
    funding_mode = serializers.ChoiceField(
        choices=FundingMode.choices, default=FundingMode.GOVERNMENT_INVESTMENT
    )
    procedure = serializers.ChoiceField(choices=Procedure.choices, default=Procedure.APPROVAL)
    upper_level = serializers.ChoiceField(choices=UpperLevel.choices, default="", allow_blank=True)
    plan_item = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    outside_plan = serializers.BooleanField(default=False)
    predecessor = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1
    )
    predecessor_relation = serializers.ChoiceField(
        choices=PredecessorRelation.choices, default="", allow_blank=True
    )
    is_fixed_asset = serializers.BooleanField(default=False)
    is_classified_candidate = serializers.BooleanField(default=False)


class TransitionOptionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    target = serializers.CharField()
    allowed = serializers.BooleanField()
    requires_reason = serializers.BooleanField()
    dedicated = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    reason_en = serializers.CharField(allow_blank=True)
    article = serializers.CharField(allow_null=True)
    message = serializers.CharField(allow_blank=True)


class TransitionRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class EventSerializer(serializers.Serializer[Any]):
    seq = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    actor_name = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name", default=None)
    action = serializers.CharField()
    before = serializers.JSONField()
    after = serializers.JSONField()
    reason = serializers.CharField()
    request_id = serializers.CharField()
    client_ip = serializers.CharField()
    digest = serializers.CharField()
