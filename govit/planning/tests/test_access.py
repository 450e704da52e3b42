"""Who may reach each planning page and endpoint: an allowed and a refused persona per URL.

Plans are made for each case by ``plans()`` (the world has none); cases name them by key:
``police_draft`` (annual construction plan with one item), ``police_submitted`` (multi-year
plan, submitted; each of the two with one Excel import, still queued), ``city_draft`` (2027 guidance plan) and ``city_published`` (2026–2030 plan).
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.planning import services
from govit.planning.imports import plan_items_import_start
from govit.planning.models import CityPlan, DepartmentPlan, PlanItemImport

from .workbooks import upload, xlsx

TITLES = {
    "police_draft": "公安局2026年度建设计划",
    "police_submitted": "公安局信息化规划",
    "city_draft": "菏泽市2027年度指导计划",
    "city_published": "菏泽市政务信息化规划",
}


def plans(world: Any) -> None:
    staff, bdb = world.persona("police_staff"), world.persona("bdb_staff")
    draft = services.department_plan_create(
        kind="annual_construction", title=TITLES["police_draft"], start_year=2026, by=staff
    )
    services.plan_item_add(
        plan=draft, name="移动警务", category="02", estimated_budget="1", by=staff
    )
    submitted = services.department_plan_create(
        kind="informatization",
        title=TITLES["police_submitted"],
        start_year=2026,
        end_year=2030,
        by=staff,
    )
    services.plan_item_add(
        plan=submitted, name="警务云", category="04", estimated_budget="2", by=staff
    )
    for plan in (draft, submitted):
        content = xlsx([("导入的项目", "业务信息系统", 1, "")])
        plan_items_import_start(
            plan=plan, file_name="a.xlsx", content=io.BytesIO(content), size=len(content), by=staff
        )
    services.department_plan_transition(plan=submitted, transition="submit", by=staff)
    services.city_plan_create(
        kind="annual_guidance", title=TITLES["city_draft"], start_year=2027, by=bdb
    )
    published = services.city_plan_create(
        kind="informatization",
        title=TITLES["city_published"],
        start_year=2026,
        end_year=2030,
        by=bdb,
    )
    services.city_plan_transition(
        plan=published, transition="publish", by=world.persona("bdb_leader")
    )


def dept(key: str):  # type: ignore[no-untyped-def]
    return lambda world: [DepartmentPlan.objects.get(title=TITLES[key]).pk]


def city(key: str):  # type: ignore[no-untyped-def]
    return lambda world: [CityPlan.objects.get(title=TITLES[key]).pk]


def dept_and(key: str, *rest: Any):  # type: ignore[no-untyped-def]
    return lambda world: [*dept(key)(world), *rest]


def item_of(key: str):  # type: ignore[no-untyped-def]
    def args(world: Any) -> list[int]:
        plan = DepartmentPlan.objects.get(title=TITLES[key])
        return [plan.pk, plan.items.get().pk]

    return args


def import_of(key: str):  # type: ignore[no-untyped-def]
    def args(world: Any) -> list[int]:
        job = PlanItemImport.objects.get(plan__title=TITLES[key])
        return [job.plan_id, job.pk]

    return args


def shows(key: str):  # type: ignore[no-untyped-def]
    return lambda world: TITLES[key]


def body(**data: Any):  # type: ignore[no-untyped-def]
    return lambda world: data


ITEM = body(name="新项目", category="02", estimated_budget="100")
XLSX_UPLOAD = lambda world: {"file": upload(xlsx([("新项目", "02", 1, "")]))}  # noqa: E731

ACCESS_CASES = [
    # --- pages: city plans
    Access("planning:city_list", allowed="caoxian_police_staff", refused="sysadmin",
           refused_status=(200,), shows=shows("city_published")),
    Access("planning:city_list", allowed="bdb_staff", refused="police_staff",
           refused_status=(200,), shows=shows("city_draft")),
    Access("planning:city_list", allowed="police_staff", refused=ANONYMOUS, refused_status=(302,)),
    Access("planning:city_new", allowed="bdb_staff", refused="police_staff", refused_status=(403,)),
    Access("planning:city_new", allowed="bdb_staff", refused="bdb_leader", refused_status=(403,)),
    Access("planning:city_detail", args=city("city_draft"), allowed="bdb_leader", refused="police_staff"),
    Access("planning:city_detail", args=city("city_published"), allowed="caoxian_police_staff",
           refused="secadmin"),
    Access("planning:city_edit", args=city("city_draft"), allowed="bdb_staff", refused="caoxian_bdb_staff"),
    Access("planning:city_edit", args=city("city_published"), allowed="bdb_staff",
           allowed_status=(302,), refused="police_staff", refused_status=(403,)),
    Access("planning:city_transition", args=lambda w: [*city("city_draft")(w), "publish"],
           method="post", allowed="bdb_leader", refused="police_staff", allowed_status=(302,)),
    # --- pages: department plans
    Access("planning:department_list", allowed="police_staff", refused="education_staff",
           refused_status=(200,), shows=shows("police_draft")),
    Access("planning:department_list", allowed="bdb_staff", refused="caoxian_bdb_staff",
           refused_status=(200,), shows=shows("police_submitted")),
    Access("planning:department_new", allowed="police_staff", refused="bdb_staff", refused_status=(403,)),
    Access("planning:department_new", allowed="police_staff", refused=ANONYMOUS, refused_status=(302,)),
    Access("planning:department_detail", args=dept("police_draft"), allowed="police_leader",
           refused="bdb_staff"),
    Access("planning:department_detail", args=dept("police_submitted"), allowed="bdb_staff",
           refused="caoxian_bdb_staff"),
    Access("planning:department_detail", args=dept("police_submitted"), allowed="police_staff",
           refused="education_staff"),
    Access("planning:department_edit", args=dept("police_draft"), allowed="police_staff",
           refused="education_staff"),
    Access("planning:department_edit", args=dept("police_submitted"), allowed="police_leader",
           allowed_status=(302,), refused="bdb_staff", refused_status=(403,)),
    Access("planning:department_transition", args=dept_and("police_draft", "submit"),
           method="post", allowed="police_staff", refused="education_staff", allowed_status=(302,)),
    Access("planning:department_transition", args=dept_and("police_submitted", "return"),
           method="post", data=body(reason="请补充"), allowed="bdb_staff",
           refused="caoxian_bdb_staff", allowed_status=(302,)),
    Access("planning:item_new", args=dept("police_draft"), allowed="police_leader",
           refused="education_staff"),
    Access("planning:item_new", args=dept("police_submitted"), allowed="police_staff",
           allowed_status=(302,), refused="bdb_leader", refused_status=(403,)),
    Access("planning:item_edit", args=item_of("police_draft"), allowed="police_staff",
           refused="bdb_staff"),
    Access("planning:item_edit", args=item_of("police_submitted"), allowed="police_staff",
           allowed_status=(302,), refused="bdb_staff", refused_status=(403,)),
    Access("planning:item_delete", args=item_of("police_draft"), method="post",
           allowed="police_staff", refused="education_staff", allowed_status=(302,)),
    # --- pages: plan items in Excel
    Access("planning:items_template", args=dept("police_draft"), allowed="police_staff",
           refused="education_staff"),
    Access("planning:items_template", args=dept("police_submitted"), allowed="police_leader",
           refused="bdb_staff", refused_status=(403,)),
    Access("planning:items_export", args=dept("police_submitted"), allowed="bdb_staff",
           refused="caoxian_bdb_staff"),
    Access("planning:items_export", args=dept("police_draft"), allowed="police_leader", refused="bdb_staff"),
    Access("planning:items_import", args=dept("police_draft"), allowed="police_staff",
           refused="education_staff"),
    Access("planning:items_import", args=dept("police_submitted"), allowed="police_staff",
           allowed_status=(302,), refused="bdb_staff", refused_status=(403,)),
    Access("planning:items_import", args=dept("police_draft"), method="post", data=XLSX_UPLOAD,
           allowed="police_leader", allowed_status=(302,), refused="education_staff"),
    Access("planning:items_import", args=dept("police_submitted"), method="post", data=XLSX_UPLOAD,
           allowed="police_staff", allowed_status=(302,), refused="bdb_leader", refused_status=(403,)),
    Access("planning:import_detail", args=import_of("police_draft"), allowed="police_leader",
           refused="education_staff"),
    Access("planning:import_detail", args=import_of("police_submitted"), allowed="bdb_staff",
           refused="caoxian_bdb_staff"),
    Access("planning:import_progress", args=import_of("police_draft"), allowed="police_staff",
           refused="bdb_staff"),
    Access("planning:import_progress", args=import_of("police_submitted"), allowed="bdb_leader",
           refused="education_staff"),
    # --- API: city plans
    Access("api:city-plan-list", allowed="police_staff", refused="auditadmin",
           refused_status=(200,), shows=shows("city_published")),
    Access("api:city-plan-list", allowed="bdb_leader", refused="police_staff",
           refused_status=(200,), shows=shows("city_draft")),
    Access("api:city-plan-list", method="post", api=True, allowed="bdb_staff", refused="police_staff",
           data=body(kind="informatization", title="新规划", start_year="2031", end_year="2035"),
           allowed_status=(201,), refused_status=(403,)),
    Access("api:city-plan-list", allowed="police_staff", refused=ANONYMOUS, refused_status=(401, 403)),
    Access("api:city-plan-detail", args=city("city_draft"), allowed="bdb_staff", refused="police_staff"),
    Access("api:city-plan-detail", args=city("city_draft"), method="patch", api=True,
           data=body(summary="重点任务"), allowed="bdb_leader", refused="caoxian_bdb_staff"),
    Access("api:city-plan-detail", args=city("city_published"), method="patch", api=True,
           data=body(summary="x"), allowed="bdb_staff", allowed_status=(409,),
           refused="police_staff", refused_status=(403,)),
    Access("api:city-plan-transitions", args=city("city_draft"), allowed="bdb_leader",
           refused="education_staff"),
    Access("api:city-plan-run-transition", args=lambda w: [*city("city_draft")(w), "publish"],
           method="post", api=True, allowed="bdb_leader", refused="police_staff"),
    # --- API: department plans
    Access("api:department-plan-list", allowed="police_staff", refused="education_staff",
           refused_status=(200,), shows=shows("police_draft")),
    Access("api:department-plan-list", method="post", api=True, allowed="police_staff",
           refused="bdb_staff", data=body(kind="informatization", title="又一规划",
                                          start_year="2031", end_year="2035"),
           allowed_status=(201,), refused_status=(403,)),
    Access("api:department-plan-detail", args=dept("police_draft"), allowed="police_staff",
           refused="education_staff"),
    Access("api:department-plan-detail", args=dept("police_draft"), method="patch", api=True,
           data=body(summary="补充"), allowed="police_leader", refused="bdb_leader"),
    Access("api:department-plan-detail", args=dept("police_submitted"), method="patch", api=True,
           data=body(summary="补充"), allowed="police_staff", allowed_status=(409,),
           refused="bdb_staff", refused_status=(403,)),
    Access("api:department-plan-transitions", args=dept("police_submitted"), allowed="bdb_leader",
           refused="caoxian_bdb_staff"),
    Access("api:department-plan-run-transition", args=dept_and("police_draft", "submit"),
           method="post", api=True, allowed="police_staff", refused="education_staff"),
    Access("api:department-plan-run-transition", args=dept_and("police_submitted", "approve"),
           method="post", api=True, allowed="bdb_leader", refused="bdb_staff", refused_status=(409,)),
    # --- API: items
    Access("api:plan-item-list", args=dept("police_draft"), allowed="police_staff", refused="bdb_staff"),
    Access("api:plan-item-list", args=dept("police_draft"), method="post", api=True, data=ITEM,
           allowed="police_leader", refused="education_staff", allowed_status=(201,)),
    Access("api:plan-item-list", args=dept("police_submitted"), method="post", api=True, data=ITEM,
           allowed="police_staff", allowed_status=(409,), refused="bdb_staff", refused_status=(403,)),
    Access("api:plan-item-detail", args=item_of("police_draft"), allowed="police_staff",
           refused="education_staff"),
    Access("api:plan-item-detail", args=item_of("police_draft"), method="patch", api=True,
           data=body(estimated_budget="5"), allowed="police_staff", refused="bdb_leader"),
    Access("api:plan-item-detail", args=item_of("police_draft"), method="delete",
           allowed="police_staff", allowed_status=(204,), refused="education_staff"),
    Access("api:plan-item-detail", args=item_of("police_submitted"), method="delete",
           allowed="police_staff", allowed_status=(409,), refused="bdb_staff", refused_status=(403,)),
]  # fmt: skip


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, world) -> None:  # type: ignore[no-untyped-def]
    plans(world)
    check_access(case, world)
