"""The acceptance pages: GET renders, POST acts and redirects, bad input re-renders with the
Chinese error next to its field; the project page links each step to its page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from govit.acceptance.models import (
    AcceptanceApplication,
    Completion,
    CryptoResult,
    Extension,
    Filing,
    MlpsResult,
)
from govit.acceptance.testing import accepted, add_crypto, add_mlps, applied, fresh, pdf
from govit.applications.testing import PNG_BYTES, upload
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import client_for, field_error


def url(name: str, project: Project) -> str:
    return reverse(f"acceptance:{name}", args=[project.pk])


# --- completion -----------------------------------------------------------------------------
def test_the_project_page_links_completion_to_its_page(building: Project, world: World) -> None:
    html = client_for(world.police_staff).get(reverse("projects:detail", args=[building.pk]))
    assert (
        f'href="{url("completion", building)}" data-transition="complete"' in html.content.decode()
    )


def test_recording_completion_on_the_page(building: Project, world: World) -> None:
    client = client_for(world.police_staff)
    page = client.get(url("completion", building))
    assert page.status_code == 200 and 'data-testid="completion-form"' in page.content.decode()

    response = client.post(url("completion", building), {"completion-completed_on": "2025-08-31"})

    assert response.status_code == 302
    assert response["Location"] == url("project", building)
    assert Completion.objects.get().due_on == date(2026, 2, 28)
    overview = client.get(url("project", building)).content.decode()
    assert 'data-testid="due-on">2026-02-28<' in overview


def test_a_future_completion_date_is_shown_next_to_the_field(
    building: Project, world: World
) -> None:
    response = client_for(world.police_staff).post(
        url("completion", building), {"completion-completed_on": "2025-12-31"}
    )
    assert response.status_code == 400
    assert "不能晚于今天" in field_error(response, "completed_on")
    assert not Completion.objects.exists()


# --- extension ---------------------------------------------------------------------------------
def test_applying_for_and_deciding_an_extension_on_the_page(
    finished: Project, world: World
) -> None:
    response = client_for(world.police_staff).post(
        url("extension", finished),
        {"action": "apply", "apply-requested_due_on": "2026-05-31", "apply-reasons": "测评推迟"},
    )
    assert response.status_code == 302
    leader = client_for(world.bdb_leader)
    assert (
        'data-testid="extension-decide-form"'
        in leader.get(url("extension", finished)).content.decode()
    )

    decided = leader.post(
        url("extension", finished),
        {"action": "decide", "decide-decision": "approve", "decide-reason": "同意"},
    )

    assert decided.status_code == 302
    assert Extension.objects.get().state == Extension.State.APPROVED


def test_an_earlier_extension_date_is_refused_on_the_page(finished: Project, world: World) -> None:
    response = client_for(world.police_staff).post(
        url("extension", finished),
        {"action": "apply", "apply-requested_due_on": "2026-01-31", "apply-reasons": "测评推迟"},
    )
    assert response.status_code == 400
    assert "须晚于当前验收申请截止日期（2026-02-28）" in field_error(response, "requested_due_on")
    assert not Extension.objects.exists()


def test_a_unit_may_not_decide_its_own_extension(finished: Project, world: World) -> None:
    response = client_for(world.police_staff).post(
        url("extension", finished), {"action": "decide", "decide-decision": "approve"}
    )
    assert response.status_code == 403


# --- application and results -------------------------------------------------------------------
def test_applying_with_both_reports_on_the_page(finished: Project, world: World) -> None:
    client = client_for(world.police_staff)
    assert 'data-testid="application-form"' in client.get(url("apply", finished)).content.decode()

    response = client.post(
        url("apply", finished),
        {
            "application-acceptance_report": pdf("验收报告.pdf"),
            "application-test_report": pdf("测试报告.pdf"),
            "application-notes": "已完成试运行",
        },
    )

    assert response.status_code == 302
    assert AcceptanceApplication.objects.get().notes == "已完成试运行"
    page = client.get(url("apply", finished)).content.decode()
    assert 'data-testid="mlps-form"' in page and 'data-testid="crypto-form"' in page


def test_a_missing_report_is_shown_next_to_its_field(finished: Project, world: World) -> None:
    response = client_for(world.police_staff).post(
        url("apply", finished), {"application-test_report": pdf("测试报告.pdf")}
    )
    assert response.status_code == 400
    assert "请上传验收报告" in field_error(response, "acceptance_report")
    assert not AcceptanceApplication.objects.exists()


def test_adding_the_results_on_the_page(finished: Project, world: World) -> None:
    applied(world, finished)
    client = client_for(world.police_staff)

    mlps = client.post(
        url("mlps_result", finished),
        {
            "mlps-level": "3",
            "mlps-assessed_on": "2025-09-10",
            "mlps-conclusion": "conforms",
            "mlps-report": pdf(),
        },
    )
    crypto = client.post(
        url("crypto_result", finished),
        {
            "crypto-evaluated_on": "2025-09-11",
            "crypto-conclusion": "basically_conforms",
            "crypto-report": pdf(),
        },
    )

    assert (mlps.status_code, crypto.status_code) == (302, 302)
    assert MlpsResult.objects.get().level == 3
    assert CryptoResult.objects.get().conclusion == "basically_conforms"


def test_a_bad_result_report_is_shown_next_to_the_report(finished: Project, world: World) -> None:
    applied(world, finished)
    response = client_for(world.police_staff).post(
        url("crypto_result", finished),
        {
            "crypto-evaluated_on": "2025-09-11",
            "crypto-conclusion": "conforms",
            "crypto-report": upload("密评报告.pdf", PNG_BYTES),
        },
    )
    assert response.status_code == 400
    assert "与扩展名 .pdf 不符" in field_error(response, "report")
    assert not CryptoResult.objects.exists()


# --- decision ------------------------------------------------------------------------------------
def decision(outcome: str, **extra: Any) -> dict[str, Any]:
    return {"decision-outcome": outcome, "decision-decided_on": "2025-09-15", **extra}


def test_passing_without_the_crypto_result_shows_the_article(
    finished: Project, world: World
) -> None:
    applied(world, finished)
    add_mlps(world, finished)
    client = client_for(world.bdb_staff)
    page = client.get(url("decide", finished)).content.decode()
    assert "缺少密码应用安全性评估结果，不能通过验收（第三十三条）" in page

    response = client.post(
        url("decide", finished), decision("passed", **{"decision-opinion": "同意"})
    )

    assert response.status_code == 400
    assert "缺少密码应用安全性评估结果，不能通过验收（第三十三条）" in response.content.decode()
    assert fresh(finished).state == "acceptance_applied"


def test_passing_and_failing_on_the_page(finished: Project, world: World) -> None:
    applied(world, finished)
    client = client_for(world.bdb_leader)
    missing = client.post(
        url("decide", finished), decision("failed", **{"decision-opinion": "性能不达标"})
    )
    assert missing.status_code == 400
    assert "请填写整改要求" in field_error(missing, "rectification")

    failed = client.post(
        url("decide", finished),
        decision("failed", **{"decision-opinion": "性能不达标", "decision-rectification": "复测"}),
    )
    assert failed.status_code == 302 and fresh(finished).state == "completed"

    applied(world, finished)
    add_mlps(world, finished)
    add_crypto(world, finished)
    passed = client.post(url("decide", finished), decision("passed"))
    assert passed.status_code == 302 and fresh(finished).state == "accepted"
    overview = client.get(url("project", finished)).content.decode()
    assert 'data-testid="round-1"' in overview and 'data-testid="round-2"' in overview
    assert "整改要求：复测" in overview


# --- filing --------------------------------------------------------------------------------------
def test_filing_on_the_page(finished: Project, world: World) -> None:
    accepted(world, finished)
    client = client_for(world.bdb_staff)
    bad = client.post(
        url("filing", finished),
        {
            "filing-filing_number": "备〔2025〕1号",
            "filing-filed_on": "2025-09-15",
            "filing-go_live_on": "2025-09-16",
        },
    )
    assert bad.status_code == 400
    assert "不能晚于今天" in field_error(bad, "go_live_on")

    response = client.post(
        url("filing", finished),
        {
            "filing-filing_number": "备〔2025〕1号",
            "filing-filed_on": "2025-09-15",
            "filing-go_live_on": "2025-09-15",
        },
    )

    assert response.status_code == 302
    assert Filing.objects.get().filing_number == "备〔2025〕1号"
    assert fresh(finished).state == "in_operation"
    detail = client.get(reverse("projects:detail", args=[finished.pk])).content.decode()
    assert "投入运行日期 2025-09-15" in detail


def test_the_overview_is_readable_by_everyone_who_sees_the_project(
    finished: Project, world: World
) -> None:
    for persona in ("police_staff", "bdb_staff", "finance", "auditor", "crypto"):
        assert client_for(world.persona(persona)).get(url("project", finished)).status_code == 200
    assert client_for(world.caoxian_bdb_staff).get(url("project", finished)).status_code == 404


def test_a_refusal_for_a_form_no_longer_shown_still_reaches_the_user(
    finished: Project, world: World
) -> None:
    response = client_for(world.police_staff).post(
        url("mlps_result", finished),
        {
            "mlps-level": "3",
            "mlps-assessed_on": "2025-09-10",
            "mlps-conclusion": "conforms",
            "mlps-report": pdf(),
        },
    )
    assert response.status_code == 400
    assert "没有待验收的验收申请" in response.content.decode()
    assert not MlpsResult.objects.exists()
