"""Working-day arithmetic and policy packs over the API.  Readable by every signed-in user."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.core.errors import InvalidInput
from govit.core.inputs import parse_iso_date
from govit.policy.calendar import (
    MAX_WORKING_DAYS,
    WorkdayAnswer,
    WorkdayCount,
    add_working_days,
    working_days_between,
)
from govit.policy.models import PolicyPack
from govit.policy.packs import pack_in_force, packs_with_rules

from .serializers import PolicyPackSerializer, WorkdayAddSerializer, WorkdayBetweenSerializer


def _date_param(request: Request, name: str) -> date:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        raise InvalidInput(
            f"缺少参数 {name}（YYYY-MM-DD）", message_en=f"Missing parameter {name}", field=name
        )
    try:
        return parse_iso_date(raw)
    except ValueError:
        raise InvalidInput(
            f"参数 {name} 应为 YYYY-MM-DD 格式的日期",
            message_en=f"Parameter {name} must be a date in YYYY-MM-DD format",
            field=name,
        ) from None


def _int_param(request: Request, name: str) -> int:
    raw = (request.query_params.get(name) or "").strip()
    digits = raw.removeprefix("-")
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 9):
        raise InvalidInput(
            f"参数 {name} 应为 0 至 {MAX_WORKING_DAYS} 之间的整数",
            message_en=f"Parameter {name} must be an integer between 0 and {MAX_WORKING_DAYS}",
            field=name,
        )
    return int(raw)


def _provisional(answer: WorkdayAnswer | WorkdayCount) -> dict[str, Any]:
    return {
        "provisional": answer.provisional,
        "provisional_years": list(answer.provisional_years),
        "note": answer.note or None,
        "note_en": answer.note_en or None,
    }


DATE = OpenApiTypes.DATE


class WorkdaysAddView(APIView):
    @extend_schema(
        summary="起始日之后第 n 个工作日 / the Nth working day after a date (Art. 16)",
        parameters=[
            OpenApiParameter(
                "date", DATE, required=True, description="起始日（如合同签订日），当天不计"
            ),
            OpenApiParameter(
                "n", int, required=True, description=f"工作日数，0–{MAX_WORKING_DAYS}"
            ),
        ],
        responses=WorkdayAddSerializer,
    )
    def get(self, request: Request) -> Response:
        start, n = _date_param(request, "date"), _int_param(request, "n")
        answer = add_working_days(start, n)
        return Response(
            {
                "start": start,
                "n": n,
                "date": answer.date,
                "weekday": answer.weekday,
                **_provisional(answer),
            }
        )


class WorkdaysBetweenView(APIView):
    @extend_schema(
        summary="两个日期之间的工作日数 / working days between two dates",
        description="计 (start, end] 区间：start 当天不计，end 当天计入；end 早于 start 时为负数。",
        parameters=[
            OpenApiParameter("start", DATE, required=True),
            OpenApiParameter("end", DATE, required=True),
        ],
        responses=WorkdayBetweenSerializer,
    )
    def get(self, request: Request) -> Response:
        start, end = _date_param(request, "start"), _date_param(request, "end")
        answer = working_days_between(start, end)
        return Response({"start": start, "end": end, "count": answer.count, **_provisional(answer)})


_PACK_FILTERS = [
    OpenApiParameter("jurisdiction", str, description="行政区划代码，如 371700"),
    OpenApiParameter(
        "on",
        DATE,
        description="生效日期：与 jurisdiction 同时给出时返回当日生效的政策包（县区无自有政策包时为上级的，第三十九条）",
    ),
]


@extend_schema(summary="政策包及其参数 / policy packs with their rules")
class PolicyPackViewSet(viewsets.ReadOnlyModelViewSet[PolicyPack]):
    """政策包（按行政区域和有效期）/ policy packs per jurisdiction and period."""

    serializer_class = PolicyPackSerializer

    def get_queryset(self) -> QuerySet[PolicyPack]:
        packs = packs_with_rules().order_by("jurisdiction__code", "effective_from")
        if self.action != "list":
            return packs
        params = self.request.query_params
        code, on_text = params.get("jurisdiction"), params.get("on")
        on = _date_param(self.request, "on") if on_text is not None else None
        if code and on:
            return packs.filter(pk=pack_in_force(code, on).pk)
        if code:
            packs = packs.filter(jurisdiction__code=code)
        if on:
            packs = packs.in_force_on(on)
        return packs

    @extend_schema(parameters=_PACK_FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)
