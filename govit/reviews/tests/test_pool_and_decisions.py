"""The expert pool, the plan exception (Art. 10), NDRC (Art. 4, 11) and Secrecy (Art. 4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project
from govit.projects.workflow import PROJECT_MACHINE
from govit.reviews import services
from govit.reviews.models import Expert, NdrcDecision, PlanException, SecrecyConfirmation
from govit.reviews.selectors import expert_get, experts_for
from govit.reviews.services import (
    expert_conflict_declare,
    expert_conflict_withdraw,
    expert_create,
    expert_update,
    ndrc_decide,
    plan_exception_grant,
    secrecy_confirm,
)

from .conftest import ReviewSetup, put_in_state


# --- pool ---------------------------------------------------------------------------------
def test_bdb_staff_add_an_expert_to_their_jurisdictions_pool(world) -> None:  # type: ignore[no-untyped-def]
    expert = expert_create(
        name="周涛",
        organisation=world.organisations["evaluator"],
        expertise="网络安全，密码应用、 数据治理",
        user=world.persona("expert"),
        by=world.bdb_staff,
    )
    assert expert.jurisdiction.code == "371700"
    assert expert.expertise == "网络安全、密码应用、数据治理"
    assert expert.expertise_list == ["网络安全", "密码应用", "数据治理"]
    assert Event.objects.filter(action="reviews.expert_create", object_id=str(expert.pk)).exists()
    assert list(experts_for(world.bdb_leader)) == [expert]
    assert not experts_for(world.caoxian_bdb_staff).exists()
    assert not experts_for(world.police_staff).exists()


def test_an_experts_login_must_hold_the_expert_role(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as refused:
        expert_create(
            name="周涛",
            organisation=world.organisations["evaluator"],
            expertise="安全",
            user=world.persona("police_staff"),
            by=world.bdb_staff,
        )
    assert refused.value.field == "user"
    assert not Expert.objects.exists()


@pytest.mark.parametrize(
    ("name", "expertise", "field"), [("", "安全", "name"), ("周涛", " ，、 ", "expertise")]
)
def test_missing_name_or_expertise_is_refused(world, name: str, expertise: str, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as refused:
        expert_create(
            name=name,
            organisation=world.organisations["evaluator"],
            expertise=expertise,
            by=world.bdb_staff,
        )
    assert refused.value.field == field


def test_only_bdb_staff_manage_the_pool(review: ReviewSetup) -> None:
    with pytest.raises(RuleViolation):
        expert_create(
            name="周涛",
            organisation=review.world.organisations["evaluator"],
            expertise="安全",
            by=review.world.bdb_leader,
        )
    wang = review.experts["wang"]
    with pytest.raises(RuleViolation):
        expert_conflict_declare(
            expert=wang,
            organisation=review.world.organisations["police"],
            reason="x",
            by=review.world.caoxian_bdb_staff,
        )


def test_deactivating_an_expert_and_declaring_and_withdrawing_conflicts(
    review: ReviewSetup,
) -> None:
    bdb, wang = review.world.bdb_staff, review.experts["wang"]
    expert_update(
        expert=wang,
        name=wang.name,
        organisation=wang.organisation,
        expertise=wang.expertise,
        user=wang.user,
        is_active=False,
        by=bdb,
    )
    assert not Expert.objects.get(pk=wang.pk).is_active
    conflict = expert_conflict_declare(
        expert=wang, organisation=review.world.organisations["police"], reason="亲属任职", by=bdb
    )
    with pytest.raises(InvalidInput):
        expert_conflict_declare(
            expert=wang, organisation=review.world.organisations["police"], reason="again", by=bdb
        )
    expert_conflict_withdraw(conflict=conflict, by=bdb)
    conflict.refresh_from_db()
    assert conflict.withdrawn_at is not None
    # withdrawn: may be declared anew
    expert_conflict_declare(
        expert=wang, organisation=review.world.organisations["police"], reason="再次声明", by=bdb
    )


def test_an_expert_of_another_pool_is_a_404(review: ReviewSetup) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        expert_get(review.world.caoxian_bdb_staff, review.experts["wang"].pk)


# --- plan exception -----------------------------------------------------------------------
def test_a_bdb_leader_records_the_exception_for_a_project_outside_the_plan(
    review: ReviewSetup,
) -> None:
    project = put_in_state(review.project, "under_review", outside_plan=True)
    exception = plan_exception_grant(
        project=project, reason="市政府常务会议专题部署", by=review.world.bdb_leader
    )
    assert exception.by_id == review.world.bdb_leader.pk
    assert Event.objects.filter(action="reviews.plan_exception_grant").exists()
    with pytest.raises(RuleViolation):
        plan_exception_grant(project=project, reason="again", by=review.world.bdb_leader)


def test_only_a_bdb_leader_grants_an_exception_citing_article_10(review: ReviewSetup) -> None:
    project = put_in_state(review.project, "under_review", outside_plan=True)
    with pytest.raises(RuleViolation) as refused:
        plan_exception_grant(project=project, reason="理由", by=review.world.bdb_staff)
    assert refused.value.decision.article == 10
    with pytest.raises(InvalidInput) as missing:
        plan_exception_grant(project=project, reason=" ", by=review.world.bdb_leader)
    assert missing.value.field == "reason"
    assert not PlanException.objects.exists()


def test_no_exception_for_a_project_in_the_plan(review: ReviewSetup) -> None:
    with pytest.raises(RuleViolation, match="无需例外"):
        plan_exception_grant(project=review.project, reason="理由", by=review.world.bdb_leader)


# --- NDRC ---------------------------------------------------------------------------------
@pytest.fixture
def in_ndrc(review: ReviewSetup) -> Project:
    return put_in_state(
        review.project,
        "ndrc_review",
        is_fixed_asset=True,
        opinion_number="菏大数审〔2026〕1号",
        approved_amount=900000,
    )


@pytest.fixture
def transitions(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Record the lead's transition calls (the NDRC transitions may not be wired yet)."""
    calls: list[dict[str, object]] = []

    def fake(*, project: Project, transition: str, by: object, reason: str = "") -> Project:
        calls.append({"project": project.pk, "transition": transition, "by": by, "reason": reason})
        return project

    monkeypatch.setattr(services, "project_transition", fake)
    return calls


