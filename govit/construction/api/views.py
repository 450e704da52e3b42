"""Construction endpoints: parse the body, call one service, answer with the record.

Scope as on the pages: a project or record outside the caller's scope is a 404, an action
their role may not take a 403, a rule refusal a 409 citing its article, bad input a 400
naming the field.
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
from govit.construction import rules, services
from govit.construction.selectors import (
    baseline_comparison,
    change_request_get,
    change_requests_of,
    construction_overview,
    construction_project,
    incident_get,
    incidents_of,
    milestone_get,
    reports_of,
)
from govit.projects.models import Project
from govit.projects.rules import is_owner_staff

from .serializers import (
    ActualDateSerializer,
    BaselineComparisonSerializer,
    ChangeDecisionSerializer,
    ChangeRequestSerializer,
    ChangeRequestWriteSerializer,
    IncidentAnswerSerializer,
    IncidentDecideSerializer,
    IncidentSerializer,
    IncidentWriteSerializer,
    MilestoneSerializer,
    ProgressReportSerializer,
    ProgressWriteSerializer,
    ReasonSerializer,
    ScheduleSerializer,
    ScheduleWriteSerializer,
)

PARSERS = [JSONParser, MultiPartParser, FormParser]


def _body(serializer_class: type[Any], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _owner_staff(project: Project, user: User) -> None:
    if not is_owner_staff(user, project):
        raise PermissionDenied()


def _bdb(project: Project, user: User) -> None:
    if not rules.is_bdb(project, user):
        raise PermissionDenied()


def _bdb_leader(project: Project, user: User) -> None:
    if not rules.is_bdb_leader(project, user):
        raise PermissionDenied()


def _both(serializer: type[Any]) -> dict[str, Any]:
    return {"application/json": serializer, "multipart/form-data": serializer}


# --- schedule -----------------------------------------------------------------------------
def _schedule(project: Project) -> dict[str, Any]:
    overview = construction_overview(project)
    return ScheduleSerializer(
        {
            "baseline_version": overview.baseline.version,
            "planned_completion": overview.baseline.planned_completion,
            "scope": overview.baseline.scope,
            "milestones": overview.milestones,
        }
    ).data


class ScheduleView(APIView):
    @extend_schema(responses=ScheduleSerializer, summary="进度计划与里程碑（第十五条）")
    def get(self, request: Request, pk: int) -> Response:
        project = construction_project(acting_user(request), pk)
        return Response(_schedule(project))

    @extend_schema(
        request=ScheduleWriteSerializer,
        responses={201: ScheduleSerializer},
        summary="保存进度计划并确立基线第 1 版（第十五、十九条）",
        description="建设单位经办人在采购中、建设中或整改中首次保存；此后计划日期只能通过变更申请调整"
        "（再次保存返回 409，article=19）。暂停期间返回 409（article=20）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = construction_project(user, pk)
        _owner_staff(project, user)
        body = _body(ScheduleWriteSerializer, request)
        services.schedule_save(
            project=project,
            planned_completion=body.get("planned_completion"),
            scope=body.get("scope"),
            milestones=[
                services.MilestoneInput(row.get("name"), row.get("planned_on"))
                for row in body.get("milestones", [])
            ],
            by=user,
        )
        return Response(_schedule(project), status=status.HTTP_201_CREATED)


class MilestoneActualView(APIView):
    @extend_schema(
        request=ActualDateSerializer,
        responses=MilestoneSerializer,
        summary="登记里程碑实际完成日期（可更正）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        milestone = milestone_get(user, pk)
        _owner_staff(milestone.project, user)
        body = _body(ActualDateSerializer, request)
        done = services.milestone_record_actual(
            milestone=milestone, actual_on=body.get("actual_on"), by=user
        )
        return Response(MilestoneSerializer(done).data)


# --- progress -----------------------------------------------------------------------------
class ProgressReportsView(APIView):
    parser_classes = PARSERS

    @extend_schema(
        responses=ProgressReportSerializer(many=True), summary="进度报告（含进度、费用偏差及颜色）"
    )
    def get(self, request: Request, pk: int) -> Response:
        project = construction_project(acting_user(request), pk)
        return Response(ProgressReportSerializer(reports_of(project), many=True).data)

    @extend_schema(
        request=_both(ProgressWriteSerializer),
        responses={201: ProgressReportSerializer},
        summary="报送建设进度（第十五条）",
        description="完成百分比 0–100（负数或超过 100 返回 400）；仅建设中或整改中的项目，"
        "暂停期间返回 409（article=20）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = construction_project(user, pk)
        _owner_staff(project, user)
        body = _body(ProgressWriteSerializer, request)
        report = services.progress_report_file(
            project=project,
            report_date=body.get("report_date"),
            percent_complete=body.get("percent_complete"),
            spend_to_date=body.get("spend_to_date"),
            issues=body.get("issues"),
            evidence=body.get("evidence"),
            by=user,
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)


# --- incidents ----------------------------------------------------------------------------
class IncidentsView(APIView):
    @extend_schema(responses=IncidentSerializer(many=True), summary="重大情况报告（第二十条）")
    def get(self, request: Request, pk: int) -> Response:
        project = construction_project(acting_user(request), pk)
        return Response(IncidentSerializer(incidents_of(project), many=True).data)

    @extend_schema(
        request=IncidentWriteSerializer,
        responses={201: IncidentSerializer},
        summary="报告严重滞后或重大投资损失（建设单位经办人或大数据局）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = construction_project(user, pk)
        if not (is_owner_staff(user, project) or rules.is_bdb(project, user)):
            raise PermissionDenied()
        body = _body(IncidentWriteSerializer, request)
        incident = services.incident_report(
            project=project, kind=body.get("kind"), description=body.get("description"), by=user
        )
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)


class IncidentDetailView(APIView):
    @extend_schema(responses=IncidentSerializer, summary="重大情况报告")
    def get(self, request: Request, pk: int) -> Response:
        return Response(IncidentSerializer(incident_get(acting_user(request), pk)).data)


class IncidentDecideView(APIView):
    @extend_schema(
        request=IncidentDecideSerializer,
        responses=IncidentSerializer,
        summary="大数据局领导决定责令整改或暂停建设（第二十条）",
        description="rectification：项目转入整改中，须填整改期限（晚于今天）和整改要求；"
        "suspension：项目暂停建设（整改中的情况报告可升级为暂停）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        incident = incident_get(user, pk)
        _bdb_leader(incident.project, user)
        body = _body(IncidentDecideSerializer, request)
        done = services.incident_decide(
            incident=incident,
            decision=body.get("decision"),
            reason=body.get("reason"),
            deadline=body.get("deadline"),
            requirements=body.get("requirements"),
            by=user,
        )
        return Response(IncidentSerializer(done).data)


class IncidentAnswerView(APIView):
    parser_classes = PARSERS

    @extend_schema(
        request=_both(IncidentAnswerSerializer),
        responses=IncidentSerializer,
        summary="建设单位报送整改情况",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        incident = incident_get(user, pk)
        _owner_staff(incident.project, user)
        body = _body(IncidentAnswerSerializer, request)
        done = services.incident_answer(
            incident=incident, note=body.get("note"), evidence=body.get("evidence"), by=user
        )
        return Response(IncidentSerializer(done).data)


class IncidentCloseView(APIView):
    @extend_schema(
        request=ReasonSerializer,
        responses=IncidentSerializer,
        summary="大数据局确认整改完成（最后一项整改办结后项目恢复建设中）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        incident = incident_get(user, pk)
        _bdb(incident.project, user)
        body = _body(ReasonSerializer, request)
        done = services.incident_close(incident=incident, reason=body.get("reason"), by=user)
        return Response(IncidentSerializer(done).data)


class IncidentLiftView(APIView):
    @extend_schema(
        request=ReasonSerializer,
        responses=IncidentSerializer,
        summary="大数据局领导决定恢复建设（解除暂停）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        incident = incident_get(user, pk)
        _bdb_leader(incident.project, user)
        body = _body(ReasonSerializer, request)
        done = services.incident_lift(incident=incident, reason=body.get("reason"), by=user)
        return Response(IncidentSerializer(done).data)


# --- change requests and baseline (Art. 19) -----------------------------------------------
class ChangeRequestsView(APIView):
    parser_classes = PARSERS

    @extend_schema(responses=ChangeRequestSerializer(many=True), summary="变更申请（第十九条）")
    def get(self, request: Request, pk: int) -> Response:
        project = construction_project(acting_user(request), pk)
        return Response(ChangeRequestSerializer(change_requests_of(project), many=True).data)

    @extend_schema(
        request=_both(ChangeRequestWriteSerializer),
        responses={201: ChangeRequestSerializer},
        summary="提交变更申请：建设内容、投资预算、进度计划（可组合）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = construction_project(user, pk)
        _owner_staff(project, user)
        body = _body(ChangeRequestWriteSerializer, request)
        change = services.change_request_submit(
            project=project,
            changes_scope=body.get("changes_scope", False),
            changes_budget=body.get("changes_budget", False),
            changes_schedule=body.get("changes_schedule", False),
            new_scope=body.get("new_scope"),
            new_line_amounts=body.get("new_line_amounts"),
            new_planned_completion=body.get("new_planned_completion"),
            new_milestone_dates=body.get("new_milestone_dates"),
            reason=body.get("reason"),
            document=body.get("document"),
            by=user,
        )
        return Response(ChangeRequestSerializer(change).data, status=status.HTTP_201_CREATED)


class ChangeRequestDetailView(APIView):
    @extend_schema(responses=ChangeRequestSerializer, summary="变更申请")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ChangeRequestSerializer(change_request_get(acting_user(request), pk)).data)


class ChangeRequestDecideView(APIView):
    @extend_schema(
        request=ChangeDecisionSerializer,
        responses=ChangeRequestSerializer,
        summary="大数据局领导审批变更申请（批准即生成新的基线版本）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        change = change_request_get(user, pk)
        _bdb_leader(change.project, user)
        body = _body(ChangeDecisionSerializer, request)
        done = services.change_request_decide(
            change_request=change, approve=body["approve"], reason=body.get("reason"), by=user
        )
        return Response(ChangeRequestSerializer(done).data)


class BaselineView(APIView):
    @extend_schema(
        responses=BaselineComparisonSerializer,
        summary="现行基线与原始基线对比及各版本（第十九条）",
    )
    def get(self, request: Request, pk: int) -> Response:
        project = construction_project(acting_user(request), pk)
        comparison = baseline_comparison(project)
        return Response(
            BaselineComparisonSerializer(
                {
                    "original": comparison.original,
                    "current": comparison.current,
                    "lines": comparison.lines,
                    "total_difference": comparison.total_difference,
                    "completion_shift_days": comparison.completion_shift_days,
                    "scope_changed": comparison.scope_changed,
                    "versions": comparison.versions,
                }
            ).data
        )
