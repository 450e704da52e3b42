"""Systems endpoints: parse the body, call one service, answer with the record.

Scope as on the pages: a project or system outside the caller's scope is a 404, a role that
may not read or act a 403, a rule refusal a 409 citing its article, bad input a 400 naming
the field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.applications.models import CatalogueEntry
from govit.systems import services
from govit.systems.models import InformationSystem, SharingInterface
from govit.systems.selectors import (
    can_inspect,
    can_maintain,
    can_manage_catalogue,
    catalogue_for,
    consistency_for,
    system_get,
    systems_for,
    systems_of,
    systems_project_get,
)

from .serializers import (
    ConsistencySerializer,
    CryptoCreateSerializer,
    CryptoSerializer,
    EntryDatabasesSerializer,
    EntrySystemSerializer,
    InspectionCreateSerializer,
    InspectionSerializer,
    InterfaceCreateSerializer,
    InterfaceSerializer,
    InterfaceStatusSerializer,
    MlpsCreateSerializer,
    MlpsSerializer,
    OmCreateSerializer,
    OmSerializer,
    SystemCatalogueEntrySerializer,
    SystemCreateSerializer,
    SystemFieldsSerializer,
    SystemSerializer,
)


def _body(serializer_class: type[Any], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _maintained(request: Request, pk: int) -> tuple[Any, InformationSystem]:
    user = acting_user(request)
    system = system_get(user, pk)
    if not can_maintain(user, system.project):
        raise PermissionDenied()
    return user, system


def _shown(system: InformationSystem) -> dict[str, Any]:
    fresh = systems_of(system.project).prefetch_related("interfaces").get(pk=system.pk)
    return dict(SystemSerializer(fresh).data)


class ProjectSystemsView(generics.ListCreateAPIView[InformationSystem]):
    """一个项目的信息系统 / a project's information systems."""

    serializer_class = SystemSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[InformationSystem]:
        project = systems_project_get(acting_user(self.request), self.kwargs["pk"])
        return systems_of(project).prefetch_related("interfaces")

    @extend_schema(summary="项目的信息系统（含共享情况，第二十六、二十九、三十条）")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=SystemCreateSerializer,
        responses={201: SystemSerializer},
        summary="登记信息系统（建设单位经办人，开工建设后，第二十六条）",
        description="运行中的系统须填写投入运行日期；迁移计划中或迁移中须填写迁移方式和迁移计划。"
        "运行中但未共享（未接入市共享交换平台或没有已启用的共享接口）的系统产生共享改造期限事项，"
        "并停止拨付建设资金和运维经费（第二十九、三十条）。",
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        project = systems_project_get(user, self.kwargs["pk"])
        if not can_maintain(user, project):
            raise PermissionDenied()
        body = _body(SystemCreateSerializer, request)
        name = body.pop("name", None)
        system = services.system_register(project=project, name=name, by=user, **body)
        return Response(_shown(system), status=status.HTTP_201_CREATED)


