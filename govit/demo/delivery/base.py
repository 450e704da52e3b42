"""What every step of a project's delivery needs: its people, its times, its baseline versions,
and the helpers that add rows and history events (``Builder``)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.utils import timezone

from govit.accounts.models import User
from govit.applications.models import BudgetLine, CountyParticipant, Document
from govit.construction.models import Milestone
from govit.evaluation.windows import ARTICLE as SELF_EVALUATION_ARTICLE
from govit.evaluation.windows import Window
from govit.funds import ledger
from govit.funds.models import FundBatch
from govit.obligations.models import KIND_ARTICLES, DayCount, Obligation, ObligationState
from govit.policy.calendar import add_months
from govit.policy.models import PolicyPack
from govit.projects.models import Project, SecrecyStatus

from ..content import Delivery, Story
from .rows import Event, Facts, Rows

if TYPE_CHECKING:
    from ..stories import Context, Dossiers, Plan

ZERO = Decimal("0.00")
FILING_RULE = "contract_filing_working_days"  # contracts.services.FILING_RULE
ACCEPTANCE_RULE = "acceptance_application_months"  # acceptance.services.ACCEPTANCE_MONTHS_RULE
THRESHOLD_RULES = (
    "schedule_variance_amber",
    "schedule_variance_red",
    "cost_variance_amber",
    "cost_variance_red",
)
RUNNING_STATES = ("in_operation", "self_evaluated", "evaluated")  # funds.services
# Calendar days a late filing comes after its due date (a few values: the working-day answers
# are asked once per due date and value).
LATE_BY = (3, 6, 10, 16)


def day(moment: datetime) -> date:
    return timezone.localdate(moment)


def lifecycle_dates(story: Story) -> dict[str, date | None]:
    """The project's lifecycle dates (set by the services on the project row)."""
    d, times = story.delivery, story.times
    passed = bool(d.rounds) and d.rounds[-1] == "passed"
    return {
        "construction_started_on": day(times["construction_started"]) if d.started else None,
        "completed_on": day(times["completed"]) if d.completed else None,
        "accepted_on": day(times[f"decided_{len(d.rounds)}"]) if passed else None,
        "go_live_on": day(times["went_live"]) if d.live else None,
    }


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass
class Version:
    """One baseline version as numbers, and from when it applied."""

    number: int
    total: Decimal
    lines: dict[int, Decimal]
    planned_completion: date
    scope: str
    since: datetime

    def facts(self) -> Facts:
        return {
            "version": self.number,
            "total": self.total,
            "lines": {str(key): value for key, value in sorted(self.lines.items())},
            "planned_completion": iso(self.planned_completion),
            "scope": self.scope,
        }


