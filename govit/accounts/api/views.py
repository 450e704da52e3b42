from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from drf_spectacular.utils import extend_schema

from govit.accounts.models import Organisation
from govit.accounts.selectors import organisations_visible_to

from .serializers import MeSerializer, OrganisationSerializer


@extend_schema(responses=MeSerializer, summary="当前用户 / current user")
@api_view(["GET"])
def me(request: Request) -> Response:
    return Response(MeSerializer(request.user).data)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    """组织机构目录 / organisation directory (own jurisdiction, its parent and children)."""

    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_visible_to(self.request.user).order_by("jurisdiction__code", "code")  # type: ignore[arg-type]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)
