"""``{{ amount|yuan }}`` → ``5,000,000.50``: money as finance staff write it, on every page
(see ``govit.core.money``)."""

from __future__ import annotations

from django import template

from govit.core.money import yuan

register = template.Library()
register.filter("yuan", yuan)
