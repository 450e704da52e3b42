"""Plans the planning tests speak of, made through the services (so history is real)."""

from __future__ import annotations

from typing import Any

from govit.planning import services
from govit.planning.models import CityPlan, DepartmentPlan, PlanItem

POLICE_ANNUAL = "菏泽市公安局2026年度政务信息化建设计划"
POLICE_PLAN = "菏泽市公安局“十五五”政务信息化规划"
EDUCATION_ANNUAL = "菏泽市教育局2026年度政务信息化建设计划"
CITY_GUIDANCE = "菏泽市2027年度政务信息化指导计划"
CITY_PLAN = "菏泽市“十五五”政务信息化建设规划"


def annual_plan(
    world: Any, persona: str = "police_staff", title: str = POLICE_ANNUAL
) -> DepartmentPlan:
    """A draft annual construction plan for 2026 with two items (5,000,000.50 yuan in all)."""
    staff = world.persona(persona)
    plan = services.department_plan_create(
        kind=DepartmentPlan.Kind.ANNUAL_CONSTRUCTION, title=title, start_year=2026, by=staff
    )
    services.plan_item_add(
        plan=plan,
        name="智慧公安大数据平台",
        category="02",
        estimated_budget="3200000.00",
        reason="整合治安、交管、刑侦数据，支撑研判指挥",
        by=staff,
    )
    services.plan_item_add(
        plan=plan,
        name="公安视频专网扩容",
        category="01",
        estimated_budget="1800000.50",
        reason="接入新建治安卡口",
        by=staff,
    )
    return plan


def run(
    world: Any, plan: DepartmentPlan, code: str, persona: str, reason: str = ""
) -> DepartmentPlan:
    return services.department_plan_transition(
        plan=plan, transition=code, by=world.persona(persona), reason=reason
    )


def submitted_plan(world: Any) -> DepartmentPlan:
    return run(world, annual_plan(world), "submit", "police_staff")


def approved_plan(world: Any) -> DepartmentPlan:
    return run(world, submitted_plan(world), "approve", "bdb_leader", "同意")


def items_of(plan: DepartmentPlan) -> list[PlanItem]:
    return list(plan.items.order_by("id"))


def city_plan(world: Any, *, publish: bool = False, title: str = CITY_PLAN) -> CityPlan:
    plan = services.city_plan_create(
        kind=CityPlan.Kind.INFORMATIZATION,
        title=title,
        start_year=2026,
        end_year=2030,
        summary="统筹建设全市一体化政务云、数据共享交换平台",
        by=world.persona("bdb_staff"),
    )
    if publish:
        plan = services.city_plan_transition(
            plan=plan, transition="publish", by=world.persona("bdb_leader")
        )
    return plan


def guidance_plan(world: Any) -> CityPlan:
    return services.city_plan_create(
        kind=CityPlan.Kind.ANNUAL_GUIDANCE,
        title=CITY_GUIDANCE,
        start_year=2027,
        by=world.persona("bdb_staff"),
    )


def html(response: Any) -> str:
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return str(response.content.decode())
