"""Representations and request bodies of the review endpoints.

Request bodies keep amounts and scores loose (text / integers without bounds): the services
check them and answer with the field's name, so that page and API refuse alike.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from govit.reviews.models import (
    ApprovalOpinion,
    BudgetCut,
    Expert,
    ExpertConflict,
    ExpertDraw,
    IntakeRound,
    NdrcDecision,
    OpinionLine,
    PlanException,
    ReviewAssignment,
    SecrecyConfirmation,
)


def _organisation(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "name": obj.name}


# --- pool ---------------------------------------------------------------------------------
class ExpertConflictSerializer(serializers.ModelSerializer[ExpertConflict]):
    organisation = serializers.SerializerMethodField()

    class Meta:
        model = ExpertConflict
        fields = ["id", "organisation", "reason", "declared_at", "withdrawn_at"]
        read_only_fields = fields

    def get_organisation(self, conflict: ExpertConflict) -> dict[str, Any]:
        return _organisation(conflict.organisation)


class ExpertSerializer(serializers.ModelSerializer[Expert]):
    organisation = serializers.SerializerMethodField()
    user = serializers.CharField(source="user.username", default=None, read_only=True)
    expertise = serializers.ListField(child=serializers.CharField(), source="expertise_list")
    conflicts = ExpertConflictSerializer(many=True, read_only=True)

    class Meta:
        model = Expert
        fields = ["id", "name", "organisation", "expertise", "user", "is_active", "conflicts"]
        read_only_fields = fields

    def get_organisation(self, expert: Expert) -> dict[str, Any]:
        return _organisation(expert.organisation)


class ExpertWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=50)
    organisation = serializers.IntegerField(help_text="工作单位 id")
    expertise = serializers.CharField(help_text="专业领域，以逗号或顿号分隔")
    user = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text="登录用户名（评审专家角色）"
    )
    is_active = serializers.BooleanField(default=True)


class ExpertConflictWriteSerializer(serializers.Serializer[Any]):
    organisation = serializers.IntegerField(help_text="存在利益冲突的单位 id")
    reason = serializers.CharField(max_length=300)


# --- draws and reviews --------------------------------------------------------------------
class ExpertDrawRequestSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="抽取人数")
    seed = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="随机种子（0 ≤ seed < 2^64 的十进制整数）；不填由系统随机生成",
    )


class ExpertDrawSerializer(serializers.ModelSerializer[ExpertDraw]):
    by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    check = serializers.SerializerMethodField()

    class Meta:
        model = ExpertDraw
        fields = [
            "id",
            "project",
            "seed",
            "count",
            "pool_snapshot",
            "parties",
            "exclusions",
            "result",
            "by",
            "at",
            "check",
        ]
        read_only_fields = fields

    def get_check(self, draw: ExpertDraw) -> dict[str, Any]:
        from govit.reviews.services import draw_check

        check = draw_check(draw)
        return {
            "ok": check.ok,
            "result": check.result,
            "result_matches": check.result_matches,
            "exclusions_match": check.exclusions_match,
        }


class ReviewCutSerializer(serializers.ModelSerializer[BudgetCut]):
    budget_line_name = serializers.CharField(source="budget_line.name", read_only=True)

    class Meta:
        model = BudgetCut
        fields = ["budget_line", "budget_line_name", "cut_amount", "reason"]
        read_only_fields = fields


class ReviewAssignmentSerializer(serializers.ModelSerializer[ReviewAssignment]):
    project = serializers.SerializerMethodField()
    expert = serializers.SerializerMethodField()
    cuts = ReviewCutSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewAssignment
        fields = [
            "id",
            "project",
            "draw",
            "expert",
            "necessity_score",
            "necessity_comment",
            "feasibility_score",
            "feasibility_comment",
            "budget_score",
            "budget_comment",
            "recommended_amount",
            "cuts",
            "submitted_at",
        ]
        read_only_fields = fields

    def get_project(self, assignment: ReviewAssignment) -> dict[str, Any]:
        project = assignment.project
        return {
            "id": project.pk,
            "code": project.code,
            "name": project.name,
            "organisation": project.organisation.name,
            "requested_amount": str(project.requested_amount),
        }

    def get_expert(self, assignment: ReviewAssignment) -> dict[str, Any]:
        expert = assignment.expert
        return {"id": expert.pk, "name": expert.name, "organisation": expert.organisation.name}


class ReviewCutRequestSerializer(serializers.Serializer[Any]):
    budget_line = serializers.IntegerField(help_text="预算明细 id")
    cut_amount = serializers.CharField(help_text="核减金额（元），最多两位小数")
    reason = serializers.CharField(allow_blank=True)


class ReviewSubmitSerializer(serializers.Serializer[Any]):
    necessity_score = serializers.IntegerField(help_text="建设必要性 0–100")
    necessity_comment = serializers.CharField(allow_blank=True)
    feasibility_score = serializers.IntegerField(help_text="技术可行性 0–100")
    feasibility_comment = serializers.CharField(allow_blank=True)
    budget_score = serializers.IntegerField(help_text="预算合理性 0–100")
    budget_comment = serializers.CharField(allow_blank=True)
    recommended_amount = serializers.CharField(help_text="建议金额（元），不超过申请金额")
    cuts = ReviewCutRequestSerializer(many=True, required=False, default=list)


# --- opinion, exception, NDRC, Secrecy ----------------------------------------------------
class OpinionLineSerializer(serializers.ModelSerializer[OpinionLine]):
    budget_line_name = serializers.CharField(source="budget_line.name", read_only=True)

    class Meta:
        model = OpinionLine
        fields = ["budget_line", "budget_line_name", "requested", "approved", "reason"]
        read_only_fields = fields


class ApprovalOpinionSerializer(serializers.ModelSerializer[ApprovalOpinion]):
    lines = OpinionLineSerializer(many=True, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = ApprovalOpinion
        fields = [
            "id",
            "state",
            "state_label",
            "requested_amount",
            "approved_amount",
            "conditions",
            "number",
            "date",
            "drafted_at",
            "rejection_reason",
            "lines",
        ]
        read_only_fields = fields


class OpinionLineRequestSerializer(serializers.Serializer[Any]):
    budget_line = serializers.IntegerField(help_text="预算明细 id")
    approved = serializers.CharField(help_text="核定金额（元）")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class OpinionDraftSerializer(serializers.Serializer[Any]):
    approved_amount = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="批复金额（元）；不填为各明细核定金额之和",
    )
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    lines = OpinionLineRequestSerializer(
        many=True,
        required=False,
        help_text="覆盖个别预算明细的核定金额；不填则沿用专家核减（取平均）",
    )


class OpinionLineProposalSerializer(serializers.Serializer[Any]):
    budget_line = serializers.IntegerField(source="budget_line.pk")
    budget_line_name = serializers.CharField(source="budget_line.name")
    requested = serializers.DecimalField(max_digits=14, decimal_places=2)
    cut = serializers.DecimalField(max_digits=14, decimal_places=2)
    approved = serializers.DecimalField(max_digits=14, decimal_places=2)
    reason = serializers.CharField()


class PlanExceptionRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True)


class PlanExceptionSerializer(serializers.ModelSerializer[PlanException]):
    by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = PlanException
        fields = ["id", "project", "reason", "by", "at"]
        read_only_fields = fields


class NdrcRequestSerializer(serializers.Serializer[Any]):
    approved = serializers.BooleanField()
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(help_text="批复日期 YYYY-MM-DD")
    comments = serializers.CharField(required=False, allow_blank=True, default="")


class NdrcDecisionSerializer(serializers.ModelSerializer[NdrcDecision]):
    class Meta:
        model = NdrcDecision
        fields = ["id", "project", "approved", "document_number", "date", "comments", "at"]
        read_only_fields = fields


class SecrecyRequestSerializer(serializers.Serializer[Any]):
    classified = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class SecrecyConfirmationSerializer(serializers.ModelSerializer[SecrecyConfirmation]):
    class Meta:
        model = SecrecyConfirmation
        fields = ["id", "project", "classified", "reason", "at"]
        read_only_fields = fields


class IntakeRoundSerializer(serializers.ModelSerializer[IntakeRound]):
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = IntakeRound
        fields = ["round_no", "outcome", "outcome_label", "reasons", "at"]
        read_only_fields = fields


class ScoreDimensionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    scores = serializers.ListField(child=serializers.IntegerField())
    mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    spread = serializers.IntegerField(allow_null=True)
    stdev = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class ProjectReviewSerializer(serializers.Serializer[Any]):
    """A project's review record.  Fields a reader may not see are null."""

    project = serializers.IntegerField()
    state = serializers.CharField()
    intake_rounds = IntakeRoundSerializer(many=True)
    signed_opinion = ApprovalOpinionSerializer(allow_null=True)
    draws = ExpertDrawSerializer(many=True, allow_null=True)
    assignments = ReviewAssignmentSerializer(many=True, allow_null=True)
    summary = ScoreDimensionSerializer(many=True, allow_null=True)
    opinions = ApprovalOpinionSerializer(many=True, allow_null=True)
    plan_exception = PlanExceptionSerializer(allow_null=True)
    ndrc_decisions = NdrcDecisionSerializer(many=True, allow_null=True)
    secrecy_confirmations = SecrecyConfirmationSerializer(many=True, allow_null=True)
