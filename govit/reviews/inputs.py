"""Parsing of what people type: amounts in yuan, scores, required texts.

Each parser raises ``InvalidInput`` naming the field, before anything is saved.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from govit.core.errors import InvalidInput

MAX_AMOUNT = Decimal("999999999999.99")  # DecimalField(max_digits=14, decimal_places=2)
CENT = Decimal("0.01")


def parse_amount(value: Any, *, field: str, label: str) -> Decimal:
    """A non-negative amount in yuan with at most two decimals (``"12.50"``, ``12``, Decimal)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"请填写{label}", message_en=f"{field} is required", field=field)
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal | float):
        raise InvalidInput(
            f"{label}应为数字（元）", message_en=f"{field} must be a number", field=field
        )
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(
            f"{label}应为数字（元），不能是「{str(value)[:20]}」",
            message_en=f"{field} must be a number of yuan",
            field=field,
        ) from None
    if not amount.is_finite():
        raise InvalidInput(
            f"{label}应为数字（元）", message_en=f"{field} must be a finite number", field=field
        )
    if amount < 0:
        raise InvalidInput(
            f"{label}不能为负数", message_en=f"{field} must not be negative", field=field
        )
    if amount != amount.quantize(CENT, rounding="ROUND_DOWN"):
        raise InvalidInput(
            f"{label}最多保留两位小数（精确到分）",
            message_en=f"{field} has more than 2 decimal places",
            field=field,
        )
    if amount > MAX_AMOUNT:
        raise InvalidInput(f"{label}超出允许范围", message_en=f"{field} is too large", field=field)
    return amount.quantize(CENT)


def parse_score(value: Any, *, field: str, label: str) -> int:
    """An integer score 0–100."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"请填写{label}", message_en=f"{field} is required", field=field)
    if isinstance(value, bool):
        raise InvalidInput(
            f"{label}应为整数", message_en=f"{field} must be an integer", field=field
        )
    if isinstance(value, int):
        score = value
    else:
        try:
            score = int(str(value).strip())
        except ValueError:
            raise InvalidInput(
                f"{label}应为 0–100 的整数",
                message_en=f"{field} must be an integer from 0 to 100",
                field=field,
            ) from None
    if not 0 <= score <= 100:
        raise InvalidInput(
            f"{label}应在 0–100 之间（填写的是 {score}）",
            message_en=f"{field} must be between 0 and 100",
            field=field,
        )
    return score


def required_text(value: Any, *, field: str, label: str, max_length: int = 2000) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not text:
        raise InvalidInput(f"请填写{label}", message_en=f"{field} is required", field=field)
    if len(text) > max_length:
        raise InvalidInput(
            f"{label}不能超过 {max_length} 字",
            message_en=f"{field} is longer than {max_length} characters",
            field=field,
        )
    return text


def optional_text(value: Any, *, field: str, label: str, max_length: int = 2000) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if len(text) > max_length:
        raise InvalidInput(
            f"{label}不能超过 {max_length} 字",
            message_en=f"{field} is longer than {max_length} characters",
            field=field,
        )
    return text
