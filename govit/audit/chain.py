"""HMAC-SM3 over a canonical form of each event."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

GENESIS = "0" * 64


def _key(key_id: str) -> bytes:
    keys: dict[str, str] = settings.AUDIT_HMAC_KEYS
    try:
        return keys[key_id].encode()
    except KeyError:
        raise LookupError(
            f"未配置历史链密钥 {key_id} / audit key {key_id!r} is not configured"
        ) from None


def normalise(value: Any) -> Any:
    """What a JSON column gives back: Decimal, date and the like become strings."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_fields(event: Any) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "occurred_at": timestamp(event.occurred_at),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "organisation": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "request_id": event.request_id,
        "client_ip": event.client_ip,
        "key_id": event.key_id,
    }


def digest(event: Any, prev_digest: str) -> str:
    mac = hmac.new(_key(event.key_id), prev_digest.encode() + b"\n", "sm3")
    mac.update(canonical(event_fields(event)))
    return mac.hexdigest()


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()
