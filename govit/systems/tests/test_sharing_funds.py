"""Art. 30: a running system that does not share stops construction and O&M funds of its
project — in the verdict, in the release service and as a 409 of the API."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from govit.core.errors import RuleViolation
from govit.funds import services as funds
from govit.funds.eligibility import EXTRA_CHECKS, funding_eligibility
from govit.funds.models import FundBatch
from govit.funds.testing import confirmed_batch
from govit.projects.models import Project
from govit.projects.testing import put_in_state
from govit.systems.eligibility import sharing_compliance
from govit.systems.testing import make_sharing, register
from govit.testing.world import World

from .conftest import moment

pytestmark = pytest.mark.django_db


def fresh(project: Project) -> Project:
    return Project.objects.with_owner().get(pk=project.pk)


def funded_then_running(world: World) -> tuple[Project, FundBatch]:
    """A confirmed batch waiting for Finance, then construction and a running non-sharing system."""
    project = world.in_procurement("police")
    batch = confirmed_batch(world, project, {"服务器": "100000"})
    project = put_in_state(project, "in_construction", construction_started_on=date(2025, 3, 1))
    register(world, project, running_since=date(2025, 6, 1))
    return project, batch


def test_the_check_is_plugged_into_the_verdict() -> None:
    assert "govit.systems.eligibility.sharing_compliance" in EXTRA_CHECKS


@time_machine.travel(moment(2025, 11, 3), tick=False)
@pytest.mark.parametrize("kind", ["construction", "om"])
def test_a_non_sharing_running_system_blocks_construction_and_om_funds(
    world: World, kind: str
) -> None:
    project, _ = funded_then_running(world)
    verdict = funding_eligibility(fresh(project), on=date(2025, 11, 3), kind=kind)
    assert not verdict.clear
    reason = next(r for r in verdict.reasons if r.article == 30)
    assert "公安大数据平台" in reason.reason
    assert "未接入市共享交换平台" in reason.reason and "没有已启用的共享接口" in reason.reason
    # Before it went live it did not block.
    assert sharing_compliance(fresh(project), date(2025, 5, 31), kind) == []


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_the_release_is_refused_citing_article_30_and_nothing_is_released(
    world: World,
) -> None:
    _, batch = funded_then_running(world)
    with pytest.raises(RuleViolation) as refused:
        funds.fund_batch_release(
            batch=batch, released_on="2025-11-03", reference="PZ-1", by=world.finance
        )
    assert refused.value.decision.article == 30
    assert "公安大数据平台" in refused.value.message
    assert FundBatch.objects.get(pk=batch.pk).state == "confirmed"


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_the_api_answers_409_with_article_30_then_releases_once_shared(world: World) -> None:
    project, batch = funded_then_running(world)
    client = Client()
    client.force_login(world.finance)
    url = reverse("api:funds-batch-release", args=[batch.pk])
    body = {"released_on": "2025-11-03", "reference": "PZ-1"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 409
    error = refused.json()
    assert error["article"] == 30 and error["code"] == "rule_violation"
    assert "公安大数据平台" in error["detail"]
    system = project.systems.get()
    make_sharing(world, system)
    released = client.post(url, body, content_type="application/json")
    assert released.status_code == 200, released.content
    assert FundBatch.objects.get(pk=batch.pk).state == "released"


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_a_sharing_system_and_a_system_in_construction_do_not_block(world: World) -> None:
    project = world.in_procurement("police")
    project = put_in_state(project, "in_construction", construction_started_on=date(2025, 3, 1))
    make_sharing(world, register(world, project))
    register(world, project, name="二期系统", status="building")
    assert sharing_compliance(fresh(project), date(2025, 11, 3), "construction") == []
