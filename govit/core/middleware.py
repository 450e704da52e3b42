from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import context


class RequestContextMiddleware:
    """Give every request an id (echoed as ``X-Request-ID``) and remember the client address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = (
            incoming if 8 <= len(incoming) <= 64 and incoming.isascii() else uuid.uuid4().hex
        )
        # REMOTE_ADDR is what the socket saw; behind a proxy, the proxy sets it (gunicorn
        # --forwarded-allow-ips).  X-Forwarded-For is not trusted here.
        facts = context.RequestFacts(
            request_id=request_id, client_ip=request.META.get("REMOTE_ADDR")
        )
        token = context.bind(facts)
        request.request_id = request_id  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response
