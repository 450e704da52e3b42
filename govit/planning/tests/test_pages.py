"""The planning pages: lists, detail with totals and rounds, forms with field errors, buttons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from govit.planning.models import CityPlan, DepartmentPlan, PlanItem

from .factories import (
    CITY_PLAN,
    POLICE_ANNUAL,
    annual_plan,
    approved_plan,
    city_plan,
    html,
    items_of,
    run,
    submitted_plan,
)

pytestmark = pytest.mark.django_db


def detail_url(plan: DepartmentPlan) -> str:
    return reverse("planning:department_detail", args=[plan.pk])


def follow(client, url: str, data: dict[str, str] | None = None) -> str:  # type: ignore[no-untyped-def]
    return html(client.post(url, data or {}, follow=True))


# --- lists ------------------------------------------------------------------------------------
def test_the_city_list_shows_published_plans_to_a_department(world, page_as) -> None:
    city_plan(world, publish=True)
    page = html(page_as("police_staff").get(reverse("planning:city_list")))
    assert CITY_PLAN in page
    assert "2026–2030" in page
    assert "新建规划或指导计划" not in page


def test_bdb_staff_sees_the_create_button_for_city_plans(world, page_as) -> None:
    page = html(page_as("bdb_staff").get(reverse("planning:city_list")))
    assert reverse("planning:city_new") in page


def test_the_department_list_shows_counts_and_totals(world, page_as) -> None:
    annual_plan(world)
    page = html(page_as("police_staff").get(reverse("planning:department_list")))
    assert POLICE_ANNUAL in page
    assert "5,000,000.50" in page
    assert reverse("planning:department_new") in page


def test_the_bdb_filters_department_plans_by_state(world, page_as) -> None:
    plan = submitted_plan(world)
    other = run(
        world,
        annual_plan(world, "education_staff", "教育局2026年度计划"),
        "submit",
        "education_staff",
    )
    run(world, other, "approve", "bdb_leader")
    client = page_as("bdb_staff")
    everything = html(client.get(reverse("planning:department_list")))
    assert plan.title in everything and "教育局2026年度计划" in everything
    submitted_only = html(client.get(reverse("planning:department_list"), {"state": "submitted"}))
    assert plan.title in submitted_only and "教育局2026年度计划" not in submitted_only


def test_the_department_list_query_count_does_not_grow_with_plans(
    world, page_as, django_assert_max_num_queries
) -> None:
    for index, persona in enumerate(["police_staff", "education_staff"]):
        plan = annual_plan(world, persona, f"计划{index}")
        run(world, plan, "submit", persona)
    client = page_as("bdb_staff")
    with django_assert_max_num_queries(8):
        html(client.get(reverse("planning:department_list")))


# --- detail -------------------------------------------------------------------------------------
def test_the_detail_shows_items_total_and_the_submit_button(world, page_as) -> None:
    plan = annual_plan(world)
    page = html(page_as("police_staff").get(detail_url(plan)))
    assert "智慧公安大数据平台" in page and "业务信息系统" in page
    assert "3,200,000.00" in page and "1,800,000.50" in page
    assert 'data-testid="items-total">5,000,000.50<' in page
    assert 'data-transition="submit"' in page
    assert reverse("planning:item_new", args=[plan.pk]) in page


def test_an_empty_plan_shows_why_it_cannot_be_submitted(world, page_as) -> None:
    from govit.planning import services

    plan = services.department_plan_create(
        kind="annual_construction",
        title="空计划",
        start_year=2026,
        by=world.persona("police_staff"),
    )
    page = html(page_as("police_staff").get(detail_url(plan)))
    assert 'data-transition="submit"' not in page
    assert "报送大数据局：计划中还没有任何项目，请先添加项目再报送（第六条）" in page


def test_the_bdb_sees_approve_and_return_with_the_reasons_for_blocked_ones(world, page_as) -> None:
    plan = submitted_plan(world)
    staff_page = html(page_as("bdb_staff").get(detail_url(plan)))
    assert 'data-transition="return"' in staff_page
    assert 'data-transition="approve"' not in staff_page
    assert "批准：需要以下角色之一：大数据局领导" in staff_page
    leader_page = html(page_as("bdb_leader").get(detail_url(plan)))
    assert 'data-transition="approve"' in leader_page
    # Submitted: nothing to edit any more.
    assert reverse("planning:item_new", args=[plan.pk]) not in leader_page


def test_submitting_returning_and_approving_through_the_pages(world, page_as) -> None:
    plan = annual_plan(world)
    transition = lambda code: reverse("planning:department_transition", args=[plan.pk, code])  # noqa: E731
    page = follow(page_as("police_staff"), transition("submit"))
    assert "已报送大数据局，当前状态：已报送" in page
    page = follow(page_as("bdb_staff"), transition("return"), {"reason": ""})
    assert "「退回修改」必须填写理由" in page
    page = follow(page_as("bdb_staff"), transition("return"), {"reason": "请补充建设理由"})
    assert "已退回修改，当前状态：退回修改" in page
    page = html(page_as("police_staff").get(detail_url(plan)))
    assert 'data-testid="bdb-opinion"' in page and "请补充建设理由" in page
    follow(page_as("police_leader"), transition("submit"))
    page = follow(page_as("bdb_leader"), transition("approve"), {"reason": "同意列入"})
    assert "已批准，当前状态：已批准" in page
    assert "第 1 轮" in page and "第 2 轮" in page and "同意列入" in page
    assert "可申报" in page
    assert DepartmentPlan.objects.get(pk=plan.pk).state == "approved"


def test_a_refused_transition_shows_the_reason_and_changes_nothing(world, page_as) -> None:
    plan = annual_plan(world)
    url = reverse("planning:department_transition", args=[plan.pk, "approve"])
    page = follow(page_as("police_staff"), url)
    assert "当前状态为「草稿」，不能执行「批准」" in page
    assert DepartmentPlan.objects.get(pk=plan.pk).state == "draft"


def test_the_history_is_shown_to_the_bdb(world, page_as) -> None:
    plan = submitted_plan(world)
    assert "planning.department_plan.submit" in html(page_as("bdb_staff").get(detail_url(plan)))
    assert "planning.department_plan.submit" not in html(
        page_as("police_staff").get(detail_url(plan))
    )


# --- forms --------------------------------------------------------------------------------------
def test_creating_a_plan_through_the_page(world, page_as) -> None:
    response = page_as("police_staff").post(
        reverse("planning:department_new"),
        {"kind": "annual_construction", "title": "公安局2027年度计划", "start_year": "2027"},
    )
    plan = DepartmentPlan.objects.get(title="公安局2027年度计划")
    assert response.status_code == 302 and response["Location"] == detail_url(plan)
    assert (plan.start_year, plan.end_year) == (2027, 2027)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "请填写名称"),
        ({"end_year": "2025"}, "end_year", "截止年度不能早于起始年度"),
        ({"start_year": "明年"}, "start_year", "起始年度须为 2000–2100 之间的四位年份"),
    ],
)
def test_a_bad_plan_form_shows_the_error_next_to_the_field(
    world, page_as, data, field, message
) -> None:
    form = {"kind": "informatization", "title": "规划", "start_year": "2026", "end_year": "2030"}
    page = html(page_as("police_staff").post(reverse("planning:department_new"), {**form, **data}))
    assert f'data-field-error="{field}">{message}<' in page
    assert not DepartmentPlan.objects.exists()


def test_bdb_staff_creates_and_edits_a_city_plan_through_the_pages(world, page_as) -> None:
    client = page_as("bdb_staff")
    form = {"kind": "annual_guidance", "title": "2027年度指导计划", "start_year": "2027"}
    page = html(client.post(reverse("planning:city_new"), {**form, "end_year": "2028"}))
    assert 'data-field-error="end_year">年度计划只涵盖一个年度' in page
    assert not CityPlan.objects.exists()
    client.post(reverse("planning:city_new"), form)
    plan = CityPlan.objects.get()
    client.post(
        reverse("planning:city_edit", args=[plan.pk]),
        {"title": "菏泽市2027年度政务信息化指导计划", "start_year": "2027", "summary": "重点任务"},
    )
    plan.refresh_from_db()
    assert (plan.title, plan.summary) == ("菏泽市2027年度政务信息化指导计划", "重点任务")
    page = html(page_as("bdb_leader").get(reverse("planning:city_detail", args=[plan.pk])))
    assert 'data-transition="publish"' in page


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("-5", "估算投资不能为负数"),
        ("abc", "估算投资须为数字"),
        ("12.345", "估算投资最多保留两位小数（精确到分）"),
    ],
)
def test_a_bad_budget_on_the_item_form_is_shown_and_nothing_saved(
    world, page_as, budget, message
) -> None:
    plan = annual_plan(world)
    page = html(
        page_as("police_staff").post(
            reverse("planning:item_new", args=[plan.pk]),
            {"name": "新项目", "category": "02", "estimated_budget": budget},
        )
    )
    assert f'data-field-error="estimated_budget">{message}' in page
    assert plan.items.count() == 2


def test_an_item_without_a_name_is_shown_next_to_the_field(world, page_as) -> None:
    plan = annual_plan(world)
    page = html(
        page_as("police_staff").post(
            reverse("planning:item_new", args=[plan.pk]),
            {"name": "", "category": "02", "estimated_budget": "100"},
        )
    )
    assert 'data-field-error="name">请填写项目名称<' in page


def test_items_are_added_edited_and_deleted_through_the_pages(world, page_as) -> None:
    plan = annual_plan(world)
    client = page_as("police_leader")
    client.post(
        reverse("planning:item_new", args=[plan.pk]),
        {"name": "移动警务", "category": "02", "estimated_budget": "600000", "reason": "一线需要"},
    )
    item = PlanItem.objects.get(name="移动警务")
    form = html(client.get(reverse("planning:item_edit", args=[plan.pk, item.pk])))
    assert 'value="600000.00"' in form
    client.post(
        reverse("planning:item_edit", args=[plan.pk, item.pk]),
        {"name": "移动警务终端", "category": "02", "estimated_budget": "650000.5"},
    )
    item.refresh_from_db()
    assert (item.name, str(item.estimated_budget)) == ("移动警务终端", "650000.50")
    first = items_of(plan)[0]
    client.post(reverse("planning:item_delete", args=[plan.pk, first.pk]))
    assert not PlanItem.objects.filter(pk=first.pk).exists()
    page = html(client.get(detail_url(plan)))
    assert 'data-testid="items-total">2,450,001.00<' in page


def test_editing_a_submitted_plan_sends_the_author_back_with_the_reason(world, page_as) -> None:
    plan = submitted_plan(world)
    response = page_as("police_staff").get(
        reverse("planning:item_new", args=[plan.pk]), follow=True
    )
    page = html(response)
    assert response.redirect_chain[-1][0] == detail_url(plan)
    assert "不能修改" in page


def test_an_approved_plan_shows_which_items_have_become_projects(world, page_as) -> None:
    plan = approved_plan(world)
    project = world.project("police")
    project.plan_item = items_of(plan)[0]
    project.save()
    page = html(page_as("police_staff").get(detail_url(plan)))
    assert "已立项" in page and "可申报" in page


def test_the_edit_form_of_an_annual_plan_asks_for_one_year(world, page_as) -> None:
    plan = annual_plan(world)
    client = page_as("police_staff")
    page = html(client.get(reverse("planning:department_edit", args=[plan.pk])))
    assert 'name="end_year"' not in page and 'name="start_year"' in page
    client.post(
        reverse("planning:department_edit", args=[plan.pk]),
        {"title": plan.title, "start_year": "2027"},
    )
    plan.refresh_from_db()
    assert (plan.start_year, plan.end_year) == (2027, 2027)
