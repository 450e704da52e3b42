"""Parsing of what people type: amounts in yuan, scores, required texts.

Each parser raises ``InvalidInput`` naming the field, before anything is saved.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govit.core.errors import InvalidInput
from govit.core.inputs import optional_text, parse_yuan, required_text

__all__ = ["optional_text", "parse_amount", "parse_score", "required_text"]

MAX_AMOUNT = Decimal("999999999999.99")  # DecimalField(max_digits=14, decimal_places=2)
CENT = Decimal("0.01")


def parse_amount(value: Any, *, field: str, label: str) -> Decimal:
    """A non-negative amount in yuan with at most two decimals: the project-wide rule."""
    return parse_yuan(value, field=field, label=label)


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
