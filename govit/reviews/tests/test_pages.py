"""The review pages: each gate refuses on the page as in the service, errors next to fields."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from govit.projects.models import Project
from govit.reviews import services
from govit.reviews.models import (
    ApprovalOpinion,
    Expert,
    ExpertConflict,
    ExpertDraw,
    NdrcDecision,
    PlanException,
    ReviewAssignment,
)
from govit.reviews.panels import project_panel
from govit.reviews.services import opinion_draft, review_submit

from .conftest import ReviewSetup, put_in_state
from .test_opinion import SCORES


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def field_error(response: Any, field: str) -> str:
    """The error text shown next to ``field`` (``data-field`` marks it)."""
    html = response.content.decode()
    marker = f'data-field="{field}">'
    assert marker in html, f"no error next to {field}: {html[:2000]}"
    return html.split(marker, 1)[1].split("</div>", 1)[0]


# --- workspace ----------------------------------------------------------------------------
def test_the_workspace_shows_draws_with_their_check_scores_and_the_opinion_form(
    drawn: ReviewSetup,
) -> None:
    review_submit(assignment=drawn.assignment("wang"), by=drawn.world.expert, **SCORES)
    response = client_for(drawn.world.bdb_staff).get(
        reverse("reviews:workspace", args=[drawn.project.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "复核一致" in html
    assert "回避：申报单位" in html and "赵敏" in html
    assert 'data-testid="mean-necessity_score">85.00' in html
    assert 'data-testid="draw-form"' in html and 'data-testid="opinion-form"' in html
    assert "王芳" in html and "李强" in html


def test_a_unit_cannot_open_the_workspace_and_another_county_does_not_see_it(
    review: ReviewSetup,
) -> None:
    url = reverse("reviews:workspace", args=[review.project.pk])
    assert client_for(review.world.police_staff).get(url).status_code == 403
    assert client_for(review.world.caoxian_bdb_staff).get(url).status_code == 404


def test_drawing_on_the_page_records_the_draw(review: ReviewSetup) -> None:
    response = client_for(review.world.bdb_staff).post(
        reverse("reviews:draw", args=[review.project.pk]), {"draw-count": "2", "draw-seed": "42"}
    )
    assert response.status_code == 302
    draw = ExpertDraw.objects.get()
    assert (draw.seed, draw.count) == ("42", 2)


def test_drawing_too_many_shows_how_many_are_eligible_next_to_the_count(
    review: ReviewSetup,
) -> None:
    response = client_for(review.world.bdb_staff).post(
        reverse("reviews:draw", args=[review.project.pk]), {"draw-count": "5"}
    )
    assert response.status_code == 400
    assert "只有 2 位" in field_error(response, "count")
    assert not ExpertDraw.objects.exists()


def test_a_bdb_leader_may_not_draw(review: ReviewSetup) -> None:
    response = client_for(review.world.bdb_leader).post(
        reverse("reviews:draw", args=[review.project.pk]), {"draw-count": "1"}
    )
    assert response.status_code == 403


def test_drafting_the_opinion_on_the_page(drawn: ReviewSetup) -> None:
    lines = {f"opinion-line_{line.pk}_approved": str(line.amount) for line in drawn.lines}
    response = client_for(drawn.world.bdb_staff).post(
        reverse("reviews:opinion", args=[drawn.project.pk]),
        {**lines, "opinion-approved_amount": "", "opinion-conditions": "按期建设"},
    )
    assert response.status_code == 302
    opinion = ApprovalOpinion.objects.get()
    assert str(opinion.approved_amount) == "1000000.00"
    assert opinion.conditions == "按期建设"


def test_an_opinion_above_the_request_is_refused_next_to_the_amount(drawn: ReviewSetup) -> None:
    lines = {f"opinion-line_{line.pk}_approved": str(line.amount) for line in drawn.lines}
    response = client_for(drawn.world.bdb_staff).post(
        reverse("reviews:opinion", args=[drawn.project.pk]),
        {**lines, "opinion-approved_amount": "2000000"},
    )
    assert response.status_code == 400
    assert "不能超过申请金额" in field_error(response, "approved_amount")
    assert not ApprovalOpinion.objects.exists()


def test_a_line_cut_without_reason_is_refused_next_to_the_line(drawn: ReviewSetup) -> None:
    server = drawn.lines[0]
    lines = {f"opinion-line_{line.pk}_approved": str(line.amount) for line in drawn.lines}
    lines[f"opinion-line_{server.pk}_approved"] = "1"
    response = client_for(drawn.world.bdb_staff).post(
        reverse("reviews:opinion", args=[drawn.project.pk]), lines
    )
    assert response.status_code == 400
    assert "核减理由" in field_error(response, f"line_{server.pk}_reason")


def test_the_exception_form_is_for_the_bdb_leader(review: ReviewSetup) -> None:
    project = put_in_state(review.project, "under_review", outside_plan=True)
    url = reverse("reviews:exception", args=[project.pk])
    assert (
        client_for(review.world.bdb_staff).post(url, {"exception-reason": "x"}).status_code == 403
    )
    page = client_for(review.world.bdb_leader).get(reverse("reviews:workspace", args=[project.pk]))
    assert 'data-testid="exception-form"' in page.content.decode()
    empty = client_for(review.world.bdb_leader).post(url, {"exception-reason": ""})
    assert empty.status_code == 400 and field_error(empty, "reason")
    done = client_for(review.world.bdb_leader).post(url, {"exception-reason": "市委专项部署"})
    assert done.status_code == 302
    assert PlanException.objects.get().reason == "市委专项部署"


def test_the_draw_record_page_shows_the_snapshot_and_the_recheck(drawn: ReviewSetup) -> None:
    draw = ExpertDraw.objects.get()
    response = client_for(drawn.world.bdb_leader).get(
        reverse("reviews:draw_detail", args=[draw.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "复核一致" in html and draw.seed in html
    assert "回避：声明利益冲突（近三年担任市公安局信息化顾问）" in html
    assert (
        client_for(drawn.world.expert)
        .get(reverse("reviews:draw_detail", args=[draw.pk]))
        .status_code
        == 404
    )


# --- expert pages -------------------------------------------------------------------------
def test_an_expert_sees_only_their_reviews(drawn: ReviewSetup) -> None:
    mine = client_for(drawn.world.expert).get(reverse("reviews:mine"))
    assert mine.status_code == 200
    assert drawn.project.name in mine.content.decode()
    other = client_for(drawn.expert_2).get(
        reverse("reviews:assignment", args=[drawn.assignment("wang").pk])
    )
    assert other.status_code == 404
    bdb = client_for(drawn.world.bdb_staff).get(
        reverse("reviews:assignment", args=[drawn.assignment("wang").pk])
    )
    assert bdb.status_code == 404


def score_form(drawn: ReviewSetup, **overrides: str) -> dict[str, str]:
    data = {key: str(value) for key, value in SCORES.items()}
    data.update(overrides)
    return data


def test_scoring_on_the_page_with_a_cut(drawn: ReviewSetup) -> None:
    server = drawn.lines[0]
    url = reverse("reviews:assignment", args=[drawn.assignment("wang").pk])
    page = client_for(drawn.world.expert).get(url)
    assert "服务器" in page.content.decode()  # the budget lines to cut
    response = client_for(drawn.world.expert).post(
        url,
        score_form(
            drawn, **{f"cut_{server.pk}_amount": "100000", f"cut_{server.pk}_reason": "8 台即可"}
        ),
    )
    assert response.status_code == 302
    task = ReviewAssignment.objects.get(pk=drawn.assignment("wang").pk)
    assert task.submitted_at is not None
    assert task.cuts.get().cut_amount == 100000
    again = client_for(drawn.world.expert).post(url, score_form(drawn))
    assert again.status_code == 409
    assert "不能修改" in again.content.decode()


def test_a_score_outside_0_to_100_is_refused_next_to_the_field(drawn: ReviewSetup) -> None:
    url = reverse("reviews:assignment", args=[drawn.assignment("wang").pk])
    response = client_for(drawn.world.expert).post(url, score_form(drawn, feasibility_score="101"))
    assert response.status_code == 400
    assert "0–100" in field_error(response, "feasibility_score")
    assert ReviewAssignment.objects.get(pk=drawn.assignment("wang").pk).submitted_at is None


def test_a_cut_above_the_line_is_refused_next_to_the_line(drawn: ReviewSetup) -> None:
    server = drawn.lines[0]
    url = reverse("reviews:assignment", args=[drawn.assignment("wang").pk])
    response = client_for(drawn.world.expert).post(
        url,
        score_form(drawn, **{f"cut_{server.pk}_amount": "600000", f"cut_{server.pk}_reason": "x"}),
    )
    assert response.status_code == 400
    assert "不能超过该项金额" in field_error(response, f"cut_{server.pk}_amount")


def test_the_my_reviews_page_is_for_experts(review: ReviewSetup) -> None:
    assert client_for(review.world.bdb_staff).get(reverse("reviews:mine")).status_code == 403


# --- NDRC and Secrecy ---------------------------------------------------------------------
def test_ndrc_decides_on_the_page(review: ReviewSetup, monkeypatch: pytest.MonkeyPatch) -> None:
    project = put_in_state(review.project, "ndrc_review", is_fixed_asset=True)
    calls: list[str] = []
    monkeypatch.setattr(
        services, "project_transition", lambda **kw: calls.append(kw["transition"]) or kw["project"]
    )
    url = reverse("reviews:ndrc", args=[project.pk])
    page = client_for(review.world.ndrc).get(url)
    assert 'data-testid="ndrc-form"' in page.content.decode()
    missing = client_for(review.world.ndrc).post(
        url, {"approved": "yes", "document_number": "", "decided_on": "2026-11-20"}
    )
    assert missing.status_code == 400 and field_error(missing, "document_number")
    done = client_for(review.world.ndrc).post(
        url,
        {
            "approved": "yes",
            "document_number": "菏发改投资〔2026〕45号",
            "decided_on": "2026-11-20",
        },
    )
    assert done.status_code == 302
    assert NdrcDecision.objects.get().date == date(2026, 11, 20)
    assert calls == ["ndrc_approve"]


def test_the_ndrc_page_refuses_others(review: ReviewSetup) -> None:
    project = put_in_state(review.project, "ndrc_review", is_fixed_asset=True)
    url = reverse("reviews:ndrc", args=[project.pk])
    assert client_for(review.world.bdb_staff).get(url).status_code == 403
    plain = put_in_state(project, "ndrc_review", is_fixed_asset=False)
    assert (
        client_for(review.world.ndrc).get(reverse("reviews:ndrc", args=[plain.pk])).status_code
        == 404
    )


def test_secrecy_confirms_on_the_page(review: ReviewSetup) -> None:
    project = put_in_state(review.project, "under_review", is_classified_candidate=True)
    url = reverse("reviews:secrecy", args=[project.pk])
    missing = client_for(review.world.secrecy).post(url, {"classified": "no", "reason": ""})
    assert missing.status_code == 400 and field_error(missing, "reason")
    done = client_for(review.world.secrecy).post(url, {"classified": "no", "reason": "不涉密"})
    assert done.status_code == 302
    assert Project.objects.get(pk=project.pk).secrecy_status == "not_classified"
    assert client_for(review.world.bdb_staff).get(url).status_code == 403


# --- pool pages ---------------------------------------------------------------------------
def test_bdb_staff_add_and_edit_experts_and_conflicts_on_the_pages(review: ReviewSetup) -> None:
    client = client_for(review.world.bdb_staff)
    bad = client.post(
        reverse("reviews:experts"),
        {
            "name": "",
            "organisation": review.world.organisations["evaluator"].pk,
            "expertise": "安全",
            "is_active": "on",
        },
    )
    assert bad.status_code == 400 and field_error(bad, "name")
    done = client.post(
        reverse("reviews:experts"),
        {
            "name": "周涛",
            "organisation": review.world.organisations["evaluator"].pk,
            "expertise": "安全，密码",
            "is_active": "on",
        },
    )
    assert done.status_code == 302
    expert = Expert.objects.get(name="周涛")
    assert expert.expertise == "安全、密码"
    edited = client.post(
        reverse("reviews:expert", args=[expert.pk]),
        {"name": "周涛", "organisation": expert.organisation_id, "expertise": "安全"},
    )
    assert edited.status_code == 302
    assert not Expert.objects.get(pk=expert.pk).is_active
    added = client.post(
        reverse("reviews:conflict_add", args=[expert.pk]),
        {
            "conflict-organisation": review.world.organisations["police"].pk,
            "conflict-reason": "曾任顾问",
        },
    )
    assert added.status_code == 302
    conflict = ExpertConflict.objects.get(expert=expert)
    withdrawn = client.post(reverse("reviews:conflict_withdraw", args=[expert.pk, conflict.pk]))
    assert withdrawn.status_code == 302
    conflict.refresh_from_db()
    assert conflict.withdrawn_at is not None


def test_a_bdb_leader_reads_the_pool_but_does_not_change_it(review: ReviewSetup) -> None:
    client = client_for(review.world.bdb_leader)
    page = client.get(reverse("reviews:experts"))
    assert page.status_code == 200 and "王芳" in page.content.decode()
    assert 'data-testid="expert-form"' not in page.content.decode()
    refused = client.post(reverse("reviews:experts"), {"name": "x"})
    assert refused.status_code == 403


# --- the project panel --------------------------------------------------------------------
def render_panel(project: Project, user: Any) -> str:
    panel = project_panel(project, user)
    if panel is None:
        return ""
    return render_to_string(
        "reviews/partials/project_panel.html", {"panel": panel, "project": project}
    )


def test_the_panel_shows_each_reader_their_part(drawn: ReviewSetup) -> None:
    review_submit(assignment=drawn.assignment("wang"), by=drawn.world.expert, **SCORES)
    project = drawn.refresh()

    bdb = render_panel(project, drawn.world.bdb_staff)
    assert "进入项目评审" in bdb and "已提交 1 / 2" in bdb
    expert = render_panel(project, drawn.world.expert)
    assert reverse("reviews:assignment", args=[drawn.assignment("wang").pk]) in expert
    assert "进入项目评审" not in expert
    unit = render_panel(project, drawn.world.police_staff)
    assert "王芳" not in unit and "85" not in unit
    assert project_panel(project, drawn.world.finance) is None


def test_the_panel_shows_the_signed_opinion_to_everyone_in_scope(drawn: ReviewSetup) -> None:
    from govit.reviews.effects import sign_opinion

    from .conftest import context

    opinion_draft(project=drawn.project, approved_amount="900000", by=drawn.world.bdb_staff)
    project = put_in_state(drawn.project, "approved")
    sign_opinion(project, drawn.world.bdb_leader, context("approve", "under_review"))
    project = drawn.refresh()
    for persona in ("police_staff", "finance", "bdb_leader"):
        html = render_panel(project, drawn.world.persona(persona))
        assert project.opinion_number in html, persona
        assert "900,000.00" in html


def test_the_panel_tells_ndrc_and_secrecy_what_is_pending(review: ReviewSetup) -> None:
    project = put_in_state(
        review.project, "ndrc_review", is_fixed_asset=True, is_classified_candidate=True
    )
    assert "待录入投资审批结果" in render_panel(project, review.world.ndrc)
    assert "待保密审查确认" in render_panel(project, review.world.secrecy)


def test_the_workspace_query_count_does_not_grow_with_reviews(
    drawn: ReviewSetup, django_assert_max_num_queries: Any
) -> None:
    from govit.reviews.services import CutInput

    review_submit(
        assignment=drawn.assignment("wang"),
        cuts=[CutInput(line.pk, "1", "核减") for line in drawn.lines],
        by=drawn.world.expert,
        **SCORES,
    )
    review_submit(assignment=drawn.assignment("li"), by=drawn.expert_2, **SCORES)
    opinion_draft(project=drawn.project, by=drawn.world.bdb_staff)
    opinion_draft(project=drawn.project, by=drawn.world.bdb_staff)
    client = client_for(drawn.world.bdb_staff)
    url = reverse("reviews:workspace", args=[drawn.project.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_a_drawn_expert_can_open_the_dossier_read_only(world) -> None:
    from django.test import Client

    from govit.reviews.models import ReviewAssignment

    project = world.reviewed_with_opinion("police")
    assignment = ReviewAssignment.objects.filter(
        project=project, expert__user__username="expert"
    ).first()
    assert assignment is not None
    client = Client()
    client.force_login(world.persona("expert"))
    page = client.get(f"/reviews/assignments/{assignment.pk}/").content.decode()
    dossier_url = f"/projects/{project.pk}/application/"
    assert dossier_url in page
    dossier = client.get(dossier_url)
    assert dossier.status_code == 200
    assert "编辑申报材料" not in dossier.content.decode()
    # An expert not drawn for the project does not reach it.
    other = Client()
    other.force_login(world.persona("education_staff"))
    assert other.get(dossier_url).status_code == 404
