"""The plan basis gate on a project's submission (Art. 7)."""

from __future__ import annotations

import pytest

from govit.planning.rules import plan_basis

from .factories import annual_plan, approved_plan, items_of, run, submitted_plan

pytestmark = pytest.mark.django_db


def basis(world, *, item=None, outside_plan=False, project_key="police"):  # type: ignore[no-untyped-def]
    project = world.project(project_key)
    project.plan_item = item
    project.outside_plan = outside_plan
    project.save()
    return plan_basis(world.project(project_key), world.persona("police_staff"))


def test_a_project_from_an_approved_annual_plan_item_passes(world) -> None:
    item = items_of(approved_plan(world))[0]
    assert basis(world, item=item).allowed


def test_a_project_marked_outside_the_plan_passes_here(world) -> None:
    # Article 10's leader exception is checked at approval, not here.
    assert basis(world, outside_plan=True).allowed


def test_a_project_without_plan_item_is_refused_citing_article_7(world) -> None:
    decision = basis(world)
    assert (decision.allowed, decision.article) == (False, 7)
    assert decision.reason == "项目须来自本单位已批准的年度建设计划，或标记为计划外项目"
    assert decision.message.endswith("（第七条）")
    assert "approved annual construction plan" in decision.reason_en


@pytest.mark.parametrize("stage", ["draft", "submitted", "returned"])
def test_an_item_of_a_plan_not_approved_is_refused(world, stage) -> None:
    plan = annual_plan(world) if stage == "draft" else submitted_plan(world)
    if stage == "returned":
        plan = run(world, plan, "return", "bdb_staff", "请补充")
    decision = basis(world, item=items_of(plan)[0])
    assert (decision.allowed, decision.article) == (False, 7)


def test_an_item_of_another_departments_plan_is_refused(world) -> None:
    education_plan = annual_plan(world, "education_staff", "教育局2026年度计划")
    run(world, run(world, education_plan, "submit", "education_staff"), "approve", "bdb_leader")
    decision = basis(world, item=items_of(education_plan)[0])
    assert (decision.allowed, decision.article) == (False, 7)


def test_an_item_of_an_approved_multi_year_plan_is_refused(world) -> None:
    from govit.planning import services

    staff = world.persona("police_staff")
    plan = services.department_plan_create(
        kind="informatization", title="规划", start_year=2026, end_year=2030, by=staff
    )
    item = services.plan_item_add(
        plan=plan, name="警务云", category="04", estimated_budget="1", by=staff
    )
    run(world, run(world, plan, "submit", "police_staff"), "approve", "bdb_leader")
    assert not basis(world, item=item).allowed
