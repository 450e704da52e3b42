"""A classified candidate (Art. 4) gives no file content: its acceptance and evaluation reports
are registered by document number and date (``document_register``), through services, pages
and API alike; an ordinary project still uploads the files; the wrong kind is refused citing
Art. 4 and nothing is partly saved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from govit.acceptance import services
from govit.acceptance.models import AcceptanceApplication, CryptoResult, MlpsResult
from govit.acceptance.testing import (
    add_crypto,
    add_mlps,
    applied,
    classified,
    fresh,
    in_construction,
    pdf,
)
from govit.applications.models import Document, DocumentKind
from govit.applications.services import document_register
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.evaluation import services as evaluation
from govit.evaluation.testing import all_met
from govit.projects.models import Project, SecrecyStatus
from govit.testing.world import World

from .conftest import COMPLETED_ON, api, at, client_for, field_error

TODAY = date(2025, 9, 15)
REPORT_KINDS = [
    DocumentKind.ACCEPTANCE_REPORT,
    DocumentKind.TEST_REPORT,
    DocumentKind.MLPS_RESULT,
    DocumentKind.CRYPTO_RESULT,
    DocumentKind.SELF_EVALUATION_REPORT,
    DocumentKind.EVALUATION_REPORT,
]


def classified_and_completed(world: World, secrecy: str = SecrecyStatus.PENDING) -> Project:
    """The police project in construction, made a classified candidate (``secrecy`` its
    Secrecy bureau status), then completed on 2025-08-31."""
    project = classified(in_construction(world, "police"))
    Project.objects.filter(pk=project.pk).update(secrecy_status=secrecy)
    services.completion_record(
        project=fresh(project), completed_on=COMPLETED_ON, by=world.police_staff
    )
    return fresh(project)


@pytest.fixture
def secret(frozen: Any, world: World) -> Project:
    """The police project, a classified candidate (secrecy pending), completed on 2025-08-31."""
    return classified_and_completed(world)


def metadata(name: str, number: str, dated: Any = "2025-09-10") -> dict[str, Any]:
    return {f"{name}_number": number, f"{name}_date": dated}


def nothing_applied(project: Project) -> None:
    assert fresh(project).state == "completed"
    assert not AcceptanceApplication.objects.exists()
    assert not Document.objects.filter(
        project=project, kind__in=[DocumentKind.ACCEPTANCE_REPORT, DocumentKind.TEST_REPORT]
    ).exists()
    assert not Event.objects.filter(action="acceptance.apply").exists()
    assert not Event.objects.filter(action="applications.document_metadata_add").exists()


# --- document_register (applications) ---------------------------------------------------------
def test_document_register_keeps_number_date_and_title_and_writes_the_event(
    secret: Project, world: World
) -> None:
    document = document_register(
        project=fresh(secret),
        kind=DocumentKind.TEST_REPORT,
        title="测试报告",
        document_number="菏公测〔2025〕9号",
        document_date=date(2025, 9, 1),
        by=world.police_staff,
    )
    assert not document.has_content and document.sm3 == "" and document.version == 1
    assert (document.document_number, document.document_date) == (
        "菏公测〔2025〕9号",
        date(2025, 9, 1),
    )
    event = Event.objects.get(action="applications.document_metadata_add")
    assert event.after["document_number"] == "菏公测〔2025〕9号"
    assert event.after["document_date"] == "2025-09-01"
    assert event.after["title"] == "测试报告"


def test_document_register_refuses_an_ordinary_project_citing_article_4(
    finished: Project, world: World
) -> None:
    with pytest.raises(RuleViolation) as refused:
        document_register(
            project=fresh(finished),
            kind=DocumentKind.TEST_REPORT,
            title="测试报告",
            document_number="菏公测〔2025〕9号",
            document_date=date(2025, 9, 1),
            by=world.police_staff,
        )
    assert refused.value.decision.article == 4
    assert refused.value.message == "只有拟定涉密项目登记文件元数据；本项目请上传文件（第四条）"
    assert not Document.objects.filter(kind=DocumentKind.TEST_REPORT).exists()


@pytest.mark.parametrize(
    ("number", "dated", "field"),
    [(" ", date(2025, 9, 1), "document_number"), ("菏公测〔2025〕9号", None, "document_date")],
)
def test_document_register_needs_a_number_and_a_date(
    secret: Project, world: World, number: str, dated: date | None, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        document_register(
            project=fresh(secret),
            kind=DocumentKind.TEST_REPORT,
            title="测试报告",
            document_number=number,
            document_date=dated,
            by=world.police_staff,
        )
    assert refused.value.field == field
    assert not Document.objects.filter(kind=DocumentKind.TEST_REPORT).exists()


# --- the whole delivery of a classified project ------------------------------------------------
@pytest.mark.parametrize("secrecy", [SecrecyStatus.PENDING, SecrecyStatus.CLASSIFIED])
def test_a_classified_project_is_accepted_live_and_evaluated_with_metadata_only(
    frozen: Any, world: World, secrecy: str
) -> None:
    staff = world.police_staff
    project = classified_and_completed(world, secrecy)
    assert project.metadata_only and project.state == "completed"
    uploads = Event.objects.filter(action="applications.document_upload").count()  # the dossier
    application = services.acceptance_apply(
        project=fresh(project),
        **metadata("acceptance_report", "菏公验〔2025〕1号"),
        **metadata("test_report", "菏公测〔2025〕2号", date(2025, 9, 8)),
        by=staff,
    )
    services.mlps_result_add(
        project=fresh(project),
        level=3,
        assessed_on="2025-09-10",
        conclusion="conforms",
        **metadata("report", "等保测〔2025〕3号"),
        by=staff,
    )
    with pytest.raises(RuleViolation) as refused:
        services.acceptance_decide(
            project=fresh(project), passed=True, decided_on=TODAY, by=world.bdb_staff
        )
    assert refused.value.decision.article == 33
    assert "缺少密码应用安全性评估结果" in refused.value.message
    services.crypto_result_add(
        project=fresh(project),
        evaluated_on="2025-09-11",
        conclusion="basically_conforms",
        **metadata("report", "密评〔2025〕4号", "2025-09-11"),
        by=staff,
    )
    services.acceptance_decide(
        project=fresh(project), passed=True, decided_on=TODAY, by=world.bdb_staff
    )
    services.filing_record(
        project=fresh(project),
        filing_number="菏大数验备〔2025〕7号",
        filed_on=TODAY,
        go_live_on=TODAY,
        by=world.bdb_staff,
    )
    assert fresh(project).state == "in_operation"

    with time_machine.travel(at(2026, 11, 27), tick=False):
        self_evaluation = evaluation.self_evaluation_submit(
            project=fresh(project),
            conclusion="绩效目标基本实现",
            self_score="88",
            results=all_met(project),
            report_number="菏公评〔2026〕5号",
            report_date="2026-11-20",
            by=staff,
        )
        assignment = evaluation.assignment_commission(
            project=fresh(project),
            evaluator=world.organisations["evaluator"],
            scope="评价资金使用绩效",
            due_on="2027-03-31",
            by=world.bdb_staff,
        )
        evaluated = evaluation.assignment_submit(
            assignment=assignment,
            score=90,
            conclusion="绩效良好",
            report_number="评价〔2026〕6号",
            report_date=date(2026, 11, 26),
            by=world.evaluator,
        )
    assert fresh(project).state == "evaluated"

    application.refresh_from_db()
    registered = {
        document.kind: (document.title, document.document_number, document.document_date)
        for document in Document.objects.filter(project=project, kind__in=REPORT_KINDS)
    }
    assert registered == {
        DocumentKind.ACCEPTANCE_REPORT: ("验收报告", "菏公验〔2025〕1号", date(2025, 9, 10)),
        DocumentKind.TEST_REPORT: ("测试报告", "菏公测〔2025〕2号", date(2025, 9, 8)),
        DocumentKind.MLPS_RESULT: ("等级保护测评报告", "等保测〔2025〕3号", date(2025, 9, 10)),
        DocumentKind.CRYPTO_RESULT: (
            "密码应用安全性评估报告",
            "密评〔2025〕4号",
            date(2025, 9, 11),
        ),
        DocumentKind.SELF_EVALUATION_REPORT: (
            "绩效自评价报告",
            "菏公评〔2026〕5号",
            date(2026, 11, 20),
        ),
        DocumentKind.EVALUATION_REPORT: (
            "第三方绩效评价报告",
            "评价〔2026〕6号",
            date(2026, 11, 26),
        ),
    }
    assert (
        not Document.objects.filter(project=project, kind__in=REPORT_KINDS)
        .exclude(storage_path="")
        .exists()
    )
    assert application.acceptance_report.document_number == "菏公验〔2025〕1号"
    assert self_evaluation.report.document_number == "菏公评〔2026〕5号"
    assert evaluated.report is not None and not evaluated.report.has_content
    assert Event.objects.filter(action="applications.document_metadata_add").count() == 6
    assert Event.objects.filter(action="applications.document_upload").count() == uploads


# --- refusals ----------------------------------------------------------------------------------
def test_a_classified_project_may_not_upload_the_acceptance_report(
    secret: Project, world: World
) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.acceptance_apply(
            project=fresh(secret),
            acceptance_report=pdf("验收报告.pdf"),
            **metadata("test_report", "菏公测〔2025〕2号"),
            by=world.police_staff,
        )
    assert refused.value.decision.article == 4
    assert refused.value.field == "acceptance_report"
    assert refused.value.message == (
        "本项目为拟定涉密项目，平台不接收验收报告的文件内容，"
        "请改为填写验收报告的文号和成文日期（第四条）"
    )
    assert "acceptance_report_number" in refused.value.message_en
    assert refused.value.message_en.endswith("(Art. 4)")
    nothing_applied(secret)


@pytest.mark.parametrize(
    ("test_report", "field", "message"),
    [
        (metadata("test_report", " "), "test_report_number", "请填写测试报告文号"),
        ({"test_report_number": "菏公测〔2025〕2号"}, "test_report_date", "请填写测试报告成文日期"),
        (
            metadata("test_report", "菏公测〔2025〕2号", "2025-09-16"),
            "test_report_date",
            "测试报告成文日期（2025-09-16）不能晚于今天（2025-09-15）",
        ),
        (
            metadata("test_report", "菏公测〔2025〕2号", "2025/09/10"),
            "test_report_date",
            "不是有效日期",
        ),
    ],
)
def test_a_bad_test_report_number_or_date_saves_nothing(
    secret: Project, world: World, test_report: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.acceptance_apply(
            project=fresh(secret),
            **metadata("acceptance_report", "菏公验〔2025〕1号"),
            **test_report,
            by=world.police_staff,
        )
    assert refused.value.field == field
    assert message in refused.value.message
    nothing_applied(secret)


def test_an_ordinary_project_gives_files_not_numbers_citing_article_4(
    finished: Project, world: World
) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.acceptance_apply(
            project=fresh(finished),
            acceptance_report=pdf("验收报告.pdf"),
            test_report=pdf("测试报告.pdf"),
            **metadata("test_report", "菏公测〔2025〕2号"),
            by=world.police_staff,
        )
    assert refused.value.decision.article == 4
    assert refused.value.field == "test_report_number"
    assert refused.value.message == (
        "本项目不是拟定涉密项目，须上传测试报告文件；"
        "只登记文号和成文日期的做法仅适用于拟定涉密项目（第四条）"
    )
    nothing_applied(finished)


def test_an_ordinary_project_still_needs_the_files(finished: Project, world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.acceptance_apply(
            project=fresh(finished), test_report=pdf("测试报告.pdf"), by=world.police_staff
        )
    assert refused.value.field == "acceptance_report"
    assert "请上传验收报告" in refused.value.message
    nothing_applied(finished)


def test_a_candidate_cleared_by_the_secrecy_bureau_uploads_the_files(
    frozen: Any, world: World
) -> None:
    project = classified_and_completed(world, SecrecyStatus.NOT_CLASSIFIED)
    assert project.is_classified_candidate and not project.metadata_only
    with pytest.raises(RuleViolation) as refused:
        services.acceptance_apply(
            project=fresh(project),
            **metadata("acceptance_report", "菏公验〔2025〕1号"),
            **metadata("test_report", "菏公测〔2025〕2号"),
            by=world.police_staff,
        )
    assert refused.value.decision.article == 4
    application = applied(world, project)
    assert application.acceptance_report.has_content and application.test_report.has_content


def test_a_classification_lifted_meanwhile_is_refused_when_storing(
    secret: Project, world: World
) -> None:
    stale = fresh(secret)  # read while still a classified candidate
    Project.objects.filter(pk=secret.pk).update(secrecy_status=SecrecyStatus.NOT_CLASSIFIED)
    with pytest.raises(RuleViolation) as refused:
        services.acceptance_apply(
            project=stale,
            **metadata("acceptance_report", "菏公验〔2025〕1号"),
            **metadata("test_report", "菏公测〔2025〕2号"),
            by=world.police_staff,
        )
    assert refused.value.decision.article == 4
    assert refused.value.field == "acceptance_report"
    nothing_applied(secret)


def test_result_reports_of_a_classified_project_are_numbers_too(
    secret: Project, world: World
) -> None:
    applied(world, secret)
    with pytest.raises(RuleViolation) as refused:
        services.mlps_result_add(
            project=fresh(secret),
            level=3,
            assessed_on=TODAY,
            conclusion="conforms",
            report=pdf("等保测评报告.pdf"),
            by=world.police_staff,
        )
    assert refused.value.decision.article == 4 and refused.value.field == "report"
    with pytest.raises(InvalidInput) as missing:
        services.crypto_result_add(
            project=fresh(secret),
            evaluated_on=TODAY,
            conclusion="conforms",
            report_date=TODAY,
            by=world.police_staff,
        )
    assert missing.value.field == "report_number"
    assert "请填写密码应用安全性评估报告文号" in missing.value.message
    assert not MlpsResult.objects.exists() and not CryptoResult.objects.exists()
    assert not Document.objects.filter(
        kind__in=[DocumentKind.MLPS_RESULT, DocumentKind.CRYPTO_RESULT]
    ).exists()
    assert not Event.objects.filter(
        action__in=["acceptance.mlps_result_add", "acceptance.crypto_result_add"]
    ).exists()

    mlps, crypto = add_mlps(world, secret), add_crypto(world, secret)
    assert (mlps.report.title, mlps.report.document_number) == (
        "等级保护测评报告",
        "等保测〔2025〕3号",
    )
    assert not crypto.report.has_content and crypto.report.document_date == TODAY


def test_an_ordinary_projects_result_needs_its_file_not_a_number(
    finished: Project, world: World
) -> None:
    applied(world, finished)
    with pytest.raises(RuleViolation) as refused:
        services.crypto_result_add(
            project=fresh(finished),
            evaluated_on=TODAY,
            conclusion="conforms",
            report_number="密评〔2025〕4号",
            report_date=TODAY,
            by=world.police_staff,
        )
    assert refused.value.decision.article == 4 and refused.value.field == "report_number"
    assert not CryptoResult.objects.exists()


# --- pages -------------------------------------------------------------------------------------
def url(name: str, project: Project) -> str:
    return reverse(f"acceptance:{name}", args=[project.pk])


NOTE = "本项目为拟定涉密项目，平台只登记文件文号和日期（第四条）"


def test_the_apply_page_asks_a_classified_project_for_numbers_and_dates(
    secret: Project, world: World
) -> None:
    html = client_for(world.police_staff).get(url("apply", secret)).content.decode()
    assert NOTE in html and 'data-testid="metadata-only-note"' in html
    assert 'name="application-acceptance_report_number"' in html
    assert 'name="application-test_report_date"' in html
    assert 'type="file"' not in html


def test_the_apply_page_asks_an_ordinary_project_for_files(finished: Project, world: World) -> None:
    html = client_for(world.police_staff).get(url("apply", finished)).content.decode()
    assert NOTE not in html
    assert 'name="application-acceptance_report"' in html and 'type="file"' in html
    assert "_number" not in html


def test_a_classified_project_applies_and_adds_results_on_the_pages(
    secret: Project, world: World
) -> None:
    client = client_for(world.police_staff)
    missing = client.post(
        url("apply", secret),
        {
            "application-acceptance_report_number": "菏公验〔2025〕1号",
            "application-acceptance_report_date": "2025-09-10",
            "application-test_report_number": "菏公测〔2025〕2号",
        },
    )
    assert missing.status_code == 400
    assert "请填写测试报告成文日期" in field_error(missing, "test_report_date")
    nothing_applied(secret)

    response = client.post(
        url("apply", secret),
        {
            "application-acceptance_report_number": "菏公验〔2025〕1号",
            "application-acceptance_report_date": "2025-09-10",
            "application-test_report_number": "菏公测〔2025〕2号",
            "application-test_report_date": "2025-09-08",
        },
    )
    assert response.status_code == 302
    page = client.get(url("apply", secret)).content.decode()
    assert 'name="mlps-report_number"' in page and 'name="crypto-report_date"' in page
    assert 'type="file"' not in page
    mlps = client.post(
        url("mlps_result", secret),
        {
            "mlps-level": "3",
            "mlps-assessed_on": "2025-09-10",
            "mlps-conclusion": "conforms",
            "mlps-report_number": "等保测〔2025〕3号",
            "mlps-report_date": "2025-09-10",
        },
    )
    assert mlps.status_code == 302
    assert MlpsResult.objects.get().report.document_number == "等保测〔2025〕3号"

    overview = client.get(url("project", secret)).content.decode()
    assert NOTE in overview
    assert "验收报告：文号 菏公验〔2025〕1号 · 2025-09-10" in overview
    assert "文号 等保测〔2025〕3号 · 2025-09-10" in overview
    assert "/download/" not in overview  # nothing to download: metadata only


# --- API ---------------------------------------------------------------------------------------
def post(user: Any, name: str, project: Project, body: dict[str, Any], multipart: bool) -> Any:
    target = reverse(f"api:acceptance-{name}", args=[project.pk])
    return api(user).post(target, body, format="multipart" if multipart else "json")


def test_a_classified_project_applies_through_the_api_with_numbers(
    secret: Project, world: World
) -> None:
    response = post(
        world.police_staff,
        "apply",
        secret,
        {
            **metadata("acceptance_report", "菏公验〔2025〕1号"),
            **metadata("test_report", "菏公测〔2025〕2号", "2025-09-08"),
        },
        multipart=False,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["acceptance_report_url"] is None and body["test_report_url"] is None
    assert body["acceptance_report_number"] == "菏公验〔2025〕1号"
    assert body["test_report_date"] == "2025-09-08"

    crypto = post(
        world.police_staff,
        "crypto-result",
        secret,
        {
            "evaluated_on": "2025-09-11",
            "conclusion": "conforms",
            **metadata("report", "密评〔2025〕4号", "2025-09-11"),
        },
        multipart=True,
    )
    assert crypto.status_code == 201, crypto.json()
    assert crypto.json()["report_url"] is None
    assert crypto.json()["report_number"] == "密评〔2025〕4号"


def test_the_api_refuses_a_classified_projects_file_citing_article_4(
    secret: Project, world: World
) -> None:
    response = post(
        world.police_staff,
        "apply",
        secret,
        {"acceptance_report": pdf("验收报告.pdf"), "test_report": pdf("测试报告.pdf")},
        multipart=True,
    )
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["article"], body["field"]) == (
        "rule_violation",
        4,
        "acceptance_report",
    )
    assert body["detail"].startswith("本项目为拟定涉密项目")
    assert body["detail_en"].endswith("(Art. 4)")
    nothing_applied(secret)


def test_the_api_refuses_numbers_from_an_ordinary_project(finished: Project, world: World) -> None:
    response = post(
        world.police_staff,
        "apply",
        finished,
        {
            "acceptance_report": pdf("验收报告.pdf"),
            "test_report": pdf("测试报告.pdf"),
            "acceptance_report_number": "菏公验〔2025〕1号",
        },
        multipart=True,
    )
    assert response.status_code == 409
    assert response.json()["article"] == 4
    assert response.json()["field"] == "acceptance_report_number"
    nothing_applied(finished)

    uploaded = post(
        world.police_staff,
        "apply",
        finished,
        {"acceptance_report": pdf("验收报告.pdf"), "test_report": pdf("测试报告.pdf")},
        multipart=True,
    )
    assert uploaded.status_code == 201
    assert uploaded.json()["acceptance_report_url"].endswith("/download/")
    assert uploaded.json()["acceptance_report_number"] == ""
