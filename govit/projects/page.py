"""What the project page shows besides the stage panels: the lifecycle diagram and the timeline.

Both are read from data that already exists: the diagram from ``PROJECT_MACHINE`` (states and
transitions) and the project's lifecycle events; the timeline from the history, through the
``project_id`` index of every event (ADR 0003).  Each costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.audit.labels import action_label, object_noun
from govit.audit.models import Event
from govit.audit.selectors import can_read_history, project_events
from govit.audit.services import PROJECT_LABEL
from govit.core.workflow import Transition

from .models import Project
from .workflow import MAIN_LINE, PROJECT_MACHINE

# --- the lifecycle diagram ---------------------------------------------------------------------

# A side state entered from more main-line states than this is reachable "at any stage"
# (termination): drawn once after the main line rather than under one step.
ANY_STAGE_THRESHOLD = 4


@dataclass
class Node:
    """A state in the diagram: ``status`` is done, current, skipped (never passed on this
    project's path) or todo; ``entered`` the last time the project entered it."""

    code: str
    label: str
    status: str = "todo"
    entered: datetime | None = None
    # Side states drawn under this main-line step, and the ways back this step offers.
    branches: list[Node] = field(default_factory=list)
    via: str = ""  # how a side state is reached: the transitions' labels
    returns: str = ""  # where a side state leads back to: the target states' labels
    loops: list[str] = field(default_factory=list)  # main-line transitions going backwards

    @property
    def is_current(self) -> bool:
        return self.status == "current"


@dataclass
class Lifecycle:
    steps: list[Node]
    any_stage: list[Node]
    current: Node
    done: list[Node]

    @property
    def summary(self) -> str:
        """The text equivalent of the diagram (screen readers, copying)."""
        done = _("、").join(node.label for node in self.done) or _("无")
        return _("当前状态：%(current)s；已完成：%(done)s") % {
            "current": self.current.label,
            "done": done,
        }


def _labels(labels: Iterable[str]) -> str:
    return _("、").join(dict.fromkeys(labels))


@dataclass
class Path:
    """What the project's lifecycle events say of its path: when it last entered each state,
    and the state changes it made (from, to), oldest first."""

    entered: dict[str, datetime]
    moves: list[tuple[str, str]]


def project_path(project: Project) -> Path:
    """The project's path from its lifecycle events (one query)."""
    entered: dict[str, datetime] = {PROJECT_MACHINE.initial: project.created_at}
    moves: list[tuple[str, str]] = []
    rows = (
        Event.objects.for_object(project)
        .filter(action__startswith=f"{PROJECT_MACHINE.name}.")
        .order_by("seq")
        .values_list("before", "after", "occurred_at")
    )
    for before, after, occurred_at in rows:
        source = before.get("state") if isinstance(before, dict) else None
        target = after.get("state") if isinstance(after, dict) else None
        if target in PROJECT_MACHINE.states:
            entered[target] = occurred_at
            if source in PROJECT_MACHINE.states:
                moves.append((source, target))
    return Path(entered, moves)


class _Machine:
    """The project machine seen as a main line with side states (read once per page)."""

    def __init__(self) -> None:
        self.position = {code: index for index, code in enumerate(MAIN_LINE)}
        self.incoming: dict[str, list[Transition]] = {}
        self.outgoing: dict[str, list[Transition]] = {}
        for transition in PROJECT_MACHINE.transitions.values():
            self.incoming.setdefault(transition.target, []).append(transition)
            for source in transition.sources:
                self.outgoing.setdefault(source, []).append(transition)

    def main_sources(self, code: str) -> set[str]:
        return {
            source
            for transition in self.incoming.get(code, [])
            for source in transition.sources
            if source in self.position
        }

    def anchor(self, code: str, seen: frozenset[str] = frozenset()) -> str | None:
        """The main-line step a state belongs to: itself, else the earliest main-line step it
        is entered from, else (a side state after a side state) that state's anchor."""
        if code in self.position:
            return code
        direct = self.main_sources(code)
        if direct:
            return min(direct, key=self.position.__getitem__)
        for transition in self.incoming.get(code, []):
            for source in transition.sources:
                if source not in seen and source != code:
                    found = self.anchor(source, seen | {code})
                    if found:
                        return found
        return None

    def index(self, code: str) -> int:
        anchor = self.anchor(code)
        return self.position[anchor] if anchor else 0


def lifecycle(project: Project) -> Lifecycle:
    """The machine as a main line with side states hung under the step they leave from, the
    current state highlighted and the states this project has passed marked done.

    A main-line step before the current one counts done unless the recorded path jumped over
    it (a filed project never was 评审中, a project without fixed assets never 投资审批): so
    data imported without its history still shows a sensible picture."""
    machine, shape, path = PROJECT_MACHINE, _Machine(), project_path(project)
    current_code = project.state
    reached = max(
        [shape.index(current_code)]
        + ([] if current_code in shape.position else [shape.index(c) for c in path.entered])
    )
    jumped = {
        code
        for source, target in path.moves
        for code in MAIN_LINE[shape.index(source) + 1 : shape.index(target)]
    } - path.entered.keys()

    def status_of(code: str) -> str:
        if code == current_code:
            return "current"
        if code not in shape.position:
            return "done" if code in path.entered else "todo"
        if shape.position[code] > reached:
            return "todo"  # ahead (or left again, as after a failed acceptance)
        return "skipped" if code in jumped else "done"

    def node(code: str) -> Node:
        return Node(
            code, machine.states[code].display_label, status_of(code), path.entered.get(code)
        )

    steps = [node(code) for code in MAIN_LINE]
    by_code = {step.code: step for step in steps}
    for transition in machine.transitions.values():
        for source in transition.sources:
            if (
                source in shape.position
                and transition.target in shape.position
                and shape.position[transition.target] < shape.position[source]
            ):
                target_label = machine.states[transition.target].display_label
                by_code[source].loops.append(f"{transition.display_label} → {target_label}")
    any_stage: list[Node] = []
    for code in machine.states:
        if code in shape.position:
            continue
        side = node(code)
        side.via = _labels(t.display_label for t in shape.incoming.get(code, []))
        side.returns = _labels(
            machine.states[t.target].display_label
            for t in shape.outgoing.get(code, [])
            if t.target in shape.position
        )
        anchor = shape.anchor(code)
        if anchor is None or len(shape.main_sources(code)) > ANY_STAGE_THRESHOLD:
            any_stage.append(side)
        else:
            by_code[anchor].branches.append(side)
    every = [*steps, *(b for step in steps for b in step.branches), *any_stage]
    current = next(n for n in every if n.code == current_code)
    return Lifecycle(
        steps=steps,
        any_stage=any_stage,
        current=current,
        done=[n for n in every if n.status == "done"],
    )


# --- the timeline --------------------------------------------------------------------------------

TIMELINE_PAGE_SIZE = 50
# What the owning unit reads of its own project's history: the lifecycle steps (who moved it,
# when, why — a return's reason is what it has to act on), not the full trail (the review's
# expert draws and conflicts stay with BDB and Audit, SPEC.md roles).
LIFECYCLE_PREFIX = f"{PROJECT_MACHINE.name}."


def timeline_scope(user: User, project: Project) -> str | None:
    """``"all"`` for history readers (Audit, BDB), ``"lifecycle"`` for the owning unit's staff
    and leaders, None for everyone else."""
    if can_read_history(user):
        return "all"
    if (
        user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER)
        and user.organisation_id == project.organisation_id
    ):
        return "lifecycle"
    return None


