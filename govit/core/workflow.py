"""A small lifecycle engine: a state machine declared as data.

An aggregate declares its ``StateMachine`` once, in its app's ``workflow.py``: states with
stable codes and labels, and transitions with the roles allowed, guards and effects.  The UI
(buttons, diagram, "why can't I?"), the API and the docs are generated from that table.

``machine.options(obj, user)`` answers "what can this user do now, and why not the rest".
``machine.execute(obj, code, by=user)`` runs one transition in one transaction: it locks the
row, re-checks every guard against the locked row, changes the state with a conditional
UPDATE (so that of two simultaneous approvals exactly one succeeds, on SQLite and PostgreSQL)
and writes one history event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol, cast

from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from .decisions import ALLOW, Decision, deny
from .errors import Conflict, InvalidInput, RuleViolation


class Actor(Protocol):
    """What the engine needs of a user."""

    pk: Any

    def has_role(self, role: str) -> bool: ...


Guard = Callable[[Any, Any], Decision]
"""``guard(obj, user) -> Decision``; reads only, never writes."""

Effect = Callable[[Any, Any, "TransitionContext"], None]
"""``effect(obj, user, context)``; runs inside the transition's transaction."""

# A guard or effect may be named by its dotted path ("govit.reviews.rules.opinion_drafted"):
# the table stays in one module while the rule lives in the stage app that owns its data,
# and the dependency still points from stage apps to the aggregate, never back.
GuardRef = Guard | str
EffectRef = Effect | str


@cache
def _resolve(ref: str) -> Callable[..., Any]:
    return cast(Callable[..., Any], import_string(ref))


def _call(ref: Callable[..., Any] | str, *args: Any) -> Any:
    function = _resolve(ref) if isinstance(ref, str) else ref
    return function(*args)


class HistoryWriter(Protocol):
    def __call__(
        self,
        *,
        action: str,
        obj: models.Model,
        by: Any,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        reason: str,
    ) -> Any: ...


def _in_english() -> bool:
    return (get_language() or "").startswith("en")


@dataclass(frozen=True)
class State:
    code: str
    label: str
    label_en: str
    terminal: bool = False

    @property
    def display_label(self) -> str:
        """The label in the user's language (Chinese unless they chose English)."""
        return self.label_en if _in_english() else self.label


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    label_en: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    guards: tuple[GuardRef, ...] = ()
    effects: tuple[EffectRef, ...] = ()
    requires_reason: bool = False
    style: str = "primary"  # primary | secondary | danger: how the UI draws the button
    # The URL name of the page that runs this transition with the data it needs (a completion
    # date, an acceptance outcome …): the generic button becomes a link to that page, and the
    # generic endpoint refuses it (the owning app's service runs it through ``execute``).
    via: str = ""

    @property
    def display_label(self) -> str:
        return self.label_en if _in_english() else self.label


@dataclass
class TransitionContext:
    transition: Transition
    source: str
    reason: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    """A transition available from the current state, with this user's decision."""

    transition: Transition
    decision: Decision

    @property
    def allowed(self) -> bool:
        return self.decision.allowed


