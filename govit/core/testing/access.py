"""Two-line permission tests for every page and endpoint.

Each app's ``tests/test_access.py`` declares ``ACCESS_CASES``: for a URL name, a persona that
gets it and a persona that is refused (404 for an object outside scope, 403 for an action the
role may not take).  ``test_every_url_has_an_access_case`` fails when a URL pattern of the
project has no case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import reverse

ANONYMOUS = "anonymous"  # a persona name: nobody signed in


@dataclass(frozen=True)
class Access:
    url_name: str
    allowed: str
    refused: str
    args: Callable[[Any], list[Any]] = field(default=lambda world: [])
    method: str = "get"
    refused_status: tuple[int, ...] = (404,)
    allowed_status: tuple[int, ...] = (200,)
    data: Callable[[Any], dict[str, Any]] | None = None
    api: bool = False
    # For lists: text (e.g. a project code) the allowed persona sees and the refused one does not.
    shows: Callable[[Any], str] | None = None

    def __str__(self) -> str:
        return f"{self.url_name}[{self.method}] {self.allowed}✓ {self.refused}✗"

    def url(self, world: Any) -> str:
        return reverse(self.url_name, args=self.args(world))

    def request(self, client: Client, world: Any, persona: str) -> Any:
        if persona != ANONYMOUS:
            client.force_login(world.persona(persona))
        payload = self.data(world) if self.data else {}
        method = getattr(client, self.method)
        if self.api and self.method in {"post", "put", "patch"}:
            return method(self.url(world), payload, content_type="application/json")
        return method(self.url(world), payload)


def check_access(case: Access, world: Any) -> None:
    """The allowed persona gets ``allowed_status``; the refused one ``refused_status``."""
    refused = case.request(Client(), world, case.refused)
    assert refused.status_code in case.refused_status, (
        f"{case}: refused persona {case.refused} got {refused.status_code}"
    )
    allowed = case.request(Client(), world, case.allowed)
    assert allowed.status_code in case.allowed_status, (
        f"{case}: allowed persona {case.allowed} got {allowed.status_code}: {allowed.content[:300]!r}"
    )
    if case.shows is not None:
        marker = case.shows(world)
        assert marker in allowed.content.decode(), f"{case}: {case.allowed} does not see {marker}"
        assert marker not in refused.content.decode(), f"{case}: {case.refused} sees {marker}"
