"""Who may reach each construction page and endpoint: an allowed and a refused persona per URL.

The world: the police project (市公安局) in construction since 2027-03-01, the clock frozen that
morning.  Records a case needs (the schedule, an incident in a given state, a pending change
request) are made the first time the case asks for them.  Outside the jurisdiction (曹县 BDB)
is a 404; a role that may not act is a 403; an expert drawn for the review sees the project
but not its construction record (403).
"""

from __future__ import annotations

from typing import Any

import pytest

from govit.construction import services
from govit.construction.models import ChangeRequest, Incident, Milestone
from govit.construction.testing import with_schedule
from govit.core.testing.access import ANONYMOUS, Access, check_access

from .conftest import Building


def _once(w: Any, key: str, make: Any) -> Any:
    made = w.__dict__.setdefault("_made", {})
    if key not in made:
        made[key] = make()
    return made[key]


def police(w: Any) -> list[Any]:
    return [w.building.project.pk]


def scheduled(w: Any) -> Any:
    return _once(w, "schedule", lambda: with_schedule(w, w.building.project))


def milestone(w: Any) -> Milestone:
    scheduled(w)
    return Milestone.objects.filter(project=w.building.project).order_by("order").first()  # type: ignore[return-value]


def incident(w: Any, state: str) -> Incident:
    def make() -> Incident:
        scheduled(w)
        row = services.incident_report(
            project=w.building.project,
            kind="severe_delay",
            description="滞后",
            by=w.persona("police_staff"),
        )
        if state in ("rectifying", "answered"):
            row = services.incident_decide(
                incident=row,
                decision="rectification",
                reason="滞后",
                deadline="2027-03-31",
                requirements="整改",
                by=w.persona("bdb_leader"),
            )
        if state == "answered":
            row = services.incident_answer(
                incident=row, note="已整改", by=w.persona("police_staff")
            )
        if state == "suspended":
            row = services.incident_decide(
                incident=row, decision="suspension", reason="损失", by=w.persona("bdb_leader")
            )
        return row

    return _once(w, f"incident-{state}", make)


def change(w: Any) -> ChangeRequest:
    def make() -> ChangeRequest:
        scheduled(w)
        return services.change_request_submit(
            project=w.building.project,
            changes_scope=True,
            new_scope="调整后的建设内容",
            reason="需求调整",
            by=w.persona("police_staff"),
        )

    return _once(w, "change", make)


def pk_of(getter: Any) -> Any:
    return lambda w: [getter(w).pk]


SCHEDULE_FORM = {
    "schedule-planned_completion": "2027-06-09",
    "schedule-scope": "数据汇聚",
    "schedule-milestone_1_name": "上线",
    "schedule-milestone_1_planned": "2027-05-31",
}


def progress_form(w: Any) -> dict[str, Any]:
    scheduled(w)
    return {
        "progress-report_date": "2027-03-01",
        "progress-percent_complete": "1",
        "progress-spend_to_date": "0",
    }


def decide_form(w: Any) -> dict[str, Any]:
    p = f"decide-{incident(w, 'open').pk}"
    return {
        f"{p}-decision": "rectification",
        f"{p}-deadline": "2027-03-31",
        f"{p}-requirements": "整改",
        f"{p}-reason": "滞后",
    }


def change_form(w: Any) -> dict[str, Any]:
    scheduled(w)
    return {
        "change-changes_scope": "on",
        "change-new_scope": "新的建设内容",
        "change-reason": "需求调整",
    }


OPEN, RECTIFYING, ANSWERED, SUSPENDED = (
    pk_of(lambda w, s=s: incident(w, s)) for s in ("open", "rectifying", "answered", "suspended")
)

