"""Reads of the acceptance stage.

Every page first reaches the project through ``projects.selectors.project_get`` (outside scope:
404); what is read here is then the project's own acceptance record.  The list of overdue
projects is scoped by ``projects_for`` and open to BDB, Finance and Audit only.

``acceptance_due`` and ``acceptance_overdue`` are the two answers later stages build on
(issue 5's obligations, the funds eligibility verdict).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.projects.models import Project
from govit.projects.selectors import projects_for

from .models import AcceptanceApplication, Completion, CryptoResult, Extension, Filing, MlpsResult

# Who sees the list of projects late without extension (Art. 23).
OVERDUE_READERS = (Role.BDB_STAFF, Role.BDB_LEADER, Role.FINANCE, Role.AUDIT)


# --- the due date (Art. 23) ---------------------------------------------------------------
def completion_of(project: Any) -> Completion | None:
    return Completion.objects.filter(project=project).first()


def _latest_approved(extensions: list[Extension]) -> Extension | None:
    approved = [e for e in extensions if e.state == Extension.State.APPROVED]
    # Only one extension is pending at a time and each approval moves the date later, so the
    # latest decided is also the latest date; order by decision, then id, to be explicit.
    approved.sort(key=lambda e: (e.decided_at is not None, e.decided_at, e.pk))
    return approved[-1] if approved else None


def _due(completion: Completion | None, extensions: list[Extension]) -> date | None:
    if completion is None:
        return None
    granted = _latest_approved(extensions)
    if granted is not None and granted.approved_due_on is not None:
        return granted.approved_due_on
    return completion.due_on


def acceptance_due(project: Any) -> date | None:
    """The current acceptance application due date: the latest approved extension's date, or
    completion date + the policy pack's months; None before completion is recorded."""
    completion = completion_of(project)
    if completion is None:
        return None
    return _due(completion, list(Extension.objects.filter(project=project)))


def acceptance_overdue(project: Any, on: date) -> bool:
    """Late without extension: ``on`` is after the current due date and the unit has not
    applied for acceptance (Art. 23).  A terminated project owes nothing any more."""
    if project.state != "completed":
        return False
    due = acceptance_due(project)
    if due is None or on <= due:
        return False
    return not AcceptanceApplication.objects.filter(project=project).exists()


# --- rounds -------------------------------------------------------------------------------
def current_round(project: Any) -> AcceptanceApplication | None:
    """The latest acceptance round (open, passed or failed)."""
    return AcceptanceApplication.objects.filter(project=project).order_by("-round_no").first()


def open_round(project: Any) -> AcceptanceApplication | None:
    """The round waiting for BDB's decision, if any."""
    return AcceptanceApplication.objects.filter(
        project=project, outcome=AcceptanceApplication.Outcome.PENDING
    ).first()


def latest_mlps(application: AcceptanceApplication) -> MlpsResult | None:
    return MlpsResult.objects.filter(application=application).order_by("-id").first()


def latest_crypto(application: AcceptanceApplication) -> CryptoResult | None:
    return CryptoResult.objects.filter(application=application).order_by("-id").first()


# --- the whole record ---------------------------------------------------------------------
@dataclass(frozen=True)
class DueStatus:
    """Where the project stands against its acceptance application due date."""

    completed_on: date
    original_due_on: date
    due_on: date
    months: int
    extended: bool
    pending_extension: Extension | None
    # The last decided extension was rejected (and none is pending or granted since).
    extension_rejected: bool
    applied: bool
    overdue: bool
    today: date

    @property
    def days_left(self) -> int:
        """Days until the due date (0 on the day itself); negative when past it."""
        return (self.due_on - self.today).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def extension_label(self) -> str:
        if self.pending_extension is not None:
            return "延期申请待审批"
        if self.extended:
            return f"已批准延期至 {self.due_on:%Y-%m-%d}"
        if self.extension_rejected:
            return "延期申请未获批准"
        return "未申请延期"


@dataclass
class RoundView:
    application: AcceptanceApplication
    mlps_results: list[MlpsResult]
    crypto_results: list[CryptoResult]

    @property
    def mlps(self) -> MlpsResult | None:
        return self.mlps_results[-1] if self.mlps_results else None

    @property
    def crypto(self) -> CryptoResult | None:
        return self.crypto_results[-1] if self.crypto_results else None