class Builder:
    """Everything one project's delivery left behind, appended to the batch's rows."""

    def __init__(
        self,
        rng: random.Random,
        plan: Plan,
        project: Project,
        budget_lines: list[BudgetLine],
        dossiers: Dossiers,
        index: int,
        ctx: Context,
        rows: Rows,
    ) -> None:
        self.rng, self.plan, self.project, self.ctx, self.rows = rng, plan, project, ctx, rows
        self.sample = plan.sample
        self.story: Story = plan.story
        self.d: Delivery = plan.story.delivery
        self.times = plan.story.times
        self.now = ctx.now
        self.today = timezone.localdate(ctx.now)
        self.budget_lines = budget_lines
        self.indicators = dossiers.indicators.get(index, [])
        self.participants: list[CountyParticipant] = dossiers.participants.get(index, [])
        self.mlps_level = dossiers.mlps_levels.get(index, 2)
        actors = ctx.actors
        jurisdiction = project.jurisdiction_id
        self.staff = actors.unit_staff.get(project.organisation_id)
        self.bdb = actors.bdb_staff.get(jurisdiction)
        self.leaders = actors.bdb_leaders.get(jurisdiction, [])
        self.finance = actors.finance
        self.evaluator = next(iter(sorted(actors.evaluators.items())), None)
        self.events: list[Event] = []
        self.acceptance_obligation: Obligation | None = None  # set by the completion
        self.self_evaluation_obligation: Obligation | None = None  # set at go-live
        self.versions: list[Version] = []
        self.milestones: list[Milestone] = []
        self.documents: list[Document] = []
        # Money counted as ``funds.ledger`` counts it: in total, per budget line, per payer.
        self.batches: list[FundBatch] = []
        self.ledger_total = ledger.Sums()
        self.ledger_lines: dict[int, ledger.Sums] = {}
        self.ledger_payers: dict[int | None, ledger.Sums] = {}
        self.metadata_only = (
            self.sample.is_classified_candidate
            and plan.secrecy_status != SecrecyStatus.NOT_CLASSIFIED
        )
        self.original = self.original_baseline()

    def ready(self) -> bool:
        """The people every step needs exist (``names`` keeps other projects earlier)."""
        return self.staff is not None and self.bdb is not None and bool(self.leaders)

    # --- helpers ----------------------------------------------------------------------------
    @property
    def leader(self) -> User:
        return self.rng.choice(self.leaders)

    def at(self, step: str) -> datetime:
        return self.times[step]

    def between(self, start: datetime, end: datetime) -> datetime:
        end = min(end, self.now)
        if end <= start:
            return min(start, self.now)
        return start + (end - start) * self.rng.random()

    def later(self, start: datetime, low: float, high: float) -> datetime:
        """A moment ``low``–``high`` days after ``start`` (may lie after now: callers check)."""
        return start + timedelta(days=self.rng.uniform(low, high))

    def event(
        self,
        at: datetime,
        action: str,
        by: User | None,
        after: Callable[[], Facts],
        *,
        before: Callable[[], Facts | None] | None = None,
        reason: str = "",
        target: Callable[[], Model] | None = None,
    ) -> None:
        self.events.append(
            Event(at, len(self.events), action, by, after, before or (lambda: None), reason, target)
        )

    def self_evaluation_window(self, today: date) -> tuple[Window, PolicyPack]:
        """``evaluation.windows``: the window from the rules on its start date (the later of
        acceptance and go-live), and the pack they come from."""
        dates = lifecycle_dates(self.story)
        accepted_on, go_live_on = dates["accepted_on"], dates["go_live_on"]
        if accepted_on is None or go_live_on is None:
            raise RuntimeError("demo: a self-evaluation window before acceptance and go-live")
        start = max(accepted_on, go_live_on)
        jurisdiction = self.project.jurisdiction_id
        opens_rule = self.ctx.rule(jurisdiction, "self_evaluation_opens_months", start)
        closes_rule = self.ctx.rule(jurisdiction, "self_evaluation_closes_months", start)
        opens_months, closes_months = opens_rule.as_int(), closes_rule.as_int()
        window = Window(
            start=start,
            opens=add_months(start, opens_months),
            closes=add_months(start, closes_months),
            opens_months=opens_months,
            closes_months=closes_months,
            today=today,
            article=opens_rule.article or SELF_EVALUATION_ARTICLE,
        )
        return window, opens_rule.pack

    # --- obligations (``obligations.services``, as the stage services open and fulfil them) --
    def obligation(
        self,
        kind: str,
        key: Callable[[], str],
        title: Callable[[], str],
        *,
        at: datetime,
        by: User | None,
        opened_on: date,
        due_on: date,
        day_count: str,
        pack: PolicyPack | None,
        due_provisional: bool = False,
        opens_on: date | None = None,
    ) -> Obligation:
        """``obligation_open``: an open obligation of the owning unit and its history event."""
        obligation = Obligation(
            kind=kind,
            project_id=self.project.pk,
            responsible_id=self.project.organisation_id,
            jurisdiction_id=self.project.jurisdiction_id,
            article=KIND_ARTICLES[kind],
            pack=pack,
            opened_on=opened_on,
            opens_on=opens_on,
            due_on=due_on,
            due_provisional=due_provisional,
            day_count=day_count,
            state=ObligationState.OPEN,
            created_at=at,
        )

        def fill_in() -> None:
            obligation.key = key()
            obligation.title = title()[:200]

        self.rows.obligations.append((obligation, fill_in))
        self.event(
            at,
            "obligations.open",
            by,
            self.obligation_facts(obligation, due_on, ObligationState.OPEN),
            target=lambda: obligation,
        )
        return obligation

    def obligation_facts(
        self, obligation: Obligation, due_on: date, state: str
    ) -> Callable[[], Facts]:
        """``obligations.services._facts`` as they were at that step (read once saved)."""
        provisional = obligation.due_provisional
        return lambda: {
            "kind": obligation.kind,
            "key": obligation.key,
            "responsible": self.sample.owner.organisation_name,
            "due_on": due_on.isoformat(),
            "due_provisional": provisional,
            "state": state,
            "article": obligation.article,
        }

    def obligation_days_late(self, obligation: Obligation, on: date) -> int:
        """``obligations.services.days_late`` (working-day answers asked once per date)."""
        if on <= obligation.due_on:
            return 0
        if obligation.day_count == DayCount.WORKING:
            return self.ctx.working_days_between(obligation.due_on, on).count
        return (on - obligation.due_on).days

    def fulfil(self, obligation: Obligation, *, at: datetime, on: date, by: User | None) -> None:
        """``obligation_fulfil``: the event that fulfils it happened on ``on``."""
        if obligation.state != ObligationState.OPEN:
            return
        before = self.obligation_facts(obligation, obligation.due_on, ObligationState.OPEN)
        obligation.state = ObligationState.FULFILLED
        obligation.fulfilled_on = on
        obligation.days_late = late = self.obligation_days_late(obligation, on)
        obligation.closed_at = at
        after = self.obligation_facts(obligation, obligation.due_on, ObligationState.FULFILLED)
        self.event(
            at,
            "obligations.fulfil",
            by,
            lambda: {**after(), "fulfilled_on": on.isoformat(), "days_late": late},
            before=before,
            target=lambda: obligation,
        )

    def reschedule(
        self, obligation: Obligation, *, at: datetime, due_on: date, reason: str, by: User
    ) -> None:
        """``obligation_reschedule``: an approved extension moved the due date (Art. 23)."""
        if obligation.state != ObligationState.OPEN:
            return
        before = self.obligation_facts(obligation, obligation.due_on, ObligationState.OPEN)
        obligation.due_on = due_on
        obligation.due_provisional = False
        self.event(
            at,
            "obligations.reschedule",
            by,
            self.obligation_facts(obligation, due_on, ObligationState.OPEN),
            before=before,
            reason=reason,
            target=lambda: obligation,
        )

    def transition(
        self, at: datetime, code: str, by: User | None, source: str, target: str, **data: Any
    ) -> None:
        """The engine's ``project.<code>`` event (``core.workflow.StateMachine.execute``)."""
        reason = str(data.pop("reason", ""))
        self.event(
            at,
            f"project.{code}",
            by,
            lambda: {"state": target, **{k: v() if callable(v) else v for k, v in data.items()}},
            before=lambda: {"state": source},
            reason=reason,
        )

    def document(self, kind: str, title: str, at: datetime, by: User | None = None) -> Document:
        """A document pointing at the demo's shared PDF of its kind (``document_attach``)."""
        stored = self.ctx.files[kind]
        version = sum(1 for d in self.documents if d.kind == kind and d.title == title) + 1
        document = Document(
            project_id=self.project.pk,
            kind=kind,
            title=title,
            version=version,
            original_filename=f"{title}.pdf",
            content_type="application/pdf",
            size=stored.size,
            sm3=stored.sm3,
            storage_path=stored.relative_path,
            uploaded_by=by or self.staff,
            uploaded_at=at,
        )
        self.documents.append(document)
        self.rows.documents.append(document)
        return document

    def work_end(self) -> datetime:
        """Until when construction work (progress, milestones, funds) went on normally."""
        d, times = self.d, self.times
        ends = [self.now]
        if d.completed:
            ends.append(times["completed"])
        if d.incident in ("suspended", "lifted"):
            ends.append(times["incident_decided"])
        if "terminated" in times:
            ends.append(times["terminated"])
        return min(ends)

    def version_on(self, moment: datetime) -> Version:
        current = self.versions[0]
        for version in self.versions:
            if version.since <= moment:
                current = version
        return current

    def original_baseline(self) -> tuple[Decimal, dict[int, Decimal]]:
        """What BDB approved (``construction.baselines.original_baseline``): the opinion's
        lines, or the registered budget of a filed project (备案)."""
        plan = self.plan
        if plan.story.opinion == "signed":
            approved = {
                line.pk: amount
                for line, (amount, _) in zip(self.budget_lines, plan.approved_lines, strict=True)
            }
            return plan.approved_amount or ZERO, approved
        return plan.requested, {line.pk: line.amount for line in self.budget_lines}

    def accepted_at(self) -> datetime | None:
        d = self.d
        if d.rounds and d.rounds[-1] == "passed":
            return self.at(f"decided_{len(d.rounds)}")
        return None

    def blocked(self, moment: datetime) -> bool:
        """No construction money at ``moment``: suspended (Art. 20), completed and not yet
        accepted (Art. 23), terminated (Art. 35) — or simply not yet happened."""
        times, d = self.times, self.d
        if moment > self.now:
            return True
        if d.incident in ("suspended", "lifted"):
            lifted = times.get("suspension_lifted")
            if times["incident_decided"] <= moment and (lifted is None or moment < lifted):
                return True
        if d.completed:
            accepted = self.accepted_at()
            if times["completed"] <= moment and (accepted is None or moment < accepted):
                return True
        terminated = times.get("terminated")
        return terminated is not None and moment >= terminated

    def working_hours(self, on: date) -> datetime:
        """A working-hours moment of ``on``, never after now."""
        moment = timezone.make_aware(datetime.combine(on, datetime.min.time()))
        return min(moment + timedelta(hours=self.rng.uniform(9, 17)), self.now)

    def share(self, low: float, high: float) -> Decimal:
        return Decimal(str(round(self.rng.uniform(low, high), 4)))

    def fate(self, on_time: float, late: float) -> str:
        roll = self.rng.random()
        return "on_time" if roll < on_time else "late" if roll < on_time + late else "unfiled"
