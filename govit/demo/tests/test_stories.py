"""``govit demo --projects 300``: projects over every state, with dossiers, plans and reviews
that the real rules, the draw and the history accept."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from govit.accounts.models import Organisation, User
from govit.applications import files
from govit.applications import rules as dossier_rules
from govit.applications.files import open_stored
from govit.applications.models import (
    BudgetLine,
    CatalogueEntry,
    CoBuilder,
    Document,
    DocumentKind,
    PreEvaluation,
    SecurityProfile,
)
from govit.audit.services import verify
from govit.demo.data import EXPERTS, department_staff_username
from govit.demo.loader import count_demo_projects, demo_owners
from govit.demo.names import FIRST_YEAR, PROCUREMENT_ONWARD
from govit.demo.pdf import TEXTS, pdf_bytes
from govit.planning.models import CityPlan, DepartmentPlan, PlanItem, PlanReview, PlanState
from govit.planning.rules import plan_basis
from govit.policy.packs import rule
from govit.projects.models import Project, SerialCounter
from govit.projects.workflow import PROJECT_MACHINE
from govit.reviews import draw as drawing
from govit.reviews import rules as review_rules
from govit.reviews.effects import OPINION_NUMBER_RULE, opinion_number, opinion_serial_key
from govit.reviews.models import (
    ApprovalOpinion,
    BudgetCut,
    Expert,
    ExpertConflict,
    ExpertDraw,
    IntakeRound,
    NdrcDecision,
    OpinionLine,
    PlanException,
    ReviewAssignment,
    SecrecyConfirmation,
)
from govit.reviews.services import draw_check

PROJECTS = 300
STATES = {
    "draft", "submitted", "unit_signed", "under_review", "returned", "approved", "rejected",
    "ndrc_review", "procurement", "filed", "consent_requested", "terminated",
    "in_construction", "rectifying", "suspended", "completed", "acceptance_applied", "accepted",
    "in_operation", "self_evaluated", "evaluated",
}  # fmt: skip
CENT = Decimal("0.01")


def demo(**options: object) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def loaded(db: None) -> None:
    demo(projects=PROJECTS, verbosity=0)


def past_draft() -> list[Project]:
    return list(Project.objects.exclude(state="draft").select_related("organisation"))


def test_the_projects_are_spread_over_every_state_of_the_lifecycle(loaded: None) -> None:
    states = Counter(Project.objects.values_list("state", flat=True))
    assert set(states) >= STATES, STATES - set(states)
    assert set(states) <= set(PROJECT_MACHINE.states)
    assert states["draft"] < PROJECTS / 2
    procedures = Counter(Project.objects.values_list("procedure", "upper_level"))
    assert procedures[("approval", "")] > PROJECTS / 2
    assert procedures[("filing", "")] > 0
    assert procedures[("filing", "provincial")] + procedures[("filing", "national")] > 0
    assert Project.objects.filter(is_fixed_asset=True).exists()
    assert Project.objects.filter(is_classified_candidate=True).exists()
    assert 0 < Project.objects.filter(outside_plan=True).count() < PROJECTS / 10
    # Fixed-asset projects, and only they, go through NDRC.
    for project in Project.objects.filter(state="ndrc_review"):
        assert project.is_fixed_asset and project.opinion_number
    for decision in NdrcDecision.objects.select_related("project"):
        assert decision.project.is_fixed_asset
        after = (*PROCUREMENT_ONWARD, "terminated") if decision.approved else ("rejected",)
        assert decision.project.state in after
        assert decision.approved == bool(decision.document_number)


def test_every_project_past_draft_has_a_complete_dossier(loaded: None) -> None:
    projects = past_draft()
    assert len(projects) > PROJECTS / 2
    lines_by_project: dict[int, list[BudgetLine]] = {}
    for line in BudgetLine.objects.order_by("id"):
        lines_by_project.setdefault(line.project_id, []).append(line)
    for project in projects:
        lines = lines_by_project.get(project.pk, [])
        assert 2 <= len(lines) <= 6, project.code
        for line in lines:
            assert line.amount == (line.quantity * line.unit_price).quantize(CENT), line
            assert line.amount == line.quantity * line.unit_price
        assert sum(line.amount for line in lines) == project.requested_amount > 0
        for check in (
            dossier_rules.pre_evaluation_complete,
            dossier_rules.catalogue_complete,
            dossier_rules.budget_present,
            dossier_rules.security_profile_complete,
            dossier_rules.cobuilders_confirmed,
            dossier_rules.construction_plan_uploaded,
        ):
            decision = check(project, None)
            assert decision.allowed, (project.code, project.state, decision.message)
        if project.state in ("submitted", "unit_signed", "filed", *PROCUREMENT_ONWARD):
            # A higher-level project has its upper approval once it applies here (Art. 12).
            assert dossier_rules.upper_approval_uploaded(project, None).allowed, project.code
        assert plan_basis(project, None).allowed, project.code
    evaluations = PreEvaluation.objects.annotate(n=Count("indicators"))
    assert {e.n for e in evaluations} <= {2, 3}
    assert all(e.completed_at is not None for e in evaluations)
    entries = Counter(CatalogueEntry.objects.values_list("project_id", flat=True))
    assert set(entries.values()) <= {1, 2, 3}
    assert len(entries) == len(projects)
    profiles = SecurityProfile.objects.annotate(n=Count("products"))
    assert all(p.n >= 1 and p.mlps_level in (1, 2, 3) for p in profiles)
    assert CoBuilder.objects.filter(confirmed_at__isnull=False).exists()
    assert not CoBuilder.objects.filter(confirmed_at__isnull=True).exists()


def test_drafts_have_no_dossier_beyond_a_budget(loaded: None) -> None:
    drafts = Project.objects.filter(state="draft")
    assert not PreEvaluation.objects.filter(project__in=drafts).exists()
    assert not Document.objects.filter(project__in=drafts).exists()
    for project in drafts:
        total = sum(project.budget_lines.values_list("amount", flat=True), Decimal(0))  # type: ignore[attr-defined]
        assert total == project.requested_amount


def test_documents_share_a_few_real_pdf_files(loaded: None) -> None:
    stored = set(Document.objects.exclude(storage_path="").values_list("storage_path", "sm3"))
    assert 1 <= len(stored) <= len(TEXTS)  # one small file per document kind
    for path, sm3 in stored:
        with open_stored(path) as handle:
            content = handle.read()
        assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
        assert path.endswith(sm3)
    # A classified candidate not cleared by the Secrecy bureau keeps metadata only (Art. 4).
    for document in Document.objects.select_related("project"):
        if document.project.metadata_only:
            assert not document.storage_path and document.document_number
        else:
            assert document.storage_path and document.content_type == "application/pdf"
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert {DocumentKind.CONSTRUCTION_PLAN, DocumentKind.UPPER_APPROVAL} <= kinds
    assert set(TEXTS) <= kinds  # the delivery stage's contract copies, reports and results too


def test_each_project_is_made_from_its_own_approved_plan_item(loaded: None) -> None:
    used = Counter(
        Project.objects.filter(plan_item__isnull=False).values_list("plan_item", flat=True)
    )
    assert max(used.values()) == 1  # a plan item backs at most one project
    for project in Project.objects.select_related("plan_item__plan"):
        if project.outside_plan:
            assert project.plan_item is None
            continue
        assert project.plan_item is not None, project.code
        plan = project.plan_item.plan
        assert plan.organisation_id == project.organisation_id
        assert plan.kind == DepartmentPlan.Kind.ANNUAL_CONSTRUCTION
        assert plan.state == PlanState.APPROVED and plan.start_year == project.year
    # Projects outside the plan are approved only with a recorded exception (Art. 10).
    for project in Project.objects.filter(outside_plan=True, state="approved"):
        assert PlanException.objects.filter(project=project).exists()
    # The approving round lists every item of the plan, with their total.
    for plan in DepartmentPlan.objects.filter(state=PlanState.APPROVED):
        review = plan.reviews.filter(outcome=PlanReview.Outcome.APPROVED).latest("round")
        ids = sorted(plan.items.values_list("id", flat=True))
        assert sorted(item["id"] for item in review.items_snapshot) == ids
        assert review.total_budget == plan.items_total()


def test_every_department_has_an_approved_plan_per_year_and_the_city_its_plans(
    loaded: None,
) -> None:
    owners = demo_owners()
    last = max(Project.objects.values_list("year", flat=True))
    approved = set(
        DepartmentPlan.objects.filter(
            kind=DepartmentPlan.Kind.ANNUAL_CONSTRUCTION, state=PlanState.APPROVED
        ).values_list("organisation_id", "start_year")
    )
    for owner in owners:
        for year in range(FIRST_YEAR, last + 1):
            assert (owner.organisation_id, year) in approved, (owner.organisation_name, year)
    states = set(DepartmentPlan.objects.values_list("state", flat=True))
    assert {PlanState.DRAFT, PlanState.SUBMITTED, PlanState.RETURNED} <= states
    for plan in DepartmentPlan.objects.filter(state=PlanState.RETURNED):
        assert plan.reviews.latest("round").outcome == PlanReview.Outcome.RETURNED
        assert plan.bdb_opinion
    assert PlanItem.objects.filter(projects__isnull=True).exists()  # items not yet applied for
    city = CityPlan.objects.filter(jurisdiction__code="371700", state=PlanState.PUBLISHED)
    periods = set(city.values_list("kind", "start_year", "end_year"))
    assert {("informatization", 2021, 2025), ("informatization", 2026, 2030)} <= periods
    guidance = {start for kind, start, _ in periods if kind == "annual_guidance"}
    assert set(range(FIRST_YEAR, last + 1)) <= guidance
    bdb = Organisation.objects.get(jurisdiction__code="371700", code="001")
    assert all(plan.created_by and plan.created_by.organisation == bdb for plan in city)


def test_each_jurisdiction_has_an_expert_pool_with_the_demo_experts_and_conflicts(
    loaded: None,
) -> None:
    city = Expert.objects.filter(jurisdiction__code="371700")
    logins = set(city.exclude(user=None).values_list("user__username", flat=True))
    assert logins == {"zhuanjia1", "zhuanjia2", "zhuanjia3"}
    assert city.filter(user=None).count() >= 15
    assert Expert.objects.count() == len(EXPERTS)
    for code in ("371702", "371721", "371722"):
        assert Expert.objects.filter(jurisdiction__code=code).count() >= 6
    assert ExpertConflict.objects.filter(expert__jurisdiction__code="371700").count() >= 3
    # A department without a demo login has a disabled staff account (uploads, confirmations).
    staff = User.objects.get(username=department_staff_username("371700", "107"))
    assert not staff.is_active and not staff.has_usable_password()
    assert staff.organisation is not None and staff.organisation.name == "菏泽市民政局"


def test_every_stored_draw_redoes_to_its_result(loaded: None) -> None:
    draws = list(ExpertDraw.objects.prefetch_related("assignments"))
    assert draws
    for stored in draws:
        assert drawing.redo(
            stored.pool_snapshot, stored.exclusions, seed=stored.seed_value, count=stored.count
        ) == list(stored.result)
        assert draw_check(stored).ok
        assert 3 <= stored.count <= 5 and len(stored.result) == stored.count
        assert sorted(a.expert_id for a in stored.assignments.all()) == sorted(stored.result)
        applicant = stored.parties["applicant"]["id"]
        assert stored.project.organisation_id == applicant
        assert stored.intake_round is not None and stored.intake_round.outcome == "passed"
    for assignment in ReviewAssignment.objects.filter(submitted_at__isnull=False):
        for score in (
            assignment.necessity_score,
            assignment.feasibility_score,
            assignment.budget_score,
        ):
            assert score is not None and 0 <= score <= 100
        assert assignment.necessity_comment and assignment.budget_comment
    assert ReviewAssignment.objects.filter(submitted_at__isnull=True).exists()
    assert BudgetCut.objects.exists()
    for cut in BudgetCut.objects.select_related("budget_line"):
        assert cut.budget_line is not None and 0 < cut.cut_amount <= cut.budget_line.amount
    # Decided projects were fully reviewed in their current round (Art. 10).
    for project in Project.objects.filter(
        state__in=["approved", "ndrc_review", *PROCUREMENT_ONWARD]
    ):
        if project.procedure == "approval":
            assert review_rules.reviews_complete(project, None).allowed, project.code
    some_drawn = Project.objects.filter(state="under_review", expert_draws__isnull=False)
    assert some_drawn.exists()
    assert Project.objects.filter(state="returned", intake_rounds__outcome="returned").exists()
    assert IntakeRound.objects.filter(outcome="returned").exclude(reasons="").exists()


def _number_pattern(number_format: str) -> re.Pattern[str]:
    pattern = re.escape(number_format).replace(r"\{year\}", r"(?P<year>\d{4})")
    return re.compile(pattern.replace(r"\{seq\}", r"(?P<seq>\d+)"))


def test_approved_projects_have_unique_numbers_in_the_pack_format(loaded: None) -> None:
    signed = list(Project.objects.exclude(opinion_number="").select_related("jurisdiction"))
    assert Project.objects.filter(state="approved").count() <= len(signed)
    numbers = [p.opinion_number for p in signed]
    assert len(numbers) == len(set(numbers))
    sequences: dict[str, list[int]] = {}
    for project in signed:
        assert project.opinion_date is not None
        found = rule(project.jurisdiction, OPINION_NUMBER_RULE, on=project.opinion_date)
        match = _number_pattern(found.as_text()).fullmatch(project.opinion_number)
        assert match, project.opinion_number
        assert int(match["year"]) == project.opinion_date.year
        key = opinion_serial_key(found.pack.jurisdiction.code, project.opinion_date.year)
        sequences.setdefault(key, []).append(int(match["seq"]))
        opinion = ApprovalOpinion.objects.get(project=project, state=ApprovalOpinion.State.SIGNED)
        assert opinion.number == project.opinion_number and opinion.date == project.opinion_date
        assert opinion.approved_amount == project.approved_amount <= project.requested_amount
        lines = OpinionLine.objects.filter(opinion=opinion)
        assert sum(line.approved for line in lines) == opinion.approved_amount
        assert {line.budget_line_id for line in lines} == set(
            project.budget_lines.values_list("id", flat=True)  # type: ignore[attr-defined]
        )
        assert opinion.signed_by is not None and opinion.signed_by.has_role("bdb_leader")
    # The demo numbered from the same counters real approvals take: 1…n, no gaps, and the
    # next real opinion continues the sequence.
    for key, seqs in sequences.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), key
        assert SerialCounter.objects.get(key=key).value == len(seqs)
    project = signed[0]
    on = project.opinion_date
    assert isinstance(on, date)
    following = opinion_number(project, on)
    key = opinion_serial_key(
        rule(project.jurisdiction, OPINION_NUMBER_RULE, on=on).pack.jurisdiction.code, on.year
    )
    match = _number_pattern(rule(project.jurisdiction, OPINION_NUMBER_RULE, on=on).as_text())
    found = match.fullmatch(following)
    assert found and int(found["seq"]) == len(sequences[key]) + 1
    assert ApprovalOpinion.objects.filter(state=ApprovalOpinion.State.REJECTED).exists()


def test_classified_candidates_past_approval_were_answered_by_the_secrecy_bureau(
    loaded: None,
) -> None:
    candidates = Project.objects.filter(is_classified_candidate=True)
    assert candidates.exists()
    for project in candidates:
        confirmations = SecrecyConfirmation.objects.filter(project=project)
        if project.state == "ndrc_review" or project.state in PROCUREMENT_ONWARD:
            assert review_rules.secrecy_answered(project, None).allowed, project.code
        assert confirmations.exists() == bool(project.secrecy_status), project.code
        for confirmation in confirmations:
            expected = "classified" if confirmation.classified else "not_classified"
            assert project.secrecy_status == expected
            assert confirmation.by.organisation is not None
            assert confirmation.by.organisation.function == Organisation.Function.SECRECY


def test_the_history_stays_intact_and_loading_again_creates_nothing(loaded: None) -> None:
    out = StringIO()
    call_command("history", "verify", stdout=out)
    assert "历史链完整" in out.getvalue()
    models = (
        Project, PlanItem, DepartmentPlan, PlanReview, CityPlan, BudgetLine, PreEvaluation,
        CatalogueEntry, Document, IntakeRound, ExpertDraw, ReviewAssignment, BudgetCut,
        ApprovalOpinion, OpinionLine, Expert, ExpertConflict, User, SerialCounter,
    )  # fmt: skip

    def counts() -> dict[str, object]:
        return {
            **{model.__name__: model.objects.count() for model in models},
            "serials": sorted(SerialCounter.objects.values_list("key", "value")),
            "snapshots": sorted(PlanReview.objects.values_list("id", "total_budget")),
        }

    before = counts()
    assert "新建 0）" in demo(projects=PROJECTS)
    assert counts() == before
    demo(projects=PROJECTS + 40, verbosity=0)
    assert count_demo_projects() == PROJECTS + 40
    assert verify().intact
    codes = list(Project.objects.values_list("code", flat=True))
    numbers = list(
        Project.objects.exclude(opinion_number="").values_list("opinion_number", flat=True)
    )
    assert len(set(codes)) == len(codes) and len(set(numbers)) == len(numbers)


def test_the_demo_pdfs_are_well_formed() -> None:
    """Cross-reference offsets and stream length match (readers rely on them)."""
    for lines in TEXTS.values():
        content = pdf_bytes(lines)
        assert content.startswith(b"%PDF-1.4") and content.endswith(b"%%EOF\n")
        start = re.search(rb"startxref\n(\d+)", content)
        assert start and content[int(start[1]) :].startswith(b"xref")
        offsets = [int(found) for found in re.findall(rb"(\d{10}) 00000 n", content)]
        assert len(offsets) == 7
        for number, offset in enumerate(offsets, start=1):
            assert content[offset:].startswith(f"{number} 0 obj".encode())
        stream = re.search(rb"/Length (\d+) >>\nstream\n", content)
        assert stream
        end = stream.end() + int(stream[1])
        assert content[end:].startswith(b"\nendstream")
        assert files.detect_type(BytesIO(content)) == "pdf"
