"""Official document endpoints: a project's documents, issuing one, downloading its files.

Scope as on the pages: a project or document outside the caller's scope is a 404, a role that
may not issue a 403, a rule refusal (classified candidate, source not ready) a 409 citing its
article, bad input a 400 naming the field.
"""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.core.errors import RuleViolation
from govit.officialdocs import services
from govit.officialdocs.downloads import document_file_response
from govit.officialdocs.permissions import is_issuer_role
from govit.officialdocs.selectors import document_get, documents_of, overview
from govit.projects.selectors import project_get

from .serializers import IssuableSerializer, IssueRequestSerializer, OfficialDocumentSerializer


class ProjectDocumentsView(APIView):
    @extend_schema(
        responses=OfficialDocumentSerializer(many=True),
        summary="项目的公文（审核意见书、备案回执、整改通知书），每个版本一行",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        return Response(OfficialDocumentSerializer(documents_of(project), many=True).data)

    @extend_schema(
        request=IssueRequestSerializer,
        responses={201: OfficialDocumentSerializer},
        summary="生成公文的下一版本（本行政区域大数据局经办人或领导）",
        description="生成 Word（.docx）和 PDF 两个文件，按 GB/T 9704-2012 排版，保存并记录 SM3 "
        "摘要；再次生成写入下一版本，旧版本保留，文号和成文日期不变。拟定涉密项目（第四条）、"
        "尚未签发的审核意见、尚未备案的合同返回 409；kind 与 source 不符返回 400。"
        "可生成的来源见 GET …/official-documents/issuable/。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        if not is_issuer_role(user):
            raise PermissionDenied()
        body = IssueRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = services.official_document_issue(
            kind=body.validated_data.get("kind", ""),
            source=body.validated_data.get("source", ""),
            project=project,
            by=user,
        )
        return Response(OfficialDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class IssuableView(APIView):
    @extend_schema(
        responses=IssuableSerializer(many=True),
        summary="现在可以生成的公文及其来源（大数据局经办人或领导）",
        description="拟定涉密项目返回 409 及原因（第四条）。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        if not is_issuer_role(user):
            raise PermissionDenied()
        found = overview(project, user)
        if found.decision is not None and not found.decision.allowed:
            raise RuleViolation(found.decision)
        return Response(IssuableSerializer(found.issuable, many=True).data)


class DownloadView(APIView):
    @extend_schema(
        summary="下载公文文件（docx 或 pdf；下载前核对 SM3 摘要）",
        parameters=[
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["docx", "pdf"]),
        ],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request: Request, pk: int, fmt: str) -> FileResponse:
        document = document_get(acting_user(request), pk)
        return document_file_response(document, fmt)
