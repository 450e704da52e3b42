"""Who may reach each review page and endpoint: an allowed and a refused persona per URL.

The world here: the police project under review (outside the plan) with 王芳 (``expert``) and
李强 (``expert_2``) drawn, one more eligible expert in the pool, and the education project in
NDRC review as a fixed-asset, classified-candidate project.
"""

from __future__ import annotations

from typing import Any

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.projects.workflow import PROJECT_MACHINE
from govit.reviews import services
from govit.reviews.models import Expert, ExpertConflict, ExpertDraw

from .conftest import ReviewSetup, put_in_state
from .test_opinion import SCORES


def police(w: Any) -> list[Any]:
    return [w.review.project.pk]


def education(w: Any) -> list[Any]:
    return [w.projects["education"].pk]


def wang_task(w: Any) -> list[Any]:
    return [w.review.assignment("wang").pk]


def wang(w: Any) -> list[Any]:
    return [w.review.experts["wang"].pk]


def chen_conflict(w: Any) -> list[Any]:
    expert = w.review.experts["chen"]
    return [expert.pk, ExpertConflict.objects.get(expert=expert).pk]


def draw_pk(w: Any) -> list[Any]:
    return [ExpertDraw.objects.order_by("id").first().pk]  # type: ignore[union-attr]


def opinion_form(w: Any) -> dict[str, Any]:
    return {f"opinion-line_{line.pk}_approved": str(line.amount) for line in w.review.lines}


ACCESS_CASES = [
    # pages
    Access("reviews:mine", allowed="expert", refused="bdb_staff", refused_status=(403,)),
    Access("reviews:assignment", args=wang_task, allowed="expert", refused="expert_2"),
    Access("reviews:assignment", args=wang_task, allowed="expert", refused="bdb_staff"),
    Access("reviews:workspace", args=police, allowed="bdb_staff", refused="caoxian_bdb_staff"),
    Access(
        "reviews:workspace",
        args=police,
        allowed="auditor",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "reviews:workspace",
        args=police,
        allowed="bdb_leader",
        refused=ANONYMOUS,
        refused_status=(302,),
    ),
    Access(
        "reviews:draw",
        args=police,
        method="post",
        data=lambda w: {"draw-count": "1"},
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    Access(
        "reviews:opinion",
        args=police,
        method="post",
        data=opinion_form,
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "reviews:exception",
        args=police,
        method="post",
        data=lambda w: {"exception-reason": "市委专项部署"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "reviews:ndrc", args=education, allowed="ndrc", refused="bdb_staff", refused_status=(403,)
    ),
    Access("reviews:ndrc", args=education, allowed="ndrc", refused="police_staff"),
    Access(
        "reviews:secrecy",
        args=education,
        allowed="secrecy",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access("reviews:draw_detail", args=draw_pk, allowed="bdb_leader", refused="expert"),
    Access("reviews:experts", allowed="bdb_leader", refused="police_staff", refused_status=(403,)),
    Access("reviews:expert", args=wang, allowed="bdb_staff", refused="caoxian_bdb_staff"),
    Access(
        "reviews:conflict_add",
        args=wang,
        method="post",
        data=lambda w: {
            "conflict-organisation": w.organisations["police"].pk,
            "conflict-reason": "亲属任职",
        },
        allowed="bdb_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "reviews:conflict_withdraw",
        args=chen_conflict,
        method="post",
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    # API
    Access("api:review-project", args=police, allowed="bdb_staff", refused="caoxian_bdb_staff"),
    Access(
        "api:review-project",
        args=police,
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(401, 403),
    ),
    Access(
        "api:review-draw-create",
        args=police,
        method="post",
        api=True,
        data=lambda w: {"count": 1},
        allowed="bdb_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access("api:review-draw-detail", args=draw_pk, allowed="bdb_staff", refused="expert"),
    Access(
        "api:review-assignment-list",
        allowed="expert",
        refused="police_staff",
        refused_status=(200,),
        shows=lambda w: w.review.project.code,
    ),
    Access("api:review-assignment-detail", args=wang_task, allowed="expert", refused="expert_2"),
    Access(
        "api:review-assignment-submit",
        args=wang_task,
        method="post",
        api=True,
        data=lambda w: SCORES,
        allowed="expert",
        refused="expert_2",
    ),
    Access(
        "api:review-opinion",
        args=police,
        method="post",
        api=True,
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:review-plan-exception",
        args=police,
        method="post",
        api=True,
        data=lambda w: {"reason": "市委专项部署"},
        allowed="bdb_leader",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:review-ndrc-decision",
        args=education,
        method="post",
        api=True,
        data=lambda w: {
            "approved": True,
            "document_number": "菏发改投资〔2026〕45号",
            "decided_on": "2026-11-20",
        },
        allowed="ndrc",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:review-secrecy-confirmation",
        args=education,
        method="post",
        api=True,
        data=lambda w: {"classified": False, "reason": "不涉及国家秘密"},
        allowed="secrecy",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:review-expert-list", allowed="bdb_staff", refused="police_staff", refused_status=(403,)
    ),
    Access("api:review-expert-detail", args=wang, allowed="bdb_staff", refused="caoxian_bdb_staff"),
    Access(
        "api:review-expert-conflicts",
        args=wang,
        method="post",
        api=True,
        data=lambda w: {"organisation": w.organisations["police"].pk, "reason": "亲属任职"},
        allowed="bdb_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:review-expert-conflict-withdraw",
        args=chen_conflict,
        method="post",
        api=True,
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
    ),
]


@pytest.fixture
def access_world(drawn: ReviewSetup, monkeypatch: pytest.MonkeyPatch) -> Any:
    world = drawn.world
    world.review = drawn  # type: ignore[attr-defined]
    world.users["expert_2"] = drawn.expert_2
    put_in_state(drawn.project, "under_review", outside_plan=True)
    drawn.refresh()
    Expert.objects.create(
        jurisdiction=world.jurisdictions["371700"],
        name="周涛",
        organisation=world.organisations["crypto"],
        expertise="密码应用",
    )
    put_in_state(
        world.projects["education"],
        "ndrc_review",
        is_fixed_asset=True,
        is_classified_candidate=True,
        opinion_number="菏大数审〔2026〕1号",
    )
    if "ndrc_approve" not in PROJECT_MACHINE.transitions:  # until the lead wires it
        monkeypatch.setattr(services, "project_transition", lambda **kw: kw["project"])
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: Any) -> None:
    check_access(case, access_world)
