"""How a page shows a service's refusal: next to the field it names, or above the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .errors import InvalidInput, ServiceError

T = TypeVar("T")


def attach_error(form: Any, error: ServiceError) -> int:
    """Put ``error`` on ``form`` (its field, or the form) and return the HTTP status to answer
    with: 400 for bad input, the error's own status (409 for a rule, …) otherwise."""
    form.add_error(error.field if error.field in form.fields else None, error.display_message)
    return 400 if isinstance(error, InvalidInput) else error.status


def call_service(form: Any, action: Callable[[], T]) -> T | None:
    """Run one service; a refusal becomes an error on ``form`` and the answer is ``None``."""
    try:
        return action()
    except ServiceError as error:
        attach_error(form, error)
        return None
