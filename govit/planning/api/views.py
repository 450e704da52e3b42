"""Plan endpoints, scoped like the pages: outside scope 404, a role that may not change 403,
a rule or state that forbids it 409 with the reason and article, bad input 400 naming the field."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from govit.accounts.auth import acting_user
from govit.accounts.roles import Role
from govit.core.decisions import Decision
from govit.core.errors import InvalidInput
from govit.core.workflow import Option, StateMachine
from govit.planning import services
from govit.planning.models import CityPlan, DepartmentPlan, PlanItem
from govit.planning.permissions import (
    is_city_plan_author,
    is_department_plan_author,
    may_draft_city_plans,
)
from govit.planning.selectors import (
    city_plans_for,
    department_plan_get,
    department_plans_for,
    plan_item_get,
    with_totals,
)
from govit.planning.workflow import CITY_PLAN_MACHINE, DEPARTMENT_PLAN_MACHINE

from .serializers import (
    CityPlanSerializer,
    DepartmentPlanDetailSerializer,
    DepartmentPlanSerializer,
    PlanItemSerializer,
    PlanItemWriteSerializer,
    PlanTransitionOptionSerializer,
    PlanTransitionRequestSerializer,
    PlanWriteSerializer,
)

PLAN_FIELDS = ("title", "start_year", "end_year", "summary")
ITEM_FIELDS = ("name", "category", "estimated_budget", "reason")


def _option_data(option: Option) -> dict[str, Any]:
    t, d = option.transition, option.decision
    return {
        "code": t.code,
        "label": t.label,
        "target": t.target,
        "allowed": d.allowed,
        "requires_reason": t.requires_reason,
        "reason": d.reason,
        "reason_en": d.reason_en,
        "article": d.article,
        "message": d.message,
    }


def _refuse_unless(decision: Decision | bool) -> None:
    if not decision:
        raise PermissionDenied()


def _merged(request: Request, serializer_class: type, current: dict[str, Any]) -> dict[str, Any]:
    """The body's fields over the current values (PATCH and PUT alike: absent keeps)."""
    body = serializer_class(data=request.data, partial=True)
    body.is_valid(raise_exception=True)
    return {**current, **body.validated_data}


class _TransitionsMixin:
    machine: StateMachine

    @extend_schema(
        responses=PlanTransitionOptionSerializer(many=True), summary="可办理的操作及不可办理的原因"
    )
    @action(detail=True, methods=["get"])
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        plan = cast(Any, self).get_object()  # the viewset's scoped lookup (404 outside scope)
        return Response([_option_data(o) for o in self.machine.options(plan, acting_user(request))])

    def _check_code(self, code: str) -> None:
        if code not in self.machine.transitions:
            raise NotFound()


