"""Parsing what people type (pages and API alike) into values, or a message naming the field.

Services call these before anything is saved, so page forms and API serializers stay thin and
every channel refuses bad input with the same Chinese message (and its English version).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from govit.core.errors import InvalidInput

CENT = Decimal("0.01")
MAX_YUAN = Decimal("999999999999.99")  # DecimalField(max_digits=14, decimal_places=2)
FIRST_YEAR, LAST_YEAR = 2000, 2100
# ASCII digits only: Decimal() alone would also take "1_000", "１２" and "NaN".
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def parse_yuan(value: object, *, field: str, label: str, label_en: str) -> Decimal:
    """``"1200000.5"`` → ``Decimal("1200000.50")``; refuses blank, non-numeric, negative,
    more than two decimal places (finer than a fen) and amounts beyond the column."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"请填写{label}", message_en=f"{label_en} is required", field=field)
    not_a_number = InvalidInput(
        f"{label}须为数字（单位：元，不带逗号），例如 1200000 或 1200000.50",
        message_en=f"{label_en} must be a number of yuan, e.g. 1200000.50",
        field=field,
    )
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise not_a_number
    text = str(value).strip()
    if not _NUMBER.fullmatch(text):
        raise not_a_number
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise not_a_number from None
    if amount < 0:
        raise InvalidInput(
            f"{label}不能为负数", message_en=f"{label_en} cannot be negative", field=field
        )
    if amount > MAX_YUAN:
        raise InvalidInput(
            f"{label}超出上限（不超过 {MAX_YUAN} 元）",
            message_en=f"{label_en} is too large (at most {MAX_YUAN} yuan)",
            field=field,
        )
    if amount != amount.quantize(CENT):
        raise InvalidInput(
            f"{label}最多保留两位小数（精确到分）",
            message_en=f"{label_en} allows at most two decimal places",
            field=field,
        )
    return amount.quantize(CENT)


def parse_year(value: object, *, field: str, label: str, label_en: str) -> int:
    """A four-digit year between 2000 and 2100, from an int or the text of one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"请填写{label}", message_en=f"{label_en} is required", field=field)
    out_of_range = InvalidInput(
        f"{label}须为 {FIRST_YEAR}–{LAST_YEAR} 之间的四位年份",
        message_en=f"{label_en} must be a year between {FIRST_YEAR} and {LAST_YEAR}",
        field=field,
    )
    if isinstance(value, bool):
        raise out_of_range
    if isinstance(value, int):
        year = value
    elif isinstance(value, str) and value.strip().isdigit():
        year = int(value.strip())
    else:
        raise out_of_range
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise out_of_range
    return year


def clean_text(
    value: object, *, field: str, label: str, label_en: str, max_length: int, required: bool
) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidInput(f"请填写{label}", message_en=f"{label_en} is required", field=field)
    if len(text) > max_length:
        raise InvalidInput(
            f"{label}不能超过 {max_length} 字",
            message_en=f"{label_en} is longer than {max_length} characters",
            field=field,
        )
    return text
