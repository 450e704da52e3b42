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


def run_service(form: Any, action: Callable[[], T]) -> tuple[T | None, int]:
    """Run one service: (its result, 200), or — refused — (None, the status to answer with)
    with the refusal on ``form``, for a page that shows the form again."""
    try:
        return action(), 200
    except ServiceError as error:
        return None, attach_error(form, error)


def call_service(form: Any, action: Callable[[], T]) -> T | None:
    """Run one service; a refusal becomes an error on ``form`` and the answer is ``None``."""
    return run_service(form, action)[0]