@dataclass
class AcceptanceOverview:
    project: Project
    completion: Completion | None
    status: DueStatus | None
    extensions: list[Extension]
    rounds: list[RoundView]
    filing: Filing | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def open_round(self) -> RoundView | None:
        return next((r for r in self.rounds if r.application.is_open), None)

    @property
    def latest_round(self) -> RoundView | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def pending_extension(self) -> Extension | None:
        return next((e for e in self.extensions if e.state == Extension.State.PENDING), None)

    @property
    def passed_round(self) -> RoundView | None:
        return next(
            (
                r
                for r in self.rounds
                if r.application.outcome == AcceptanceApplication.Outcome.PASSED
            ),
            None,
        )


def _status(
    project: Project,
    completion: Completion | None,
    extensions: list[Extension],
    applied: bool,
    on: date,
) -> DueStatus | None:
    due = _due(completion, extensions)
    if completion is None or due is None:
        return None
    return DueStatus(
        completed_on=completion.completed_on,
        original_due_on=completion.due_on,
        due_on=due,
        months=completion.months,
        extended=_latest_approved(extensions) is not None,
        pending_extension=next((e for e in extensions if e.state == Extension.State.PENDING), None),
        extension_rejected=bool(extensions)
        and extensions[-1].state == Extension.State.REJECTED
        and _latest_approved(extensions) is None,
        applied=applied,
        overdue=project.state == "completed" and not applied and on > due,
        today=on,
    )


def due_status(project: Project, on: date) -> DueStatus | None:
    completion = completion_of(project)
    extensions = list(Extension.objects.filter(project=project).order_by("id"))
    applied = AcceptanceApplication.objects.filter(project=project).exists()
    return _status(project, completion, extensions, applied, on)


def acceptance_overview(project: Project, on: date) -> AcceptanceOverview:
    """The project's acceptance record, one query per kind."""
    completion = Completion.objects.filter(project=project).select_related("recorded_by").first()
    extensions = list(
        Extension.objects.filter(project=project)
        .select_related("applied_by", "decided_by")
        .order_by("id")
    )
    applications = list(
        AcceptanceApplication.objects.filter(project=project)
        .select_related("acceptance_report", "test_report", "applied_by", "decided_by")
        .order_by("round_no")
    )
    ids = [a.pk for a in applications]
    mlps: dict[int, list[MlpsResult]] = {pk: [] for pk in ids}
    for mlps_result in (
        MlpsResult.objects.filter(application_id__in=ids)
        .select_related("report", "recorded_by")
        .order_by("id")
    ):
        mlps[mlps_result.application_id].append(mlps_result)
    crypto: dict[int, list[CryptoResult]] = {pk: [] for pk in ids}
    for crypto_result in (
        CryptoResult.objects.filter(application_id__in=ids)
        .select_related("report", "recorded_by")
        .order_by("id")
    ):
        crypto[crypto_result.application_id].append(crypto_result)
    return AcceptanceOverview(
        project=project,
        completion=completion,
        status=_status(project, completion, extensions, bool(applications), on),
        extensions=extensions,
        rounds=[RoundView(a, mlps[a.pk], crypto[a.pk]) for a in applications],
        filing=Filing.objects.filter(project=project).select_related("recorded_by").first(),
    )


# --- late without extension (Art. 23) -------------------------------------------------------
def can_read_overdue(user: User) -> bool:
    return user.organisation is not None and user.has_any_role(*OVERDUE_READERS)


@dataclass(frozen=True)
class OverdueRow:
    project: Project
    status: DueStatus


def overdue_projects(user: User, on: date) -> list[OverdueRow]:
    """Projects of the user's jurisdiction late without extension, most overdue first."""
    if not can_read_overdue(user) or user.organisation is None:
        return []
    candidates = (
        projects_for(user)
        .filter(
            jurisdiction_id=user.organisation.jurisdiction_id,
            state="completed",
            completion__isnull=False,
            acceptance_applications__isnull=True,
        )
        .select_related("completion")
        .order_by("id")
    )
    projects = list(candidates)
    extensions: dict[int, list[Extension]] = {p.pk: [] for p in projects}
    for extension in Extension.objects.filter(project_id__in=list(extensions)).order_by("id"):
        extensions[extension.project_id].append(extension)
    rows = []
    for project in projects:
        status = _status(project, project.completion, extensions[project.pk], False, on)
        if status is not None and status.overdue:
            rows.append(OverdueRow(project, status))
    rows.sort(key=lambda row: (-row.status.days_overdue, row.project.pk))
    return rows
