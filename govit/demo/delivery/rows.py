"""The rows and history events of a batch's delivery records, and their bulk writing.

``save`` writes every kind of row with ``bulk_create`` in the order of their foreign keys, then
the history events (``record_many``) in the order the steps happened, project by project.  An
event's facts are read only then, once every row has its primary key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model

from govit.acceptance.models import (
    AcceptanceApplication,
    Completion,
    CryptoResult,
    Extension,
    Filing,
    MlpsResult,
)
from govit.accounts.models import User
from govit.applications.models import Document
from govit.audit.services import PendingEvent, record_many
from govit.construction.models import Baseline, ChangeRequest, Incident, Milestone, ProgressReport
from govit.contracts.models import Contract
from govit.evaluation.models import EvaluationAssignment, IndicatorResult, SelfEvaluation
from govit.funds.models import FundBatch, FundBatchLine
from govit.obligations.models import Obligation
from govit.projects.models import Project
from govit.projects.services import reserve_serials

ROWS = 1000  # bulk_create batch size

Facts = dict[str, Any]


@dataclass
class Event:
    """A history event whose facts are read once the rows have their primary keys."""

    at: datetime
    order: int
    action: str
    by: User | None
    after: Callable[[], Facts]
    before: Callable[[], Facts | None] = lambda: None
    reason: str = ""
    # The object the event is about when it is not the project (an obligation).
    target: Callable[[], Model] | None = None


@dataclass
class Rows:
    documents: list[Document] = field(default_factory=list)
    contracts: list[tuple[Contract, list[int]]] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    change_requests: list[ChangeRequest] = field(default_factory=list)
    baselines: list[Baseline] = field(default_factory=list)
    reports: list[ProgressReport] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    batches: list[tuple[FundBatch, list[tuple[int, Decimal]]]] = field(default_factory=list)
    completions: list[Completion] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    applications: list[AcceptanceApplication] = field(default_factory=list)
    mlps: list[MlpsResult] = field(default_factory=list)
    crypto: list[CryptoResult] = field(default_factory=list)
    filings: list[Filing] = field(default_factory=list)
    self_evaluations: list[SelfEvaluation] = field(default_factory=list)
    results: list[IndicatorResult] = field(default_factory=list)
    assignments: list[EvaluationAssignment] = field(default_factory=list)
    # Fill-ins that need other rows' keys (milestone ids in JSON), run before their rows.
    after_milestones: list[Callable[[], None]] = field(default_factory=list)
    # Obligations with the fill-in of their key and title (they name another row's id).
    obligations: list[tuple[Obligation, Callable[[], None]]] = field(default_factory=list)
    events: list[tuple[Project, list[Event]]] = field(default_factory=list)
    filing_numbers: list[tuple[Filing, int, str]] = field(default_factory=list)


def save(rows: Rows) -> None:
    Document.objects.bulk_create(rows.documents, batch_size=ROWS)
    Contract.objects.bulk_create([c for c, _ in rows.contracts], batch_size=ROWS)
    through = Contract.budget_lines.through
    through.objects.bulk_create(
        [
            through(contract_id=contract.pk, budgetline_id=line_id)
            for contract, line_ids in rows.contracts
            for line_id in line_ids
        ],
        batch_size=ROWS,
    )
    Milestone.objects.bulk_create(rows.milestones, batch_size=ROWS)
    for fill_in in rows.after_milestones:
        fill_in()
    ChangeRequest.objects.bulk_create(rows.change_requests, batch_size=ROWS)
    Baseline.objects.bulk_create(rows.baselines, batch_size=ROWS)
    ProgressReport.objects.bulk_create(rows.reports, batch_size=ROWS)
    Incident.objects.bulk_create(rows.incidents, batch_size=ROWS)
    FundBatch.objects.bulk_create([b for b, _ in rows.batches], batch_size=ROWS)
    FundBatchLine.objects.bulk_create(
        [
            FundBatchLine(batch_id=batch.pk, budget_line_id=line_id, amount=amount)
            for batch, parts in rows.batches
            for line_id, amount in parts
        ],
        batch_size=ROWS,
    )
    Completion.objects.bulk_create(rows.completions, batch_size=ROWS)
    Extension.objects.bulk_create(rows.extensions, batch_size=ROWS)
    AcceptanceApplication.objects.bulk_create(rows.applications, batch_size=ROWS)
    MlpsResult.objects.bulk_create(rows.mlps, batch_size=ROWS)
    CryptoResult.objects.bulk_create(rows.crypto, batch_size=ROWS)
    _number_filings(rows.filing_numbers)
    Filing.objects.bulk_create(rows.filings, batch_size=ROWS)
    SelfEvaluation.objects.bulk_create(rows.self_evaluations, batch_size=ROWS)
    IndicatorResult.objects.bulk_create(rows.results, batch_size=ROWS)
    EvaluationAssignment.objects.bulk_create(rows.assignments, batch_size=ROWS)
    for _, fill_in in rows.obligations:
        fill_in()
    Obligation.objects.bulk_create([o for o, _ in rows.obligations], batch_size=ROWS)
    pending: list[PendingEvent] = []
    for project, events in rows.events:
        for event in sorted(events, key=lambda e: (e.at, e.order)):
            pending.append(
                PendingEvent(
                    action=event.action,
                    obj=event.target() if event.target is not None else project,
                    by=event.by,
                    before=event.before(),
                    after=event.after(),
                    reason=event.reason,
                )
            )
    record_many(pending)


def _number_filings(wanted: list[tuple[Filing, int, str]]) -> None:
    """Acceptance filing numbers from one counter per year (``demo:acceptance_filing:<year>``),
    in date order, so that a later load continues the sequence and no number repeats."""
    by_year: dict[int, list[tuple[Filing, str]]] = {}
    for filing, year, prefix in sorted(wanted, key=lambda entry: entry[0].filed_on):
        by_year.setdefault(year, []).append((filing, prefix))
    for year in sorted(by_year):
        entries = by_year[year]
        serial = reserve_serials(f"demo:acceptance_filing:{year}", len(entries))
        for filing, prefix in entries:
            filing.filing_number = f"{prefix}〔{year}〕{serial}号"
            serial += 1