class CityPlanViewSet(
    _TransitionsMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[CityPlan],
):
    """市政务信息化规划与年度指导计划（第五条）/ the city's plans (Art. 5)."""

    serializer_class = CityPlanSerializer
    machine = CITY_PLAN_MACHINE

    def get_queryset(self) -> QuerySet[CityPlan]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return CityPlan.objects.none()
        return city_plans_for(acting_user(self.request)).order_by("-start_year", "kind", "-id")

    @extend_schema(request=PlanWriteSerializer, responses={201: CityPlanSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        _refuse_unless(may_draft_city_plans(user))
        body = PlanWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {name: body.validated_data.get(name) for name in ("kind", *PLAN_FIELDS)}
        plan = services.city_plan_create(by=user, **data)
        return Response(CityPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanWriteSerializer, responses=CityPlanSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        plan = self.get_object()
        _refuse_unless(is_city_plan_author(user, plan))
        current = {name: getattr(plan, name) for name in PLAN_FIELDS}
        data = _merged(request, PlanWriteSerializer, current)
        data.pop("kind", None)
        if plan.is_annual and "end_year" not in request.data:
            data["end_year"] = None  # an annual plan's one year follows its start year
        plan = services.city_plan_update(plan=plan, by=user, **data)
        return Response(CityPlanSerializer(plan).data)

    @extend_schema(
        request=PlanTransitionRequestSerializer,
        responses=CityPlanSerializer,
        summary="执行操作（发布）",
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<code>[a-z_]+)")
    def run_transition(self, request: Request, pk: str | None = None, code: str = "") -> Response:
        plan = self.get_object()
        self._check_code(code)
        body = PlanTransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan = services.city_plan_transition(
            plan=plan,
            transition=code,
            by=acting_user(request),
            reason=body.validated_data["reason"],
        )
        return Response(CityPlanSerializer(plan).data)


class DepartmentPlanViewSet(
    _TransitionsMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[DepartmentPlan],
):
    """部门规划与年度建设计划（第六条）/ department plans and annual construction plans (Art. 6)."""

    machine = DEPARTMENT_PLAN_MACHINE

    def get_serializer_class(self) -> type:
        return DepartmentPlanSerializer if self.action == "list" else DepartmentPlanDetailSerializer

    def get_queryset(self) -> QuerySet[DepartmentPlan]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return DepartmentPlan.objects.none()
        plans = with_totals(department_plans_for(acting_user(self.request)))
        if self.action == "list":
            state = self.request.query_params.get("state", "")
            if state:
                if state not in DEPARTMENT_PLAN_MACHINE.states:
                    raise InvalidInput(
                        "状态无效", message_en=f"Unknown state {state!r}", field="state"
                    )
                plans = plans.filter(state=state)
        return plans.order_by("-start_year", "organisation__code", "kind", "-id")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "state", str, enum=list(DEPARTMENT_PLAN_MACHINE.states), description="按状态筛选"
            )
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PlanWriteSerializer, responses={201: DepartmentPlanDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        _refuse_unless(user.has_role(Role.UNIT_STAFF))
        body = PlanWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {name: body.validated_data.get(name) for name in ("kind", *PLAN_FIELDS)}
        plan = services.department_plan_create(by=user, **data)
        return Response(DepartmentPlanDetailSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanWriteSerializer, responses=DepartmentPlanDetailSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        plan = self.get_object()
        _refuse_unless(is_department_plan_author(user, plan))
        current = {name: getattr(plan, name) for name in PLAN_FIELDS}
        data = _merged(request, PlanWriteSerializer, current)
        data.pop("kind", None)
        if plan.is_annual and "end_year" not in request.data:
            data["end_year"] = None  # an annual plan's one year follows its start year
        plan = services.department_plan_update(plan=plan, by=user, **data)
        return Response(DepartmentPlanDetailSerializer(plan).data)

    @extend_schema(
        request=PlanTransitionRequestSerializer,
        responses=DepartmentPlanDetailSerializer,
        summary="执行操作（报送、批准、退回）",
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<code>[a-z_]+)")
    def run_transition(self, request: Request, pk: str | None = None, code: str = "") -> Response:
        plan = self.get_object()
        self._check_code(code)
        body = PlanTransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan = services.department_plan_transition(
            plan=plan,
            transition=code,
            by=acting_user(request),
            reason=body.validated_data["reason"],
        )
        return Response(DepartmentPlanDetailSerializer(plan).data)


class PlanItemViewSet(viewsets.ViewSet):
    """计划项目（草稿或退回修改时可增删改）/ plan items, changeable while draft or returned."""

    def _plan(self, request: Request, plan_pk: int) -> DepartmentPlan:
        return department_plan_get(acting_user(request), plan_pk)

    def _item(self, request: Request, plan_pk: int, pk: int) -> PlanItem:
        return plan_item_get(acting_user(request), plan_pk, pk)

    def _authorise(self, request: Request, plan: DepartmentPlan) -> None:
        _refuse_unless(is_department_plan_author(acting_user(request), plan))

    @extend_schema(responses=PlanItemSerializer(many=True))
    def list(self, request: Request, plan_pk: int) -> Response:
        plan = self._plan(request, plan_pk)
        return Response(PlanItemSerializer(plan.items.order_by("id"), many=True).data)

    @extend_schema(request=PlanItemWriteSerializer, responses={201: PlanItemSerializer})
    def create(self, request: Request, plan_pk: int) -> Response:
        plan = self._plan(request, plan_pk)
        self._authorise(request, plan)
        body = PlanItemWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {name: body.validated_data.get(name) for name in ITEM_FIELDS}
        item = services.plan_item_add(plan=plan, by=acting_user(request), **data)
        return Response(PlanItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PlanItemSerializer)
    def retrieve(self, request: Request, plan_pk: int, pk: int) -> Response:
        return Response(PlanItemSerializer(self._item(request, plan_pk, pk)).data)

    @extend_schema(request=PlanItemWriteSerializer, responses=PlanItemSerializer)
    def partial_update(self, request: Request, plan_pk: int, pk: int) -> Response:
        item = self._item(request, plan_pk, pk)
        self._authorise(request, item.plan)
        current = {name: getattr(item, name) for name in ITEM_FIELDS}
        data = _merged(request, PlanItemWriteSerializer, current)
        item = services.plan_item_update(item=item, by=acting_user(request), **data)
        return Response(PlanItemSerializer(item).data)

    @extend_schema(request=PlanItemWriteSerializer, responses=PlanItemSerializer)
    def update(self, request: Request, plan_pk: int, pk: int) -> Response:
        return self.partial_update(request, plan_pk, pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, plan_pk: int, pk: int) -> Response:
        item = self._item(request, plan_pk, pk)
        self._authorise(request, item.plan)
        services.plan_item_remove(item=item, by=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