class StateMachine:
    def __init__(
        self,
        *,
        name: str,
        states: Sequence[State],
        transitions: Sequence[Transition],
        initial: str,
        history: HistoryWriter,
        role_labels: dict[str, str] | None = None,
        state_field: str = "state",
    ) -> None:
        self.name = name
        self.states = {state.code: state for state in states}
        self.transitions = {transition.code: transition for transition in transitions}
        self.initial = initial
        self.history = history
        self.role_labels = role_labels or {}
        self.state_field = state_field
        self._validate()

    def _validate(self) -> None:
        """Catch table mistakes at import time (string guards are checked by ``check_refs``)."""
        if self.initial not in self.states:
            raise ValueError(f"{self.name}: initial state {self.initial!r} is not declared")
        for transition in self.transitions.values():
            unknown = {*transition.sources, transition.target} - self.states.keys()
            if unknown:
                raise ValueError(f"{self.name}.{transition.code}: unknown states {sorted(unknown)}")
            if not transition.roles:
                raise ValueError(f"{self.name}.{transition.code}: no role may run it")

    def check_refs(self) -> list[str]:
        """Dotted guard/effect paths that do not import; run by a test and the system check."""
        broken = []
        for transition in self.transitions.values():
            for ref in (*transition.guards, *transition.effects):
                if isinstance(ref, str):
                    try:
                        _resolve(ref)
                    except ImportError:
                        broken.append(f"{transition.code}: {ref}")
        return broken

    # --- reading -----------------------------------------------------------------------------
    def state_of(self, obj: models.Model) -> State:
        return self.states[getattr(obj, self.state_field)]

    def choices(self) -> list[tuple[str, str]]:
        return [(state.code, state.label) for state in self.states.values()]

    def transitions_from(self, state_code: str) -> list[Transition]:
        return [t for t in self.transitions.values() if state_code in t.sources]

    def check(self, obj: models.Model, user: Actor, code: str) -> Decision:
        transition = self.transitions.get(code)
        if transition is None:
            return deny(f"没有名为 {code} 的操作", en=f"No action named {code!r}")
        current = getattr(obj, self.state_field)
        if current not in transition.sources:
            state = self.states[current]
            return deny(
                f"当前状态为「{state.label}」，不能执行「{transition.label}」",
                en=f"Not possible in state {state.label_en!r}",
            )
        if not any(user.has_role(role) for role in transition.roles):
            labels = "、".join(
                self.role_labels.get(role, role) for role in sorted(transition.roles)
            )
            return deny(
                f"需要以下角色之一：{labels}",
                en=f"Requires one of the roles: {', '.join(str(r) for r in sorted(transition.roles))}",
            )
        for guard in transition.guards:
            decision: Decision = _call(guard, obj, user)
            if not decision.allowed:
                return decision
        return ALLOW

    def options(self, obj: models.Model, user: Actor) -> list[Option]:
        """Every transition out of the current state, allowed or with the reason it is not."""
        current = getattr(obj, self.state_field)
        return [Option(t, self.check(obj, user, t.code)) for t in self.transitions_from(current)]

    # --- writing -----------------------------------------------------------------------------
    def execute(
        self,
        obj: models.Model,
        code: str,
        *,
        by: Actor,
        reason: str = "",
        data: dict[str, Any] | None = None,
    ) -> models.Model:
        """Run transition ``code`` on ``obj`` and return the fresh object.

        Raises ``RuleViolation`` when a rule forbids it (with the reason and article) and
        ``Conflict`` when another user changed the state first.
        """
        transition = self.transitions.get(code)
        if transition is None:
            raise RuleViolation(deny(f"没有名为 {code} 的操作", en=f"No action named {code!r}"))
        reason = (reason or "").strip()
        if transition.requires_reason and not reason:
            raise InvalidInput(
                f"「{transition.label}」必须填写理由",
                message_en="A reason is required",
                field="reason",
            )
        model = type(obj)
        with transaction.atomic():
            # PostgreSQL: the row lock makes a second approver wait, then see the new state.
            # SQLite: the IMMEDIATE transaction already holds the database write lock.
            locked = model._default_manager.select_for_update().get(pk=obj.pk)
            decision = self.check(locked, by, code)
            if not decision.allowed:
                raise RuleViolation(decision)
            source = getattr(locked, self.state_field)
            changed = model._default_manager.filter(pk=obj.pk, **{self.state_field: source}).update(
                **{self.state_field: transition.target, "updated_at": timezone.now()}
            )
            if changed != 1:  # defensive: cannot happen while the lock is held
                raise Conflict(
                    "该记录已被他人修改，请刷新后重试", message_en="Changed by someone else"
                )
            locked.refresh_from_db()
            context = TransitionContext(transition, source, reason, dict(data or {}))
            for effect in transition.effects:
                _call(effect, locked, by, context)
            self.history(
                action=f"{self.name}.{transition.code}",
                obj=locked,
                by=by,
                before={self.state_field: source},
                after={self.state_field: transition.target, **context.data},
                reason=reason,
            )
        return locked

    # --- describing ----------------------------------------------------------------------------
    def as_table(self) -> list[dict[str, Any]]:
        """The machine as rows: what the docs page and the API render."""
        return [
            {
                "code": t.code,
                "label": t.label,
                "label_en": t.label_en,
                "from": list(t.sources),
                "to": t.target,
                "roles": sorted(t.roles),
                "requires_reason": t.requires_reason,
                "via": t.via,
            }
            for t in self.transitions.values()
        ]

    def edges(self) -> Iterable[tuple[str, str, str]]:
        for t in self.transitions.values():
            for source in t.sources:
                yield source, t.target, t.label
