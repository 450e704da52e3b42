"""Creating a project: from an approved plan item (Art. 7), outside the plan (Art. 10), lineage."""

from __future__ import annotations

import pytest
from django.test import Client

from govit.audit.models import Event
from govit.core.errors import InvalidInput
from govit.planning.models import DepartmentPlan, PlanState
from govit.projects.models import Project
from govit.projects.services import project_create
from govit.testing.world import approved_plan_item


def test_a_project_is_created_from_an_approved_plan_item(world) -> None:
    item = approved_plan_item(world.organisations["police"], name="智慧警务平台", year=2026)
    project = project_create(name="智慧警务平台", plan_item=item.pk, by=world.police_staff)
    assert project.plan_item == item
    event = Event.objects.for_object(project).get(action="project.create")
    assert event.after is not None and event.after["plan_item"] == item.pk


def test_a_plan_item_backs_only_one_project(world) -> None:
    item = approved_plan_item(world.organisations["police"], name="智慧警务平台", year=2026)
    project_create(name="一期", plan_item=item, by=world.police_staff)
    before = Project.objects.count()
    with pytest.raises(InvalidInput) as error:
        project_create(name="二期", plan_item=item, by=world.police_staff)
    assert error.value.field == "plan_item"
    assert "第七条" in error.value.message
    assert Project.objects.count() == before


def test_an_item_of_an_unapproved_plan_or_another_unit_is_refused(world) -> None:
    item = approved_plan_item(world.organisations["police"], name="待批准", year=2026)
    DepartmentPlan.objects.filter(pk=item.plan_id).update(state=PlanState.SUBMITTED)
    with pytest.raises(InvalidInput):
        project_create(name="待批准", plan_item=item, by=world.police_staff)
    other = approved_plan_item(world.organisations["education"], name="教育项目", year=2026)
    with pytest.raises(InvalidInput):
        project_create(name="借用他人计划", plan_item=other, by=world.police_staff)


def test_plan_item_and_outside_plan_together_are_refused(world) -> None:
    item = approved_plan_item(world.organisations["police"], name="x", year=2026)
    with pytest.raises(InvalidInput) as error:
        project_create(name="x", plan_item=item, outside_plan=True, by=world.police_staff)
    assert error.value.field == "outside_plan"


def test_a_successor_names_its_predecessor_so_lineage_survives_renaming(world) -> None:
    old = world.project("police")
    new = project_create(
        name="智慧公安大数据平台（二期）",
        predecessor=old.pk,
        predecessor_relation="upgrade",
        by=world.police_staff,
    )
    Project.objects.filter(pk=old.pk).update(name="公安数据平台（已更名）")
    assert new.predecessor_id == old.pk and new.predecessor_relation == "upgrade"
    assert list(world.project("police").successors.all()) == [new]
    with pytest.raises(InvalidInput) as error:
        project_create(
            name="x",
            predecessor=world.projects["education"].pk,
            predecessor_relation="split",
            by=world.police_staff,
        )
    assert error.value.field == "predecessor"


def test_the_new_project_page_offers_the_units_approved_items(world) -> None:
    item = approved_plan_item(world.organisations["police"], name="智慧警务平台", year=2026)
    approved_plan_item(world.organisations["education"], name="教育资源平台", year=2026)
    client = Client()
    client.force_login(world.police_staff)
    page = client.get("/projects/new/").content.decode()
    assert "智慧警务平台" in page and "教育资源平台" not in page
    response = client.post(
        "/projects/new/",
        {
            "name": "智慧警务平台",
            "plan_item": item.pk,
            "system_category": "02",
            "funding_mode": "gov_investment",
            "procedure": "approval",
        },
    )
    assert response.status_code == 302
    assert Project.objects.get(plan_item=item).organisation == world.organisations["police"]


def test_the_api_creates_from_a_plan_item_and_refuses_a_bad_one(world) -> None:
    item = approved_plan_item(world.organisations["police"], name="智慧警务平台", year=2026)
    client = Client()
    client.force_login(world.police_staff)
    created = client.post(
        "/api/v1/projects/",
        {"name": "智慧警务平台", "plan_item": item.pk},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["plan_item"] == item.pk
    again = client.post(
        "/api/v1/projects/", {"name": "重复", "plan_item": item.pk}, content_type="application/json"
    )
    assert again.status_code == 400
    assert again.json()["field"] == "plan_item"


def test_a_predecessor_given_by_code_is_checked_with_its_check_digit(world) -> None:
    old = world.project("police")
    new = project_create(
        name="二期", predecessor=old.code, predecessor_relation="upgrade", by=world.police_staff
    )
    assert new.predecessor_id == old.pk
    wrong_digit = old.code[:-1] + str((int(old.code[-1]) + 1) % 10)
    with pytest.raises(InvalidInput) as error:
        project_create(
            name="三期",
            predecessor=wrong_digit,
            predecessor_relation="upgrade",
            by=world.police_staff,
        )
    assert "校验位错误" in error.value.message and error.value.field == "predecessor"
