"""Representations and request bodies of the funds endpoints.

Request bodies keep amounts loose (text): the services parse them and answer with the field's
name, so that page and API refuse alike.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from govit.funds.models import FundBatch, FundBatchLine, FundKind


def _user(user: Any) -> str | None:
    return None if user is None else str(user)


class FundBatchLineSerializer(serializers.ModelSerializer[FundBatchLine]):
    budget_line_name = serializers.CharField(source="budget_line.name", read_only=True)

    class Meta:
        model = FundBatchLine
        fields = ["budget_line", "budget_line_name", "amount"]
        read_only_fields = fields


class PayerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    jurisdiction = serializers.CharField()
    jurisdiction_code = serializers.CharField()


class EvidenceSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    original_filename = serializers.CharField()


# ``kind`` and ``state`` are plain strings in the schema (values in their help texts): the
# project's enum names for fields so named are already taken by other apps' choice sets.
KIND_HELP = "construction（建设资金）| om（运维经费）"
STATE_HELP = (
    "requested（已申请）| confirmed（进度已确认）| released（已拨付）| "
    "refused（不予拨付）| withdrawn（已撤回）"
)


class FundBatchSerializer(serializers.ModelSerializer[FundBatch]):
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    payer = serializers.SerializerMethodField()
    budget_source = serializers.CharField(read_only=True)
    is_county_budget = serializers.BooleanField(read_only=True)
    evidence = serializers.SerializerMethodField()
    lines = FundBatchLineSerializer(many=True, read_only=True)
    requested_by = serializers.SerializerMethodField()
    confirmed_by = serializers.SerializerMethodField()
    released_by = serializers.SerializerMethodField()
    refused_by = serializers.SerializerMethodField()
    withdrawn_by = serializers.SerializerMethodField()

    class Meta:
        model = FundBatch
        fields = [
            "id",
            "project",
            "number",
            "kind",
            "kind_label",
            "year",
            "stage",
            "payer",
            "budget_source",
            "is_county_budget",
            "amount",
            "state",
            "state_label",
            "progress_note",
            "evidence",
            "lines",
            "requested_by",
            "requested_at",
            "confirmed_by",
            "confirmed_at",
            "confirmation_note",
            "released_by",
            "released_on",
            "reference",
            "refused_by",
            "refused_at",
            "refusal_reason",
            "withdrawn_by",
            "withdrawn_at",
            "withdrawal_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(PayerSerializer(allow_null=True))
    def get_payer(self, batch: FundBatch) -> dict[str, Any] | None:
        if batch.payer is None:
            return None
        return {
            "id": batch.payer.pk,
            "jurisdiction": batch.payer.jurisdiction.name,
            "jurisdiction_code": batch.payer.jurisdiction.code,
        }

    @extend_schema_field(EvidenceSerializer(allow_null=True))
    def get_evidence(self, batch: FundBatch) -> dict[str, Any] | None:
        if batch.evidence is None:
            return None
        return {
            "id": batch.evidence.pk,
            "title": batch.evidence.title,
            "original_filename": batch.evidence.original_filename,
        }

    @extend_schema_field(serializers.CharField())
    def get_requested_by(self, batch: FundBatch) -> str | None:
        return _user(batch.requested_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_confirmed_by(self, batch: FundBatch) -> str | None:
        return _user(batch.confirmed_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_released_by(self, batch: FundBatch) -> str | None:
        return _user(batch.released_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_refused_by(self, batch: FundBatch) -> str | None:
        return _user(batch.refused_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_withdrawn_by(self, batch: FundBatch) -> str | None:
        return _user(batch.withdrawn_by)


class DecisionSerializer(serializers.Serializer[Any]):
    allowed = serializers.BooleanField()
    reason = serializers.CharField()
    reason_en = serializers.CharField()
    article = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class EligibilitySerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField()
    on = serializers.DateField()
    kind = serializers.CharField(help_text=KIND_HELP)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    clear = serializers.BooleanField()
    reasons = DecisionSerializer(many=True)


class FundBatchDetailSerializer(FundBatchSerializer):
    """A batch with its release verdict today (null once it is no longer pending)."""

    eligibility = serializers.SerializerMethodField()

    class Meta(FundBatchSerializer.Meta):
        fields = [*FundBatchSerializer.Meta.fields, "eligibility"]
        read_only_fields = fields

    @extend_schema_field(EligibilitySerializer(allow_null=True))
    def get_eligibility(self, batch: FundBatch) -> dict[str, Any] | None:
        verdicts = self.context.get("verdicts", {})
        verdict = verdicts.get(batch.pk)
        return None if verdict is None else dict(verdict.as_dict())


# --- request bodies ---------------------------------------------------------------------------
class LineRequestSerializer(serializers.Serializer[Any]):
    budget_line = serializers.IntegerField(help_text="预算明细 id（本项目的）")
    amount = serializers.CharField(help_text="本批申请金额（元），大于 0，最多两位小数")


class FundBatchRequestSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(default=FundKind.CONSTRUCTION, help_text=KIND_HELP)
    stage = serializers.CharField(allow_blank=True, help_text="阶段，如“第一期”")
    progress_note = serializers.CharField(allow_blank=True, help_text="建设进度（运维情况）说明")
    payer = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="建设资金的出资县区：参与县区 id（county-participants）；不填为本级财政资金",
    )
    lines = LineRequestSerializer(
        many=True, required=False, help_text="建设资金：各预算明细的本批金额"
    )
    year = serializers.CharField(required=False, allow_blank=True, help_text="运维经费：年度")
    amount = serializers.CharField(
        required=False, allow_blank=True, help_text="运维经费：本年度申请金额（元）"
    )


class ConfirmRequestSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReleaseRequestSerializer(serializers.Serializer[Any]):
    released_on = serializers.CharField(help_text="拨付日期 YYYY-MM-DD，不晚于今天")
    reference = serializers.CharField(allow_blank=True, help_text="拨付凭证号")


class ReasonRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# --- a project's money ------------------------------------------------------------------------
class SumsSerializer(serializers.Serializer[Any]):
    released = serializers.DecimalField(max_digits=14, decimal_places=2)
    pending = serializers.DecimalField(max_digits=14, decimal_places=2)


class LineRowSerializer(serializers.Serializer[Any]):
    budget_line = serializers.IntegerField(source="budget_line.pk")
    budget_line_name = serializers.CharField(source="budget_line.name")
    approved = serializers.DecimalField(max_digits=14, decimal_places=2)
    pending = serializers.DecimalField(max_digits=14, decimal_places=2, source="sums.pending")
    released = serializers.DecimalField(max_digits=14, decimal_places=2, source="sums.released")
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2)


class PayerRowSerializer(serializers.Serializer[Any]):
    payer = serializers.IntegerField(source="share.payer_id", allow_null=True)
    label = serializers.CharField(source="share.label")  # type: ignore[assignment]
    is_county_budget = serializers.BooleanField(source="share.is_county_budget")
    share_pct = serializers.DecimalField(max_digits=5, decimal_places=2, source="share.pct")
    share_amount = serializers.DecimalField(max_digits=14, decimal_places=2, source="share.cap")
    pending = serializers.DecimalField(max_digits=14, decimal_places=2, source="sums.pending")
    released = serializers.DecimalField(max_digits=14, decimal_places=2, source="sums.released")
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2)


class OmRowSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    is_county_budget = serializers.BooleanField()
    pending = serializers.DecimalField(max_digits=14, decimal_places=2, source="sums.pending")
    released = serializers.DecimalField(max_digits=14, decimal_places=2, source="sums.released")


class FundsSummarySerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField(source="project.pk")
    baseline_version = serializers.IntegerField(source="baseline.version")
    approved = serializers.DecimalField(max_digits=14, decimal_places=2)
    construction = SumsSerializer()
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2)
    om = SumsSerializer(source="om_total")
    lines = LineRowSerializer(many=True)
    payers = PayerRowSerializer(many=True)
    om_by_year = OmRowSerializer(many=True, source="om")
