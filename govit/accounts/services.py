"""Writes on accounts: tokens, language preference.  Each one audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from govit.audit.services import record
from govit.core.errors import InvalidInput

from .models import ApiToken, User


def api_token_create(*, user: User, name: str = "", by: User | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the raw token (shown once, never stored)."""
    if not user.is_active:
        raise InvalidInput(
            f"用户 {user.username} 已停用，不能签发令牌", message_en="User is inactive"
        )
    raw, prefix, digest = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], key_prefix=prefix, digest=digest
        )
        record(
            action="accounts.token_create",
            obj=token,
            by=by,
            after={"user": user.username, "prefix": prefix, "name": token.name},
        )
    return token, raw


def api_token_revoke(*, token: ApiToken, by: User | None = None, reason: str = "") -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            action="accounts.token_revoke",
            obj=token,
            by=by,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at},
            reason=reason,
        )
    return token


def user_set_language(*, user: User, language: str) -> User:
    if language not in {"zh-hans", "en"}:
        raise InvalidInput(
            "不支持的语言", message_en=f"Unsupported language {language!r}", field="language"
        )
    if user.language == language:
        return user
    with transaction.atomic():
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        record(
            action="accounts.language",
            obj=user,
            by=user,
            before={"language": before},
            after={"language": language},
        )
    return user
