"""Who may reach each supervision page and endpoint: an allowed and a refused persona per URL.

The world: the police project (市公安局) in procurement, the clock frozen on 2026-11-27.
Records a case needs (a planned inspection, an approved finding, an open, answered or failed
order, a sanction) are made the first time the case asks for them.  Another jurisdiction
(曹县 BDB) or a unit that does not see the project gets a 404; a role that may not act a 403.
"""

from __future__ import annotations

from typing import Any

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.supervision.models import SanctionKind
from govit.supervision.testing import (
    answered_order,
    approved_finding,
    evidence,
    failed_order,
    issued_order,
    planned_inspection,
    sanction,
)

from .conftest import Setup


def _once(w: Any, key: str, make: Any) -> Any:
    made = w.__dict__.setdefault("_made", {})
    if key not in made:
        made[key] = make()
    return made[key]


def project(w: Any) -> Any:
    return w.setup.project


def planned(w: Any) -> list[Any]:
    return [_once(w, "planned", lambda: planned_inspection(w, project(w))).pk]


def finding(w: Any) -> list[Any]:
    return [_once(w, "finding", lambda: approved_finding(w, project(w))).pk]


def open_order(w: Any) -> list[Any]:
    return [_once(w, "open", lambda: issued_order(w, project(w))).pk]


def answered(w: Any) -> list[Any]:
    return [_once(w, "answered", lambda: answered_order(w, project(w))).pk]


def police(w: Any) -> list[Any]:
    return [project(w).pk]


def with_basis(w: Any) -> list[Any]:
    _once(w, "failed", lambda: failed_order(w, project(w)))
    return police(w)


def in_force(w: Any) -> list[Any]:
    with_basis(w)
    return [_once(w, "sanction", lambda: sanction(w, project(w), SanctionKind.PUBLIC_CRITICISM)).pk]


def plan_form(w: Any) -> dict[str, Any]:
    return {
        "inspection-title": "专项检查",
        "inspection-planned_on": "2026-12-10",
        "inspection-projects": [str(project(w).pk)],
    }


def finding_form(w: Any) -> dict[str, Any]:
    return {
        "finding-project": str(project(w).pk),
        "finding-article": "16",
        "finding-rule_text": "合同备案",
        "finding-description": "逾期",
    }


def order_form(w: Any) -> dict[str, Any]:
    pk = finding(w)[0]
    return {f"order-{pk}-requirements": "补办", f"order-{pk}-deadline": "2026-12-31"}


def lift_form(w: Any) -> dict[str, Any]:
    return {f"lift-{in_force(w)[0]}-reason": "整改到位"}


def plan_body(w: Any) -> dict[str, Any]:
    return {"title": "专项检查", "planned_on": "2026-12-10", "projects": [project(w).pk]}


def finding_body(w: Any) -> dict[str, Any]:
    return {
        "project": project(w).pk,
        "article": "16",
        "rule_text": "合同备案",
        "description": "逾期",
    }


POST_OK = (302,)
ACCESS_CASES = [
    # pages
    Access(
        "supervision:inspections",
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access("supervision:inspections", allowed="auditor", refused=ANONYMOUS, refused_status=(302,)),
    Access(
        "supervision:inspections",
        method="post",
        data=plan_form,
        allowed="bdb_staff",
        refused="auditor",
        refused_status=(403,),
        allowed_status=POST_OK,
    ),
    Access("supervision:inspection", args=planned, allowed="auditor", refused="caoxian_bdb_staff"),
    Access(
        "supervision:inspection",
        args=planned,
        allowed="overseer",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "supervision:finding_add",
        args=planned,
        method="post",
        data=finding_form,
        allowed="bdb_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=POST_OK,
    ),
    Access(
        "supervision:finding_add",
        args=planned,
        method="post",
        data=finding_form,
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
        allowed_status=POST_OK,
    ),
    Access(
        "supervision:inspection_approve",
        args=planned,
        method="post",
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=POST_OK,
    ),
    Access(
        "supervision:order_issue",
        args=finding,
        method="post",
        data=order_form,
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=POST_OK,
    ),
    Access(
        "supervision:order_issue",
        args=finding,
        method="post",
        data=order_form,
        allowed="bdb_leader",
        refused="caoxian_bdb_staff",
        allowed_status=POST_OK,
    ),
    Access("supervision:order", args=open_order, allowed="police_staff", refused="education_staff"),
    Access("supervision:order", args=open_order, allowed="finance", refused="caoxian_bdb_staff"),
    Access(
        "supervision:order_answer",
        args=open_order,
        method="post",
        data=lambda w: {"answer-note": "已整改", "answer-evidence": evidence()},
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=POST_OK,
    ),
    Access(
        "supervision:order_decide",
        args=answered,
        method="post",
        data=lambda w: {"decide-decision": "accept"},
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=POST_OK,
    ),
    Access("supervision:project", args=police, allowed="police_leader", refused="education_staff"),
    Access("supervision:project", args=police, allowed="auditor", refused="caoxian_bdb_staff"),
    Access(
        "supervision:sanction_decide",
        args=with_basis,
        method="post",
        data=lambda w: {"sanction-kind": "public_criticism", "sanction-reason": "整改不到位"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=POST_OK,
    ),
    Access(
        "supervision:sanction_lift",
        args=in_force,
        method="post",
        data=lift_form,
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=POST_OK,
    ),
    Access(
        "supervision:sanction_lift",
        args=in_force,
        method="post",
        data=lift_form,
        allowed="bdb_leader",
        refused="education_staff",
        allowed_status=POST_OK,
    ),
    Access(
        "supervision:notices",
        allowed="education_staff",
        refused="sysadmin",
        refused_status=(403,),
    ),
    # API
    Access(
        "api:supervision-inspections",
        api=True,
        allowed="bdb_leader",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "api:supervision-inspections",
        api=True,
        method="post",
        data=plan_body,
        allowed="bdb_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:supervision-inspection",
        args=planned,
        api=True,
        allowed="overseer",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "api:supervision-findings",
        args=planned,
        api=True,
        method="post",
        data=finding_body,
        allowed="bdb_staff",
        refused="auditor",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:supervision-inspection-approve",
        args=planned,
        api=True,
        method="post",
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:supervision-order-issue",
        args=finding,
        api=True,
        method="post",
        data=lambda w: {"requirements": "补办", "deadline": "2026-12-31"},
        allowed="bdb_leader",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:supervision-order",
        args=open_order,
        api=True,
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:supervision-order-answer",
        args=open_order,
        method="post",
        data=lambda w: {"note": "已整改", "evidence": evidence()},
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:supervision-order-decide",
        args=answered,
        api=True,
        method="post",
        data=lambda w: {"decision": "accept"},
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "api:supervision-sanctions",
        args=police,
        api=True,
        allowed="auditor",
        refused="education_staff",
    ),
    Access(
        "api:supervision-sanctions",
        args=with_basis,
        api=True,
        method="post",
        data=lambda w: {"kind": "fund_suspension", "reason": "整改不到位"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:supervision-sanction-lift",
        args=in_force,
        api=True,
        method="post",
        data=lambda w: {"reason": "整改到位"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:supervision-notices",
        api=True,
        allowed="police_staff",
        refused="sysadmin",
        refused_status=(403,),
    ),
]


@pytest.fixture
def access_world(procurement: Setup) -> Any:
    world = procurement.world
    world.setup = procurement  # type: ignore[attr-defined]
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: Any) -> None:
    check_access(case, access_world)
