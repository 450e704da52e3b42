"""Contract endpoints: parse the body, call one service, answer with the record.

Scope as on the pages: a project or contract outside the caller's scope is a 404, a role that
may not read or act a 403, a rule refusal a 409 citing its article, bad input a 400 naming
the field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.contracts import services
from govit.contracts.models import Contract
from govit.contracts.selectors import (
    REGISTER_FILTERS,
    can_record,
    contract_get,
    contracts_of,
    contracts_project_get,
    register_for,
)

from .serializers import ContractCreateSerializer, ContractFilingSerializer, ContractSerializer


def _body(serializer_class: type[Any], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


class ProjectContractsView(generics.ListCreateAPIView[Contract]):
    """一个项目的采购合同 / a project's contracts (owning unit, BDB, Finance, Audit)."""

    serializer_class = ContractSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[Contract]:
        project = contracts_project_get(acting_user(self.request), self.kwargs["pk"])
        return contracts_of(project)

    @extend_schema(summary="项目的采购合同列表（含备案截止日期与逾期情况）")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={
            "multipart/form-data": ContractCreateSerializer,
            "application/json": ContractCreateSerializer,
        },
        responses={201: ContractSerializer},
        summary="登记已签订的合同（建设单位经办人，第十五、十六、十九条）",
        description="合同文本以 multipart/form-data 上传（signed_copy）。签订日期不得晚于今天、"
        "不得早于批复日期；合同金额合计不得超过批复金额（超出须先提出变更申请，第十九条）；"
        "统一社会信用代码按 GB 32100-2015 校验位校验。备案截止日期 = 签订日期后第 N 个工作日"
        "（N 取自政策包，菏泽为 5，签订当日不计，第十六条）；依赖未公布节假日安排的年份时为暂定。",
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        project = contracts_project_get(user, self.kwargs["pk"])
        if not can_record(user, project):
            raise PermissionDenied()
        body = _body(ContractCreateSerializer, request)
        contract = services.contract_record(
            project=project,
            kind=body.get("kind"),
            number=body.get("number"),
            title=body.get("title"),
            supplier_name=body.get("supplier_name"),
            supplier_uscc=body.get("supplier_uscc"),
            amount=body.get("amount"),
            procurement_method=body.get("procurement_method"),
            signed_on=body.get("signed_on"),
            budget_lines=body.get("budget_lines") or [],
            signed_copy=body.get("signed_copy"),
            copy_note=body.get("copy_note") or "",
            by=user,
        )
        return Response(ContractSerializer(contract).data, status=status.HTTP_201_CREATED)


class ContractDetailView(APIView):
    @extend_schema(responses=ContractSerializer, summary="采购合同")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ContractSerializer(contract_get(acting_user(request), pk)).data)


class ContractFilingView(APIView):
    @extend_schema(
        request=ContractFilingSerializer,
        responses=ContractSerializer,
        summary="合同备案（建设单位经办人，第十六条）",
        description="备案日期不得晚于今天、不得早于签订日期。晚于截止日期的备案记录逾期工作日数"
        "（截止日期之后至备案日期的工作日数）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        contract = contract_get(user, pk)
        if not can_record(user, contract.project):
            raise PermissionDenied()
        body = _body(ContractFilingSerializer, request)
        done = services.contract_file(contract=contract, filed_on=body.get("filed_on"), by=user)
        return Response(ContractSerializer(done).data)


class ContractRegisterView(generics.ListAPIView[Contract]):
    """合同备案台账：本行政区域全部合同（大数据局、财政局、审计局）。"""

    serializer_class = ContractSerializer

    @extend_schema(
        summary="合同备案台账（本行政区域）",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=list(REGISTER_FILTERS),
                description="all 全部；unfiled 未备案；late 逾期备案或逾期未备案",
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Contract]:
        wanted = self.request.query_params.get("status") or "all"
        if wanted not in REGISTER_FILTERS:
            wanted = "all"
        return register_for(
            acting_user(self.request), wanted, today=timezone.localdate()
        ).prefetch_related("budget_lines")
