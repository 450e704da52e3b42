"""Render the before/after values of a history event as readable pairs, not Python dicts."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if isinstance(value, list | tuple):
        return "、".join(_text(item) for item in value)
    return str(value)


@register.filter
def as_pairs(values: Any) -> list[tuple[str, str]]:
    if not isinstance(values, dict):
        return [] if values in (None, "") else [("", _text(values))]
    return [(str(key), _text(value)) for key, value in values.items()]


@register.filter
def action_label(action: str) -> str:
    """``contracts.file`` → 合同备案, ``project.approve`` → 批准 (the code where none is defined)."""
    from govit.projects.page import event_label

    return event_label(action)
