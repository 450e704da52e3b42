"""``{{ amount|yuan }}`` → ``5,000,000.50``: money as finance staff write it, on every page.

Django's Chinese locale groups digits by nothing, so ``floatformat:"2g"`` would print
``5000000.50``; a budget table needs its thousands visible.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def yuan(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        return f"{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)