def test_ndrc_approval_is_recorded_and_moves_the_project_on(
    review: ReviewSetup, in_ndrc: Project, transitions: list[dict[str, object]]
) -> None:
    ndrc = review.world.ndrc
    decision = ndrc_decide(
        project=in_ndrc,
        approved=True,
        document_number="菏发改投资〔2026〕45号",
        decided_on=date(2026, 11, 20),
        comments="同意立项",
        by=ndrc,
    )
    assert decision.approved and decision.document_number == "菏发改投资〔2026〕45号"
    assert transitions == [
        {"project": in_ndrc.pk, "transition": "ndrc_approve", "by": ndrc, "reason": "同意立项"}
    ]
    assert Event.objects.filter(action="reviews.ndrc_decide").exists()


def test_ndrc_rejection_needs_comments_and_runs_ndrc_reject(
    review: ReviewSetup, in_ndrc: Project, transitions: list[dict[str, object]]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        ndrc_decide(
            project=in_ndrc,
            approved=False,
            document_number="",
            decided_on=date(2026, 11, 20),
            comments="",
            by=review.world.ndrc,
        )
    assert refused.value.field == "comments"
    ndrc_decide(
        project=in_ndrc,
        approved=False,
        document_number="",
        decided_on=date(2026, 11, 20),
        comments="投资估算依据不足",
        by=review.world.ndrc,
    )
    assert [c["transition"] for c in transitions] == ["ndrc_reject"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"document_number": ""}, "document_number"),
        ({"decided_on": None}, "decided_on"),
        ({"decided_on": "tomorrow"}, "decided_on"),
    ],
)
def test_bad_ndrc_input_is_refused_naming_the_field(
    review: ReviewSetup,
    in_ndrc: Project,
    transitions: list[dict[str, object]],
    changes: dict[str, object],
    field: str,
) -> None:
    values: dict[str, object] = {
        "approved": True,
        "document_number": "菏发改投资〔2026〕45号",
        "decided_on": date(2026, 11, 20),
        "comments": "",
    }
    values.update(changes)
    if changes.get("decided_on") == "tomorrow":
        values["decided_on"] = timezone.localdate() + timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        ndrc_decide(project=in_ndrc, by=review.world.ndrc, **values)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert not NdrcDecision.objects.exists()
    assert transitions == []


