"""Plan representations.  Write serializers take text: the services parse years and yuan and
answer bad input with ``InvalidInput`` (Chinese and English message, the field named)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from govit.planning.models import CityPlan, DepartmentPlan, PlanItem, PlanReview, as_yuan


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, allow_null=True, **kwargs)


class CityPlanSerializer(serializers.ModelSerializer[CityPlan]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(read_only=True)
    jurisdiction = serializers.SerializerMethodField()

    class Meta:
        model = CityPlan
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "start_year",
            "end_year",
            "summary",
            "state",
            "state_label",
            "jurisdiction",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_jurisdiction(self, plan: CityPlan) -> dict[str, Any]:
        return {"code": plan.jurisdiction.code, "name": plan.jurisdiction.name}


class PlanWriteSerializer(serializers.Serializer[Any]):
    """Create (``kind`` required) or change (``kind`` ignored; absent fields keep their value)."""

    kind = _text(
        help_text="informatization | annual_guidance (city) / annual_construction (department)"
    )
    title = _text()
    start_year = _text(help_text="四位年份 / four-digit year")
    end_year = _text(help_text="年度计划可省略 / may be omitted for an annual plan")
    summary = _text()


class PlanItemSerializer(serializers.ModelSerializer[PlanItem]):
    category_label = serializers.CharField(source="get_category_display", read_only=True)

    class Meta:
        model = PlanItem
        fields = ["id", "plan", "name", "category", "category_label", "estimated_budget", "reason"]
        read_only_fields = fields


class PlanItemWriteSerializer(serializers.Serializer[Any]):
    name = _text()
    category = _text(help_text="第二条系统类别代码 01–06 / Art. 2 category code")
    estimated_budget = _text(
        help_text='元，最多两位小数 / yuan, at most 2 decimals, e.g. "1200000.50"'
    )
    reason = _text()


class PlanReviewSerializer(serializers.ModelSerializer[PlanReview]):
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    decided_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = PlanReview
        fields = [
            "round",
            "outcome",
            "outcome_label",
            "opinion",
            "total_budget",
            "items_snapshot",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class DepartmentPlanSerializer(serializers.ModelSerializer[DepartmentPlan]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(read_only=True)
    organisation = serializers.SerializerMethodField()
    item_count = serializers.SerializerMethodField()
    total_budget = serializers.SerializerMethodField()

    class Meta:
        model = DepartmentPlan
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "start_year",
            "end_year",
            "summary",
            "state",
            "state_label",
            "organisation",
            "bdb_opinion",
            "item_count",
            "total_budget",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_organisation(self, plan: DepartmentPlan) -> dict[str, Any]:
        return {"id": plan.organisation_id, "name": plan.organisation.name}

    def get_item_count(self, plan: DepartmentPlan) -> int:
        count = getattr(plan, "item_count", None)
        return int(count) if count is not None else plan.items.count()

    def get_total_budget(self, plan: DepartmentPlan) -> str:
        total = getattr(plan, "total_budget", None)
        return str(as_yuan(total) if total is not None else plan.items_total())


class DepartmentPlanDetailSerializer(DepartmentPlanSerializer):
    items = PlanItemSerializer(many=True, read_only=True)
    reviews = PlanReviewSerializer(many=True, read_only=True)

    class Meta(DepartmentPlanSerializer.Meta):
        fields = [*DepartmentPlanSerializer.Meta.fields, "items", "reviews"]
        read_only_fields = fields


class PlanTransitionOptionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    target = serializers.CharField()
    allowed = serializers.BooleanField()
    requires_reason = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    reason_en = serializers.CharField(allow_blank=True)
    article = serializers.CharField(allow_null=True)
    message = serializers.CharField(allow_blank=True)


class PlanTransitionRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, default="", help_text="意见 / opinion"
    )
