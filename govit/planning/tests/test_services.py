"""Department plans and city plans through the services: who may, what is kept, what is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govit.audit.models import Event
from govit.audit.services import verify
from govit.core.errors import InvalidInput, RuleViolation
from govit.planning import services
from govit.planning.models import CityPlan, DepartmentPlan, PlanItem, PlanReview, PlanState
from govit.planning.workflow import CITY_PLAN_MACHINE, DEPARTMENT_PLAN_MACHINE

from .factories import annual_plan, approved_plan, city_plan, guidance_plan, items_of, run

pytestmark = pytest.mark.django_db


def events(plan: object) -> list[str]:
    return list(
        Event.objects.filter(object_id=str(plan.pk), object_type=plan._meta.label_lower)  # type: ignore[attr-defined]
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- creating and editing ----------------------------------------------------------------------
def test_unit_staff_drafts_an_annual_construction_plan_for_one_year(world) -> None:
    plan = annual_plan(world)
    assert (plan.state, plan.start_year, plan.end_year) == ("draft", 2026, 2026)
    assert plan.organisation == world.organisations["police"]
    assert plan.items_total() == Decimal("5000000.50")
    assert events(plan) == [
        "planning.department_plan_create",
        "planning.plan_item_add",
        "planning.plan_item_add",
    ]


def test_a_multi_year_department_plan_spans_its_years(world) -> None:
    plan = services.department_plan_create(
        kind="informatization",
        title="公安局信息化规划",
        start_year="2026",
        end_year="2030",
        by=world.persona("police_staff"),
    )
    assert (plan.start_year, plan.end_year, plan.period) == (2026, 2030, "2026–2030")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "请填写名称"),
        ({"start_year": "二〇二六"}, "start_year", "起始年度须为 2000–2100 之间的四位年份"),
        ({"start_year": "1999"}, "start_year", "起始年度须为 2000–2100 之间的四位年份"),
        ({"end_year": "2025"}, "end_year", "截止年度不能早于起始年度"),
        ({"end_year": ""}, "end_year", "请填写截止年度"),
        ({"kind": "five_year"}, "kind", "请选择计划类型"),
    ],
)
def test_bad_plan_input_names_the_field_and_saves_nothing(world, changes, field, message) -> None:
    data = {"kind": "informatization", "title": "规划", "start_year": "2026", "end_year": "2028"}
    before = Event.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.department_plan_create(**{**data, **changes}, by=world.persona("police_staff"))
    assert (refused.value.field, refused.value.message) == (field, message)
    assert refused.value.message_en and refused.value.message_en != message
    assert not DepartmentPlan.objects.exists()
    assert Event.objects.count() == before


def test_an_annual_plan_cannot_span_two_years(world) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.department_plan_create(
            kind="annual_construction",
            title="年度计划",
            start_year=2026,
            end_year=2027,
            by=world.persona("police_staff"),
        )
    assert refused.value.field == "end_year"
    assert "只涵盖一个年度" in refused.value.message


def test_a_department_has_one_annual_construction_plan_per_year(world) -> None:
    annual_plan(world)
    with pytest.raises(InvalidInput) as refused:
        services.department_plan_create(
            kind="annual_construction",
            title="又一个",
            start_year=2026,
            by=world.persona("police_staff"),
        )
    assert refused.value.field == "start_year"
    assert "已存在" in refused.value.message
    # Another department may have its own for the same year.
    annual_plan(world, "education_staff", "教育局2026年度计划")


def test_bdb_staff_cannot_draft_a_department_plan(world) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.department_plan_create(
            kind="informatization",
            title="x",
            start_year=2026,
            end_year=2027,
            by=world.persona("bdb_staff"),
        )
    assert refused.value.decision.article == 6


def test_a_university_cannot_draft_plans_citing_article_2(world) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.department_plan_create(
            kind="annual_construction",
            title="菏泽学院2026年度计划",
            start_year=2026,
            by=world.persona("university_staff"),
        )
    assert refused.value.decision.article == 2
    assert "市属高校不属于本办法适用范围" in refused.value.message


def test_the_unit_leader_may_edit_a_draft_plan_and_the_change_is_audited(world) -> None:
    plan = annual_plan(world)
    plan = services.department_plan_update(
        plan=plan,
        title="公安局2026年度建设计划（修订）",
        start_year=2026,
        summary="新增说明",
        by=world.persona("police_leader"),
    )
    assert plan.title == "公安局2026年度建设计划（修订）"
    event = Event.objects.filter(action="planning.department_plan_update").get()
    assert event.before["title"] == "菏泽市公安局2026年度政务信息化建设计划"
    assert event.after["title"] == "公安局2026年度建设计划（修订）"


def test_another_department_cannot_edit_the_plan(world) -> None:
    plan = annual_plan(world)
    with pytest.raises(RuleViolation):
        services.department_plan_update(
            plan=plan, title="x", start_year=2026, by=world.persona("education_staff")
        )


# --- items ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("-1", "估算投资不能为负数"),
        ("一百万", "估算投资须为数字（单位：元，不带逗号），例如 1200000 或 1200000.50"),
        ("1,200,000", "估算投资须为数字（单位：元，不带逗号），例如 1200000 或 1200000.50"),
        ("NaN", "估算投资须为数字（单位：元，不带逗号），例如 1200000 或 1200000.50"),
        ("100.005", "估算投资最多保留两位小数（精确到分）"),
        ("", "请填写估算投资"),
        ("1000000000000", "估算投资超出上限（不超过 999999999999.99 元）"),
    ],
)
def test_a_bad_estimated_budget_is_refused_naming_the_field(world, budget, message) -> None:
    plan = annual_plan(world)
    with pytest.raises(InvalidInput) as refused:
        services.plan_item_add(
            plan=plan,
            name="新项目",
            category="02",
            estimated_budget=budget,
            by=world.persona("police_staff"),
        )
    assert (refused.value.field, refused.value.message) == ("estimated_budget", message)
    assert "Estimated budget" in refused.value.message_en
    assert plan.items.count() == 2


def test_an_item_without_a_name_or_category_is_refused(world) -> None:
    plan = annual_plan(world)
    staff = world.persona("police_staff")
    with pytest.raises(InvalidInput) as refused:
        services.plan_item_add(plan=plan, name=" ", category="02", estimated_budget="1", by=staff)
    assert (refused.value.field, refused.value.message) == ("name", "请填写项目名称")
    with pytest.raises(InvalidInput) as refused:
        services.plan_item_add(plan=plan, name="x", category="99", estimated_budget="1", by=staff)
    assert refused.value.field == "category"


def test_budget_is_kept_in_exact_yuan(world) -> None:
    plan = annual_plan(world)
    item = services.plan_item_add(
        plan=plan,
        name="数据共享",
        category="03",
        estimated_budget="0.1",
        by=world.persona("police_staff"),
    )
    item.refresh_from_db()
    assert item.estimated_budget == Decimal("0.10")
    assert plan.items_total() == Decimal("5000000.60")


def test_items_are_edited_and_removed_while_draft_and_audited_on_the_plan(world) -> None:
    plan = annual_plan(world)
    first, second = items_of(plan)
    leader = world.persona("police_leader")
    services.plan_item_update(
        item=first,
        name="智慧公安大数据平台（一期）",
        category="02",
        estimated_budget="3000000",
        reason="分期建设",
        by=leader,
    )
    services.plan_item_remove(item=second, by=leader)
    assert [(i.name, i.estimated_budget) for i in items_of(plan)] == [
        ("智慧公安大数据平台（一期）", Decimal("3000000.00"))
    ]
    update = Event.objects.get(action="planning.plan_item_update")
    assert update.before["item"]["estimated_budget"] == "3200000.00"
    assert update.after["item"]["estimated_budget"] == "3000000.00"
    assert Event.objects.get(action="planning.plan_item_remove").before["item"]["name"] == (
        "公安视频专网扩容"
    )
    assert verify().intact


# --- the lifecycle (Art. 6) ----------------------------------------------------------------------
def test_a_plan_with_no_items_cannot_be_submitted_citing_article_6(world) -> None:
    plan = services.department_plan_create(
        kind="annual_construction",
        title="空计划",
        start_year=2026,
        by=world.persona("police_staff"),
    )
    with pytest.raises(RuleViolation) as refused:
        run(world, plan, "submit", "police_staff")
    assert refused.value.decision.article == 6
    assert refused.value.message == "计划中还没有任何项目，请先添加项目再报送（第六条）"
    assert "no items" in refused.value.message_en
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_a_university_cannot_submit_a_plan_citing_article_2(world) -> None:
    # Made directly: the service would not let a university draft one in the first place.
    plan = DepartmentPlan.objects.create(
        organisation=world.organisations["university"],
        kind="annual_construction",
        title="菏泽学院2026年度计划",
        start_year=2026,
        end_year=2026,
    )
    PlanItem.objects.create(plan=plan, name="智慧校园", category="02", estimated_budget=1)
    decision = DEPARTMENT_PLAN_MACHINE.check(plan, world.persona("university_staff"), "submit")
    assert (decision.allowed, decision.article) == (False, 2)
    with pytest.raises(RuleViolation):
        run(world, plan, "submit", "university_staff")


@pytest.mark.parametrize("persona", ["police_staff", "police_leader"])
def test_unit_staff_or_leader_submits_the_plan(world, persona) -> None:
    plan = run(world, annual_plan(world), "submit", persona)
    assert plan.state == "submitted"


def test_another_department_cannot_submit_the_plan(world) -> None:
    plan = annual_plan(world)
    decision = DEPARTMENT_PLAN_MACHINE.check(plan, world.persona("education_staff"), "submit")
    assert (decision.allowed, decision.article) == (False, 6)


def test_a_submitted_plan_cannot_be_edited(world) -> None:
    plan = run(world, annual_plan(world), "submit", "police_staff")
    with pytest.raises(RuleViolation) as refused:
        services.plan_item_add(
            plan=plan,
            name="x",
            category="02",
            estimated_budget="1",
            by=world.persona("police_staff"),
        )
    assert "不能修改" in refused.value.message
    with pytest.raises(RuleViolation):
        services.plan_item_remove(item=items_of(plan)[0], by=world.persona("police_staff"))
    assert plan.items.count() == 2


def test_only_a_bdb_leader_approves(world) -> None:
    plan = run(world, annual_plan(world), "submit", "police_staff")
    decision = DEPARTMENT_PLAN_MACHINE.check(plan, world.persona("bdb_staff"), "approve")
    assert not decision.allowed and "大数据局领导" in decision.reason
    assert DEPARTMENT_PLAN_MACHINE.check(plan, world.persona("bdb_leader"), "approve").allowed


def test_a_county_bureau_cannot_decide_on_a_city_department_plan(world) -> None:
    plan = run(world, annual_plan(world), "submit", "police_staff")
    decision = DEPARTMENT_PLAN_MACHINE.check(plan, world.persona("caoxian_bdb_staff"), "return")
    assert (decision.allowed, decision.article) == (False, 6)


def test_returning_needs_an_opinion(world) -> None:
    plan = run(world, annual_plan(world), "submit", "police_staff")
    with pytest.raises(InvalidInput) as refused:
        run(world, plan, "return", "bdb_staff", "  ")
    assert refused.value.field == "reason"
    plan.refresh_from_db()
    assert plan.state == "submitted"
    assert not PlanReview.objects.exists()


def test_every_round_is_kept_from_return_to_approval(world) -> None:
    plan = run(world, annual_plan(world), "submit", "police_staff")
    plan = run(world, plan, "return", "bdb_staff", "视频专网扩容与市级平台重复，请删除")
    assert plan.state == "returned"
    assert plan.bdb_opinion == "视频专网扩容与市级平台重复，请删除"
    services.plan_item_remove(item=items_of(plan)[1], by=world.persona("police_staff"))
    plan = run(world, plan, "submit", "police_staff")
    plan = run(world, plan, "approve", "bdb_leader", "同意")
    assert plan.state == "approved"

    rounds = list(plan.reviews.order_by("round"))
    assert [(r.round, r.outcome, r.opinion) for r in rounds] == [
        (1, "returned", "视频专网扩容与市级平台重复，请删除"),
        (2, "approved", "同意"),
    ]
    assert [r.decided_by.username for r in rounds] == ["bdb_staff", "bdb_leader"]
    assert rounds[0].total_budget == Decimal("5000000.50")
    assert len(rounds[0].items_snapshot) == 2
    assert rounds[1].total_budget == Decimal("3200000.00")
    assert [i["name"] for i in rounds[1].items_snapshot] == ["智慧公安大数据平台"]

    assert events(plan)[-5:] == [
        "planning.department_plan.submit",
        "planning.department_plan.return",
        "planning.plan_item_remove",
        "planning.department_plan.submit",
        "planning.department_plan.approve",
    ]
    returned = Event.objects.get(action="planning.department_plan.return")
    assert returned.reason == "视频专网扩容与市级平台重复，请删除"
    assert returned.after["round"] == 1
    assert verify().intact


def test_an_approved_plan_is_final(world) -> None:
    plan = approved_plan(world)
    assert DEPARTMENT_PLAN_MACHINE.options(plan, world.persona("bdb_leader")) == []
    with pytest.raises(RuleViolation):
        services.department_plan_update(
            plan=plan, title="改", start_year=2026, by=world.persona("police_staff")
        )


def test_the_machine_names_no_missing_guards() -> None:
    assert DEPARTMENT_PLAN_MACHINE.check_refs() == []
    assert CITY_PLAN_MACHINE.check_refs() == []
    assert {t["code"] for t in DEPARTMENT_PLAN_MACHINE.as_table()} == {
        "submit",
        "approve",
        "return",
    }


# --- city plans (Art. 5) ---------------------------------------------------------------------------
def test_bdb_staff_drafts_and_the_bdb_leader_publishes_the_city_plan(world) -> None:
    plan = city_plan(world)
    assert (plan.state, plan.jurisdiction.code) == ("draft", "371700")
    staff_may = CITY_PLAN_MACHINE.check(plan, world.persona("bdb_staff"), "publish")
    assert not staff_may.allowed
    plan = services.city_plan_transition(
        plan=plan, transition="publish", by=world.persona("bdb_leader")
    )
    assert plan.state == PlanState.PUBLISHED
    assert events(plan) == ["planning.city_plan_create", "planning.city_plan.publish"]


def test_a_published_city_plan_cannot_be_edited(world) -> None:
    plan = city_plan(world, publish=True)
    with pytest.raises(RuleViolation) as refused:
        services.city_plan_update(
            plan=plan, title="x", start_year=2026, end_year=2030, by=world.persona("bdb_staff")
        )
    assert "已发布" in refused.value.message


def test_the_annual_guidance_plan_covers_one_year_and_one_per_year(world) -> None:
    plan = guidance_plan(world)
    assert (plan.start_year, plan.end_year) == (2027, 2027)
    with pytest.raises(InvalidInput) as refused:
        guidance_plan(world)
    assert refused.value.field == "start_year"
    assert CityPlan.objects.count() == 1


@pytest.mark.parametrize("persona", ["police_staff", "bdb_leader", "sysadmin"])
def test_only_bdb_staff_drafts_city_plans_citing_article_5(world, persona) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.city_plan_create(
            kind="informatization",
            title="x",
            start_year=2026,
            end_year=2030,
            by=world.persona(persona),
        )
    assert refused.value.decision.article == 5


def test_a_city_plan_end_year_before_start_year_is_refused(world) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.city_plan_create(
            kind="informatization",
            title="规划",
            start_year=2030,
            end_year=2026,
            by=world.persona("bdb_staff"),
        )
    assert (refused.value.field, refused.value.message) == ("end_year", "截止年度不能早于起始年度")
    assert refused.value.message_en == "The end year cannot be before the start year"
    assert not CityPlan.objects.exists()
