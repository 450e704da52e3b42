"""Supervision endpoints: parse the body, call one service, answer with the record.

Scope as on the pages: an inspection, project or record outside the caller's scope is a 404, an
action their role may not take a 403, a rule refusal a 409 citing its article (35), bad input
a 400 naming the field.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.supervision import services
from govit.supervision.models import Inspection
from govit.supervision.selectors import (
    finding_get,
    inspection_get,
    inspections_for,
    notices_for,
    order_get,
    sanction_get,
    sanctions_of,
    supervision_project,
)

from .serializers import (
    SupervisionAnswerSerializer,
    SupervisionDecideSerializer,
    SupervisionFindingSerializer,
    SupervisionFindingWriteSerializer,
    SupervisionInspectionDetailSerializer,
    SupervisionInspectionSerializer,
    SupervisionInspectionWriteSerializer,
    SupervisionNoteSerializer,
    SupervisionNoticeSerializer,
    SupervisionOrderSerializer,
    SupervisionOrderWriteSerializer,
    SupervisionReasonSerializer,
    SupervisionSanctionSerializer,
    SupervisionSanctionWriteSerializer,
)


def _body(serializer_class: type[Any], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _require_any_role(user: User, *roles: str) -> None:
    if not user.has_any_role(*roles):
        raise PermissionDenied()


def _inspection(inspection: Inspection) -> Any:
    fresh = (
        Inspection.objects.prefetch_related("projects", "departments", "findings__order")
        .select_related("planned_by")
        .get(pk=inspection.pk)
    )
    return SupervisionInspectionDetailSerializer(fresh).data


class InspectionsView(APIView):
    @extend_schema(
        responses=SupervisionInspectionSerializer(many=True), summary="监督检查列表（第三十五条）"
    )
    def get(self, request: Request) -> Response:
        rows = inspections_for(acting_user(request)).order_by("-planned_on", "-id")
        return Response(SupervisionInspectionSerializer(rows, many=True).data)

    @extend_schema(
        request=SupervisionInspectionWriteSerializer,
        responses={201: SupervisionInspectionDetailSerializer},
        summary="计划监督检查（大数据局经办人）",
        description="检查范围：本行政区域的项目和/或项目建设部门，至少一项。",
    )
    def post(self, request: Request) -> Response:
        user = acting_user(request)
        inspections_for(user)
        _require_any_role(user, Role.BDB_STAFF)
        body = _body(SupervisionInspectionWriteSerializer, request)
        done = services.inspection_plan(
            title=body.get("title"),
            planned_on=body.get("planned_on"),
            projects=body.get("projects", []),
            departments=body.get("departments", []),
            by=user,
        )
        return Response(_inspection(done), status=status.HTTP_201_CREATED)


class InspectionDetailView(APIView):
    @extend_schema(responses=SupervisionInspectionDetailSerializer, summary="监督检查及发现的问题")
    def get(self, request: Request, pk: int) -> Response:
        return Response(_inspection(inspection_get(acting_user(request), pk)))


class FindingsView(APIView):
    @extend_schema(
        request=SupervisionFindingWriteSerializer,
        responses={201: SupervisionFindingSerializer},
        summary="记录检查发现的问题（大数据局经办人）",
        description="检查计划中（未审批）时记录；项目须在检查范围内；写明违反的条款（1–41）及其内容。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        inspection = inspection_get(user, pk)
        _require_any_role(user, Role.BDB_STAFF)
        body = _body(SupervisionFindingWriteSerializer, request)
        done = services.finding_record(
            inspection=inspection,
            project=body.get("project"),
            article=body.get("article"),
            rule_text=body.get("rule_text"),
            description=body.get("description"),
            by=user,
        )
        return Response(SupervisionFindingSerializer(done).data, status=status.HTTP_201_CREATED)


class InspectionApproveView(APIView):
    @extend_schema(
        request=SupervisionNoteSerializer,
        responses=SupervisionInspectionDetailSerializer,
        summary="审批监督检查（大数据局领导）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        inspection = inspection_get(user, pk)
        _require_any_role(user, Role.BDB_LEADER)
        body = _body(SupervisionNoteSerializer, request)
        done = services.inspection_approve(inspection=inspection, note=body.get("note"), by=user)
        return Response(_inspection(done))


class OrderIssueView(APIView):
    @extend_schema(
        request=SupervisionOrderWriteSerializer,
        responses={201: SupervisionOrderSerializer},
        summary="下达限期整改通知（大数据局）",
        description="依据已审批监督检查发现的问题下达；同时为建设单位产生「监督检查整改」期限事项，"
        "截止日期为整改期限。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        finding = finding_get(user, pk)
        _require_any_role(user, Role.BDB_STAFF, Role.BDB_LEADER)
        body = _body(SupervisionOrderWriteSerializer, request)
        done = services.order_issue(
            finding=finding,
            requirements=body.get("requirements"),
            deadline=body.get("deadline"),
            by=user,
        )
        return Response(SupervisionOrderSerializer(done).data, status=status.HTTP_201_CREATED)


class OrderDetailView(APIView):
    @extend_schema(responses=SupervisionOrderSerializer, summary="整改通知")
    def get(self, request: Request, pk: int) -> Response:
        return Response(SupervisionOrderSerializer(order_get(acting_user(request), pk)).data)


class OrderAnswerView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={
            "multipart/form-data": SupervisionAnswerSerializer,
            "application/json": SupervisionAnswerSerializer,
        },
        responses=SupervisionOrderSerializer,
        summary="报送整改情况（建设单位经办人）",
        description="附整改材料文件；拟定涉密项目改填文号 evidence_number 和成文日期 evidence_date"
        "（第四条）。逾期报送照收并标记逾期。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        order = order_get(user, pk)
        _require_any_role(user, Role.UNIT_STAFF)
        body = _body(SupervisionAnswerSerializer, request)
        done = services.order_answer(
            order=order,
            note=body.get("note"),
            evidence=body.get("evidence"),
            evidence_number=body.get("evidence_number"),
            evidence_date=body.get("evidence_date"),
            by=user,
        )
        return Response(SupervisionOrderSerializer(done).data)


class OrderDecideView(APIView):
    @extend_schema(
        request=SupervisionDecideSerializer,
        responses=SupervisionOrderSerializer,
        summary="审核整改情况（大数据局）",
        description="accept：整改通过，期限事项按报送日期履行；reject：退回重新整改（须写理由），"
        "期限事项保持未履行或逾期。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        order = order_get(user, pk)
        _require_any_role(user, Role.BDB_STAFF, Role.BDB_LEADER)
        body = _body(SupervisionDecideSerializer, request)
        done = services.order_decide(
            order=order, decision=body.get("decision"), reason=body.get("reason"), by=user
        )
        return Response(SupervisionOrderSerializer(done).data)


class ProjectSanctionsView(APIView):
    @extend_schema(
        responses=SupervisionSanctionSerializer(many=True), summary="项目的处理决定（第三十五条）"
    )
    def get(self, request: Request, pk: int) -> Response:
        project = supervision_project(acting_user(request), pk)
        return Response(SupervisionSanctionSerializer(sanctions_of(project), many=True).data)

    @extend_schema(
        request=SupervisionSanctionWriteSerializer,
        responses={201: SupervisionSanctionSerializer},
        summary="作出处理决定（大数据局领导）",
        description="仅对拒不整改（整改通知逾期未整改）或整改后仍不符合要求（审核未通过）的项目"
        "（否则 409，article=35）。暂缓拨付：解除前不拨付建设资金；暂停建设：项目转为暂停；"
        "终止项目：项目转为已终止。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = supervision_project(user, pk)
        _require_any_role(user, Role.BDB_LEADER)
        body = _body(SupervisionSanctionWriteSerializer, request)
        done = services.sanction_decide(
            project=project, kind=body.get("kind"), reason=body.get("reason"), by=user
        )
        return Response(SupervisionSanctionSerializer(done).data, status=status.HTTP_201_CREATED)


class SanctionLiftView(APIView):
    @extend_schema(
        request=SupervisionReasonSerializer,
        responses=SupervisionSanctionSerializer,
        summary="解除处理决定（大数据局领导）",
        description="须写理由；解除暂停建设时项目恢复建设；终止项目不能解除（409）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        sanction = sanction_get(user, pk)
        _require_any_role(user, Role.BDB_LEADER)
        body = _body(SupervisionReasonSerializer, request)
        done = services.sanction_lift(sanction=sanction, reason=body.get("reason"), by=user)
        return Response(SupervisionSanctionSerializer(done).data)


class NoticesView(APIView):
    @extend_schema(
        responses=SupervisionNoticeSerializer(many=True), summary="通报批评（本行政区域）"
    )
    def get(self, request: Request) -> Response:
        notices = notices_for(acting_user(request))
        return Response(
            SupervisionNoticeSerializer([*notices.current, *notices.lifted], many=True).data
        )
