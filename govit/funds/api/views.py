"""Funds endpoints: parse the body, call one service, answer with the record.

Scope as on the pages: a project or batch outside the caller's scope is a 404, an action their
role may not take a 403, and a rule refusal a 409 citing its article (the eligibility verdict's
first reason, every reason in ``detail``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.core.errors import InvalidInput
from govit.core.inputs import parse_decimal
from govit.funds import services
from govit.funds.eligibility import check_kind, eligibility_of_batches, funding_eligibility
from govit.funds.models import BatchState, FundBatch, FundKind
from govit.funds.selectors import (
    batch_get,
    batches_for,
    funds_overview,
    funds_project_get,
    queue_for,
)
from govit.projects.rules import is_owner_unit

from .serializers import (
    ConfirmRequestSerializer,
    EligibilitySerializer,
    FundBatchDetailSerializer,
    FundBatchRequestSerializer,
    FundBatchSerializer,
    FundsSummarySerializer,
    ReasonRequestSerializer,
    ReleaseRequestSerializer,
)


def _body(serializer_class: type[Any], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _require_any_role(user: User, *roles: str) -> None:
    if not user.has_any_role(*roles):
        raise PermissionDenied()


def _detail(batch: FundBatch, user: User) -> Any:
    fresh = batch_get(user, batch.pk)
    verdicts = eligibility_of_batches([fresh], on=timezone.localdate()) if fresh.is_pending else {}
    return FundBatchDetailSerializer(fresh, context={"verdicts": verdicts}).data


def _listed(batches: Any) -> Any:
    return FundBatchSerializer(batches.prefetch_related("lines__budget_line"), many=True).data


class ProjectBatchesView(APIView):
    """项目的资金拨付批次 / a project's fund batches."""

    @extend_schema(responses=FundBatchSerializer(many=True), summary="项目的资金拨付批次")
    def get(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = funds_project_get(user, pk)
        return Response(_listed(batches_for(user).filter(project=project).order_by("number")))

    @extend_schema(
        request=FundBatchRequestSerializer,
        responses={201: FundBatchSerializer(many=True)},
        summary="申请资金拨付（第十三、二十五、三十八条）",
        description="建设资金（kind=construction）：按预算明细填写本批金额（lines），可选出资县区"
        "（payer）；累计不超过批复金额，各明细不超过核定金额，县区不超过其分担份额。"
        "运维经费（kind=om）：只限运行中的系统，填写年度（year）和本年度申请金额（amount），"
        "按参与县区的运维分担比例拆分为多个批次。返回新建的批次列表。"
        "拨付条件不满足时返回 409（article 为第一条理由的条款，detail 列出全部理由）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = funds_project_get(user, pk)
        if not (user.has_role(Role.UNIT_STAFF) and is_owner_unit(user, project)):
            raise PermissionDenied()
        body = _body(FundBatchRequestSerializer, request)
        if check_kind(body["kind"]) == FundKind.OM:
            batches = services.om_funds_request(
                project=project,
                year=body.get("year"),
                stage=body["stage"],
                progress_note=body["progress_note"],
                amount=body.get("amount"),
                by=user,
            )
        else:
            batches = [
                services.fund_batch_request(
                    project=project,
                    stage=body["stage"],
                    progress_note=body["progress_note"],
                    lines=[
                        services.LineRequest(item["budget_line"], item["amount"])
                        for item in body.get("lines") or []
                    ],
                    payer=body.get("payer"),
                    by=user,
                )
            ]
        created = batches_for(user).filter(pk__in=[b.pk for b in batches]).order_by("number")
        return Response(_listed(created), status=status.HTTP_201_CREATED)


class ProjectFundsSummaryView(APIView):
    @extend_schema(
        responses=FundsSummarySerializer,
        summary="项目资金概况：批复、在途、已拨付、剩余（按预算明细、出资方、运维年度）",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = funds_project_get(user, pk)
        return Response(FundsSummarySerializer(funds_overview(project)).data)


def _parse_on(value: str | None) -> date:
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            "日期格式应为 YYYY-MM-DD", message_en="on must be a date (YYYY-MM-DD)", field="on"
        ) from None


def _parse_amount(value: str | None) -> Any:
    if value is None or value == "":
        return None
    return parse_decimal(value, field="amount", label="金额", label_en="amount", positive=True)


class FundingEligibilityView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=FundKind.values, description="资金类型"
            ),
            OpenApiParameter("on", OpenApiTypes.DATE, description="判断日期，默认今天"),
            OpenApiParameter(
                "amount", OpenApiTypes.STR, description="拟申请金额（元）：检查是否超过批复金额"
            ),
        ],
        responses=EligibilitySerializer,
        summary="资金拨付条件（第四、十一、十三、十九、二十、二十三条等）",
        description="列出阻止拨付的全部理由及其条款；clear=true 表示可以拨付。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = funds_project_get(user, pk)
        verdict = funding_eligibility(
            project,
            on=_parse_on(request.query_params.get("on")),
            kind=request.query_params.get("kind") or FundKind.CONSTRUCTION,
            amount=_parse_amount(request.query_params.get("amount")),
        )
        return Response(verdict.as_dict())


