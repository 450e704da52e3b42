from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from govit.accounts.auth import acting_user
from govit.audit.selectors import can_read_history, history_of
from govit.projects import services
from govit.projects.models import Project
from govit.projects.selectors import projects_for
from govit.projects.workflow import PROJECT_MACHINE

from .serializers import (
    EventSerializer,
    ProjectCreateSerializer,
    ProjectSerializer,
    TransitionOptionSerializer,
    TransitionRequestSerializer,
)


def _option_data(option: Any) -> dict[str, Any]:
    t, d = option.transition, option.decision
    return {
        "code": t.code,
        "label": t.label,
        "target": t.target,
        "allowed": d.allowed,
        "requires_reason": t.requires_reason,
        # True: run it through its own endpoint with its data (see the stage app's API).
        "dedicated": bool(t.via),
        "reason": d.reason,
        "reason_en": d.reason_en,
        "article": d.article,
        "message": d.message,
    }


class ProjectViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Project]):
    """项目（按当前用户的组织与角色限定范围）/ projects within the caller's scope."""

    serializer_class = ProjectSerializer
    queryset = (
        Project.objects.none()
    )  # for the schema only (path parameter types); get_queryset scopes

    def get_queryset(self) -> QuerySet[Project]:
        return projects_for(acting_user(self.request)).order_by("-updated_at", "-id")

    @extend_schema(request=ProjectCreateSerializer, responses={201: ProjectSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ProjectCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_create(by=acting_user(request), **data.validated_data)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses=TransitionOptionSerializer(many=True), summary="可办理的操作及不可办理的原因"
    )
    @action(detail=True, methods=["get"])
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        project = self.get_object()
        return Response(
            [_option_data(o) for o in PROJECT_MACHINE.options(project, acting_user(request))]
        )

    @extend_schema(
        request=TransitionRequestSerializer, responses=ProjectSerializer, summary="执行操作"
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<code>[a-z_]+)")
    def run_transition(self, request: Request, pk: str | None = None, code: str = "") -> Response:
        project = self.get_object()
        if code not in PROJECT_MACHINE.transitions:
            raise NotFound()
        body = TransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        project = services.project_transition(
            project=project,
            transition=code,
            by=acting_user(request),
            reason=body.validated_data["reason"],
        )
        return Response(ProjectSerializer(project).data)

    @extend_schema(responses=EventSerializer(many=True), summary="历史记录（审计局、大数据局）")
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        project = self.get_object()
        if not can_read_history(acting_user(request)):
            raise PermissionDenied()
        return Response(
            EventSerializer(history_of(project, user=acting_user(request)), many=True).data
        )
