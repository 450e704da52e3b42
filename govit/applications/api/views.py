"""The dossier over the API: /api/v1/projects/{project_pk}/….

Every view reaches the project through ``project_get`` (outside scope: 404) and writes through
the same services as the pages; a refusal comes out as JSON naming the field
(``{"code": "invalid", "detail": …, "field": "amount"}``) or citing the rule
(``{"code": "rule_violation", "article": 4, …}``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, ClassVar

from django.db import models
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.projects.models import Project
from govit.projects.rules import dossier_editable
from govit.projects.selectors import project_get

from .. import files, selectors, services
from ..models import (
    BudgetLine,
    CatalogueEntry,
    CoBuilder,
    CountyParticipant,
    Document,
    Indicator,
    ProductItem,
)
from ..rules import SUBMISSION_CHECKS, submission_readiness
from .serializers import (
    BudgetLineInputSerializer,
    BudgetLineSerializer,
    CatalogueEntryInputSerializer,
    CatalogueEntrySerializer,
    CoBuilderInputSerializer,
    CoBuilderSerializer,
    CountyParticipantInputSerializer,
    CountyParticipantSerializer,
    DocumentMetadataSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    DossierSummarySerializer,
    IndicatorInputSerializer,
    IndicatorSerializer,
    PreEvaluationInputSerializer,
    PreEvaluationSerializer,
    ProductItemInputSerializer,
    ProductItemSerializer,
    SecurityProfileInputSerializer,
    SecurityProfileSerializer,
)

PROJECT_PK = OpenApiParameter("project_pk", int, OpenApiParameter.PATH, description="项目 id")


class ProjectScoped(APIView):
    """The project of the URL, within the caller's scope (else 404)."""

    @property
    def user(self) -> User:
        return acting_user(self.request)

    @cached_property
    def project(self) -> Project:
        return project_get(self.user, self.kwargs["project_pk"])


def _crud_schema(
    output: type[serializers.Serializer[Any]], body: type[serializers.Serializer[Any]], noun: str
) -> Callable[[type], type]:
    return extend_schema_view(
        list=extend_schema(summary=f"{noun}列表", responses=output(many=True)),
        retrieve=extend_schema(summary=noun, responses=output),
        create=extend_schema(summary=f"添加{noun}", request=body, responses={201: output}),
        update=extend_schema(summary=f"修改{noun}", request=body, responses=output),
        partial_update=extend_schema(
            summary=f"修改{noun}（部分字段）", request=body, responses=output
        ),
        destroy=extend_schema(summary=f"删除{noun}", responses={204: None}),
    )