class SystemRegistryView(generics.ListAPIView[InformationSystem]):
    """信息系统台账：本单位或本行政区域的信息系统。"""

    serializer_class = SystemSerializer

    @extend_schema(
        summary="信息系统台账（建设单位：本单位；大数据局、审计局、密码管理部门：本行政区域）"
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[InformationSystem]:
        return systems_for(acting_user(self.request)).prefetch_related("interfaces")


class SystemDetailView(APIView):
    @extend_schema(responses=SystemSerializer, summary="信息系统")
    def get(self, request: Request, pk: int) -> Response:
        return Response(_shown(system_get(acting_user(request), pk)))

    @extend_schema(
        request=SystemFieldsSerializer,
        responses=SystemSerializer,
        summary="维护信息系统（状态、政务云与迁移、共享交换平台接入、等级保护；建设单位经办人）",
        description="须提交全部字段。已下线的系统不能恢复（第二十六条）。",
    )
    def put(self, request: Request, pk: int) -> Response:
        user, system = _maintained(request, pk)
        body = _body(SystemFieldsSerializer, request)
        return Response(_shown(services.system_update(system=system, by=user, **body)))


class InterfacesView(APIView):
    @extend_schema(
        request=InterfaceCreateSerializer,
        responses={201: InterfaceSerializer},
        summary="登记共享接口（建设单位经办人，第二十九条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, system = _maintained(request, pk)
        body = _body(InterfaceCreateSerializer, request)
        interface = services.interface_add(system=system, by=user, **body)
        return Response(InterfaceSerializer(interface).data, status=status.HTTP_201_CREATED)


class InterfaceStatusView(APIView):
    @extend_schema(
        request=InterfaceStatusSerializer,
        responses=InterfaceSerializer,
        summary="调整共享接口状态（建设单位经办人，第二十九条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        try:
            interface = SharingInterface.objects.get(pk=pk)
        except SharingInterface.DoesNotExist:
            raise Http404 from None
        system = system_get(user, interface.system_id)
        if not can_maintain(user, system.project):
            raise PermissionDenied()
        body = _body(InterfaceStatusSerializer, request)
        done = services.interface_set_status(
            interface=interface, status=body.get("status"), by=user
        )
        return Response(InterfaceSerializer(done).data)


class MlpsView(APIView):
    @extend_schema(
        request=MlpsCreateSerializer,
        responses={201: MlpsSerializer},
        summary="登记等级保护测评（建设单位经办人，第三十一条）",
        description="履行当期测评期限事项，并按政策包的测评周期（第三级 12 个月，第四级 6 个月）"
        "开立下一期。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, system = _maintained(request, pk)
        body = _body(MlpsCreateSerializer, request)
        done = services.mlps_record(system=system, by=user, **body)
        return Response(MlpsSerializer(done).data, status=status.HTTP_201_CREATED)


class CryptoView(APIView):
    @extend_schema(
        request=CryptoCreateSerializer,
        responses={201: CryptoSerializer},
        summary="登记密码应用安全性评估（建设单位经办人，第三十二条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, system = _maintained(request, pk)
        body = _body(CryptoCreateSerializer, request)
        done = services.crypto_record(system=system, by=user, **body)
        return Response(CryptoSerializer(done).data, status=status.HTTP_201_CREATED)


class InspectionView(APIView):
    @extend_schema(
        request=InspectionCreateSerializer,
        responses={201: InspectionSerializer},
        summary="登记密码应用指导或检查（密码管理部门，第四、三十二条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        system = system_get(user, pk)
        if not can_inspect(user, system.project):
            raise PermissionDenied()
        body = _body(InspectionCreateSerializer, request)
        done = services.inspection_record(system=system, by=user, **body)
        return Response(InspectionSerializer(done).data, status=status.HTTP_201_CREATED)


class OmView(APIView):
    @extend_schema(
        request=OmCreateSerializer,
        responses={201: OmSerializer},
        summary="年度运维备案（建设单位经办人，第三、十八条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, system = _maintained(request, pk)
        body = _body(OmCreateSerializer, request)
        done = services.om_file(system=system, by=user, **body)
        return Response(OmSerializer(done).data, status=status.HTTP_201_CREATED)


class CatalogueView(generics.ListAPIView[CatalogueEntry]):
    """全市政务信息资源目录（大数据局、审计局）。"""

    serializer_class = SystemCatalogueEntrySerializer

    @extend_schema(summary="政务信息资源目录（本行政区域全部项目，第二十七、二十八条）")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CatalogueEntry]:
        return catalogue_for(acting_user(self.request))


def _entry(request: Request, pk: int) -> CatalogueEntry:
    try:
        return CatalogueEntry.objects.select_related("project").get(pk=pk)
    except CatalogueEntry.DoesNotExist:
        raise Http404 from None


class EntrySystemView(APIView):
    @extend_schema(
        request=EntrySystemSerializer,
        responses=SystemCatalogueEntrySerializer,
        summary="将目录条目归入本项目的信息系统（建设单位经办人，第二十七条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        entry = _entry(request, pk)
        project = systems_project_get(user, entry.project_id)
        if not can_maintain(user, project):
            raise PermissionDenied()
        body = _body(EntrySystemSerializer, request)
        services.entry_assign_system(entry=entry, system=body.get("system"), by=user)
        return Response(SystemCatalogueEntrySerializer(catalogue_entry(entry.pk)).data)


class EntryDatabasesView(APIView):
    @extend_schema(
        request=EntryDatabasesSerializer,
        responses=SystemCatalogueEntrySerializer,
        summary="将目录条目归集到基础库和主题库（大数据局，第二十八条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        entry = catalogue_for(user).filter(pk=pk).first()
        if entry is None:
            raise Http404
        if not can_manage_catalogue(user, entry.project.jurisdiction_id):
            raise PermissionDenied()
        body = _body(EntryDatabasesSerializer, request)
        services.entry_assign_databases(entry=entry, databases=body.get("databases") or [], by=user)
        return Response(SystemCatalogueEntrySerializer(catalogue_entry(entry.pk)).data)


def catalogue_entry(pk: int) -> CatalogueEntry:
    return (
        CatalogueEntry.objects.select_related("system_link")
        .prefetch_related("system_link__databases")
        .get(pk=pk)
    )


class ConsistencyView(APIView):
    @extend_schema(
        responses=ConsistencySerializer,
        summary="目录与系统一致性检查（大数据局、审计局，第二十七至二十九条）",
        description="未归入信息系统的目录条目、没有目录条目的信息系统、有条件共享或不予共享但未写明"
        "条件的目录条目（均为 id 列表）。",
    )
    def get(self, request: Request) -> Response:
        check = consistency_for(acting_user(request))
        return Response(
            {
                "unlinked_entries": [e.pk for e in check.unlinked_entries],
                "systems_without_entries": [s.pk for s in check.systems_without_entries],
                "entries_missing_condition": [e.pk for e in check.entries_missing_condition],
            }
        )
