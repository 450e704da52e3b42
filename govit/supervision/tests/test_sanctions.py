"""The ladder of Art. 35: each step a BDB leader's decision with a reason, taking effect in the
system; lifting is a decision with a reason too.  Clock: 2026-11-27 in Heze."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.funds import services as funds
from govit.funds.eligibility import funding_eligibility
from govit.funds.models import BatchState, FundBatch
from govit.funds.testing import confirmed_batch
from govit.supervision import services
from govit.supervision.models import Sanction, SanctionKind
from govit.supervision.testing import failed_order, issued_order, sanction

from .conftest import Setup, api, at, client_for

K = SanctionKind


# --- the basis: 拒不整改 or 整改后仍不符合要求 -------------------------------------------------
def test_no_sanction_without_a_failed_rectification(procurement: Setup) -> None:
    world = procurement.world
    issued_order(world, procurement.project)  # open, deadline ahead: not yet refused
    with pytest.raises(RuleViolation) as refused:
        sanction(world, procurement.project, K.PUBLIC_CRITICISM)
    assert refused.value.decision.article == 35
    assert "拒不整改" in refused.value.message and "整改后仍不符合要求" in refused.value.message
    assert not Sanction.objects.exists()
    assert not Event.objects.filter(action="supervision.sanction_decide").exists()


def test_an_order_open_past_its_deadline_is_a_refusal_to_rectify(
    procurement: Setup, frozen
) -> None:  # type: ignore[no-untyped-def]
    world = procurement.world
    order = issued_order(world, procurement.project, deadline=date(2026, 12, 4))
    frozen.move_to(at(date(2026, 12, 5)), tick=False)
    done = sanction(world, procurement.project, K.PUBLIC_CRITICISM)
    assert done.order == order


def test_only_a_bdb_leader_decides(procurement: Setup) -> None:
    world = procurement.world
    failed_order(world, procurement.project)
    for persona in ("bdb_staff", "police_leader", "finance"):
        with pytest.raises(RuleViolation) as refused:
            services.sanction_decide(
                project=procurement.project,
                kind=K.PUBLIC_CRITICISM,
                reason="整改不到位",
                by=world.persona(persona),
            )
        assert refused.value.decision.article == 35
        assert "只有本行政区域大数据局领导可以作出处理决定" in refused.value.message
    assert not Sanction.objects.exists()


def test_a_decision_needs_a_kind_and_a_reason(procurement: Setup) -> None:
    world = procurement.world
    failed_order(world, procurement.project)
    with pytest.raises(InvalidInput) as no_reason:
        sanction(world, procurement.project, K.PUBLIC_CRITICISM, reason="")
    assert no_reason.value.field == "reason"
    with pytest.raises(InvalidInput) as bad_kind:
        sanction(world, procurement.project, "fine")
    assert bad_kind.value.field == "kind"
    assert not Sanction.objects.exists()


def test_the_same_step_twice_is_refused(procurement: Setup) -> None:
    world = procurement.world
    failed_order(world, procurement.project)
    sanction(world, procurement.project, K.PUBLIC_CRITICISM)
    with pytest.raises(RuleViolation) as refused:
        sanction(world, procurement.project, K.PUBLIC_CRITICISM)
    assert "已有生效中的「通报批评」决定" in refused.value.message
    assert Sanction.objects.count() == 1


# --- 通报批评 -------------------------------------------------------------------------------
def test_a_public_criticism_is_on_the_notice_page_of_every_department(
    procurement: Setup,
) -> None:
    world = procurement.world
    failed_order(world, procurement.project)
    done = sanction(world, procurement.project, K.PUBLIC_CRITICISM, reason="合同备案整改不到位")
    event = Event.objects.get(action="supervision.sanction_decide")
    assert (event.reason, event.after["kind"]) == ("合同备案整改不到位", "public_criticism")
    for persona in ("education_staff", "finance", "expert"):
        html = client_for(world.persona(persona)).get(reverse("supervision:notices"))
        assert html.status_code == 200
        page = html.content.decode()
        assert f'data-testid="notice-{done.pk}"' in page
        assert "合同备案整改不到位" in page and "菏泽市公安局" in page
    county = client_for(world.caoxian_police_staff).get(reverse("supervision:notices"))
    assert "合同备案整改不到位" not in county.content.decode()


def test_a_lifted_criticism_leaves_the_current_notices(procurement: Setup) -> None:
    world = procurement.world
    failed_order(world, procurement.project)
    done = sanction(world, procurement.project, K.PUBLIC_CRITICISM)
    services.sanction_lift(sanction=done, reason="已完成整改", by=world.bdb_leader_2)
    page = client_for(world.education_staff).get(reverse("supervision:notices")).content.decode()
    assert f'data-testid="notice-{done.pk}"' not in page
    assert "已完成整改" in page  # listed under 已解除
    assert Event.objects.get(action="supervision.sanction_lift").reason == "已完成整改"


# --- 暂缓拨付 -------------------------------------------------------------------------------
def test_a_fund_suspension_blocks_construction_funds_until_lifted(procurement: Setup) -> None:
    world = procurement.world
    project = procurement.project
    batch = confirmed_batch(world, project, {"服务器": "100000"})
    failed_order(world, project)
    done = sanction(world, project, K.FUND_SUSPENSION)
    today = timezone.localdate()
    verdict = funding_eligibility(procurement.refresh(), on=today)
    assert [r.article for r in verdict.reasons] == [35]
    assert "暂缓拨付建设资金" in verdict.message
    # Judged by day: the day before the decision it did not hold; O&M funds it never holds
    # (Art. 35 names construction funds).
    before = funding_eligibility(project, on=today - timedelta(days=1))
    assert 35 not in [r.article for r in before.reasons]
    assert 35 not in [r.article for r in funding_eligibility(project, on=today, kind="om").reasons]
    with pytest.raises(RuleViolation) as refused:
        funds.fund_batch_release(
            batch=batch, released_on=today, reference="菏财拨〔2026〕7号", by=world.finance
        )
    assert refused.value.decision.article == 35
    assert refused.value.message.startswith("不能拨付：")
    assert FundBatch.objects.get(pk=batch.pk).state == BatchState.CONFIRMED
    services.sanction_lift(sanction=done, reason="整改到位", by=world.bdb_leader)
    released = funds.fund_batch_release(
        batch=batch, released_on=today, reference="菏财拨〔2026〕7号", by=world.finance
    )
    assert released.state == BatchState.RELEASED


def test_the_release_api_answers_409_citing_article_35(procurement: Setup) -> None:
    world = procurement.world
    batch = confirmed_batch(world, procurement.project, {"服务器": "100000"})
    failed_order(world, procurement.project)
    sanction(world, procurement.project, K.FUND_SUSPENSION)
    response = api(world.finance).post(
        reverse("api:funds-batch-release", args=[batch.pk]),
        {"released_on": "2026-11-27", "reference": "菏财拨〔2026〕7号"},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["article"] == 35 and body["code"] == "rule_violation"
    assert "暂缓拨付建设资金" in body["detail"]


# --- 暂停建设 -------------------------------------------------------------------------------
def test_a_construction_suspension_suspends_the_project_and_lifting_resumes_it(
    building: Setup,
) -> None:
    world = building.world
    failed_order(world, building.project)
    done = sanction(world, building.project, K.CONSTRUCTION_SUSPENSION, reason="拒不整改")
    project = building.refresh()
    assert project.state == "suspended"
    transition = Event.objects.get(action="project.suspend")
    assert transition.reason == "拒不整改" and transition.after["sanction_id"] == done.pk
    assert [r.article for r in funding_eligibility(project, on=timezone.localdate()).reasons] == [
        20
    ]
    services.sanction_lift(sanction=done, reason="已整改，恢复建设", by=world.bdb_leader)
    assert building.refresh().state == "in_construction"
    assert Event.objects.get(action="project.lift_suspension").reason == "已整改，恢复建设"
    assert Event.objects.get(action="supervision.sanction_lift").after["construction_resumed"]


def test_the_incidents_page_of_a_project_suspended_without_an_incident_still_renders(
    building: Setup,
) -> None:
    world = building.world
    failed_order(world, building.project)
    sanction(world, building.project, K.CONSTRUCTION_SUSPENSION)
    url = reverse("construction:incidents", args=[building.project.pk])
    for persona in ("bdb_leader", "police_staff"):
        response = client_for(world.persona(persona)).get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-testid="no-incidents"' in page
        assert "项目已暂停建设" in page


def test_only_a_project_in_construction_can_be_suspended(procurement: Setup) -> None:
    world = procurement.world
    failed_order(world, procurement.project)
    with pytest.raises(RuleViolation) as refused:
        sanction(world, procurement.project, K.CONSTRUCTION_SUSPENSION)
    assert refused.value.decision.article == 35
    assert "只有建设中或整改中的项目可以暂停建设" in refused.value.message
    assert procurement.refresh().state == "procurement"
    assert not Sanction.objects.exists()


# --- 终止 -----------------------------------------------------------------------------------
def test_termination_terminates_the_project_for_good(building: Setup) -> None:
    world = building.world
    failed_order(world, building.project)
    done = sanction(world, building.project, K.TERMINATION, reason="多次整改仍不符合要求")
    assert building.refresh().state == "terminated"
    assert Event.objects.get(action="project.terminate").reason == "多次整改仍不符合要求"
    with pytest.raises(RuleViolation) as refused:
        services.sanction_lift(sanction=done, reason="恢复", by=world.bdb_leader)
    assert refused.value.decision.article == 35
    assert "不能解除" in refused.value.message
    assert Sanction.objects.get(pk=done.pk).in_force


# --- lifting --------------------------------------------------------------------------------
def test_lifting_needs_a_leader_and_a_reason_and_happens_once(procurement: Setup) -> None:
    world = procurement.world
    failed_order(world, procurement.project)
    done = sanction(world, procurement.project, K.FUND_SUSPENSION)
    with pytest.raises(RuleViolation) as staff:
        services.sanction_lift(sanction=done, reason="整改到位", by=world.bdb_staff)
    assert "只有本行政区域大数据局领导可以解除处理决定" in staff.value.message
    with pytest.raises(InvalidInput) as no_reason:
        services.sanction_lift(sanction=done, reason="", by=world.bdb_leader)
    assert no_reason.value.field == "reason"
    assert Sanction.objects.get(pk=done.pk).in_force
    services.sanction_lift(sanction=done, reason="整改到位", by=world.bdb_leader)
    with pytest.raises(RuleViolation) as again:
        services.sanction_lift(sanction=done, reason="整改到位", by=world.bdb_leader)
    assert "已于 2026-11-27 解除" in again.value.message


def test_the_offered_guard_holds_a_project_while_the_sanction_is_in_force(
    building: Setup,
) -> None:
    from govit.supervision.rules import no_construction_suspension_in_force

    world = building.world
    failed_order(world, building.project)
    done = sanction(world, building.project, K.CONSTRUCTION_SUSPENSION)
    held = no_construction_suspension_in_force(building.refresh(), world.bdb_leader)
    assert not held and held.article == 35 and "解除该决定" in held.reason
    services.sanction_lift(sanction=done, reason="整改到位", by=world.bdb_leader)
    assert no_construction_suspension_in_force(building.refresh(), world.bdb_leader)


def test_a_project_held_by_a_sanction_cannot_be_resumed_through_its_incidents(
    building: Setup,
) -> None:
    """The guard sits on the lifecycle's ``lift_suspension``: closing an incident (or any
    other way of lifting) cannot resume what a sanction suspended (Art. 35)."""
    from govit.projects.workflow import PROJECT_MACHINE

    world = building.world
    failed_order(world, building.project)
    done = sanction(world, building.project, K.CONSTRUCTION_SUSPENSION)
    project = building.refresh()
    assert project.state == "suspended"
    held = PROJECT_MACHINE.check(project, world.bdb_leader, "lift_suspension")
    assert not held and held.article == 35
    services.sanction_lift(sanction=done, reason="整改到位", by=world.bdb_leader)
    assert building.refresh().state == "in_construction"