def test_only_ndrc_decides_and_only_in_ndrc_review_citing_article_4(
    review: ReviewSetup, in_ndrc: Project, transitions: list[dict[str, object]]
) -> None:
    args = {
        "approved": True,
        "document_number": "X",
        "decided_on": date(2026, 11, 20),
        "comments": "",
    }
    with pytest.raises(RuleViolation) as refused:
        ndrc_decide(project=in_ndrc, by=review.world.bdb_leader, **args)  # type: ignore[arg-type]
    assert refused.value.decision.article == 4
    approved = put_in_state(in_ndrc, "approved")
    with pytest.raises(RuleViolation) as refused:
        ndrc_decide(project=approved, by=review.world.ndrc, **args)  # type: ignore[arg-type]
    assert refused.value.decision.article == 4
    assert not NdrcDecision.objects.exists()


def test_when_the_transition_refuses_the_decision_is_not_kept(
    review: ReviewSetup, in_ndrc: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govit.core.decisions import deny

    def refuse(**kwargs: object) -> None:
        raise RuleViolation(deny("规则不允许", 4))

    monkeypatch.setattr(services, "project_transition", refuse)
    with pytest.raises(RuleViolation):
        ndrc_decide(
            project=in_ndrc,
            approved=True,
            document_number="X",
            decided_on=date(2026, 11, 20),
            comments="",
            by=review.world.ndrc,
        )
    assert not NdrcDecision.objects.exists()
    assert not Event.objects.filter(action="reviews.ndrc_decide").exists()


@pytest.mark.skipif(
    "ndrc_approve" not in PROJECT_MACHINE.transitions, reason="the lead wires ndrc_approve"
)
def test_ndrc_approval_moves_a_real_project_to_procurement(
    review: ReviewSetup, in_ndrc: Project
) -> None:
    ndrc_decide(
        project=in_ndrc,
        approved=True,
        document_number="菏发改投资〔2026〕45号",
        decided_on=date(2026, 11, 20),
        comments="同意",
        by=review.world.ndrc,
    )
    assert Project.objects.get(pk=in_ndrc.pk).state == "procurement"


# --- Secrecy ------------------------------------------------------------------------------
def test_secrecy_confirms_a_candidate_and_the_project_records_it(review: ReviewSetup) -> None:
    project = put_in_state(review.project, "under_review", is_classified_candidate=True)
    confirmation = secrecy_confirm(
        project=project, classified=False, reason="不涉及国家秘密", by=review.world.secrecy
    )
    assert not confirmation.classified
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.secrecy_status == "not_classified"
    assert not fresh.metadata_only
    event = Event.objects.get(action="reviews.secrecy_confirm")
    assert (event.before, event.after["secrecy_status"]) == (
        {"secrecy_status": ""},
        "not_classified",
    )
    secrecy_confirm(
        project=fresh, classified=True, reason="复核后确认涉密", by=review.world.secrecy
    )
    assert Project.objects.get(pk=project.pk).secrecy_status == "classified"
    assert SecrecyConfirmation.objects.count() == 2


def test_secrecy_refusals_cite_article_4(review: ReviewSetup) -> None:
    with pytest.raises(RuleViolation) as refused:
        secrecy_confirm(
            project=review.project, classified=True, reason="x", by=review.world.secrecy
        )
    assert refused.value.decision.article == 4  # not a classified candidate
    project = put_in_state(review.project, "under_review", is_classified_candidate=True)
    with pytest.raises(RuleViolation) as refused:
        secrecy_confirm(project=project, classified=True, reason="x", by=review.world.bdb_staff)
    assert refused.value.decision.article == 4
    with pytest.raises(InvalidInput) as missing:
        secrecy_confirm(project=project, classified=True, reason="", by=review.world.secrecy)
    assert missing.value.field == "reason"
    assert Project.objects.get(pk=project.pk).secrecy_status == ""
