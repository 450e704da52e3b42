"""The planning API: the same gates as the pages, errors as JSON in Chinese and English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from govit.planning.models import CityPlan, DepartmentPlan, PlanItem

from .factories import annual_plan, approved_plan, city_plan, items_of, submitted_plan

pytestmark = pytest.mark.django_db


def plan_url(plan: DepartmentPlan, suffix: str = "detail", *args: str) -> str:
    return reverse(f"api:department-plan-{suffix}", args=[plan.pk, *args])


def items_url(plan: DepartmentPlan) -> str:
    return reverse("api:plan-item-list", args=[plan.pk])


def item_url(item: PlanItem) -> str:
    return reverse("api:plan-item-detail", args=[item.plan_id, item.pk])


def test_a_whole_round_trip_through_the_api(world, api_as) -> None:
    staff = api_as("police_staff")
    created = staff.post(
        reverse("api:department-plan-list"),
        {"kind": "annual_construction", "title": "公安局2026年度计划", "start_year": 2026},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["state"], body["state_label"], body["end_year"]) == ("draft", "草稿", 2026)
    plan = DepartmentPlan.objects.get(pk=body["id"])

    item = staff.post(
        items_url(plan),
        {
            "name": "智慧公安大数据平台",
            "category": "02",
            "estimated_budget": "3200000.00",
            "reason": "研判",
        },
        format="json",
    )
    assert item.status_code == 201, item.json()
    assert item.json()["estimated_budget"] == "3200000.00"
    assert staff.get(plan_url(plan)).json()["total_budget"] == "3200000.00"

    options = {o["code"]: o for o in staff.get(plan_url(plan, "transitions")).json()}
    assert options["submit"]["allowed"] is True
    submitted = staff.post(plan_url(plan, "run-transition", "submit"), {}, format="json")
    assert submitted.json()["state"] == "submitted"

    returned = api_as("bdb_staff").post(
        plan_url(plan, "run-transition", "return"), {"reason": "请细化预算"}, format="json"
    )
    assert returned.json()["state"] == "returned"
    patched = staff.patch(
        item_url(plan.items.get()), {"estimated_budget": "3000000"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["estimated_budget"] == "3000000.00"
    assert patched.json()["name"] == "智慧公安大数据平台"
    staff.post(plan_url(plan, "run-transition", "submit"), {}, format="json")
    approved = (
        api_as("bdb_leader")
        .post(plan_url(plan, "run-transition", "approve"), {"reason": "同意"}, format="json")
        .json()
    )
    assert approved["state"] == "approved"
    assert [(r["round"], r["outcome"], r["opinion"]) for r in approved["reviews"]] == [
        (1, "returned", "请细化预算"),
        (2, "approved", "同意"),
    ]
    assert approved["reviews"][1]["total_budget"] == "3000000.00"


def test_the_bdb_lists_department_plans_by_state(world, api_as) -> None:
    submitted = submitted_plan(world)
    annual_plan(world, "education_staff", "教育局2026年度计划")  # a draft: not the BDB's yet
    client = api_as("bdb_staff")
    listed = client.get(reverse("api:department-plan-list")).json()
    assert [p["title"] for p in listed["results"]] == [submitted.title]
    assert listed["results"][0]["total_budget"] == "5000000.50"
    assert (
        client.get(reverse("api:department-plan-list"), {"state": "approved"}).json()["count"] == 0
    )
    bad = client.get(reverse("api:department-plan-list"), {"state": "lost"})
    assert bad.status_code == 400 and bad.json()["field"] == "state"


@pytest.mark.parametrize(
    ("budget", "detail", "detail_en"),
    [
        ("-1", "估算投资不能为负数", "Estimated budget cannot be negative"),
        (
            "12.345",
            "估算投资最多保留两位小数（精确到分）",
            "Estimated budget allows at most two decimal places",
        ),
        (
            "abc",
            "估算投资须为数字（单位：元，不带逗号），例如 1200000 或 1200000.50",
            "Estimated budget must be a number of yuan, e.g. 1200000.50",
        ),
        (
            12.345,
            "估算投资最多保留两位小数（精确到分）",
            "Estimated budget allows at most two decimal places",
        ),
    ],
)
def test_a_bad_budget_is_a_400_naming_the_field_in_both_languages(
    world, api_as, budget, detail, detail_en
) -> None:
    plan = annual_plan(world)
    response = api_as("police_staff").post(
        items_url(plan), {"name": "x", "category": "02", "estimated_budget": budget}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": detail,
        "detail_en": detail_en,
        "field": "estimated_budget",
    }
    assert plan.items.count() == 2


def test_empty_name_and_reversed_years_are_400s(world, api_as) -> None:
    client = api_as("police_staff")
    response = client.post(
        reverse("api:department-plan-list"),
        {"kind": "informatization", "title": "规划", "start_year": "2028", "end_year": "2026"},
        format="json",
    )
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["detail"]) == (
        "end_year",
        "截止年度不能早于起始年度",
    )
    plan = annual_plan(world)
    response = client.post(
        items_url(plan), {"name": "", "category": "02", "estimated_budget": "1"}, format="json"
    )
    assert (response.status_code, response.json()["field"]) == (400, "name")
    assert response.json()["detail_en"] == "Item name is required"
    assert not DepartmentPlan.objects.filter(kind="informatization").exists()


def test_submitting_an_empty_plan_is_a_409_citing_article_6(world, api_as) -> None:
    client = api_as("police_staff")
    plan_id = client.post(
        reverse("api:department-plan-list"),
        {"kind": "annual_construction", "title": "空计划", "start_year": "2026"},
        format="json",
    ).json()["id"]
    plan = DepartmentPlan.objects.get(pk=plan_id)
    options = {o["code"]: o for o in client.get(plan_url(plan, "transitions")).json()}
    assert options["submit"]["allowed"] is False and options["submit"]["article"] == 6
    response = client.post(plan_url(plan, "run-transition", "submit"), {}, format="json")
    assert response.status_code == 409
    assert response.json()["article"] == 6
    assert response.json()["detail_en"].endswith("(Art. 6)")


def test_a_university_cannot_create_plans_through_the_api(world, api_as) -> None:
    response = api_as("university_staff").post(
        reverse("api:department-plan-list"),
        {"kind": "annual_construction", "title": "学院计划", "start_year": "2026"},
        format="json",
    )
    assert response.status_code == 409 and response.json()["article"] == 2


def test_returning_without_an_opinion_is_a_400(world, api_as) -> None:
    plan = submitted_plan(world)
    response = api_as("bdb_leader").post(
        plan_url(plan, "run-transition", "return"), {}, format="json"
    )
    assert (response.status_code, response.json()["field"]) == (400, "reason")


def test_items_of_a_submitted_plan_cannot_change(world, api_as) -> None:
    plan = submitted_plan(world)
    item = items_of(plan)[0]
    client = api_as("police_staff")
    assert client.delete(item_url(item)).status_code == 409
    assert client.patch(item_url(item), {"name": "改"}, format="json").status_code == 409
    # The BDB reads the plan but may not change it at all.
    assert api_as("bdb_staff").delete(item_url(item)).status_code == 403
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_an_unknown_transition_is_a_404(world, api_as) -> None:
    plan = annual_plan(world)
    assert (
        api_as("police_staff").post(plan_url(plan, "run-transition", "delete_all")).status_code
        == 404
    )


def test_city_plans_through_the_api(world, api_as) -> None:
    staff = api_as("bdb_staff")
    created = staff.post(
        reverse("api:city-plan-list"),
        {
            "kind": "informatization",
            "title": "菏泽市规划",
            "start_year": "2026",
            "end_year": "2030",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["jurisdiction"] == {"code": "371700", "name": "菏泽市"}
    patched = staff.patch(
        reverse("api:city-plan-detail", args=[pk]), {"summary": "一朵云"}, format="json"
    )
    assert patched.json()["summary"] == "一朵云"
    assert api_as("police_staff").get(reverse("api:city-plan-detail", args=[pk])).status_code == 404
    published = api_as("bdb_leader").post(
        reverse("api:city-plan-run-transition", args=[pk, "publish"]), {}, format="json"
    )
    assert published.json()["state"] == "published"
    assert (
        api_as("caoxian_police_staff").get(reverse("api:city-plan-detail", args=[pk])).status_code
        == 200
    )
    assert (
        staff.patch(
            reverse("api:city-plan-detail", args=[pk]), {"title": "x"}, format="json"
        ).status_code
        == 409
    )


def test_reading_an_approved_plan_gives_items_and_reviews(world, api_as) -> None:
    plan = approved_plan(world)
    body = api_as("police_leader").get(plan_url(plan)).json()
    assert [i["name"] for i in body["items"]] == ["智慧公安大数据平台", "公安视频专网扩容"]
    assert body["items"][0]["category_label"] == "业务信息系统"
    assert body["reviews"][0]["decided_by"] == "bdb_leader"
    assert body["item_count"] == 2


def test_the_city_plan_list_hides_drafts_from_departments(world, api_as) -> None:
    city_plan(world)
    assert api_as("police_staff").get(reverse("api:city-plan-list")).json()["count"] == 0
    assert api_as("bdb_leader").get(reverse("api:city-plan-list")).json()["count"] == 1
    assert CityPlan.objects.count() == 1


def test_moving_an_annual_plan_to_another_year_moves_its_one_year(world, api_as) -> None:
    plan = annual_plan(world)
    body = (
        api_as("police_staff").patch(plan_url(plan), {"start_year": "2027"}, format="json").json()
    )
    assert (body["start_year"], body["end_year"]) == (2027, 2027)
