"""Who reads which plan, and which items applications can be made from (Art. 5–7)."""

from __future__ import annotations

import pytest
from django.http import Http404

from govit.planning.models import DepartmentPlan, PlanItem
from govit.planning.selectors import (
    approved_items_for,
    city_plan_get,
    city_plans_for,
    department_plan_get,
    department_plans_for,
)
from govit.projects.models import Project

from .factories import (
    annual_plan,
    approved_plan,
    city_plan,
    guidance_plan,
    items_of,
    run,
    submitted_plan,
)

pytestmark = pytest.mark.django_db


def titles(queryset) -> set[str]:  # type: ignore[no-untyped-def]
    return {plan.title for plan in queryset}


# --- city plans --------------------------------------------------------------------------------
def test_a_published_city_plan_is_read_by_everyone_of_the_city_and_its_counties(world) -> None:
    published = city_plan(world, publish=True)
    for persona in ["police_staff", "expert", "auditor", "ndrc", "caoxian_police_staff"]:
        assert city_plan_get(world.persona(persona), published.pk) == published


def test_a_draft_city_plan_is_seen_only_by_the_bdb_of_its_jurisdiction(world) -> None:
    draft = guidance_plan(world)
    assert city_plan_get(world.persona("bdb_leader"), draft.pk) == draft
    for persona in ["police_staff", "auditor", "caoxian_bdb_staff"]:
        with pytest.raises(Http404):
            city_plan_get(world.persona(persona), draft.pk)


def test_the_three_administrators_read_no_plans(world) -> None:
    city_plan(world, publish=True)
    run(world, annual_plan(world), "submit", "police_staff")
    for persona in ["sysadmin", "secadmin", "auditadmin"]:
        assert not city_plans_for(world.persona(persona)).exists()
        assert not department_plans_for(world.persona(persona)).exists()


def test_a_county_plan_is_not_read_in_the_city(world) -> None:
    from govit.planning import services

    county = services.city_plan_create(
        kind="informatization",
        title="曹县政务信息化规划",
        start_year=2026,
        end_year=2030,
        by=world.persona("caoxian_bdb_staff"),
    )
    county.state = "published"
    county.save()
    assert titles(city_plans_for(world.persona("caoxian_police_staff"))) == {"曹县政务信息化规划"}
    assert not city_plans_for(world.persona("police_staff")).exists()


# --- department plans ---------------------------------------------------------------------------
def test_a_department_sees_only_its_own_plans(world) -> None:
    police = annual_plan(world)
    annual_plan(world, "education_staff", "教育局2026年度计划")
    assert titles(department_plans_for(world.persona("police_leader"))) == {police.title}
    with pytest.raises(Http404):
        department_plan_get(world.persona("education_staff"), police.pk)


def test_the_bdb_sees_submitted_plans_of_its_jurisdiction_but_not_drafts(world) -> None:
    draft = annual_plan(world, "education_staff", "教育局2026年度计划")
    submitted = submitted_plan(world)
    assert titles(department_plans_for(world.persona("bdb_staff"))) == {submitted.title}
    with pytest.raises(Http404):
        department_plan_get(world.persona("bdb_staff"), draft.pk)
    with pytest.raises(Http404):
        department_plan_get(world.persona("caoxian_bdb_staff"), submitted.pk)


def test_a_returned_plan_stays_visible_to_the_bdb(world) -> None:
    plan = run(world, submitted_plan(world), "return", "bdb_staff", "补充理由")
    assert department_plan_get(world.persona("bdb_leader"), plan.pk) == plan


# --- approved items (Art. 7) -----------------------------------------------------------------------
def test_approved_items_are_those_of_the_own_approved_annual_plan(world) -> None:
    plan = approved_plan(world)
    staff = world.persona("police_staff")
    assert list(approved_items_for(staff)) == items_of(plan)
    assert not approved_items_for(world.persona("education_staff")).exists()
    assert not approved_items_for(world.persona("bdb_leader")).exists()


def test_items_of_plans_not_yet_approved_are_not_offered(world) -> None:
    submitted_plan(world)
    assert not approved_items_for(world.persona("police_staff")).exists()


def test_items_of_an_approved_multi_year_plan_are_not_offered(world) -> None:
    from govit.planning import services

    staff = world.persona("police_staff")
    plan = services.department_plan_create(
        kind=DepartmentPlan.Kind.INFORMATIZATION,
        title="公安局信息化规划",
        start_year=2026,
        end_year=2030,
        by=staff,
    )
    services.plan_item_add(plan=plan, name="警务云", category="04", estimated_budget="1", by=staff)
    run(world, run(world, plan, "submit", "police_staff"), "approve", "bdb_leader")
    assert not approved_items_for(staff).exists()


def test_an_item_backs_at_most_one_project(world) -> None:
    first, second = items_of(approved_plan(world))
    project = world.project("police")
    project.plan_item = first
    project.save()
    staff = world.persona("police_staff")
    assert list(approved_items_for(staff)) == [second]
    # The project being edited still sees the item it already uses.
    assert list(approved_items_for(staff, include_item_id=first.pk)) == [first, second]
    assert PlanItem.objects.get(pk=first.pk).projects.get() == Project.objects.get(pk=project.pk)
