"""The acceptance endpoints: the same services as the pages, JSON errors naming the field or
citing the article."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from govit.acceptance.testing import applied, fresh, pdf
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import api


def post(
    user: Any, name: str, project: Project, body: dict[str, Any], multipart: bool = False
) -> Any:
    target = reverse(f"api:acceptance-{name}", args=[project.pk])
    if multipart:
        return api(user).post(target, body, format="multipart")
    return api(user).post(target, body, format="json")


def test_the_whole_acceptance_through_the_api(building: Project, world: World) -> None:
    staff, bdb, leader = world.police_staff, world.bdb_staff, world.bdb_leader

    completion = post(staff, "completion", building, {"completed_on": "2025-08-31"})
    assert completion.status_code == 201, completion.json()
    assert completion.json()["due_on"] == "2026-02-28"

    extension = post(
        staff,
        "extension-apply",
        building,
        {"requested_due_on": "2026-04-30", "reasons": "测评推迟"},
    )
    assert extension.status_code == 201
    decided = post(leader, "extension-decide", building, {"approve": True, "reason": "同意"})
    assert decided.json()["state"] == "approved"

    application = post(
        staff,
        "apply",
        building,
        {"acceptance_report": pdf("验收报告.pdf"), "test_report": pdf("测试报告.pdf")},
        multipart=True,
    )
    assert application.status_code == 201, application.json()
    assert application.json()["round_no"] == 1
    mlps = post(
        staff,
        "mlps-result",
        building,
        {"level": 3, "assessed_on": "2025-09-10", "conclusion": "conforms", "report": pdf()},
        multipart=True,
    )
    assert mlps.status_code == 201, mlps.json()

    refused = post(bdb, "decide", building, {"passed": True, "decided_on": "2025-09-15"})
    assert refused.status_code == 409
    assert refused.json() == {
        "code": "rule_violation",
        "detail": "缺少密码应用安全性评估结果，不能通过验收（第三十三条）",
        "detail_en": "Acceptance cannot pass without the cryptography evaluation result (Art. 33)",
        "field": None,
        "reason": "缺少密码应用安全性评估结果，不能通过验收",
        "article": 33,
    }

    crypto = post(
        staff,
        "crypto-result",
        building,
        {"evaluated_on": "2025-09-11", "conclusion": "符合", "report": pdf()},
        multipart=True,
    )
    assert crypto.status_code == 201, crypto.json()
    passed = post(bdb, "decide", building, {"passed": True, "decided_on": "2025-09-15"})
    assert passed.status_code == 200, passed.json()
    assert passed.json()["outcome"] == "passed"

    filing = post(
        bdb,
        "filing",
        building,
        {
            "filing_number": "菏大数验备〔2025〕3号",
            "filed_on": "2025-09-15",
            "go_live_on": "2025-09-15",
        },
    )
    assert filing.status_code == 201, filing.json()

    overview = api(world.auditor).get(reverse("api:acceptance-project", args=[building.pk]))
    body = overview.json()
    assert body["state"] == "in_operation"
    assert body["status"]["due_on"] == "2026-04-30"
    assert body["completion"]["due_on"] == "2026-02-28"
    assert [a["outcome"] for a in body["applications"]] == ["passed"]
    assert body["applications"][0]["crypto_results"][0]["conclusion"] == "conforms"
    assert body["filing"]["filing_number"] == "菏大数验备〔2025〕3号"
    assert (body["accepted_on"], body["go_live_on"]) == ("2025-09-15", "2025-09-15")


def test_an_earlier_extension_is_a_400_naming_the_field(finished: Project, world: World) -> None:
    response = post(
        world.police_staff,
        "extension-apply",
        finished,
        {"requested_due_on": "2026-01-31", "reasons": "测评推迟"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == "requested_due_on"
    assert "须晚于当前验收申请截止日期（2026-02-28）" in body["detail"]


def test_a_missing_report_is_a_400_naming_it(finished: Project, world: World) -> None:
    response = post(world.police_staff, "apply", finished, {"test_report": pdf()}, multipart=True)
    assert response.status_code == 400
    assert response.json()["field"] == "acceptance_report"
    assert fresh(finished).state == "completed"


def test_failing_needs_rectification_requirements(finished: Project, world: World) -> None:
    applied(world, finished)
    response = post(
        world.bdb_staff,
        "decide",
        finished,
        {"passed": False, "decided_on": "2025-09-15", "opinion": "性能不达标"},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "rectification"


def test_the_overdue_list_in_the_api(finished: Project, world: World) -> None:
    import time_machine

    from .conftest import at

    with time_machine.travel(at(2026, 3, 2), tick=False):
        response = api(world.finance).get(reverse("api:acceptance-overdue"))
    assert response.status_code == 200
    [row] = response.json()
    assert row["code"] == finished.code
    assert row["status"]["days_overdue"] == 2
    assert row["status"]["extension_label"] == "未申请延期"
