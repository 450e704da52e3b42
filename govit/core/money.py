"""Money as finance staff write it: ``5000000.5`` → ``5,000,000.50`` (yuan, two places).

Django's Chinese locale groups digits by nothing, so ``floatformat:"2g"`` would print
``5000000.50``; a budget table or a message about an amount needs its thousands visible.
Templates use the ``|yuan`` filter (``web/templatetags/money.py``), Python code this function.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


def yuan(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        return f"{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)
