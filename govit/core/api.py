"""API error format: JSON with a Chinese and an English message, and the rule when one refused."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError

_GENERIC = {
    status.HTTP_401_UNAUTHORIZED: ("未登录或令牌无效", "Not authenticated or invalid token"),
    status.HTTP_403_FORBIDDEN: ("无权执行此操作", "You do not have permission to do this"),
    status.HTTP_404_NOT_FOUND: ("未找到，或不在您的权限范围内", "Not found, or outside your scope"),
    status.HTTP_405_METHOD_NOT_ALLOWED: ("不支持的请求方法", "Method not allowed"),
    status.HTTP_429_TOO_MANY_REQUESTS: ("请求过于频繁", "Too many requests"),
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": "提交的数据有误，请按字段提示修改",
            "detail_en": "Invalid input; see the field errors",
            "errors": response.data,
        }
        return response
    zh, en = _GENERIC.get(response.status_code, (str(getattr(exc, "detail", "")), ""))
    response.data = {
        "code": getattr(exc, "default_code", "error"),
        "detail": zh,
        "detail_en": en or str(getattr(exc, "detail", "")),
    }
    return response