@extend_schema(parameters=[PROJECT_PK])
class DossierRowViewSet(ProjectScoped, viewsets.GenericViewSet[Any]):
    """List / create / retrieve / update / delete rows of one part of the dossier.

    Subclasses name the output and input serializers, the fields the services take, and how
    to list, fetch, create, update and delete a row.
    """

    lookup_value_regex = r"[0-9]+"
    input_serializer: ClassVar[type[serializers.Serializer[Any]]]
    fields: ClassVar[tuple[str, ...]]

    def rows(self, project: Project) -> models.QuerySet[Any]:
        raise NotImplementedError

    def row(self, project: Project, pk: Any) -> Any:
        raise NotImplementedError

    def current(self, row: Any) -> dict[str, Any]:
        return {name: getattr(row, name) for name in self.fields}

    def create_row(self, project: Project, user: User, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update_row(self, row: Any, user: User, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def delete_row(self, row: Any, user: User) -> None:
        raise NotImplementedError

    def _values(self, request: Request, base: dict[str, Any] | None = None) -> dict[str, Any]:
        body = self.input_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        given = body.validated_data
        return {name: given.get(name, (base or {}).get(name)) for name in self.fields}

    def list(self, request: Request, project_pk: str) -> Response:
        queryset = self.rows(self.project)
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page if page is not None else queryset, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def retrieve(self, request: Request, project_pk: str, pk: str) -> Response:
        return Response(self.get_serializer(self.row(self.project, pk)).data)

    def create(self, request: Request, project_pk: str) -> Response:
        created = self.create_row(self.project, self.user, self._values(request))
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, project_pk: str, pk: str) -> Response:
        row = self.row(self.project, pk)
        updated = self.update_row(row, self.user, self._values(request))
        return Response(self.get_serializer(updated).data)

    def partial_update(self, request: Request, project_pk: str, pk: str) -> Response:
        row = self.row(self.project, pk)
        updated = self.update_row(row, self.user, self._values(request, self.current(row)))
        return Response(self.get_serializer(updated).data)

    def destroy(self, request: Request, project_pk: str, pk: str) -> Response:
        self.delete_row(self.row(self.project, pk), self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- documents --------------------------------------------------------------------------------
@extend_schema(parameters=[PROJECT_PK])
class DocumentViewSet(ProjectScoped, viewsets.GenericViewSet[Document]):
    """申报材料（建设方案等），每次上传为新版本，从不覆盖或删除 / dossier documents, versioned."""

    serializer_class = DocumentSerializer
    queryset = Document.objects.none()  # for the schema; the project scopes the rows
    lookup_value_regex = r"[0-9]+"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(summary="材料列表（含各版本）", responses=DocumentSerializer(many=True))
    def list(self, request: Request, project_pk: str) -> Response:
        queryset = selectors.documents_of(self.project)
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page if page is not None else queryset, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    @extend_schema(summary="材料（一个版本）", responses=DocumentSerializer)
    def retrieve(self, request: Request, project_pk: str, pk: str) -> Response:
        return Response(self.get_serializer(selectors.document_get(self.project, pk)).data)

    @extend_schema(
        summary="上传材料（multipart/form-data；类型按内容识别，须与扩展名一致）",
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
    )
    def create(self, request: Request, project_pk: str) -> Response:
        body = DocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = services.document_upload(
            project=self.project,
            kind=body.validated_data.get("kind"),
            title=body.validated_data.get("title"),
            file=body.validated_data.get("file"),
            by=self.user,
        )
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="登记材料元数据（拟定涉密项目：文号、日期、标题，第四条）",
        request=DocumentMetadataSerializer,
        responses={201: DocumentSerializer},
    )
    @action(detail=False, methods=["post"])
    def metadata(self, request: Request, project_pk: str) -> Response:
        body = DocumentMetadataSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = services.document_metadata_add(
            project=self.project,
            kind=body.validated_data.get("kind"),
            title=body.validated_data.get("title"),
            document_number=body.validated_data.get("document_number"),
            document_date=body.validated_data.get("document_date"),
            by=self.user,
        )
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="下载材料文件",
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, project_pk: str, pk: str) -> FileResponse:
        document = selectors.document_get(self.project, pk)
        if not document.has_content:
            raise Http404("该材料只登记了元数据")
        try:
            stream = files.open_stored(document.storage_path)
        except FileNotFoundError:
            raise Http404("文件不存在") from None
        response = FileResponse(
            stream,
            as_attachment=True,
            filename=document.original_filename,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --- budget -----------------------------------------------------------------------------------
@_crud_schema(BudgetLineSerializer, BudgetLineInputSerializer, "投资预算明细")
class BudgetLineViewSet(DossierRowViewSet):
    """投资预算明细：金额 = 数量 × 单价；申请金额 = 明细合计 / budget lines."""

    serializer_class = BudgetLineSerializer
    queryset = BudgetLine.objects.none()
    input_serializer = BudgetLineInputSerializer
    fields = ("category", "name", "quantity", "unit", "unit_price", "amount")

    def current(self, row: Any) -> dict[str, Any]:
        values = super().current(row)
        values["amount"] = None  # recomputed from the (possibly new) quantity and price
        return values

    def rows(self, project: Project) -> models.QuerySet[Any]:
        return selectors.budget_lines_of(project)

    def row(self, project: Project, pk: Any) -> Any:
        return selectors.budget_line_get(project, pk)

    def create_row(self, project: Project, user: User, values: dict[str, Any]) -> Any:
        return services.budget_line_add(project=project, by=user, **values)

    def update_row(self, row: Any, user: User, values: dict[str, Any]) -> Any:
        return services.budget_line_update(line=row, by=user, **values)

    def delete_row(self, row: Any, user: User) -> None:
        services.budget_line_delete(line=row, by=user)


# --- pre-evaluation ---------------------------------------------------------------------------
@extend_schema(parameters=[PROJECT_PK])
class PreEvaluationView(ProjectScoped):
    """事前绩效评估（第八条）/ pre-performance evaluation (Art. 8)."""

    @extend_schema(summary="事前绩效评估", responses=PreEvaluationSerializer)
    def get(self, request: Request, project_pk: str) -> Response:
        evaluation = selectors.pre_evaluation_of(self.project)
        if evaluation is None:  # nothing written yet: the empty evaluation
            return Response(
                {
                    "goals": "",
                    "conclusion": "",
                    "indicators": [],
                    "completed": False,
                    "completed_at": None,
                }
            )
        return Response(PreEvaluationSerializer(evaluation).data)

    @extend_schema(
        summary="保存绩效目标与评估结论（修改后须重新完成）",
        request=PreEvaluationInputSerializer,
        responses=PreEvaluationSerializer,
    )
    def put(self, request: Request, project_pk: str) -> Response:
        body = PreEvaluationInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evaluation = services.pre_evaluation_save(
            project=self.project,
            goals=body.validated_data.get("goals") or "",
            conclusion=body.validated_data.get("conclusion") or "",
            by=self.user,
        )
        return Response(PreEvaluationSerializer(evaluation).data)


@extend_schema(parameters=[PROJECT_PK])
class PreEvaluationCompleteView(ProjectScoped):
    @extend_schema(
        summary="完成事前绩效评估（须有目标、结论及至少一项指标）",
        request=None,
        responses=PreEvaluationSerializer,
    )
    def post(self, request: Request, project_pk: str) -> Response:
        evaluation = services.pre_evaluation_complete(project=self.project, by=self.user)
        return Response(PreEvaluationSerializer(evaluation).data)


@_crud_schema(IndicatorSerializer, IndicatorInputSerializer, "绩效指标")
class IndicatorViewSet(DossierRowViewSet):
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()
    input_serializer = IndicatorInputSerializer
    fields = ("name", "target_value", "unit")

    def rows(self, project: Project) -> models.QuerySet[Any]:
        return Indicator.objects.filter(pre_evaluation__project=project).order_by("id")

    def row(self, project: Project, pk: Any) -> Any:
        return selectors.indicator_get(project, pk)

    def create_row(self, project: Project, user: User, values: dict[str, Any]) -> Any:
        return services.indicator_add(project=project, by=user, **values)

    def update_row(self, row: Any, user: User, values: dict[str, Any]) -> Any:
        return services.indicator_update(indicator=row, by=user, **values)

    def delete_row(self, row: Any, user: User) -> None:
        services.indicator_delete(indicator=row, by=user)


# --- catalogue --------------------------------------------------------------------------------
@_crud_schema(CatalogueEntrySerializer, CatalogueEntryInputSerializer, "政务信息资源目录条目")
class CatalogueEntryViewSet(DossierRowViewSet):
    """政务信息资源目录（第二十七条）/ information resource catalogue (Art. 27)."""

    serializer_class = CatalogueEntrySerializer
    queryset = CatalogueEntry.objects.none()
    input_serializer = CatalogueEntryInputSerializer
    fields = services.CATALOGUE_FIELDS

    def rows(self, project: Project) -> models.QuerySet[Any]:
        return selectors.catalogue_of(project)

    def row(self, project: Project, pk: Any) -> Any:
        return selectors.catalogue_entry_get(project, pk)

    def create_row(self, project: Project, user: User, values: dict[str, Any]) -> Any:
        return services.catalogue_entry_add(project=project, by=user, **values)

    def update_row(self, row: Any, user: User, values: dict[str, Any]) -> Any:
        return services.catalogue_entry_update(entry=row, by=user, **values)

    def delete_row(self, row: Any, user: User) -> None:
        services.catalogue_entry_delete(entry=row, by=user)


# --- security ---------------------------------------------------------------------------------
@extend_schema(parameters=[PROJECT_PK])
class SecurityProfileView(ProjectScoped):
    """安全保护方案（第三十一至三十三条）/ security profile (Art. 31–33)."""

    @extend_schema(summary="安全保护方案", responses=SecurityProfileSerializer)
    def get(self, request: Request, project_pk: str) -> Response:
        profile = selectors.security_profile_of(self.project)
        if profile is None:  # nothing written yet: the empty profile
            return Response(
                {
                    "mlps_level": None,
                    "mlps_level_label": None,
                    "crypto_plan": "",
                    "crypto_planned": False,
                    "crypto_built": False,
                    "crypto_run": False,
                    "products": [],
                }
            )
        return Response(SecurityProfileSerializer(profile).data)

    @extend_schema(
        summary="保存等级保护级别与密码应用方案（三同步）",
        request=SecurityProfileInputSerializer,
        responses=SecurityProfileSerializer,
    )
    def put(self, request: Request, project_pk: str) -> Response:
        body = SecurityProfileInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        profile = services.security_profile_save(
            project=self.project,
            mlps_level=data.get("mlps_level"),
            crypto_plan=data.get("crypto_plan") or "",
            crypto_planned=data["crypto_planned"],
            crypto_built=data["crypto_built"],
            crypto_run=data["crypto_run"],
            by=self.user,
        )
        return Response(SecurityProfileSerializer(profile).data)


@_crud_schema(ProductItemSerializer, ProductItemInputSerializer, "关键软硬件产品")
class ProductItemViewSet(DossierRowViewSet):
    serializer_class = ProductItemSerializer
    queryset = ProductItem.objects.none()
    input_serializer = ProductItemInputSerializer
    fields = ("name", "kind", "vendor", "origin", "controllability")

    def rows(self, project: Project) -> models.QuerySet[Any]:
        return ProductItem.objects.filter(profile__project=project).order_by("id")

    def row(self, project: Project, pk: Any) -> Any:
        return selectors.product_item_get(project, pk)

    def create_row(self, project: Project, user: User, values: dict[str, Any]) -> Any:
        return services.product_item_add(project=project, by=user, **values)

    def update_row(self, row: Any, user: User, values: dict[str, Any]) -> Any:
        return services.product_item_update(product=row, by=user, **values)

    def delete_row(self, row: Any, user: User) -> None:
        services.product_item_delete(product=row, by=user)


# --- co-builders ------------------------------------------------------------------------------
@_crud_schema(CoBuilderSerializer, CoBuilderInputSerializer, "共建部门")
class CoBuilderViewSet(DossierRowViewSet):
    """共建部门（第九条、第十七条）：牵头部门添加，共建部门在系统中确认 / co-builders."""

    serializer_class = CoBuilderSerializer
    queryset = CoBuilder.objects.none()
    input_serializer = CoBuilderInputSerializer
    fields = ("organisation", "scope", "duties", "sharing_needs")

    def rows(self, project: Project) -> models.QuerySet[Any]:
        return selectors.cobuilders_of(project)

    def row(self, project: Project, pk: Any) -> Any:
        return selectors.cobuilder_get(project, pk)

    def create_row(self, project: Project, user: User, values: dict[str, Any]) -> Any:
        return services.cobuilder_add(project=project, by=user, **values)

    def update_row(self, row: Any, user: User, values: dict[str, Any]) -> Any:
        values.pop("organisation", None)  # the organisation of a co-builder does not change
        return services.cobuilder_update(cobuilder=row, by=user, **values)

    def delete_row(self, row: Any, user: User) -> None:
        services.cobuilder_delete(cobuilder=row, by=user)

    @extend_schema(
        summary="共建部门确认（共建部门的经办人或负责人）",
        request=None,
        responses=CoBuilderSerializer,
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, project_pk: str, pk: str) -> Response:
        cobuilder = services.cobuilder_confirm(cobuilder=self.row(self.project, pk), by=self.user)
        return Response(self.get_serializer(cobuilder).data)


# --- county participants ----------------------------------------------------------------------
@_crud_schema(CountyParticipantSerializer, CountyParticipantInputSerializer, "参与县区")
class CountyParticipantViewSet(DossierRowViewSet):
    """参与县区（第二十五条）/ county participants (Art. 25)."""

    serializer_class = CountyParticipantSerializer
    queryset = CountyParticipant.objects.none()
    input_serializer = CountyParticipantInputSerializer
    fields = ("jurisdiction", "content", "construction_share_pct", "om_share_pct")

    def rows(self, project: Project) -> models.QuerySet[Any]:
        return selectors.county_participants_of(project)

    def row(self, project: Project, pk: Any) -> Any:
        return selectors.county_participant_get(project, pk)

    def create_row(self, project: Project, user: User, values: dict[str, Any]) -> Any:
        return services.county_participant_add(project=project, by=user, **values)

    def update_row(self, row: Any, user: User, values: dict[str, Any]) -> Any:
        return services.county_participant_update(participant=row, by=user, **values)

    def delete_row(self, row: Any, user: User) -> None:
        services.county_participant_delete(participant=row, by=user)


# --- summary ----------------------------------------------------------------------------------
@extend_schema(parameters=[PROJECT_PK])
class DossierSummaryView(ProjectScoped):
    @extend_schema(
        summary="申报材料概况：申请金额、分类合计、提交前检查（各项规则及条款）",
        responses=DossierSummarySerializer,
    )
    def get(self, request: Request, project_pk: str) -> Response:
        project = self.project
        totals, _ = selectors.budget_totals(project)
        checks = {check.code: check for check in SUBMISSION_CHECKS}
        readiness = [
            {"code": code, "label": checks[code].label, **decision.as_dict()}
            for code, decision in submission_readiness(project)
        ]
        return Response(
            DossierSummarySerializer(
                {
                    "project": project.pk,
                    "requested_amount": project.requested_amount,
                    "budget_totals": [
                        {"category": t.code, "label": t.label, "amount": t.amount} for t in totals
                    ],
                    "editable": bool(dossier_editable(project, self.user)),
                    "readiness": readiness,
                }
            ).data
        )
