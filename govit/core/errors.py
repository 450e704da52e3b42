"""Errors raised by services; views and the API turn them into messages."""

from __future__ import annotations

from django.utils.translation import get_language

from .decisions import Decision


class ServiceError(Exception):
    """Base for errors a user can act on."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, message_en: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        self.field = field

    @property
    def display_message(self) -> str:
        """The message in the user's language."""
        if (get_language() or "").startswith("en") and self.message_en:
            return self.message_en
        return self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "detail": self.message,
            "detail_en": self.message_en,
            "field": self.field,
        }


class RuleViolation(ServiceError):
    """A rule of the measures (or of the system) forbids the action."""

    code = "rule_violation"
    status = 409

    def __init__(self, decision: Decision) -> None:
        english = decision.reason_en or decision.reason
        if decision.reason_en and decision.article not in (None, ""):
            english = f"{english} (Art. {decision.article})"
        super().__init__(decision.message, message_en=english)
        self.decision = decision

    def as_dict(self) -> dict[str, object]:
        data = super().as_dict()
        data.update(reason=self.decision.reason, article=self.decision.article)
        return data


class Conflict(ServiceError):
    """Somebody else changed the record first (e.g. two simultaneous approvals)."""

    code = "conflict"
    status = 409


class InvalidInput(ServiceError):
    code = "invalid"
    status = 400
