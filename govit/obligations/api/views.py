"""Obligation endpoints: the scoped list with filters, one obligation, the waiver, the map.

Scope as on the pages: an obligation outside the caller's scope is a 404, an action their role
may not take a 403, a rule refusal a 409.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.accounts.roles import Role
from govit.obligations import services
from govit.obligations.models import Obligation
from govit.obligations.selectors import (
    ObligationFilter,
    can_see_map,
    compliance_map,
    obligation_get,
    obligations_filtered,
)

from .serializers import (
    ComplianceMapSerializer,
    ObligationFilterSerializer,
    ObligationSerializer,
    WaiveRequestSerializer,
)


@extend_schema(
    parameters=[ObligationFilterSerializer],
    summary="期限事项（按权限范围；可按状态、事项、条款、责任单位、项目筛选）",
)
class ObligationListView(generics.ListAPIView[Obligation]):
    """建设单位见本单位负责的事项；大数据局、审计局、财政局、密码管理部门、专项小组见本行政区域的。"""

    serializer_class = ObligationSerializer

    def get_queryset(self) -> QuerySet[Obligation]:
        query = ObligationFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = ObligationFilter(
            article=data.get("article"),
            responsible=data.get("responsible"),
            state=data.get("state", ""),
            kind=data.get("kind", ""),
            project=data.get("project"),
        )
        return obligations_filtered(acting_user(self.request), filters)


class ObligationDetailView(APIView):
    @extend_schema(responses=ObligationSerializer, summary="期限事项")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ObligationSerializer(obligation_get(acting_user(request), pk)).data)


class ObligationWaiveView(APIView):
    @extend_schema(
        request=WaiveRequestSerializer,
        responses=ObligationSerializer,
        summary="豁免期限事项（大数据局领导，须写明理由）",
        description="只有本行政区域的大数据局领导可以豁免未办结（未到期或已逾期）的事项；"
        "已履行或已豁免的事项返回 409；理由为空返回 400（field=reason）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        obligation = obligation_get(user, pk)
        if not user.has_role(Role.BDB_LEADER):
            raise PermissionDenied()
        body = WaiveRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = services.obligation_waive(
            obligation=obligation, reason=body.validated_data["reason"], by=user
        )
        return Response(ObligationSerializer(done).data)


class ComplianceMapView(APIView):
    @extend_schema(
        responses=ComplianceMapSerializer,
        summary="合规地图：未办结事项按条款、按责任部门的数量",
    )
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        if not can_see_map(user):
            raise PermissionDenied()
        found = compliance_map(user)
        return Response(
            ComplianceMapSerializer(
                {
                    "open": found.open,
                    "overdue": found.overdue,
                    "by_article": found.by_article,
                    "by_department": found.by_department,
                }
            ).data
        )
