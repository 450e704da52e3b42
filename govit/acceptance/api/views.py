"""Acceptance endpoints: parse the body, call one service, answer with the record.

Scope as on the pages: a project outside the caller's scope is a 404, a step their role may
not take a 403, bad input a 400 naming the field, and a rule refusal a 409 citing its article
(e.g. ``{"code": "rule_violation", "article": 33, "detail": "缺少密码应用安全性评估结果…"}``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.acceptance import services
from govit.acceptance.models import AcceptanceApplication
from govit.acceptance.permissions import (
    can_decide_acceptance,
    can_decide_extension,
    can_file,
)
from govit.acceptance.selectors import acceptance_overview, can_read_overdue, overdue_projects
from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.projects.models import Project
from govit.projects.rules import is_owner_staff
from govit.projects.selectors import project_get

from .serializers import (
    AcceptanceOverviewSerializer,
    ApplicationRequestSerializer,
    ApplicationSerializer,
    CompletionRequestSerializer,
    CompletionSerializer,
    CryptoResultRequestSerializer,
    CryptoResultSerializer,
    DecisionRequestSerializer,
    ExtensionApplyRequestSerializer,
    ExtensionDecideRequestSerializer,
    ExtensionSerializer,
    FilingRequestSerializer,
    FilingSerializer,
    MlpsResultRequestSerializer,
    MlpsResultSerializer,
    OverdueRowSerializer,
)


def _body(serializer_class: type[Any], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _report(body: dict[str, Any], name: str) -> dict[str, Any]:
    """Report ``name`` as the service takes it: the file, or (Art. 4) number and date."""
    return {
        name: body.get(name),
        f"{name}_number": body.get(f"{name}_number") or "",
        f"{name}_date": body.get(f"{name}_date"),
    }


class ProjectStep(APIView):
    """A step on one project of the caller's scope; ``allowed`` says who may take it."""

    def allowed(self, user: User, project: Project) -> bool:
        return True

    def project(self, request: Request, pk: int) -> tuple[User, Project]:
        user = acting_user(request)
        project = project_get(user, pk)
        if not self.allowed(user, project):
            raise PermissionDenied()
        return user, project


class OwnerStep(ProjectStep):
    def allowed(self, user: User, project: Project) -> bool:
        return is_owner_staff(user, project)


CLASSIFIED_NOTE = (
    "拟定涉密项目（保密局确认前或确认涉密后）不上传文件，改填 {fields}（文号、成文日期，"
    "第四条）；上传文件返回 409（article=4）。其他项目必须上传文件，填写文号和日期同样返回 409。"
)


class UploadStep(OwnerStep):
    parser_classes = [MultiPartParser, FormParser, JSONParser]


# --- the record ---------------------------------------------------------------------------
class OverviewView(ProjectStep):
    """项目竣工验收记录：凡能查看项目者均可读取。"""

    @extend_schema(
        responses=AcceptanceOverviewSerializer,
        summary="项目竣工验收记录（建设完成、截止日期、延期、各轮验收申请与测评结果、备案）",
    )
    def get(self, request: Request, pk: int) -> Response:
        _user, project = self.project(request, pk)
        overview = acceptance_overview(project, timezone.localdate())
        return Response(AcceptanceOverviewSerializer(overview).data)


class OverdueView(APIView):
    """逾期未申请验收的项目：大数据局、财政局、审计局，本行政区域。"""

    @extend_schema(
        responses=OverdueRowSerializer(many=True),
        summary="逾期未申请验收且未获延期的项目（大数据局、财政局、审计局，第二十三条）",
    )
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        if not can_read_overdue(user):
            raise PermissionDenied()
        rows = overdue_projects(user, timezone.localdate())
        return Response(OverdueRowSerializer(rows, many=True).data)


