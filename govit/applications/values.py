"""Parsing what users type: amounts in yuan, percentages, required texts.

Each parser raises ``InvalidInput`` naming the field, so pages show the message next to the
field and the API returns it with ``field`` set.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from govit.core.errors import InvalidInput

# Plain decimal notation only: no exponents, thousands separators or full-width digits.
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
CENT = Decimal("0.01")


def parse_decimal(
    value: Any,
    *,
    field: str,
    label: str,
    max_digits: int = 14,
    places: int = 2,
    positive: bool = False,
    maximum: Decimal | None = None,
) -> Decimal:
    """A non-negative ``Decimal`` with at most ``places`` decimal places and ``max_digits`` digits.

    ``positive`` refuses zero too; ``maximum`` caps the value (percentages).
    """
    if isinstance(value, bool):
        value = None
    text = str(value).strip() if value is not None else ""
    if text == "":
        raise InvalidInput(f"请填写{label}", message_en=f"{field} is required", field=field)
    if not _DECIMAL.fullmatch(text):
        raise InvalidInput(
            f"{label}应为数字（如 12.50），实为「{text[:30]}」",
            message_en=f"{field} must be a number such as 12.50",
            field=field,
        )
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise InvalidInput(
            f"{label}应为数字", message_en=f"{field} must be a number", field=field
        ) from None
    if number < 0:
        raise InvalidInput(
            f"{label}不能为负数", message_en=f"{field} must not be negative", field=field
        )
    if positive and number == 0:
        raise InvalidInput(
            f"{label}应大于 0", message_en=f"{field} must be greater than 0", field=field
        )
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise InvalidInput(
            f"{label}最多保留 {places} 位小数",
            message_en=f"{field} allows at most {places} decimal places",
            field=field,
        )
    if maximum is not None and number > maximum:
        raise InvalidInput(
            f"{label}不能大于 {maximum}",
            message_en=f"{field} must not exceed {maximum}",
            field=field,
        )
    limit = Decimal(10) ** (max_digits - places)
    if number >= limit:
        raise InvalidInput(
            f"{label}过大（应小于 {limit:,}）",
            message_en=f"{field} is too large (must be below {limit})",
            field=field,
        )
    return number.quantize(Decimal(1).scaleb(-places))


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """quantity × unit price, rounded to the cent (ROUND_HALF_UP, as finance rounds)."""
    return (quantity * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def required_text(value: Any, *, field: str, label: str, max_length: int | None = None) -> str:
    text = str(value).strip() if value is not None else ""
    if not text:
        raise InvalidInput(f"请填写{label}", message_en=f"{field} is required", field=field)
    if max_length is not None and len(text) > max_length:
        raise InvalidInput(
            f"{label}不能超过 {max_length} 字",
            message_en=f"{field} must be at most {max_length} characters",
            field=field,
        )
    return text


def optional_text(value: Any, *, field: str, label: str, max_length: int | None = None) -> str:
    text = str(value).strip() if value is not None else ""
    if max_length is not None and len(text) > max_length:
        raise InvalidInput(
            f"{label}不能超过 {max_length} 字",
            message_en=f"{field} must be at most {max_length} characters",
            field=field,
        )
    return text


def choice(value: Any, *, field: str, label: str, choices: Any) -> str:
    """A code among ``choices`` (a TextChoices class); a missing one is refused naming ``label``."""
    text = str(value).strip() if value is not None else ""
    if not text:
        raise InvalidInput(f"请选择{label}", message_en=f"{field} is required", field=field)
    if text not in choices.values:
        allowed = "、".join(str(item) for item in choices.labels)
        raise InvalidInput(
            f"{label}无效，应为：{allowed}",
            message_en=f"{field} must be one of {', '.join(choices.values)}",
            field=field,
        )
    return text
