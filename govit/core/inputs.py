"""Parsing what people type, the same way in every app: numbers in yuan, dates, plain texts.

Pages and API alike pass raw values to services, which call these before anything is saved;
each parser raises ``InvalidInput`` naming the field, in Chinese with its English version.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from .errors import InvalidInput

CENT = Decimal("0.01")
# Plain ASCII decimal notation only: Decimal() alone would also take "1_000", "１２", "1e3",
# "NaN" and "Infinity"; thousands separators are refused rather than guessed at.
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?", re.ASCII)
_PLACES = {0: "整数", 1: "一位小数", 2: "两位小数（精确到分）"}


def parse_decimal(
    value: Any,
    *,
    field: str,
    label: str,
    label_en: str = "",
    max_digits: int = 14,
    places: int = 2,
    positive: bool = False,
    maximum: Decimal | None = None,
) -> Decimal:
    """A non-negative ``Decimal`` with at most ``places`` decimals that fits ``max_digits``.

    ``positive`` refuses zero too; ``maximum`` caps the value (percentages, requests).
    """
    name_en = label_en or field
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"请填写{label}", message_en=f"{name_en} is required", field=field)
    not_a_number = InvalidInput(
        f"{label}须为数字（单位：元，不带逗号），例如 1200000 或 1200000.50"
        if places == 2
        else f"{label}须为数字，例如 12.5",
        message_en=f"{name_en} must be a number of yuan, e.g. 1200000.50"
        if places == 2
        else f"{name_en} must be a number, e.g. 12.5",
        field=field,
    )
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise not_a_number
    text = str(value).strip()
    if not _DECIMAL.fullmatch(text):
        raise not_a_number
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise not_a_number from None
    if number < 0:
        raise InvalidInput(
            f"{label}不能为负数", message_en=f"{name_en} cannot be negative", field=field
        )
    if positive and number == 0:
        raise InvalidInput(
            f"{label}应大于 0", message_en=f"{name_en} must be greater than 0", field=field
        )
    # Size first: quantize() of a number longer than the context precision raises.
    largest = Decimal(10) ** (max_digits - places) - Decimal(1).scaleb(-places)
    if number > largest:
        raise InvalidInput(
            f"{label}超出上限（不超过 {largest} 元）"
            if places == 2
            else f"{label}超出上限（不超过 {largest}）",
            message_en=f"{name_en} is too large (at most {largest})",
            field=field,
        )
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise InvalidInput(
            f"{label}最多保留{_PLACES.get(places, f'{places} 位小数')}",
            message_en=f"{name_en} allows at most {'two' if places == 2 else places} decimal places",
            field=field,
        )
    if maximum is not None and number > maximum:
        raise InvalidInput(
            f"{label}不能大于 {maximum}",
            message_en=f"{name_en} must not exceed {maximum}",
            field=field,
        )
    return number.quantize(Decimal(1).scaleb(-places))


def parse_yuan(value: Any, *, field: str, label: str, label_en: str = "") -> Decimal:
    """An amount in yuan: ``"1200000.5"`` → ``Decimal("1200000.50")``; DecimalField(14, 2)."""
    return parse_decimal(value, field=field, label=label, label_en=label_en)


def required_text(
    value: Any, *, field: str, label: str, label_en: str = "", max_length: int | None = None
) -> str:
    text = str(value).strip() if value is not None else ""
    if not text:
        raise InvalidInput(
            f"请填写{label}", message_en=f"{label_en or field} is required", field=field
        )
    return optional_text(text, field=field, label=label, label_en=label_en, max_length=max_length)


def optional_text(
    value: Any, *, field: str, label: str, label_en: str = "", max_length: int | None = None
) -> str:
    text = str(value).strip() if value is not None else ""
    if max_length is not None and len(text) > max_length:
        raise InvalidInput(
            f"{label}不能超过 {max_length} 字",
            message_en=f"{label_en or field} is longer than {max_length} characters",
            field=field,
        )
    return text


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_iso_date(text: str) -> date:
    """``YYYY-MM-DD`` → date; ``ValueError`` with a Chinese and English message otherwise."""
    text = (text or "").strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(
        f"「{text}」不是有效日期，应为 YYYY-MM-DD 格式 / not a date in YYYY-MM-DD format"
    )


def parse_date(value: Any, *, field: str, label: str, label_en: str = "") -> date:
    """A ``date`` (from a form or serializer) or ``YYYY-MM-DD`` text; an aware datetime is
    read as its day in Asia/Shanghai.  Anything else is refused naming the field."""
    name_en = label_en or field
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"请填写{label}", message_en=f"{name_en} is required", field=field)
    try:
        return parse_iso_date(str(value))
    except ValueError:
        raise InvalidInput(
            f"{label}「{str(value).strip()}」不是有效日期，请按 YYYY-MM-DD 填写",
            message_en=f"{name_en} must be a date in YYYY-MM-DD format",
            field=field,
        ) from None
