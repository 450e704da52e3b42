"""Each gate of issue 3 blocks with its article — through the service, the page and the API alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from govit.applications.models import CatalogueEntry, CoBuilder, PreEvaluation
from govit.core.decisions import article_label
from govit.core.errors import RuleViolation
from govit.projects.models import Project
from govit.projects.services import project_transition
from govit.testing.world import World


@dataclass(frozen=True)
class Gate:
    name: str
    article: int
    setup: Callable[[World], Project]  # a project one step before the gate, with the fact broken
    transition: str
    actor: str

    def __str__(self) -> str:
        return f"art{self.article}-{self.name}"


def _update(project: Project, **fields: Any) -> Project:
    Project.objects.filter(pk=project.pk).update(**fields)
    return Project.objects.with_owner().get(pk=project.pk)


def no_plan_basis(world: World) -> Project:
    return _update(world.ready_to_submit("police"), plan_item=None)


def no_pre_evaluation(world: World) -> Project:
    project = world.ready_to_submit("police")
    PreEvaluation.objects.filter(project=project).update(completed_at=None)
    return project


def no_catalogue(world: World) -> Project:
    project = world.ready_to_submit("police")
    CatalogueEntry.objects.filter(project=project).delete()
    return project


def unconfirmed_cobuilder(world: World) -> Project:
    project = world.ready_to_submit("police")
    CoBuilder.objects.create(
        project=project,
        organisation=world.organisations["education"],
        scope="教育数据对接",
        duties="提供接口",
        sharing_needs="学籍数据",
    )
    return project


def outside_plan_without_exception(world: World) -> Project:
    return _update(world.reviewed_with_opinion("police"), plan_item=None, outside_plan=True)


def no_opinion(world: World) -> Project:
    project = world.reviewed_with_opinion("police")
    project.opinions.all().delete()
    return project


def _approved(world: World, **fields: Any) -> Project:
    project = _update(world.reviewed_with_opinion("police"), **fields)
    return project_transition(project=project, transition="approve", by=world.persona("bdb_leader"))


def fixed_asset_skipping_ndrc(world: World) -> Project:
    return _approved(world, is_fixed_asset=True)


def classified_candidate_unanswered(world: World) -> Project:
    return _approved(world, is_classified_candidate=True)


GATES = [
    Gate("plan-basis", 7, no_plan_basis, "submit", "police_staff"),
    Gate("pre-evaluation", 8, no_pre_evaluation, "submit", "police_staff"),
    Gate("catalogue", 27, no_catalogue, "submit", "police_staff"),
    Gate("cobuilder-confirmation", 9, unconfirmed_cobuilder, "submit", "police_staff"),
    Gate("outside-plan-exception", 10, outside_plan_without_exception, "approve", "bdb_leader"),
    Gate("opinion", 11, no_opinion, "approve", "bdb_leader"),
    Gate("ndrc", 4, fixed_asset_skipping_ndrc, "start_procurement", "police_staff"),
    Gate("secrecy", 4, classified_candidate_unanswered, "start_procurement", "police_staff"),
]


@pytest.mark.parametrize("gate", GATES, ids=str)
def test_the_gate_blocks_with_its_article_in_service_page_and_api(world: World, gate: Gate) -> None:
    project = gate.setup(world)
    state = project.state
    actor = world.persona(gate.actor)

    with pytest.raises(RuleViolation) as refusal:
        project_transition(project=project, transition=gate.transition, by=actor)
    assert refusal.value.decision.article == gate.article
    citation = f"（{article_label(gate.article)}）"
    assert refusal.value.message.endswith(citation)

    client = Client()
    client.force_login(actor)
    page = client.post(f"/projects/{project.pk}/transitions/{gate.transition}/", follow=True)
    assert refusal.value.message in page.content.decode()

    api = client.post(
        f"/api/v1/projects/{project.pk}/transitions/{gate.transition}/",
        {},
        content_type="application/json",
    )
    assert api.status_code == 409
    assert api.json()["article"] == gate.article

    # The project page lists the blocked action with the same reason before anyone tries.
    assert refusal.value.message in client.get(f"/projects/{project.pk}/").content.decode()
    assert world.project("police").state == state


def test_with_the_gates_satisfied_the_project_reaches_procurement(world: World) -> None:
    project = _approved(world)
    assert project.opinion_number
    project = project_transition(
        project=project, transition="start_procurement", by=world.police_staff
    )
    assert project.state == "procurement"