ACCESS_CASES = [
    # pages
    Access(
        "construction:project", args=police, allowed="police_staff", refused="caoxian_bdb_staff"
    ),
    Access(
        "construction:project",
        args=police,
        allowed="finance",
        refused="expert",
        refused_status=(403,),
    ),
    Access(
        "construction:project",
        args=police,
        allowed="bdb_leader",
        refused=ANONYMOUS,
        refused_status=(302,),
    ),
    Access(
        "construction:schedule",
        args=police,
        method="post",
        data=lambda w: SCHEDULE_FORM,
        allowed="police_staff",
        refused="police_leader",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "construction:progress",
        args=police,
        method="post",
        data=progress_form,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "construction:milestone_actual",
        args=pk_of(milestone),
        method="post",
        data=lambda w: {f"actual-{milestone(w).pk}-actual_on": "2027-03-01"},
        allowed="police_staff",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    Access("construction:incidents", args=police, allowed="auditor", refused="caoxian_bdb_staff"),
    Access(
        "construction:incidents",
        args=police,
        method="post",
        data=lambda w: {"incident-kind": "major_loss", "incident-description": "损失"},
        allowed="bdb_staff",
        refused="auditor",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "construction:incident_decide",
        args=OPEN,
        method="post",
        data=decide_form,
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "construction:incident_answer",
        args=RECTIFYING,
        method="post",
        data=lambda w: {f"answer-{incident(w, 'rectifying').pk}-note": "已整改"},
        allowed="police_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "construction:incident_close",
        args=ANSWERED,
        method="post",
        data=lambda w: {f"close-{incident(w, 'answered').pk}-reason": "整改到位"},
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "construction:incident_lift",
        args=SUSPENDED,
        method="post",
        data=lambda w: {f"lift-{incident(w, 'suspended').pk}-reason": "已整改"},
        allowed="bdb_leader",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    Access(
        "construction:baseline",
        args=police,
        allowed="police_leader",
        refused="caoxian_police_staff",
    ),
    Access(
        "construction:change_request_create",
        args=police,
        allowed="police_staff",
        refused="bdb_leader",
        refused_status=(403,),
    ),
    Access(
        "construction:change_request_create",
        args=police,
        method="post",
        data=change_form,
        allowed="police_staff",
        refused="caoxian_police_staff",
        allowed_status=(302,),
    ),
    Access(
        "construction:change_request",
        args=pk_of(change),
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "construction:change_request",
        args=pk_of(change),
        method="post",
        data=lambda w: {"decision-approve": "yes", "decision-reason": "同意"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    # API
    Access(
        "api:construction-schedule", args=police, allowed="bdb_staff", refused="caoxian_bdb_staff"
    ),
    Access(
        "api:construction-schedule",
        args=police,
        method="post",
        api=True,
        data=lambda w: {
            "planned_completion": "2027-06-09",
            "scope": "数据汇聚",
            "milestones": [{"name": "上线", "planned_on": "2027-05-31"}],
        },
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:construction-milestone-actual",
        args=pk_of(milestone),
        method="post",
        api=True,
        data=lambda w: {"actual_on": "2027-03-01"},
        allowed="police_staff",
        refused="police_leader",
        refused_status=(403,),
    ),
    Access(
        "api:construction-progress-reports",
        args=police,
        allowed="auditor",
        refused="expert",
        refused_status=(403,),
    ),
    Access(
        "api:construction-progress-reports",
        args=police,
        method="post",
        api=True,
        data=lambda w: {k.removeprefix("progress-"): v for k, v in progress_form(w).items()},
        allowed="police_staff",
        refused="caoxian_police_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:construction-incidents",
        args=police,
        allowed="police_leader",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "api:construction-incidents",
        args=police,
        method="post",
        api=True,
        data=lambda w: {"kind": "severe_delay", "description": "滞后"},
        allowed="police_staff",
        refused="finance",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:construction-incident-detail",
        args=OPEN,
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "api:construction-incident-decide",
        args=OPEN,
        method="post",
        api=True,
        data=lambda w: {"decision": "suspension", "reason": "重大损失"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:construction-incident-answer",
        args=RECTIFYING,
        method="post",
        api=True,
        data=lambda w: {"note": "已整改"},
        allowed="police_staff",
        refused="caoxian_police_staff",
    ),
    Access(
        "api:construction-incident-close",
        args=ANSWERED,
        method="post",
        api=True,
        data=lambda w: {"reason": "整改到位"},
        allowed="bdb_leader",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "api:construction-incident-lift",
        args=SUSPENDED,
        method="post",
        api=True,
        data=lambda w: {"reason": "已整改"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:construction-change-requests",
        args=police,
        allowed="finance",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "api:construction-change-requests",
        args=police,
        method="post",
        api=True,
        data=lambda w: {
            k.removeprefix("change-"): (True if v == "on" else v) for k, v in change_form(w).items()
        },
        allowed="police_staff",
        refused="police_leader",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:construction-change-request-detail",
        args=pk_of(change),
        allowed="police_staff",
        refused="caoxian_police_staff",
    ),
    Access(
        "api:construction-change-request-decide",
        args=pk_of(change),
        method="post",
        api=True,
        data=lambda w: {"approve": False, "reason": "理由不充分"},
        allowed="bdb_leader",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "api:construction-baseline",
        args=police,
        allowed="overseer",
        refused="expert",
        refused_status=(403,),
    ),
]


@pytest.fixture
def access_world(started: Building) -> Any:
    world = started.world
    world.building = started  # type: ignore[attr-defined]
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: Any) -> None:
    check_access(case, access_world)