class BatchDetailView(APIView):
    @extend_schema(responses=FundBatchDetailSerializer, summary="资金批次（含今天的拨付条件）")
    def get(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        return Response(_detail(batch_get(user, pk), user))


class BatchConfirmView(APIView):
    @extend_schema(
        request=ConfirmRequestSerializer,
        responses=FundBatchDetailSerializer,
        summary="确认建设进度（大数据局经办人）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        batch = batch_get(user, pk)
        _require_any_role(user, Role.BDB_STAFF)
        body = _body(ConfirmRequestSerializer, request)
        done = services.fund_batch_confirm(batch=batch, note=body["note"], by=user)
        return Response(_detail(done, user))


class BatchReleaseView(APIView):
    @extend_schema(
        request=ReleaseRequestSerializer,
        responses=FundBatchDetailSerializer,
        summary="登记拨付（出资方财政部门）",
        description="拨付本批全部金额。拨付日期不晚于今天；拨付条件不满足时返回 409，"
        "article 为第一条理由的条款，detail 列出全部理由。县区财政资金由该县区财政部门拨付。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        batch = batch_get(user, pk)
        _require_any_role(user, Role.FINANCE)
        body = _body(ReleaseRequestSerializer, request)
        done = services.fund_batch_release(
            batch=batch, released_on=body["released_on"], reference=body["reference"], by=user
        )
        return Response(_detail(done, user))


class BatchRefuseView(APIView):
    @extend_schema(
        request=ReasonRequestSerializer,
        responses=FundBatchDetailSerializer,
        summary="不予拨付（大数据局；或进度确认后的出资方财政部门），须填写理由",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        batch = batch_get(user, pk)
        _require_any_role(user, Role.BDB_STAFF, Role.BDB_LEADER, Role.FINANCE)
        body = _body(ReasonRequestSerializer, request)
        done = services.fund_batch_refuse(batch=batch, reason=body["reason"], by=user)
        return Response(_detail(done, user))


class BatchWithdrawView(APIView):
    @extend_schema(
        request=ReasonRequestSerializer,
        responses=FundBatchDetailSerializer,
        summary="撤回资金申请（建设单位经办人，拨付前）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        batch = batch_get(user, pk)
        _require_any_role(user, Role.UNIT_STAFF)
        body = _body(ReasonRequestSerializer, request)
        done = services.fund_batch_withdraw(batch=batch, reason=body["reason"], by=user)
        return Response(_detail(done, user))


class QueueView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "state",
                OpenApiTypes.STR,
                enum=[BatchState.REQUESTED.value, BatchState.CONFIRMED.value],
                description="只看已申请（待确认进度）或进度已确认（待拨付）的批次",
            )
        ],
        responses=FundBatchDetailSerializer(many=True),
        summary="资金拨付待办（财政局、大数据局、审计局），附每个批次的拨付条件",
    )
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        batches = list(
            queue_for(user, request.query_params.get("state")).prefetch_related(
                "lines__budget_line"
            )
        )
        verdicts = eligibility_of_batches(batches, on=timezone.localdate())
        return Response(
            FundBatchDetailSerializer(batches, many=True, context={"verdicts": verdicts}).data
        )
