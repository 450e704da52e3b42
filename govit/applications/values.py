"""Parsing what users type: amounts in yuan, percentages, required texts.

Each parser raises ``InvalidInput`` naming the field, so pages show the message next to the
field and the API returns it with ``field`` set.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from govit.core.errors import InvalidInput
from govit.core.inputs import CENT, optional_text, parse_decimal, required_text

__all__ = ["CENT", "choice", "line_amount", "optional_text", "parse_decimal", "required_text"]


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """quantity × unit price, rounded to the cent (ROUND_HALF_UP, as finance rounds)."""
    return (quantity * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


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
