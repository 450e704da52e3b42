"""Representations and request bodies of the supervision endpoints.

Request bodies keep dates and numbers as text: the services parse them and answer with the
field's name, so that page and API refuse alike.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from govit.supervision.models import Finding, Inspection, RectificationOrder, Sanction


def _text(help_text: str = "", **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=help_text, **kwargs
    )


class SupervisionFindingSerializer(serializers.ModelSerializer[Finding]):
    project_code = serializers.CharField(source="project.code", read_only=True)
    order = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "project",
            "project_code",
            "article",
            "rule_text",
            "description",
            "recorded_at",
            "order",
        ]
        read_only_fields = fields

    def get_order(self, obj: Finding) -> int | None:
        order = getattr(obj, "order", None)
        return order.pk if order is not None else None


class SupervisionInspectionSerializer(serializers.ModelSerializer[Inspection]):
    state = serializers.CharField(read_only=True, help_text="planned 计划中 / approved 已审批")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    projects = serializers.SerializerMethodField()
    departments = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "title",
            "planned_on",
            "state",
            "state_label",
            "projects",
            "departments",
            "planned_at",
            "approved_at",
            "approval_note",
        ]
        read_only_fields = fields

    def get_projects(self, obj: Inspection) -> list[int]:
        return sorted(p.pk for p in obj.projects.all())

    def get_departments(self, obj: Inspection) -> list[int]:
        return sorted(o.pk for o in obj.departments.all())


class SupervisionInspectionDetailSerializer(SupervisionInspectionSerializer):
    findings = SupervisionFindingSerializer(many=True, read_only=True)

    class Meta(SupervisionInspectionSerializer.Meta):
        fields = [*SupervisionInspectionSerializer.Meta.fields, "findings"]
        read_only_fields = fields


class SupervisionInspectionWriteSerializer(serializers.Serializer[Any]):
    title = _text("检查名称")
    planned_on = _text("计划检查日期 YYYY-MM-DD")
    projects = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="检查项目 id"
    )
    departments = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="检查部门（组织机构）id"
    )


class SupervisionFindingWriteSerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField(required=False, allow_null=True, help_text="项目 id")
    article = _text("违反的条款（1–41）")
    rule_text = _text("条款内容")
    description = _text("问题描述")


class SupervisionNoteSerializer(serializers.Serializer[Any]):
    note = _text("审批意见")


class SupervisionOrderWriteSerializer(serializers.Serializer[Any]):
    requirements = _text("整改要求")
    deadline = _text("整改期限 YYYY-MM-DD（须晚于今天）")


class SupervisionOrderSerializer(serializers.ModelSerializer[RectificationOrder]):
    state = serializers.CharField(
        read_only=True, help_text="open 待整改 / answered 整改情况已报送 / accepted 整改通过"
    )
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    article = serializers.IntegerField(source="finding.article", read_only=True)
    answered_late = serializers.BooleanField(read_only=True)
    obligation_key = serializers.SerializerMethodField()

    class Meta:
        model = RectificationOrder
        fields = [
            "id",
            "finding",
            "project",
            "article",
            "requirements",
            "deadline",
            "state",
            "state_label",
            "ordered_at",
            "answer_note",
            "answer_evidence",
            "answered_on",
            "answered_late",
            "decided_at",
            "decision_reason",
            "rejections",
            "obligation_key",
        ]
        read_only_fields = fields

    def get_obligation_key(self, obj: RectificationOrder) -> str:
        from govit.supervision.services import order_key

        return order_key(obj)


class SupervisionAnswerSerializer(serializers.Serializer[Any]):
    note = _text("整改情况")
    evidence = serializers.FileField(
        required=False, allow_null=True, allow_empty_file=True, help_text="整改材料文件"
    )
    evidence_number = _text("整改材料文号（仅拟定涉密项目）")
    evidence_date = _text("整改材料成文日期 YYYY-MM-DD（仅拟定涉密项目）")


class SupervisionDecideSerializer(serializers.Serializer[Any]):
    decision = _text("accept（整改通过）或 reject（整改未通过）")
    reason = _text("审核意见；未通过时必填")


class SupervisionSanctionSerializer(serializers.ModelSerializer[Sanction]):
    kind = serializers.CharField(
        read_only=True,
        help_text="public_criticism 通报批评 / fund_suspension 暂缓拨付 / "
        "construction_suspension 暂停建设 / termination 终止项目",
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    in_force = serializers.BooleanField(read_only=True)

    class Meta:
        model = Sanction
        fields = [
            "id",
            "project",
            "kind",
            "kind_label",
            "order",
            "reason",
            "decided_at",
            "decided_on",
            "in_force",
            "lifted_at",
            "lifted_on",
            "lift_reason",
        ]
        read_only_fields = fields


class SupervisionSanctionWriteSerializer(serializers.Serializer[Any]):
    kind = _text("public_criticism / fund_suspension / construction_suspension / termination")
    reason = _text("决定理由")


class SupervisionReasonSerializer(serializers.Serializer[Any]):
    reason = _text("理由")


class SupervisionNoticeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project.pk")
    project_code = serializers.CharField(source="project.code")
    project_name = serializers.CharField(source="project.name")
    organisation = serializers.CharField(source="project.organisation.name")
    decided_on = serializers.DateField()
    reason = serializers.CharField()
    in_force = serializers.BooleanField()
    lifted_on = serializers.DateField(allow_null=True)