# --- completion and extensions ------------------------------------------------------------
class CompletionView(OwnerStep):
    """建设完成登记：建设单位经办人。"""

    @extend_schema(
        request=CompletionRequestSerializer,
        responses={201: CompletionSerializer},
        summary="登记建设完成（项目进入「建设完成」，计算验收申请截止日期，第二十三条）",
        description="截止日期 = 建设完成日期 + 政策包规定的月数（日历月，月末对齐："
        "2025-08-31 + 6 个月 = 2026-02-28）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = self.project(request, pk)
        body = _body(CompletionRequestSerializer, request)
        completion = services.completion_record(
            project=project, completed_on=body.get("completed_on"), by=user
        )
        return Response(CompletionSerializer(completion).data, status=status.HTTP_201_CREATED)


class ExtensionApplyView(OwnerStep):
    """延期申请：建设单位经办人。"""

    @extend_schema(
        request=ExtensionApplyRequestSerializer,
        responses={201: ExtensionSerializer},
        summary="申请延期验收（第二十三条）",
        description="申请延期至的日期须晚于当前截止日期，否则返回 400（field=requested_due_on）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = self.project(request, pk)
        body = _body(ExtensionApplyRequestSerializer, request)
        extension = services.extension_apply(
            project=project,
            requested_due_on=body.get("requested_due_on"),
            reasons=body.get("reasons"),
            by=user,
        )
        return Response(ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)


class ExtensionDecideView(ProjectStep):
    """延期审批：大数据局领导。"""

    def allowed(self, user: User, project: Project) -> bool:
        return can_decide_extension(user, project)

    @extend_schema(
        request=ExtensionDecideRequestSerializer,
        responses=ExtensionSerializer,
        summary="审批延期申请（大数据局领导，第二十三条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = self.project(request, pk)
        body = _body(ExtensionDecideRequestSerializer, request)
        extension = services.extension_decide(
            project=project,
            approve=body.get("approve"),
            approved_due_on=body.get("approved_due_on"),
            reason=body.get("reason"),
            by=user,
        )
        return Response(ExtensionSerializer(extension).data)


# --- the application and its results -------------------------------------------------------
def _application(application: AcceptanceApplication) -> Any:
    return ApplicationSerializer(application).data


class ApplyView(UploadStep):
    """验收申请：建设单位经办人，multipart/form-data 上传报告（拟定涉密项目填文号和日期）。"""

    @extend_schema(
        request={"multipart/form-data": ApplicationRequestSerializer},
        responses={201: ApplicationSerializer},
        summary="提交验收申请（验收报告、测试报告；不通过后重新申请即新一轮）",
        description=CLASSIFIED_NOTE.format(
            fields="acceptance_report_number、acceptance_report_date、test_report_number、"
            "test_report_date"
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = self.project(request, pk)
        body = _body(ApplicationRequestSerializer, request)
        application = services.acceptance_apply(
            project=project,
            notes=body.get("notes"),
            **_report(body, "acceptance_report"),
            **_report(body, "test_report"),
            by=user,
        )
        return Response(_application(application), status=status.HTTP_201_CREATED)


class MlpsResultView(UploadStep):
    """等级保护测评结果：建设单位经办人，补充到待验收的申请。"""

    @extend_schema(
        request={"multipart/form-data": MlpsResultRequestSerializer},
        responses={201: MlpsResultSerializer},
        summary="登记等级保护测评结果（第三十一、三十三条）",
        description=CLASSIFIED_NOTE.format(fields="report_number、report_date"),
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = self.project(request, pk)
        body = _body(MlpsResultRequestSerializer, request)
        result = services.mlps_result_add(
            project=project,
            level=body.get("level"),
            assessed_on=body.get("assessed_on"),
            conclusion=body.get("conclusion"),
            **_report(body, "report"),
            by=user,
        )
        return Response(MlpsResultSerializer(result).data, status=status.HTTP_201_CREATED)


class CryptoResultView(UploadStep):
    """密码应用安全性评估结果：建设单位经办人，补充到待验收的申请。"""

    @extend_schema(
        request={"multipart/form-data": CryptoResultRequestSerializer},
        responses={201: CryptoResultSerializer},
        summary="登记密码应用安全性评估结果（第三十二、三十三条）",
        description=CLASSIFIED_NOTE.format(fields="report_number、report_date"),
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = self.project(request, pk)
        body = _body(CryptoResultRequestSerializer, request)
        result = services.crypto_result_add(
            project=project,
            evaluated_on=body.get("evaluated_on"),
            conclusion=body.get("conclusion"),
            **_report(body, "report"),
            by=user,
        )
        return Response(CryptoResultSerializer(result).data, status=status.HTTP_201_CREATED)


# --- decision, filing ---------------------------------------------------------------------
class DecisionView(ProjectStep):
    """验收结论：大数据局经办人或领导。"""

    def allowed(self, user: User, project: Project) -> bool:
        return can_decide_acceptance(user, project)

    @extend_schema(
        request=DecisionRequestSerializer,
        responses=ApplicationSerializer,
        summary="办理验收：通过或不通过（第二十二、三十三条）",
        description="缺少等级保护测评结果或密码应用安全性评估结果、或结论为「不符合」时，"
        "通过验收返回 409（article=33）。不通过须填写理由和整改要求。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = self.project(request, pk)
        body = _body(DecisionRequestSerializer, request)
        application = services.acceptance_decide(
            project=project,
            passed=body.get("passed"),
            decided_on=body.get("decided_on"),
            opinion=body.get("opinion"),
            rectification=body.get("rectification"),
            by=user,
        )
        return Response(_application(application))


class FilingView(ProjectStep):
    """验收备案并投入运行：大数据局经办人。"""

    def allowed(self, user: User, project: Project) -> bool:
        return can_file(user, project)

    @extend_schema(
        request=FilingRequestSerializer,
        responses={201: FilingSerializer},
        summary="验收备案并投入运行（大数据局经办人，第二十三条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = self.project(request, pk)
        body = _body(FilingRequestSerializer, request)
        filing = services.filing_record(
            project=project,
            filing_number=body.get("filing_number"),
            filed_on=body.get("filed_on"),
            go_live_on=body.get("go_live_on"),
            by=user,
        )
        return Response(FilingSerializer(filing).data, status=status.HTTP_201_CREATED)
