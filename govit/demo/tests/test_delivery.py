"""``govit demo``: sample projects in every delivery state (issue 4), with the records each
state implies, as the delivery services would have written them."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govit.acceptance import rules as acceptance_rules
from govit.acceptance.models import (
    AcceptanceApplication,
    Completion,
    Conclusion,
    CryptoResult,
    Extension,
    Filing,
    MlpsResult,
)
from govit.acceptance.selectors import acceptance_due, acceptance_overdue
from govit.accounts.models import Organisation, User
from govit.applications.models import Document, Indicator
from govit.audit.models import Event
from govit.audit.services import verify
from govit.construction import variance
from govit.construction.baselines import current_baseline, original_baseline
from govit.construction.models import (
    Baseline,
    ChangeRequest,
    Incident,
    Milestone,
    ProgressReport,
)
from govit.construction.services import thresholds_on
from govit.contracts.models import Contract
from govit.contracts.services import approval_date
from govit.contracts.uscc import is_valid
from govit.demo.data import DEMO_PASSWORD
from govit.demo.names import DELIVERY_STATES, SHOWCASE, SHOWCASE_OWNER
from govit.evaluation.models import EvaluationAssignment, IndicatorResult, SelfEvaluation
from govit.evaluation.windows import self_evaluation_window
from govit.funds import ledger
from govit.funds.eligibility import funding_eligibility
from govit.funds.models import LIVE_STATES, BatchState, FundBatch, FundKind
from govit.policy.calendar import add_months, add_working_days, working_days_between
from govit.policy.packs import rule
from govit.projects.models import Project
from govit.projects.workflow import PROJECT_MACHINE

PROJECTS = 300
ZERO = Decimal("0.00")
RUNNING = ("in_operation", "self_evaluated", "evaluated")


def demo(**options: object) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def loaded(db: None) -> None:
    demo(projects=PROJECTS, verbosity=0)


def delivered() -> list[Project]:
    """Projects that started construction (terminated ones included)."""
    return list(
        Project.objects.filter(construction_started_on__isnull=False).select_related(
            "jurisdiction", "organisation"
        )
    )


def test_every_delivery_state_has_demo_projects(loaded: None) -> None:
    states = Counter(Project.objects.values_list("state", flat=True))
    assert set(states) >= DELIVERY_STATES, DELIVERY_STATES - set(states)
    assert states["procurement"] > 0
    terminated_in_delivery = Event.objects.filter(
        action="project.terminate", before__state__in=sorted(DELIVERY_STATES)
    )
    assert terminated_in_delivery.exists()


def test_the_showcase_of_the_police_visits_every_state_once() -> None:
    reachable = set(PROJECT_MACHINE.states) - {"retired"}  # nothing leads to retired yet
    assert {showcase.state for showcase in SHOWCASE} == reachable
    assert {showcase.state for showcase in SHOWCASE} >= DELIVERY_STATES


def test_the_police_showcase_is_loaded_in_every_delivery_state(loaded: None) -> None:
    division, code = SHOWCASE_OWNER
    police = Organisation.objects.get(jurisdiction__code=division, code=code)
    states = set(Project.objects.filter(organisation=police).values_list("state", flat=True))
    assert {showcase.state for showcase in SHOWCASE} <= states
    # The showcase's side stories: a late and an unfiled contract, an approved change
    # (baseline v2), an overdue completion, an extension still running, a failed round.
    projects = Project.objects.filter(organisation=police)
    assert Contract.objects.filter(project__in=projects, days_late__gt=0).exists()
    assert Contract.objects.filter(project__in=projects, filed_on__isnull=True).exists()
    assert Baseline.objects.filter(project__in=projects, version=2).exists()
    today = timezone.localdate()
    completed = projects.filter(state="completed")
    assert any(acceptance_overdue(p, today) for p in completed)
    assert any((acceptance_due(p) or today) > today for p in completed)
    assert AcceptanceApplication.objects.filter(
        project__in=projects.filter(state="accepted"), outcome="failed"
    ).exists()
    batches = FundBatch.objects.filter(project__in=projects)
    assert {"released", "confirmed", "requested", "refused"} <= set(
        batches.values_list("state", flat=True)
    )
    assert batches.filter(payer__isnull=False).exists()  # a county's share (Art. 25)
    assert batches.filter(kind=FundKind.OM).exists()
    assert Incident.objects.filter(project__in=projects, state="closed").exists()
    assert EvaluationAssignment.objects.filter(project__in=projects, state="commissioned").exists()


def test_contract_filing_is_due_and_late_as_the_contracts_service_computes(loaded: None) -> None:
    contracts = list(Contract.objects.select_related("project__jurisdiction"))
    assert contracts
    today = timezone.localdate()
    for contract in contracts:
        project = contract.project
        filing = rule(project.jurisdiction, "contract_filing_working_days", on=contract.signed_on)
        due = add_working_days(contract.signed_on, filing.as_int())
        assert contract.filing_working_days == filing.as_int() == 5
        assert (contract.filing_due, contract.filing_due_provisional) == (
            due.date,
            due.provisional,
        )
        assert contract.signed_on <= today and is_valid(contract.supplier_uscc)
        approved = approval_date(project) if project.opinion_date else None
        if approved is not None:
            assert contract.signed_on >= approved, contract.number
        if contract.filed_on is None:
            assert contract.days_late is None and contract.filed_by is None
            continue
        assert contract.signed_on <= contract.filed_on <= today
        late = working_days_between(contract.filing_due, contract.filed_on).count
        assert contract.days_late == max(late, 0), contract.number
        assert bool(contract.signed_copy_id) != bool(contract.copy_note)
    assert any(c.days_late == 0 for c in contracts)
    assert any((c.days_late or 0) > 0 for c in contracts)
    assert any(c.filed_on is None for c in contracts)
    # Contracts never exceed the approved amount (Art. 19).
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for contract in contracts:
        totals[contract.project_id] += contract.amount
    for project in Project.objects.filter(pk__in=totals):
        assert totals[project.pk] <= current_baseline(project).total, project.code


def test_fund_batches_stay_within_the_baseline_each_budget_line_and_each_share(
    loaded: None,
) -> None:
    projects = Project.objects.filter(fund_batches__isnull=False).distinct()
    assert projects.exists()
    states = Counter(FundBatch.objects.values_list("state", flat=True))
    assert {"released", "confirmed", "requested", "refused"} <= set(states)
    assert FundBatch.objects.filter(kind=FundKind.OM, state="released").exists()
    assert FundBatch.objects.filter(payer__isnull=False).exists()  # county shares (Art. 25)
    for project in projects:
        baseline = current_baseline(project)
        sums = ledger.kind_sums(project, FundKind.CONSTRUCTION)
        assert sums.released <= sums.committed <= baseline.total, project.code
        for line_id, used in ledger.line_sums(project).items():
            assert used.committed <= baseline.line_limit(line_id), (project.code, line_id)
        shares = {s.payer_id: s for s in ledger.construction_shares(project, baseline.total)}
        for payer_id, used in ledger.payer_sums(project, FundKind.CONSTRUCTION).items():
            assert used.committed <= shares[payer_id].cap, project.code
    numbered: dict[int, list[FundBatch]] = defaultdict(list)
    for batch in FundBatch.objects.order_by("requested_at", "number"):
        numbered[batch.project_id].append(batch)
    for batches in numbered.values():  # numbered 1, 2, … in the order they were asked for
        assert [b.number for b in batches] == list(range(1, len(batches) + 1))
    for batch in FundBatch.objects.prefetch_related("lines").select_related("project"):
        parts = [line.amount for line in batch.lines.all()]
        if batch.kind == FundKind.CONSTRUCTION:
            assert sum(parts, ZERO) == batch.amount and all(p > 0 for p in parts)
        else:
            assert not parts and batch.project.state in RUNNING
        if batch.state == BatchState.RELEASED:
            assert batch.released_on is not None and batch.reference
            assert batch.confirmed_at is not None and batch.released_at is not None
            assert batch.requested_at <= batch.confirmed_at <= batch.released_at
            assert batch.released_on <= timezone.localdate()
            assert batch.released_by is not None and batch.released_by.has_role("finance")
        if batch.state == BatchState.REFUSED:
            assert batch.refusal_reason and batch.refused_by is not None
    # Finance sees why a pending batch of a suspended project cannot be released (Art. 20).
    for batch in FundBatch.objects.filter(state__in=LIVE_STATES[:2], project__state="suspended"):
        verdict = funding_eligibility(batch.project, on=timezone.localdate(), batch=batch)
        assert not verdict.clear and 20 in {r.article for r in verdict.reasons}


def test_construction_has_its_schedule_baselines_progress_and_incidents(loaded: None) -> None:
    today = timezone.localdate()
    for project in delivered():
        versions = list(Baseline.objects.filter(project=project).order_by("version"))
        assert versions and versions[0].version == 1, project.code
        first = versions[0]
        original = original_baseline(project)
        assert first.total_amount == original.total
        assert {int(k): Decimal(v) for k, v in first.line_amounts.items()} == original.lines
        assert first.planned_completion and first.planned_completion > (
            project.construction_started_on or today
        )
        milestones = {m.pk: m for m in Milestone.objects.filter(project=project)}
        assert {item["id"] for item in first.milestones} == set(milestones)
        for version in versions[1:]:
            request = version.change_request
            assert request is not None and request.state == ChangeRequest.State.APPROVED
            assert request.base_version == version.version - 1
            assert version.planned_completion == request.new_planned_completion
            for key, planned in request.new_milestone_dates.items():
                assert milestones[int(key)].planned_on == date.fromisoformat(planned)
        started = project.construction_started_on
        assert started is not None and started <= today
        for milestone in milestones.values():
            if milestone.actual_on is not None:
                assert started <= milestone.actual_on <= today
        previous: date | None = None
        for report in ProgressReport.objects.filter(project=project).order_by("report_date"):
            assert started <= report.report_date <= today
            assert previous is None or report.report_date > previous
            previous = report.report_date
            thresholds, facts = thresholds_on(project, report.report_date)
            again = variance.compute(
                started_on=started,
                planned_completion=report.planned_completion,
                report_date=report.report_date,
                percent_complete=report.percent_complete,
                spend_to_date=report.spend_to_date,
                baseline_total=report.baseline_total,
                thresholds=thresholds,
            )
            assert report.thresholds == facts
            assert (report.schedule_variance, report.cost_variance) == (
                again.schedule_variance,
                again.cost_variance,
            )
            assert (report.schedule_colour, report.cost_colour) == (
                again.schedule_colour,
                again.cost_colour,
            )
            version = next(v for v in versions if v.version == report.baseline_version)
            assert report.baseline_total == version.total_amount
    assert ChangeRequest.objects.filter(state="approved").exists()
    assert ProgressReport.objects.exclude(schedule_colour="green").exists()
    # Art. 20: each project rectifying or suspended has its incident and BDB's decision.
    for project in Project.objects.filter(state="rectifying"):
        incident = Incident.objects.get(project=project, state__in=["rectifying", "answered"])
        assert incident.rectification_deadline is not None and incident.decided_by is not None
        assert incident.rectification_deadline > timezone.localdate(incident.decided_at)
    for project in Project.objects.filter(state="suspended"):
        incident = Incident.objects.get(project=project, state="suspended")
        assert incident.suspended_by is not None and incident.suspension_reason
    assert Incident.objects.filter(state="closed", answered_on__isnull=False).exists()


def test_acceptance_is_due_months_after_completion_and_passes_with_both_results(
    loaded: None,
) -> None:
    today = timezone.localdate()
    completions = list(Completion.objects.select_related("project__jurisdiction"))
    assert completions
    for completion in completions:
        project = completion.project
        months = rule(
            project.jurisdiction, "acceptance_application_months", completion.completed_on
        )
        assert completion.months == months.as_int() == 6
        assert completion.due_on == add_months(completion.completed_on, completion.months)
        assert completion.pack_code == months.pack.code
        assert project.completed_on == completion.completed_on <= today
        assert project.construction_started_on is not None
        assert project.construction_started_on <= completion.completed_on
    overdue = [c.project for c in completions if acceptance_overdue(c.project, today)]
    assert any(not Extension.objects.filter(project=p).exists() for p in overdue)
    for extension in Extension.objects.filter(state="approved").select_related("project"):
        assert extension.approved_due_on is not None
        assert extension.approved_due_on > extension.previous_due_on
        assert acceptance_due(extension.project) >= extension.approved_due_on
    rounds = defaultdict(list)
    for application in AcceptanceApplication.objects.order_by("round_no"):
        rounds[application.project_id].append(application)
    assert any([r.outcome for r in found] == ["failed", "passed"] for found in rounds.values())
    for _project_id, found in rounds.items():
        assert [r.round_no for r in found] == list(range(1, len(found) + 1))
        for application in found:
            if application.outcome == "pending":
                continue
            assert application.applied_on <= application.decided_on <= today
            conclusions = [
                r.conclusion
                for r in [
                    *MlpsResult.objects.filter(application=application),
                    *CryptoResult.objects.filter(application=application),
                ]
            ]
            if application.outcome == "passed":
                assert len(conclusions) == 2 and Conclusion.NOT_CONFORMS not in conclusions
            else:
                assert Conclusion.NOT_CONFORMS in conclusions
    for project in Project.objects.filter(state__in=["accepted", *RUNNING]):
        assert acceptance_rules.security_and_crypto_results(project, None).allowed, project.code
        passed = AcceptanceApplication.objects.get(project=project, outcome="passed")
        assert project.accepted_on == passed.decided_on
    # Art. 33: the open round without the crypto result cannot pass.
    waiting = [
        p
        for p in Project.objects.filter(state="acceptance_applied")
        if not acceptance_rules.security_and_crypto_results(p, None).allowed
    ]
    assert waiting and acceptance_rules.security_and_crypto_results(waiting[0], None).article == 33
    for filing in Filing.objects.select_related("project", "application"):
        project = filing.project
        assert filing.application.outcome == "passed"
        assert project.accepted_on is not None
        assert project.accepted_on <= filing.go_live_on <= today
        assert project.accepted_on <= filing.filed_on <= today
        assert project.go_live_on == filing.go_live_on
    numbers = list(Filing.objects.values_list("filing_number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_self_evaluations_fall_in_their_window_and_evaluators_score(loaded: None) -> None:
    evaluations = list(SelfEvaluation.objects.select_related("project__jurisdiction"))
    assert evaluations
    for evaluation in evaluations:
        project = evaluation.project
        window = self_evaluation_window(project, on=evaluation.submitted_on)
        assert window is not None
        assert (evaluation.window_opens_on, evaluation.window_closes_on) == (
            window.opens,
            window.closes,
        )
        assert window.opens <= evaluation.submitted_on <= timezone.localdate()
        assert evaluation.days_late == window.days_late
        indicators = set(
            Indicator.objects.filter(pre_evaluation__project=project).values_list("id", flat=True)
        )
        results = IndicatorResult.objects.filter(self_evaluation=evaluation)
        assert set(results.values_list("indicator_id", flat=True)) == indicators
        assert project.state in ("self_evaluated", "evaluated")
    assert IndicatorResult.objects.filter(met=False).exists()
    for project in Project.objects.filter(state="evaluated"):
        assignment = EvaluationAssignment.objects.get(project=project, state="submitted")
        assert assignment.score is not None and 0 <= assignment.score <= 100
        assert assignment.report is not None and assignment.submitted_by is not None
        assert assignment.evaluator.function == Organisation.Function.EVALUATOR
        assert assignment.submitted_by.organisation_id == assignment.evaluator_id
    assert EvaluationAssignment.objects.filter(state="commissioned").exists()


def test_each_project_history_replays_its_delivery_through_the_lifecycle(loaded: None) -> None:
    assert verify().intact
    out = StringIO()
    call_command("history", "verify", stdout=out)
    assert "历史链完整" in out.getvalue()
    for project in delivered():
        events = Event.objects.for_object(project).order_by("seq")
        state = "procurement"
        steps = [
            e for e in events if e.action.startswith("project.") and e.action != "project.create"
        ]
        assert steps, project.code
        for event in steps:
            code = event.action.removeprefix("project.")
            transition = PROJECT_MACHINE.transitions[code]
            assert event.before == {"state": state}, (project.code, code)
            assert state in transition.sources and event.after["state"] == transition.target
            assert event.reason or not transition.requires_reason, (project.code, code)
            if event.actor is not None:
                assert transition.roles & set(
                    event.actor.role_assignments.values_list("role", flat=True)
                )
            state = transition.target
        assert state == project.state, project.code
        actions = {e.action for e in events}
        assert "contracts.record" in actions and "construction.schedule_save" in actions


def test_every_delivery_date_lies_before_now(loaded: None) -> None:
    now = timezone.now()
    today = timezone.localdate()
    for model, fields in (
        (Contract, ("signed_on", "filed_on", "recorded_at")),
        (Milestone, ("actual_on", "created_at")),
        (ProgressReport, ("report_date", "reported_at")),
        (Incident, ("reported_at", "decided_at", "answered_on", "closed_at")),
        (ChangeRequest, ("submitted_at", "decided_at")),
        (FundBatch, ("requested_at", "confirmed_at", "released_on", "refused_at")),
        (Completion, ("completed_on", "recorded_at")),
        (Extension, ("applied_at", "decided_at")),
        (AcceptanceApplication, ("applied_on", "decided_on", "applied_at")),
        (Filing, ("filed_on", "go_live_on", "recorded_at")),
        (SelfEvaluation, ("submitted_on", "at")),
        (EvaluationAssignment, ("commissioned_at", "submitted_on")),
        (Document, ("uploaded_at",)),
        (Project, ("construction_started_on", "completed_on", "accepted_on", "go_live_on")),
    ):
        for values in model.objects.values_list(*fields):
            for value in values:
                if value is not None:
                    assert value <= (today if type(value) is date else now), (model, values)


def test_loading_again_creates_no_delivery_records(loaded: None) -> None:
    models = (
        Contract, FundBatch, Baseline, Milestone, ProgressReport, Incident, ChangeRequest,
        Completion, Extension, AcceptanceApplication, MlpsResult, CryptoResult, Filing,
        SelfEvaluation, IndicatorResult, EvaluationAssignment, Document, Event,
    )  # fmt: skip
    before = {model.__name__: model.objects.count() for model in models}
    assert "新建 0）" in demo(projects=PROJECTS)
    assert {model.__name__: model.objects.count() for model in models} == before
    demo(projects=PROJECTS + 60, verbosity=0)
    assert verify().intact
    numbers = list(Filing.objects.values_list("filing_number", flat=True))
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize(
    ("state", "url_names"),
    [
        ("in_construction", ("construction:project", "contracts:project", "funds:project")),
        ("suspended", ("construction:incidents", "funds:project")),
        ("completed", ("acceptance:project",)),
        ("acceptance_applied", ("acceptance:project",)),
        ("in_operation", ("acceptance:project", "funds:project", "construction:baseline")),
        ("evaluated", ("evaluation:project",)),
    ],
)
def test_the_police_staff_open_the_delivery_pages_of_the_showcase(
    loaded: None, state: str, url_names: tuple[str, ...]
) -> None:
    client = Client()
    client.force_login(User.objects.get(username="gongan_jbr"))
    project = Project.objects.filter(organisation__name="菏泽市公安局", state=state).first()
    assert project is not None
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    for name in url_names:
        response = client.get(reverse(name, args=[project.pk]))
        assert response.status_code == 200, (name, response.status_code)


def test_finance_and_the_evaluator_see_their_queues(loaded: None) -> None:
    assert DEMO_PASSWORD  # the accounts below sign in with it in the demo
    finance = Client()
    finance.force_login(User.objects.get(username="czj"))
    assert finance.get(reverse("funds:queue")).status_code == 200
    evaluator = Client()
    evaluator.force_login(User.objects.get(username="pingjia"))
    assert evaluator.get(reverse("evaluation:mine")).status_code == 200
    county = User.objects.get(username="caoxian_czj")
    assert county.has_role("finance") and county.organisation is not None
    assert county.organisation.jurisdiction.code == "371721"


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2025, 3, 3, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")),  # before the last year ends
        datetime(2026, 12, 31, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai")),  # dues in 2027: 暂定
    ],
)
def test_the_demo_loads_on_any_day_with_every_date_before_it(db: None, moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        demo(projects=120, verbosity=0)
        today = timezone.localdate()
        assert verify().intact
        assert Project.objects.filter(state__in=sorted(DELIVERY_STATES)).exists()
        for contract in Contract.objects.all():
            assert contract.signed_on <= today
            due = add_working_days(contract.signed_on, contract.filing_working_days)
            assert contract.filing_due_provisional == due.provisional
        for evaluation in SelfEvaluation.objects.all():
            assert evaluation.window_opens_on <= evaluation.submitted_on <= today
        latest = Event.objects.order_by("-seq").first()
        assert latest is not None and latest.occurred_at <= timezone.now()
        for project in Project.objects.exclude(go_live_on=None):
            assert project.go_live_on is not None and project.go_live_on <= today
