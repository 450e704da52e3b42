from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from govit.accounts.auth import acting_user
from govit.accounts.models import Organisation
from govit.accounts.selectors import organisations_visible_to

from .serializers import MeSerializer, OrganisationSerializer


@extend_schema(responses=MeSerializer, summary="当前用户 / current user")
@api_view(["GET"])
def me(request: Request) -> Response:
    return Response(MeSerializer(acting_user(request)).data)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    """组织机构目录 / organisation directory (own jurisdiction, its parent and children)."""

    serializer_class = OrganisationSerializer
    queryset = (
        Organisation.objects.none()
    )  # for the schema only (path parameter types); get_queryset scopes

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_visible_to(acting_user(self.request)).order_by(
            "jurisdiction__code", "code"
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)
