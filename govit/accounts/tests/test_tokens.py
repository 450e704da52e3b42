"""Personal API tokens: `govit token USERNAME`, bearer authentication, revocation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from govit.accounts.models import ApiToken
from govit.audit.models import Event


def _issue(username: str) -> str:
    out = StringIO()
    call_command("token", username, stdout=out)
    return out.getvalue().strip()


def test_the_command_prints_a_new_token_that_authenticates(world) -> None:
    raw = _issue("police_staff")
    assert raw.startswith("govit_")
    response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "police_staff"
    assert response.json()["organisation"]["name"] == "菏泽市公安局"
    # Only a digest is stored, never the token itself.
    assert not ApiToken.objects.filter(digest=raw).exists()
    assert Event.objects.filter(action="accounts.token_create").exists()


def test_a_revoked_token_is_refused(world) -> None:
    raw = _issue("police_staff")
    call_command("token", "police_staff", "--revoke", raw[:14], stdout=StringIO())
    response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["detail"] == "未登录或令牌无效"
    assert Event.objects.filter(action="accounts.token_revoke").count() == 1


def test_revoke_all_and_list(world) -> None:
    _issue("police_staff")
    _issue("police_staff")
    call_command("token", "police_staff", "--revoke", "all", stdout=StringIO())
    out = StringIO()
    call_command("token", "police_staff", "--list", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2 and all("已吊销" in line for line in lines)


def test_unknown_user_and_unknown_prefix_are_errors(world) -> None:
    with pytest.raises(CommandError, match="不存在"):
        call_command("token", "nobody")
    with pytest.raises(CommandError, match="没有匹配"):
        call_command("token", "police_staff", "--revoke", "govit_nothing")


def test_a_garbage_token_is_a_401_not_a_500(world) -> None:
    response = Client().get(
        "/api/v1/projects/", HTTP_AUTHORIZATION="Bearer \xe2\x98\x83"
    )  # UTF-8 bytes as WSGI delivers them
    assert response.status_code == 401
    response = Client().get("/api/v1/projects/", HTTP_AUTHORIZATION="Bearer a b")
    assert response.status_code == 401
