"""Password rules of 等保 2.0 level 3: length, character classes, not the username."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError


def character_classes(password: str) -> int:
    classes = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(c in string.punctuation or not c.isalnum() for c in password),
    ]
    return sum(classes)


class CharacterClassValidator:
    """At least ``min_classes`` of: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。"
                f" / Use at least {self.min_classes} of: lower case, upper case, digits, symbols.",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"至少包含小写字母、大写字母、数字、符号中的 {self.min_classes} 类。"


class NotUsernameValidator:
    """The password may not be the username, reversed or not, in any case."""

    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if username and password.lower() in {username, username[::-1]}:
            raise ValidationError(
                "密码不能与用户名相同。 / The password may not be the username.",
                code="password_is_username",
            )

    def get_help_text(self) -> str:
        return "不能与用户名相同。"
