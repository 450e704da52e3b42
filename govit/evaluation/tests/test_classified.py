"""A classified candidate (Art. 4) registers its self-evaluation and third-party evaluation
reports by number and date, on the pages and through the API; an ordinary project still
uploads them; the wrong kind is refused citing Art. 4 and nothing is partly saved."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from govit.applications.models import Document, DocumentKind
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.evaluation import services
from govit.evaluation.models import EvaluationAssignment, IndicatorResult, SelfEvaluation
from govit.evaluation.testing import all_met, report, self_evaluation_post
from govit.projects.models import Project, SecrecyStatus

from .conftest import Setup, at, client_for, field_error

TODAY = date(2026, 11, 27)
NOTE = "本项目为拟定涉密项目，平台只登记文件文号和日期（第四条）"


@pytest.fixture
def secret(operating: Setup) -> Setup:
    """The operating police project, a classified candidate the Secrecy bureau confirmed."""
    Project.objects.filter(pk=operating.project.pk).update(
        is_classified_candidate=True, secrecy_status=SecrecyStatus.CLASSIFIED
    )
    assert operating.refresh().metadata_only
    return operating


def self_evaluate(setup: Setup, **report_input: Any) -> SelfEvaluation:
    with at(TODAY):
        return services.self_evaluation_submit(
            project=setup.refresh(),
            conclusion="绩效目标基本实现",
            self_score="88",
            results=all_met(setup.project),
            by=setup.world.police_staff,
            **report_input,
        )


def commissioned(setup: Setup) -> EvaluationAssignment:
    with at(TODAY):
        return services.assignment_commission(
            project=setup.refresh(),
            evaluator=setup.world.organisations["evaluator"],
            scope="评价资金使用绩效",
            due_on="2027-03-31",
            by=setup.world.bdb_staff,
        )


def evaluate(setup: Setup, assignment: EvaluationAssignment, **report_input: Any) -> Any:
    with at(TODAY):
        return services.assignment_submit(
            assignment=EvaluationAssignment.objects.get(pk=assignment.pk),
            score=90,
            conclusion="绩效良好",
            by=setup.world.evaluator,
            **report_input,
        )


def no_self_evaluation(setup: Setup) -> None:
    assert not SelfEvaluation.objects.exists() and not IndicatorResult.objects.exists()
    assert not Document.objects.filter(kind=DocumentKind.SELF_EVALUATION_REPORT).exists()
    assert not Event.objects.filter(action="evaluation.self_evaluation_submit").exists()
    assert not Event.objects.filter(action="applications.document_metadata_add").exists()
    assert setup.refresh().state == "in_operation"


def no_submission(setup: Setup) -> None:
    assert EvaluationAssignment.objects.get().state == "commissioned"
    assert not Document.objects.filter(kind=DocumentKind.EVALUATION_REPORT).exists()
    assert not Event.objects.filter(action="evaluation.assignment_submit").exists()
    assert setup.refresh().state == "in_operation"


# --- services ----------------------------------------------------------------------------------
def test_a_classified_project_self_evaluates_with_the_reports_number_and_date(
    secret: Setup,
) -> None:
    evaluation = self_evaluate(secret, report_number="菏公评〔2026〕5号", report_date="2026-11-20")
    assert secret.refresh().state == "self_evaluated"
    document = evaluation.report
    assert (document.kind, document.title) == (
        DocumentKind.SELF_EVALUATION_REPORT,
        "绩效自评价报告",
    )
    assert not document.has_content
    assert (document.document_number, document.document_date) == (
        "菏公评〔2026〕5号",
        date(2026, 11, 20),
    )
    event = Event.objects.get(action="evaluation.self_evaluation_submit")
    assert event.after["report_id"] == document.pk
    assert Event.objects.get(action="applications.document_metadata_add").after[
        "document_number"
    ] == ("菏公评〔2026〕5号")


def test_a_classified_project_may_not_upload_its_self_evaluation_report(secret: Setup) -> None:
    with pytest.raises(RuleViolation) as refused:
        self_evaluate(secret, report=report("自评价报告.pdf"))
    assert refused.value.decision.article == 4 and refused.value.field == "report"
    assert "平台不接收绩效自评价报告的文件内容" in refused.value.message
    no_self_evaluation(secret)


@pytest.mark.parametrize(
    ("report_input", "field"),
    [
        ({"report_date": "2026-11-20"}, "report_number"),
        ({"report_number": "菏公评〔2026〕5号"}, "report_date"),
        ({"report_number": "菏公评〔2026〕5号", "report_date": "2026-11-28"}, "report_date"),
    ],
)
def test_a_missing_number_or_date_saves_nothing(
    secret: Setup, report_input: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        self_evaluate(secret, **report_input)
    assert refused.value.field == field
    no_self_evaluation(secret)


def test_an_ordinary_project_uploads_its_self_evaluation_report(operating: Setup) -> None:
    with pytest.raises(RuleViolation) as refused:
        self_evaluate(
            operating,
            report=report("自评价报告.pdf"),
            report_number="菏公评〔2026〕5号",
            report_date="2026-11-20",
        )
    assert refused.value.decision.article == 4 and refused.value.field == "report_number"
    assert "须上传绩效自评价报告文件" in refused.value.message
    no_self_evaluation(operating)
    with pytest.raises(InvalidInput) as missing:
        self_evaluate(operating)
    assert "请上传绩效自评价报告" in missing.value.message
    no_self_evaluation(operating)


def test_a_classified_projects_third_party_evaluation_is_registered_by_number(
    secret: Setup,
) -> None:
    assignment = commissioned(secret)
    with pytest.raises(RuleViolation) as refused:
        evaluate(secret, assignment, report=report("评价报告.pdf"))
    assert refused.value.decision.article == 4 and refused.value.field == "report"
    no_submission(secret)
    with pytest.raises(InvalidInput) as missing:
        evaluate(secret, assignment, report_number="评价〔2026〕6号")
    assert missing.value.field == "report_date"
    no_submission(secret)

    done = evaluate(secret, assignment, report_number="评价〔2026〕6号", report_date=TODAY)

    assert done.state == "submitted" and secret.refresh().state == "evaluated"
    assert done.report is not None and not done.report.has_content
    assert (done.report.title, done.report.document_number, done.report.document_date) == (
        "第三方绩效评价报告",
        "评价〔2026〕6号",
        TODAY,
    )


def test_an_ordinary_projects_evaluator_uploads_the_report(operating: Setup) -> None:
    assignment = commissioned(operating)
    with pytest.raises(RuleViolation) as refused:
        evaluate(operating, assignment, report_number="评价〔2026〕6号", report_date=TODAY)
    assert refused.value.decision.article == 4
    no_submission(operating)
    done = evaluate(operating, assignment, report=report("评价报告.pdf"))
    assert done.report is not None and done.report.has_content


# --- pages -------------------------------------------------------------------------------------
def test_the_self_evaluation_page_asks_a_classified_project_for_number_and_date(
    secret: Setup,
) -> None:
    url = reverse("evaluation:self_evaluation", args=[secret.project.pk])
    client = client_for(secret.world.police_staff)
    data = self_evaluation_post(secret.project)
    del data["report"]
    with at(TODAY):
        html = client.get(url).content.decode()
        assert NOTE in html and 'data-testid="metadata-only-note"' in html
        assert 'name="report_number"' in html and 'name="report_date"' in html
        assert 'type="file"' not in html

        missing = client.post(url, {**data, "report_number": "菏公评〔2026〕5号"})
        assert missing.status_code == 400
        assert "请填写绩效自评价报告成文日期" in field_error(missing, "report_date")
        no_self_evaluation(secret)

        response = client.post(
            url, {**data, "report_number": "菏公评〔2026〕5号", "report_date": "2026-11-20"}
        )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert secret.refresh().state == "self_evaluated"
    assert "文号 菏公评〔2026〕5号 · 2026-11-20" in page
    assert "/download/" not in page


def test_the_self_evaluation_page_asks_an_ordinary_project_for_the_file(
    operating: Setup,
) -> None:
    with at(TODAY):
        html = (
            client_for(operating.world.police_staff)
            .get(reverse("evaluation:self_evaluation", args=[operating.project.pk]))
            .content.decode()
        )
    assert NOTE not in html and 'type="file"' in html and 'name="report_number"' not in html


def test_the_evaluator_registers_a_classified_projects_report_on_the_page(
    secret: Setup,
) -> None:
    commissioned(secret)
    url = reverse("evaluation:assignments", args=[secret.project.pk])
    client = client_for(secret.world.evaluator)
    with at(TODAY):
        page = client.get(url).content.decode()
        assert NOTE in page and 'name="submit-report_number"' in page
        assert 'type="file"' not in page
        response = client.post(
            url,
            {
                "submit-score": "84",
                "submit-conclusion": "绩效良好",
                "submit-report_number": "评价〔2026〕6号",
                "submit-report_date": "2026-11-26",
            },
        )
        assert response.status_code == 302
        detail = client.get(response["Location"]).content.decode()
    assert secret.refresh().state == "evaluated"
    assert "文号 评价〔2026〕6号 · 2026-11-26" in detail


# --- API ---------------------------------------------------------------------------------------
def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def results_of(setup: Setup) -> list[dict[str, Any]]:
    return [
        {"indicator": i.pk, "actual_value": "96", "met": True, "note": ""}
        for i in setup.project.pre_evaluation.indicators.order_by("id")
    ]


def test_a_classified_project_self_evaluates_through_the_api(secret: Setup) -> None:
    with at(TODAY):
        response = api(secret.world.police_staff).post(
            reverse("api:evaluation-self-evaluation", args=[secret.project.pk]),
            {
                "conclusion": "绩效目标基本实现",
                "self_score": "88",
                "results": results_of(secret),
                "report_number": "菏公评〔2026〕5号",
                "report_date": "2026-11-20",
            },
            format="json",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["report_number"], body["report_date"]) == ("菏公评〔2026〕5号", "2026-11-20")


def test_the_api_refuses_a_classified_projects_file_citing_article_4(secret: Setup) -> None:
    with at(TODAY):
        response = api(secret.world.police_staff).post(
            reverse("api:evaluation-self-evaluation", args=[secret.project.pk]),
            {
                "conclusion": "绩效目标基本实现",
                "self_score": "88",
                "results": json.dumps(results_of(secret)),
                "report": report("自评价报告.pdf"),
            },
            format="multipart",
        )
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["article"], body["field"]) == ("rule_violation", 4, "report")
    assert body["detail_en"].endswith("(Art. 4)")
    no_self_evaluation(secret)


def test_the_evaluator_submits_number_and_date_through_the_api(secret: Setup) -> None:
    assignment = commissioned(secret)
    with at(TODAY):
        response = api(secret.world.evaluator).post(
            reverse("api:evaluation-assignment-submit", args=[assignment.pk]),
            {
                "score": "90",
                "conclusion": "绩效良好",
                "report_number": "评价〔2026〕6号",
                "report_date": "2026-11-26",
            },
            format="json",
        )
    assert response.status_code == 200, response.json()
    assert response.json()["report_number"] == "评价〔2026〕6号"
    assert response.json()["state"] == "submitted"
