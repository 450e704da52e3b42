"""Login, lockout, password rules and session expiry (等保 2.0 level 3 identity items)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from govit.testing.world import PASSWORD

LOGIN = "/accounts/login/"


def _login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.0.0.8")


def test_the_login_page_is_chinese_and_anonymous(db) -> None:
    response = Client().get(LOGIN)
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="zh-CN">' in text
    assert "登录" in text and "用户名" in text and "密码" in text


def test_everything_else_needs_a_login(db) -> None:
    response = Client().get("/projects/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_department_user_signs_in_and_sees_their_organisation(world) -> None:
    client = Client()
    response = _login(client, "police_staff", PASSWORD)
    assert response.status_code == 302
    home = client.get("/")
    assert "菏泽市公安局" in home.content.decode()
    assert "建设单位经办人" in home.content.decode()


def test_a_wrong_password_gets_a_clear_chinese_message(world) -> None:
    response = _login(Client(), "police_staff", "wrong-Password1")
    assert response.status_code == 200
    text = response.content.decode()
    assert "用户名或密码错误" in text
    assert f"连续失败 {settings.AXES_FAILURE_LIMIT} 次" in text


def test_five_failures_lock_the_account_even_with_the_right_password(world) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "police_staff", "wrong-Password1")
    locked = _login(client, "police_staff", PASSWORD)
    assert locked.status_code == 429
    assert "账户已被锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another colleague behind the same address is not locked out.
    assert _login(Client(), "education_staff", PASSWORD).status_code == 302


def test_four_failures_then_success_resets_the_count(world) -> None:
    client = Client()
    for _ in range(4):
        _login(client, "police_staff", "wrong-Password1")
    assert _login(client, "police_staff", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "police_staff", "wrong-Password1")
    assert _login(client, "police_staff", PASSWORD).status_code == 302


def test_the_lockout_lasts_at_least_five_minutes() -> None:
    assert settings.AXES_COOLOFF_TIME.total_seconds() >= 300
    assert settings.AXES_FAILURE_LIMIT == 5


def test_idle_sessions_expire_after_thirty_minutes() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # idle, not absolute: each request renews it


def test_logout_is_a_post_and_ends_the_session(world) -> None:
    client = Client()
    client.force_login(world.police_staff)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1!", "password_too_short"),
        ("abcdefgh1", "password_too_simple"),  # two classes only
        ("police_staff", "password_is_username"),
        ("Password123", "password_too_common"),
    ],
)
def test_weak_passwords_are_refused(world, password: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=world.police_staff)
    assert code in [e.code for e in error.value.error_list]


def test_a_strong_password_passes(world) -> None:
    validate_password("Heze#Gov2026x", user=world.police_staff)


def test_the_user_switches_language_and_it_is_remembered(world) -> None:
    client = Client()
    client.force_login(world.police_staff)
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    assert world.police_staff.language == "en"
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post(
        reverse("accounts:language"), {"language": "zh-hans", "next": "https://evil.example/"}
    )
    assert world.police_staff.language == "zh-hans"
