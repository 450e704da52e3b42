"""Who may reach each evaluation page and endpoint: an allowed and a refused persona per URL.

The world here (time frozen on 2026-11-27): the police project in operation since 2025-08-31
(self-evaluation window open) with the world's evaluator commissioned; the education project
in operation without a commission; ``other_evaluator`` of another evaluator organisation.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.evaluation import services
from govit.evaluation.models import EvaluationAssignment
from govit.evaluation.testing import in_operation, report, second_evaluator, self_evaluation_post
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import at

TODAY = date(2026, 11, 27)


def police(w: Any) -> list[Any]:
    return [w.projects["police"].pk]


def education(w: Any) -> list[Any]:
    return [w.projects["education"].pk]


def task(w: Any) -> list[Any]:
    return [EvaluationAssignment.objects.get(project_id=w.projects["police"].pk).pk]


def self_evaluation_form(w: Any) -> dict[str, Any]:
    return self_evaluation_post(w.project("police"))


def self_evaluation_api(w: Any) -> dict[str, Any]:
    project = w.project("police")
    results = [
        {"indicator": i.pk, "actual_value": "96", "met": True}
        for i in project.pre_evaluation.indicators.all()
    ]
    return {
        "conclusion": "绩效目标基本实现",
        "self_score": "88",
        "results": json.dumps(results),
        "report": report(),
    }


def commission_form(w: Any) -> dict[str, Any]:
    return {
        "commission-evaluator": w.organisations["evaluator"].pk,
        "commission-scope": "评价资金使用绩效",
        "commission-due_on": "2027-03-31",
    }


def submit_form(w: Any) -> dict[str, Any]:
    return {"submit-score": "80", "submit-conclusion": "良好", "submit-report": report()}


ACCESS_CASES = [
    # pages
    Access("evaluation:mine", allowed="evaluator", refused="police_staff", refused_status=(403,)),
    Access("evaluation:mine", allowed="evaluator", refused=ANONYMOUS, refused_status=(302,)),
    Access(
        "evaluation:ranking", allowed="bdb_staff", refused="police_staff", refused_status=(403,)
    ),
    Access("evaluation:ranking", allowed="overseer", refused="evaluator", refused_status=(403,)),
    Access("evaluation:project", args=police, allowed="police_staff", refused="education_staff"),
    Access("evaluation:project", args=police, allowed="evaluator", refused="other_evaluator"),
    Access(
        "evaluation:self_evaluation",
        args=police,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "evaluation:self_evaluation",
        args=police,
        method="post",
        data=self_evaluation_form,
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(302,),
    ),
    Access(
        "evaluation:assignments",
        args=police,
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access("evaluation:assignments", args=police, allowed="evaluator", refused="other_evaluator"),
    Access(
        "evaluation:assignments",
        args=education,
        method="post",
        data=commission_form,
        allowed="bdb_leader",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    Access(
        "evaluation:assignments",
        args=police,
        method="post",
        data=submit_form,
        allowed="evaluator",
        refused="other_evaluator",
        allowed_status=(302,),
    ),
    Access("evaluation:assignment", args=task, allowed="evaluator", refused="other_evaluator"),
    Access("evaluation:assignment", args=task, allowed="bdb_staff", refused="caoxian_bdb_staff"),
    # API
    Access(
        "api:evaluation-project", args=police, allowed="police_staff", refused="education_staff"
    ),
    Access("api:evaluation-project", args=police, allowed="evaluator", refused="other_evaluator"),
    Access(
        "api:evaluation-self-evaluation",
        args=police,
        method="post",
        data=self_evaluation_api,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:evaluation-assignment-create",
        args=education,
        method="post",
        api=True,
        data=lambda w: {
            "evaluator": w.organisations["evaluator"].pk,
            "scope": "评价资金使用绩效",
            "due_on": "2027-03-31",
        },
        allowed="bdb_staff",
        refused="education_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:evaluation-assignment-list",
        allowed="evaluator",
        refused="other_evaluator",
        refused_status=(200,),
        shows=lambda w: w.projects["police"].code,
    ),
    Access(
        "api:evaluation-assignment-detail",
        args=task,
        allowed="evaluator",
        refused="other_evaluator",
    ),
    Access(
        "api:evaluation-assignment-submit",
        args=task,
        method="post",
        data=lambda w: {"score": "80", "conclusion": "良好", "report": report()},
        allowed="evaluator",
        refused="other_evaluator",
    ),
    Access(
        "api:evaluation-ranking", allowed="auditor", refused="police_staff", refused_status=(403,)
    ),
    # Withdrawing an open commission: BDB only (the unit sees it, the evaluator does its work).
    Access(
        "evaluation:assignment_withdraw",
        args=task,
        method="post",
        data=lambda w: {"withdraw-reason": "评价机构需更换"},
        allowed="bdb_staff",
        allowed_status=(302,),
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "api:evaluation-assignment-withdraw",
        args=task,
        method="post",
        api=True,
        data=lambda w: {"reason": "评价机构需更换"},
        allowed="bdb_leader",
        refused="evaluator",
        refused_status=(403,),
    ),
]


@pytest.fixture
def access_world(world: World) -> World:
    with at(TODAY):
        police_project = in_operation(world, "police", accepted_on=date(2025, 8, 31))
        Project.objects.filter(pk=world.projects["education"].pk).update(state="in_operation")
        second_evaluator(world)
        services.assignment_commission(
            project=police_project,
            evaluator=world.organisations["evaluator"],
            scope="评价资金使用绩效",
            due_on="2027-03-31",
            by=world.bdb_staff,
        )
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: World) -> None:
    with at(TODAY):
        check_access(case, access_world)
