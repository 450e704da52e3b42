"""Evaluation endpoints: parse the body, call one service, answer with the record.

Scope as on the pages: a project or commission outside the caller's scope is a 404, an action
their role may not take a 403, and a rule refusal a 409 citing its article (Art. 24).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.accounts.roles import Role
from govit.evaluation import services
from govit.evaluation.models import EvaluationAssignment
from govit.evaluation.selectors import (
    assignment_get,
    assignments_for,
    can_read_ranking,
    default_ranking_year,
    evaluation_overview,
    is_bdb,
    ranking_for,
)
from govit.projects.rules import is_owner_staff
from govit.projects.selectors import project_get

from .serializers import (
    AssignmentSerializer,
    CommissionRequestSerializer,
    ProjectEvaluationSerializer,
    RankingSerializer,
    SelfEvaluationRequestSerializer,
    SelfEvaluationSerializer,
    SubmitRequestSerializer,
    WithdrawRequestSerializer,
)

UPLOAD_PARSERS = [MultiPartParser, FormParser, JSONParser]


def _body(serializer_class: type[Any], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _report(body: dict[str, Any]) -> dict[str, Any]:
    """The report as the service takes it: the file, or (Art. 4) its number and date."""
    return {
        "report": body.get("report"),
        "report_number": body.get("report_number") or "",
        "report_date": body.get("report_date"),
    }


CLASSIFIED_NOTE = (
    "拟定涉密项目（保密局确认前或确认涉密后）不上传报告文件，改填 report_number 和 report_date"
    "（文号、成文日期，第四条）；上传文件返回 409（article=4）。其他项目必须上传文件，"
    "填写文号和日期同样返回 409。"
)


class ProjectEvaluationView(APIView):
    @extend_schema(
        responses=ProjectEvaluationSerializer,
        summary="项目绩效评价：自评价时间、自评价和第三方评价（第二十四条）",
        description="第三方评价机构只看到委托本机构的评价。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        overview = evaluation_overview(user, project)
        data = {
            "project": project.pk,
            "state": project.state,
            "window": overview.window.as_dict() if overview.window else None,
            "window_error": overview.window_error,
            "self_evaluation": overview.self_evaluation,
            "assignments": overview.assignments,
        }
        return Response(ProjectEvaluationSerializer(data).data)


class SelfEvaluationView(APIView):
    parser_classes = UPLOAD_PARSERS

    @extend_schema(
        request={"multipart/form-data": SelfEvaluationRequestSerializer},
        responses={201: SelfEvaluationSerializer},
        summary="提交绩效自评价（第八、二十四条）",
        description="建设单位经办人在验收并投入运行后 12–24 个月内提交；每项事前绩效指标都须填写"
        "实际完成值和是否达到目标。时间未到返回 409（article=24）；超过截止日期仍接受，标记逾期天数。"
        + CLASSIFIED_NOTE,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        if not is_owner_staff(user, project):
            raise PermissionDenied()
        body = _body(SelfEvaluationRequestSerializer, request)
        done = services.self_evaluation_submit(
            project=project,
            conclusion=body.get("conclusion"),
            self_score=body.get("self_score"),
            results=[
                services.ResultInput(
                    indicator_id=item["indicator"],
                    actual_value=item["actual_value"],
                    met=item["met"],
                    note=item.get("note", ""),
                )
                for item in body.get("results", [])
            ],
            **_report(body),
            by=user,
        )
        return Response(SelfEvaluationSerializer(done).data, status=status.HTTP_201_CREATED)


class AssignmentCreateView(APIView):
    @extend_schema(
        request=CommissionRequestSerializer,
        responses={201: AssignmentSerializer},
        summary="委托第三方绩效评价（第二十四条）",
        description="大数据局经办人或领导为「运行中」「已自评」的项目委托第三方评价机构；"
        "要求完成日期须晚于今天；同一项目同时只能有一项未提交的委托。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        if not is_bdb(user, project):
            raise PermissionDenied()
        body = _body(CommissionRequestSerializer, request)
        done = services.assignment_commission(
            project=project,
            evaluator=body["evaluator"],
            scope=body["scope"],
            due_on=body["due_on"],
            by=user,
        )
        return Response(AssignmentSerializer(done).data, status=status.HTTP_201_CREATED)


class AssignmentListView(generics.ListAPIView[EvaluationAssignment]):
    """评价委托：第三方评价机构只见委托本机构的；大数据局等见本行政区域的。"""

    serializer_class = AssignmentSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[EvaluationAssignment]:
        return assignments_for(acting_user(self.request)).order_by("-commissioned_at", "-id")


class AssignmentDetailView(APIView):
    @extend_schema(responses=AssignmentSerializer, summary="评价委托")
    def get(self, request: Request, pk: int) -> Response:
        return Response(AssignmentSerializer(assignment_get(acting_user(request), pk)).data)


class AssignmentSubmitView(APIView):
    parser_classes = UPLOAD_PARSERS

    @extend_schema(
        request={"multipart/form-data": SubmitRequestSerializer},
        responses=AssignmentSerializer,
        summary="提交第三方绩效评价（得分、结论、报告）",
        description="只有受委托的第三方评价机构可以提交；提交后项目状态变为「已绩效评价」。"
        + CLASSIFIED_NOTE,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        assignment = assignment_get(user, pk)
        if not user.has_role(Role.EVALUATOR):
            raise PermissionDenied()
        body = _body(SubmitRequestSerializer, request)
        done = services.assignment_submit(
            assignment=assignment,
            score=body.get("score"),
            conclusion=body.get("conclusion"),
            **_report(body),
            by=user,
        )
        return Response(AssignmentSerializer(done).data)


class AssignmentWithdrawView(APIView):
    @extend_schema(
        request=WithdrawRequestSerializer,
        responses=AssignmentSerializer,
        summary="撤回第三方绩效评价委托（第二十四条）",
        description="大数据局经办人或领导撤回尚未提交的委托，须写明理由；撤回后评价机构不再看到该委托，"
        "可重新委托。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        assignment = assignment_get(user, pk)
        if not is_bdb(user, project_get(user, assignment.project_id)):
            raise PermissionDenied()
        body = _body(WithdrawRequestSerializer, request)
        done = services.assignment_withdraw(assignment=assignment, reason=body["reason"], by=user)
        return Response(AssignmentSerializer(done).data)


class RankingView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认上一年度"),
        ],
        responses=RankingSerializer,
        summary="部门绩效排名（第三十七条）",
        description="本行政区域各部门当年提交的第三方评价项目数和平均分、自评价项目数和平均分。",
    )
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        if not can_read_ranking(user):
            raise PermissionDenied()
        raw = request.query_params.get("year")
        year = default_ranking_year()
        if raw not in (None, ""):
            try:
                year = int(str(raw))
            except ValueError:
                year = -1
            if not 2000 <= year <= 2100:
                raise ValidationError({"year": ["年度应在 2000–2100 之间"]})
        result = ranking_for(user, year)
        return Response(
            RankingSerializer(
                {"year": result.year, "rows": result.rows, "inputs": result.inputs}
            ).data
        )
