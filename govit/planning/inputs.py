"""Parsing what people type (pages and API alike) into values, or a message naming the field.

Services call these before anything is saved, so page forms and API serializers stay thin and
every channel refuses bad input with the same Chinese message (and its English version).
"""

from __future__ import annotations

from decimal import Decimal

from govit.core.errors import InvalidInput
from govit.core.inputs import optional_text, required_text
from govit.core.inputs import parse_yuan as core_parse_yuan

FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_yuan(value: object, *, field: str, label: str, label_en: str) -> Decimal:
    """``"1200000.5"`` → ``Decimal("1200000.50")``: the project-wide rule (govit.core.inputs)."""
    return core_parse_yuan(value, field=field, label=label, label_en=label_en)


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
    parse = required_text if required else optional_text
    return parse(value, field=field, label=label, label_en=label_en, max_length=max_length)
