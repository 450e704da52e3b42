"""``govit demo`` and obligations (issue 5): the sample projects carry the obligations the
delivery services open and fulfil, the overdue ones are marked, a few are waived, and the
showcase has a sanction and a non-sharing system blocking its funds."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from govit.acceptance.models import AcceptanceApplication, Completion, Extension
from govit.audit.models import Event
from govit.audit.services import verify
from govit.construction.models import Incident
from govit.contracts.models import Contract
from govit.demo.compliance import SYSTEM_NAME, WAIVE_REASON
from govit.demo.names import SHOWCASE_OWNER
from govit.evaluation.models import SelfEvaluation
from govit.funds.eligibility import funding_eligibility
from govit.funds.models import FundKind
from govit.obligations.models import (
    KIND_ARTICLES,
    DayCount,
    Obligation,
    ObligationKind,
    ObligationState,
)
from govit.obligations.services import key_of
from govit.projects.models import Project
from govit.supervision.models import RectificationOrder, Sanction, SanctionKind
from govit.systems.models import InformationSystem

PROJECTS = 300
K = ObligationKind
S = ObligationState


def demo(**options: object) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def loaded(db: None) -> None:
    demo(projects=PROJECTS, verbosity=0)


def obligations() -> dict[str, Obligation]:
    return {o.key: o for o in Obligation.objects.all()}


def test_the_demo_has_open_overdue_on_time_late_and_waived_obligations(loaded: None) -> None:
    rows = Obligation.objects.all()
    assert rows.filter(state=S.OPEN).exists()
    assert rows.filter(state=S.OVERDUE).exists()
    assert rows.filter(state=S.FULFILLED, days_late=0).exists()
    assert rows.filter(state=S.FULFILLED, days_late__gt=0).exists()
    waived = list(rows.filter(state=S.WAIVED).select_related("waived_by", "project"))
    assert waived and all(o.waived_reason == WAIVE_REASON for o in waived)
    for obligation in waived:
        assert obligation.waived_by is not None and obligation.waived_by.has_role("bdb_leader")
    place, department = SHOWCASE_OWNER
    assert any(
        o.project is not None
        and o.project.organisation.code == department
        and o.project.organisation.jurisdiction.code == place
        for o in waived
    )
    today = timezone.localdate()
    # Nothing open is past due: the load marked them as the nightly scan would.
    assert not rows.filter(state=S.OPEN, due_on__lt=today).exists()
    assert all(o.overdue_since == today for o in rows.filter(state=S.OVERDUE))
    for obligation in rows:
        assert obligation.article == KIND_ARTICLES[obligation.kind]
    assert {K.CONTRACT_FILING, K.ACCEPTANCE_APPLICATION, K.SELF_EVALUATION} <= set(
        rows.values_list("kind", flat=True)
    )


def test_each_contract_has_its_filing_obligation_late_as_the_contract(loaded: None) -> None:
    by_key = obligations()
    contracts = list(Contract.objects.select_related("project"))
    assert contracts
    for contract in contracts:
        obligation = by_key[key_of(contract)]
        assert obligation.kind == K.CONTRACT_FILING
        assert obligation.title == f"合同「{contract.number}」向市大数据局备案"
        assert obligation.day_count == DayCount.WORKING
        assert obligation.opened_on == contract.signed_on
        assert obligation.due_on == contract.filing_due
        assert obligation.due_provisional == contract.filing_due_provisional
        assert obligation.responsible_id == contract.project.organisation_id
        assert obligation.pack_id is not None
        if contract.filed_on is None:
            assert obligation.state in (S.OPEN, S.OVERDUE, S.WAIVED)
        else:
            assert obligation.state == S.FULFILLED
            assert obligation.fulfilled_on == contract.filed_on
            assert obligation.days_late == contract.days_late, contract.number


def test_completions_go_lives_and_incidents_have_their_obligations(loaded: None) -> None:
    by_key = obligations()
    completions = list(Completion.objects.select_related("project"))
    assert completions
    for completion in completions:
        obligation = by_key[key_of(completion)]
        assert obligation.kind == K.ACCEPTANCE_APPLICATION
        assert obligation.opened_on == completion.completed_on
        extension = Extension.objects.filter(
            project=completion.project, state=Extension.State.APPROVED
        ).first()
        expected_due = extension.approved_due_on if extension else completion.due_on
        assert obligation.due_on == expected_due
        first = (
            AcceptanceApplication.objects.filter(project=completion.project)
            .order_by("round_no")
            .first()
        )
        if first is None:
            assert obligation.state != S.FULFILLED
        else:
            assert (obligation.state, obligation.fulfilled_on) == (S.FULFILLED, first.applied_on)
    live = list(Project.objects.filter(go_live_on__isnull=False))
    assert live
    for project in live:
        obligation = by_key[key_of(project, "self_evaluation")]
        assert obligation.kind == K.SELF_EVALUATION and obligation.opens_on is not None
        evaluation = SelfEvaluation.objects.filter(project=project).first()
        if evaluation is not None:
            assert obligation.opens_on == evaluation.window_opens_on
            assert obligation.due_on == evaluation.window_closes_on
            assert obligation.state == S.FULFILLED
            assert obligation.days_late == evaluation.days_late
    for incident in Incident.objects.exclude(rectification_deadline=None):
        obligation = by_key[key_of(incident)]
        assert obligation.kind == K.INCIDENT_RECTIFICATION
        assert obligation.due_on == incident.rectification_deadline
        assert (obligation.state == S.FULFILLED) == (incident.answered_on is not None)


def test_the_showcase_has_a_sanction_in_force_on_a_failed_order(loaded: None) -> None:
    sanction = Sanction.objects.in_force().get()
    assert sanction.kind == SanctionKind.PUBLIC_CRITICISM
    place, department = SHOWCASE_OWNER
    owner = sanction.project.organisation
    assert (owner.jurisdiction.code, owner.code) == (place, department)
    order = RectificationOrder.objects.get(project=sanction.project)
    assert order.rejections == 1 and order.state == RectificationOrder.State.OPEN
    assert sanction.order_id == order.pk


def test_a_running_system_that_does_not_share_blocks_funds_by_article_30(loaded: None) -> None:
    system = InformationSystem.objects.get(name=SYSTEM_NAME)
    assert not system.exchange_connected and system.status == "running"
    retrofit = Obligation.objects.get(kind=K.SHARING_RETROFIT, project=system.project)
    assert retrofit.state == S.OPEN and retrofit.article == 29
    project = Project.objects.with_owner().get(pk=system.project_id)
    verdict = funding_eligibility(project, on=timezone.localdate(), kind=FundKind.OM)
    assert 30 in [reason.article for reason in verdict.reasons]


def test_loading_again_changes_no_obligation_and_the_chain_verifies(loaded: None) -> None:
    def snapshot() -> list[tuple[object, ...]]:
        return list(
            Obligation.objects.order_by("key").values_list(
                "key", "state", "due_on", "fulfilled_on", "days_late", "overdue_since"
            )
        )

    before, events = snapshot(), Event.objects.count()
    sanctions, systems = Sanction.objects.count(), InformationSystem.objects.count()
    demo(projects=PROJECTS, verbosity=0)
    assert snapshot() == before and Event.objects.count() == events
    assert (Sanction.objects.count(), InformationSystem.objects.count()) == (sanctions, systems)
    assert verify().intact
    actions = set(
        Event.objects.filter(object_type=Obligation._meta.label_lower).values_list(
            "action", flat=True
        )
    )
    assert {"obligations.open", "obligations.fulfil", "obligations.overdue"} <= actions
    assert "obligations.waive" in actions
