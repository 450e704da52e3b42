"""``{{ amount|yuan }}`` → ``5,000,000.50``: money as finance staff write it.

Django's Chinese locale groups digits by nothing, so ``floatformat:"2g"`` would print
``5000000.50``; a budget table needs its thousands visible.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def yuan(value: object) -> str:
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{amount:,.2f}"
