"""Parsing what people type on the construction pages and endpoints (dates, percentages)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govit.core.errors import InvalidInput
from govit.core.inputs import parse_decimal

HUNDRED = Decimal(100)


def parse_percent(value: Any, *, field: str, label: str, label_en: str = "") -> Decimal:
    """0–100 with at most two decimals: negative and above 100 are refused."""
    out_of_range = InvalidInput(
        f"{label}应在 0 至 100 之间（不能为负数，也不能超过 100%），请按实际完成情况填写",
        message_en=f"{label_en or field} must be between 0 and 100",
        field=field,
    )
    try:
        number = parse_decimal(value, field=field, label=label, label_en=label_en, places=2)
    except InvalidInput as error:
        if error.message_en.endswith("cannot be negative"):
            raise out_of_range from None
        raise
    if number > HUNDRED:
        raise out_of_range
    return number