@dataclass(frozen=True)
class TimelineRow:
    event: Event
    label: str
    record: str  # the record the event is about ("" for the project itself)


@dataclass(frozen=True)
class Timeline:
    scope: str
    rows: list[TimelineRow]
    older_than: int | None  # the ``timeline_before`` of the next (older) page
    is_first_page: bool

    @property
    def full(self) -> bool:
        return self.scope == "all"


def event_label(action: str) -> str:
    """The project machine's own transition label, else the label table, else the code."""
    machine_name, _dot, code = action.partition(".")
    if machine_name == PROJECT_MACHINE.name and code in PROJECT_MACHINE.transitions:
        return PROJECT_MACHINE.transitions[code].display_label
    return action_label(action)


def _record_of(event: Event) -> str:
    if event.object_type == PROJECT_LABEL:
        return ""
    return f"{object_noun(event.object_type)}：{event.object_repr}"


def project_timeline(user: User, project: Project, *, before: Any = None) -> Timeline | None:
    """The newest events of the project and its records (older pages through ``before``)."""
    scope = timeline_scope(user, project)
    if scope is None:
        return None
    try:
        older_than = int(before) if before not in (None, "") else None
    except (TypeError, ValueError):
        older_than = None
    page = project_events(
        project.pk,
        before=older_than,
        limit=TIMELINE_PAGE_SIZE,
        action_prefix=LIFECYCLE_PREFIX if scope == "lifecycle" else "",
    )
    rows = [TimelineRow(e, event_label(e.action), _record_of(e)) for e in page.events]
    return Timeline(scope, rows, page.older_than, older_than is None)
