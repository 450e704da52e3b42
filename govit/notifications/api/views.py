"""Notification endpoints: the caller's own inbox; another user's notification is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.core.errors import InvalidInput
from govit.notifications import services
from govit.notifications.models import Notification
from govit.notifications.selectors import notification_get, notifications_for, unread_count

from .serializers import NotificationSerializer, ReadAllSerializer

_FLAGS = {"true": True, "1": True, "false": False, "0": False}


@extend_schema_view(
    get=extend_schema(
        summary="我的通知（未读在前）",
        parameters=[
            OpenApiParameter(
                "unread",
                OpenApiTypes.BOOL,
                description="true 只列未读，false 只列已读；不填列全部",
            )
        ],
    )
)
class NotificationListView(generics.ListAPIView[Notification]):
    """当前用户的站内通知；只能看到本人的通知。"""

    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        queryset = notifications_for(acting_user(self.request))
        raw = self.request.query_params.get("unread")
        if raw is None or raw == "":
            return queryset
        flag = _FLAGS.get(raw.strip().lower())
        if flag is None:
            raise InvalidInput(
                "参数 unread 只能是 true 或 false",
                message_en="unread must be true or false",
                field="unread",
            )
        return queryset.filter(read_at__isnull=flag)


class NotificationReadView(APIView):
    @extend_schema(
        request=None,
        responses=NotificationSerializer,
        summary="将一条通知标记为已读",
        description="只能标记本人的通知；他人的通知返回 404。已读的再次标记不变。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        notification = notification_get(user, pk)
        done = services.notification_mark_read(notification=notification, by=user)
        return Response(NotificationSerializer(done).data)


class NotificationReadAllView(APIView):
    @extend_schema(request=None, responses=ReadAllSerializer, summary="全部标记为已读")
    def post(self, request: Request) -> Response:
        user = acting_user(request)
        marked = services.notifications_mark_all_read(by=user)
        return Response({"marked": marked, "unread": unread_count(user)})
