"""The evaluation pages: GET renders, POST happy path redirects, bad input re-renders with the
Chinese error next to its field; the project page panel and the via links of the lifecycle."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from govit.evaluation import services
from govit.evaluation.models import EvaluationAssignment, SelfEvaluation
from govit.evaluation.testing import report, self_evaluation_post

from .conftest import Setup, at, client_for, field_error

TODAY = date(2026, 11, 27)


def commissioned(setup: Setup) -> EvaluationAssignment:
    with at(TODAY):
        return services.assignment_commission(
            project=setup.refresh(),
            evaluator=setup.world.organisations["evaluator"],
            scope="评价资金使用绩效",
            due_on="2027-03-31",
            by=setup.world.bdb_staff,
        )


# --- project page and panel ---------------------------------------------------------------
def test_the_evaluation_page_shows_the_window_and_the_way_to_self_evaluate(
    operating: Setup,
) -> None:
    with at(TODAY):
        response = client_for(operating.world.police_staff).get(
            reverse("evaluation:project", args=[operating.project.pk])
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="window-opens">2026-08-31<' in html
    assert 'data-testid="window-closes">2027-08-31<' in html
    assert 'data-status="open"' in html
    assert reverse("evaluation:self_evaluation", args=[operating.project.pk]) in html


def test_the_project_page_panel_and_the_lifecycle_link_to_the_self_evaluation(
    operating: Setup,
) -> None:
    with at(TODAY):
        html = (
            client_for(operating.world.police_staff)
            .get(reverse("projects:detail", args=[operating.project.pk]))
            .content.decode()
        )
    assert 'data-testid="evaluation-panel"' in html
    assert 'data-testid="window-status">开放中<' in html
    url = reverse("evaluation:self_evaluation", args=[operating.project.pk])
    assert f'href="{url}" data-transition="self_evaluate"' in html


def test_before_the_window_the_panel_says_when_it_opens(operating: Setup) -> None:
    with at(date(2026, 6, 1)):
        html = (
            client_for(operating.world.bdb_staff)
            .get(reverse("projects:detail", args=[operating.project.pk]))
            .content.decode()
        )
    assert 'data-testid="window-status">尚未开始<' in html
    assert "还有 91 天开放" in html


def test_a_project_in_construction_has_no_evaluation_panel(world: Any) -> None:
    html = (
        client_for(world.police_staff)
        .get(reverse("projects:detail", args=[world.projects["police"].pk]))
        .content.decode()
    )
    assert 'data-testid="evaluation-panel"' not in html


def test_the_evaluator_finds_its_commission_from_the_project_page(operating: Setup) -> None:
    commissioned(operating)
    with at(TODAY):
        html = (
            client_for(operating.world.evaluator)
            .get(reverse("projects:detail", args=[operating.project.pk]))
            .content.decode()
        )
    url = reverse("evaluation:assignments", args=[operating.project.pk])
    assert f'href="{url}" data-transition="evaluate"' in html


# --- self-evaluation ----------------------------------------------------------------------
def test_the_form_lists_every_indicator_with_its_target(operating: Setup) -> None:
    with at(TODAY):
        response = client_for(operating.world.police_staff).get(
            reverse("evaluation:self_evaluation", args=[operating.project.pk])
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="self-evaluation-form"' in html
    assert "网上办理率" in html and "95%" in html and "系统可用率" in html and "99.9%" in html


def test_submitting_the_form_self_evaluates_the_project(operating: Setup) -> None:
    url = reverse("evaluation:self_evaluation", args=[operating.project.pk])
    client = client_for(operating.world.police_staff)
    with at(TODAY):
        response = client.post(url, self_evaluation_post(operating.project))
        assert response.status_code == 302
        assert response["Location"] == reverse("evaluation:project", args=[operating.project.pk])
        page = client.get(response["Location"]).content.decode()
    evaluation = SelfEvaluation.objects.get()
    assert (evaluation.self_score, evaluation.results.count()) == (88, 2)
    assert operating.refresh().state == "self_evaluated"
    assert 'data-testid="self-score">88<' in page
    assert "已提交绩效自评价" in page


def test_an_indicator_left_blank_is_shown_next_to_it(operating: Setup) -> None:
    first = operating.project.pre_evaluation.indicators.order_by("id").first()
    assert first is not None
    data = self_evaluation_post(operating.project)
    data[f"indicator_{first.pk}_actual"] = ""
    with at(TODAY):
        response = client_for(operating.world.police_staff).post(
            reverse("evaluation:self_evaluation", args=[operating.project.pk]), data
        )
    assert response.status_code == 400
    assert "请填写绩效指标「网上办理率」的实际完成值" in field_error(
        response, f"indicator_{first.pk}_actual"
    )
    assert not SelfEvaluation.objects.exists()


def test_a_bad_score_is_shown_next_to_it(operating: Setup) -> None:
    with at(TODAY):
        response = client_for(operating.world.police_staff).post(
            reverse("evaluation:self_evaluation", args=[operating.project.pk]),
            self_evaluation_post(operating.project, score="120"),
        )
    assert response.status_code == 400
    assert "应在 0–100 之间" in field_error(response, "self_score")


def test_a_submission_before_the_window_is_refused_on_the_page_with_article_24(
    operating: Setup,
) -> None:
    with at(date(2026, 8, 30)):
        response = client_for(operating.world.police_staff).post(
            reverse("evaluation:self_evaluation", args=[operating.project.pk]),
            self_evaluation_post(operating.project),
        )
    html = response.content.decode()
    assert response.status_code == 400
    assert "2026-08-31 起方可提交绩效自评价" not in html  # the exact wording is below
    assert "2026-08-31 起方可提交自评价" in html and "（第二十四条）" in html
    assert not SelfEvaluation.objects.exists()


def test_a_late_submission_is_accepted_with_a_warning(operating: Setup) -> None:
    with at(date(2027, 9, 3)):
        client = client_for(operating.world.police_staff)
        response = client.post(
            reverse("evaluation:self_evaluation", args=[operating.project.pk]),
            self_evaluation_post(operating.project),
        )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert "已提交绩效自评价（逾期 3 天）" in page
    assert 'data-testid="self-evaluation-late">逾期 3 天<' in page


# --- third-party --------------------------------------------------------------------------
def test_bdb_commissions_on_the_assignments_page(operating: Setup) -> None:
    url = reverse("evaluation:assignments", args=[operating.project.pk])
    client = client_for(operating.world.bdb_staff)
    with at(TODAY):
        assert 'data-testid="commission-form"' in client.get(url).content.decode()
        response = client.post(
            url,
            {
                "commission-evaluator": operating.world.organisations["evaluator"].pk,
                "commission-scope": "评价资金使用绩效",
                "commission-due_on": "2027-03-31",
            },
        )
        assert response.status_code == 302
        page = client.get(url).content.decode()
    assignment = EvaluationAssignment.objects.get()
    assert assignment.due_on == date(2027, 3, 31)
    assert 'data-testid="open-commission"' in page
    assert 'data-testid="commission-form"' not in page


def test_a_due_date_not_after_today_is_shown_next_to_it(operating: Setup) -> None:
    with at(TODAY):
        response = client_for(operating.world.bdb_staff).post(
            reverse("evaluation:assignments", args=[operating.project.pk]),
            {
                "commission-evaluator": operating.world.organisations["evaluator"].pk,
                "commission-scope": "评价资金使用绩效",
                "commission-due_on": "2026-11-27",
            },
        )
    assert response.status_code == 400
    assert "要求完成日期应晚于今天（2026-11-27）" in field_error(response, "due_on")
    assert not EvaluationAssignment.objects.exists()


def test_the_evaluator_submits_on_the_assignments_page(operating: Setup) -> None:
    assignment = commissioned(operating)
    url = reverse("evaluation:assignments", args=[operating.project.pk])
    client = client_for(operating.world.evaluator)
    with at(TODAY):
        page = client.get(url).content.decode()
        assert 'data-testid="submit-form"' in page and "评价资金使用绩效" in page
        assert 'data-testid="commission-form"' not in page
        response = client.post(
            url,
            {
                "submit-score": "84",
                "submit-conclusion": "绩效良好",
                "submit-report": report("评价报告.pdf"),
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("evaluation:assignment", args=[assignment.pk])
        detail = client.get(response["Location"]).content.decode()
    assert operating.refresh().state == "evaluated"
    assert 'data-testid="assignment-score">84<' in detail


def test_a_missing_report_is_shown_next_to_it(operating: Setup) -> None:
    commissioned(operating)
    with at(TODAY):
        response = client_for(operating.world.evaluator).post(
            reverse("evaluation:assignments", args=[operating.project.pk]),
            {"submit-score": "84", "submit-conclusion": "绩效良好"},
        )
    assert response.status_code == 400
    assert "请上传第三方绩效评价报告" in field_error(response, "report")
    assert EvaluationAssignment.objects.get().is_open


def test_the_assignment_page_carries_the_submit_form_for_the_evaluator(operating: Setup) -> None:
    assignment = commissioned(operating)
    url = reverse("evaluation:assignment", args=[assignment.pk])
    mine = client_for(operating.world.evaluator).get(url).content.decode()
    assert 'data-testid="submit-form"' in mine
    bdb = client_for(operating.world.bdb_staff).get(url).content.decode()
    assert 'data-testid="submit-form"' not in bdb and 'data-testid="assignment"' in bdb


def test_another_evaluator_organisation_sees_nothing(operating: Setup) -> None:
    assignment = commissioned(operating)
    other = client_for(operating.other_evaluator)
    for url in (
        reverse("evaluation:assignment", args=[assignment.pk]),
        reverse("evaluation:assignments", args=[operating.project.pk]),
        reverse("evaluation:project", args=[operating.project.pk]),
        reverse("projects:detail", args=[operating.project.pk]),
    ):
        assert other.get(url).status_code == 404, url
    html = other.get(reverse("evaluation:mine")).content.decode()
    assert operating.project.code not in html and "暂无数据" in html


def test_the_evaluator_lists_its_commissions(operating: Setup) -> None:
    commissioned(operating)
    html = client_for(operating.world.evaluator).get(reverse("evaluation:mine")).content.decode()
    assert operating.project.code in html and "已委托，待提交" in html
