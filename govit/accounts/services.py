"""Writes on accounts: tokens, language preference, saved filters.  Each one audited."""

from __future__ import annotations

import re

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from govit.audit.services import record
from govit.core.errors import InvalidInput, RuleViolation

from .models import ApiToken, SavedFilter, User
from .permissions import can_save_filters


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


# --- saved filters of the lists -----------------------------------------------------------------
LIST_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
# A saved filter keeps the conditions, not where the user was in the list.
NOT_SAVED = ("after", "before", "export", "page", "csrfmiddlewaretoken")


def _filter_query(query: str) -> str:
    params = QueryDict(query, mutable=True)
    for name in NOT_SAVED:
        params.pop(name, None)
    cleaned = params.urlencode()
    if len(cleaned) > SavedFilter._meta.get_field("query").max_length:  # type: ignore[operator]
        raise InvalidInput(
            "筛选条件过长，无法保存；请减少搜索词或筛选条件后再保存。",
            message_en="The filter is too long to save; use fewer search terms or conditions.",
            field="query",
        )
    return cleaned


def saved_filter_save(*, list_key: str, name: str, query: str, by: User) -> SavedFilter:
    """Save the current filter of a list under ``name`` (the same name again replaces it)."""
    decision = can_save_filters(by)
    if not decision:
        raise RuleViolation(decision)
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(
            "请填写筛选名称，例如“待备案合同”。",
            message_en="Give the filter a name, e.g. “Contracts to file”.",
            field="name",
        )
    if len(name) > 60:
        raise InvalidInput(
            "筛选名称最多 60 个字，请缩短后再保存。",
            message_en="A filter name has at most 60 characters.",
            field="name",
        )
    if not LIST_KEY.fullmatch(list_key):
        raise InvalidInput(
            "不认识的列表，请从列表页面保存筛选。",
            message_en="Unknown list: save the filter from a list page.",
            field="list_key",
        )
    cleaned = _filter_query(query)
    with transaction.atomic():
        saved = (
            SavedFilter.objects.select_for_update()
            .filter(user=by, list_key=list_key, name=name)
            .first()
        )
        before = {"query": saved.query} if saved else None
        if saved is None:
            saved = SavedFilter.objects.create(user=by, list_key=list_key, name=name, query=cleaned)
        else:
            saved.query = cleaned
            saved.updated_at = timezone.now()
            saved.save(update_fields=["query", "updated_at"])
        record(
            action="accounts.saved_filter_save",
            obj=saved,
            by=by,
            before=before,
            after={"list": list_key, "name": name, "query": cleaned},
        )
    return saved


def saved_filter_delete(*, saved_filter: SavedFilter, by: User) -> None:
    """Delete one of ``by``'s own saved filters (the selector has checked it is theirs)."""
    if saved_filter.user_id != by.pk:
        raise InvalidInput(
            "只能删除自己保存的筛选。", message_en="You can only delete your own saved filters."
        )
    with transaction.atomic():
        record(
            action="accounts.saved_filter_delete",
            obj=saved_filter,
            by=by,
            before={
                "list": saved_filter.list_key,
                "name": saved_filter.name,
                "query": saved_filter.query,
            },
        )
        saved_filter.delete()
