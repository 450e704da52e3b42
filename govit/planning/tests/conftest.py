from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient


@pytest.fixture
def page_as(world):  # type: ignore[no-untyped-def]
    """``page_as("police_staff")``: a browser client signed in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(world.persona(persona))
        return client

    return make


@pytest.fixture
def api_as(world):  # type: ignore[no-untyped-def]
    """``api_as("bdb_leader")``: an API client authenticated as that persona."""

    def make(persona: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(world.persona(persona))
        return client

    return make
