"""The supervision pages: GET renders, a POST that works redirects, bad input re-renders the
form with the Chinese error next to its field.  Clock: 2026-11-27 in Heze."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from govit.supervision.models import Finding, Inspection, RectificationOrder, Sanction
from govit.supervision.testing import (
    answered_order,
    approved_finding,
    evidence,
    failed_order,
    issued_order,
    planned_inspection,
)

from .conftest import Setup, client_for, field_error


def test_bdb_staff_plan_an_inspection_on_the_page(procurement: Setup) -> None:
    client = client_for(procurement.world.bdb_staff)
    url = reverse("supervision:inspections")
    page = client.get(url).content.decode()
    assert 'data-testid="inspection-form"' in page and "暂无数据" in page
    response = client.post(
        url,
        {
            "inspection-title": "合同备案专项检查",
            "inspection-planned_on": "2026-12-10",
            "inspection-projects": [str(procurement.project.pk)],
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:inspection", args=[inspection.pk])
    listing = client.get(url).content.decode()
    assert "合同备案专项检查" in listing


def test_an_inspection_without_scope_re_renders_with_the_error(procurement: Setup) -> None:
    response = client_for(procurement.world.bdb_staff).post(
        reverse("supervision:inspections"),
        {"inspection-title": "专项检查", "inspection-planned_on": "2026-12-10"},
    )
    assert response.status_code == 400
    assert "请至少选择一个检查项目或检查部门" in field_error(response, "projects")


def test_auditors_read_inspections_but_do_not_plan(procurement: Setup) -> None:
    planned_inspection(procurement.world, procurement.project)
    page = client_for(procurement.world.auditor).get(reverse("supervision:inspections"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "2026年度合同备案专项检查" in html and 'data-testid="inspection-form"' not in html


def test_a_finding_is_recorded_and_the_leader_approves_on_the_page(procurement: Setup) -> None:
    world = procurement.world
    inspection = planned_inspection(world, procurement.project)
    url = reverse("supervision:inspection", args=[inspection.pk])
    staff = client_for(world.bdb_staff)
    assert 'data-testid="finding-form"' in staff.get(url).content.decode()
    bad = staff.post(
        reverse("supervision:finding_add", args=[inspection.pk]),
        {
            "finding-project": str(procurement.project.pk),
            "finding-article": "99",
            "finding-rule_text": "合同备案",
            "finding-description": "逾期备案",
        },
    )
    assert bad.status_code == 400
    assert "违反的条款须为 1–41 之间的条号" in field_error(bad, "article")
    good = staff.post(
        reverse("supervision:finding_add", args=[inspection.pk]),
        {
            "finding-project": str(procurement.project.pk),
            "finding-article": "16",
            "finding-rule_text": "合同签订 5 个工作日内备案",
            "finding-description": "逾期备案",
        },
    )
    assert good.status_code == 302
    leader = client_for(world.bdb_leader)
    assert 'data-testid="approve-form"' in leader.get(url).content.decode()
    approved = leader.post(
        reverse("supervision:inspection_approve", args=[inspection.pk]), {"approve-note": "同意"}
    )
    assert approved.status_code == 302
    page = staff.get(url).content.decode()
    finding = Finding.objects.get()
    assert "违反第 16 条" in page and f'data-testid="order-form-{finding.pk}"' in page


def test_an_order_is_issued_on_the_page(procurement: Setup) -> None:
    world = procurement.world
    finding = approved_finding(world, procurement.project)
    client = client_for(world.bdb_staff)
    url = reverse("supervision:order_issue", args=[finding.pk])
    prefix = f"order-{finding.pk}"
    bad = client.post(url, {f"{prefix}-requirements": "补办", f"{prefix}-deadline": "2026-11-01"})
    assert bad.status_code == 400
    assert "整改期限须晚于今天" in field_error(bad, "deadline")
    good = client.post(
        url, {f"{prefix}-requirements": "补办合同备案", f"{prefix}-deadline": "2026-12-31"}
    )
    order = RectificationOrder.objects.get()
    assert good.status_code == 302
    assert good["Location"] == reverse("supervision:order", args=[order.pk])


def test_the_unit_answers_and_bdb_decides_on_the_order_page(procurement: Setup) -> None:
    world = procurement.world
    order = issued_order(world, procurement.project)
    url = reverse("supervision:order", args=[order.pk])
    unit = client_for(world.police_staff)
    assert 'data-testid="answer-form"' in unit.get(url).content.decode()
    missing = unit.post(
        reverse("supervision:order_answer", args=[order.pk]), {"answer-note": "已整改"}
    )
    assert missing.status_code == 400
    assert "请上传整改材料" in field_error(missing, "evidence")
    answered = unit.post(
        reverse("supervision:order_answer", args=[order.pk]),
        {"answer-note": "已整改", "answer-evidence": evidence()},
    )
    assert answered.status_code == 302
    bdb = client_for(world.bdb_staff)
    assert 'data-testid="decide-form"' in bdb.get(url).content.decode()
    no_reason = bdb.post(
        reverse("supervision:order_decide", args=[order.pk]), {"decide-decision": "reject"}
    )
    assert no_reason.status_code == 400
    assert "请填写未通过理由" in field_error(no_reason, "reason")
    accepted = bdb.post(
        reverse("supervision:order_decide", args=[order.pk]), {"decide-decision": "accept"}
    )
    assert accepted.status_code == 302
    assert 'data-testid="order-state">整改通过<' in bdb.get(url).content.decode()


def test_the_leader_decides_and_lifts_a_sanction_on_the_project_page(procurement: Setup) -> None:
    world = procurement.world
    url = reverse("supervision:project", args=[procurement.project.pk])
    leader = client_for(world.bdb_leader)
    page = leader.get(url).content.decode()
    assert 'data-testid="sanction-basis"' in page  # why a sanction is not yet possible
    refused = leader.post(
        reverse("supervision:sanction_decide", args=[procurement.project.pk]),
        {"sanction-kind": "public_criticism", "sanction-reason": "整改不到位"},
    )
    assert refused.status_code == 409
    assert "第三十五条" in refused.content.decode()
    failed_order(world, procurement.project)
    decided = leader.post(
        reverse("supervision:sanction_decide", args=[procurement.project.pk]),
        {"sanction-kind": "fund_suspension", "sanction-reason": "整改不到位"},
    )
    assert decided.status_code == 302
    done = Sanction.objects.get()
    no_reason = leader.post(reverse("supervision:sanction_lift", args=[done.pk]), {})
    assert no_reason.status_code == 400
    assert "请填写解除理由" in field_error(no_reason, "reason")
    lifted = leader.post(
        reverse("supervision:sanction_lift", args=[done.pk]), {f"lift-{done.pk}-reason": "整改到位"}
    )
    assert lifted.status_code == 302
    assert not Sanction.objects.get().in_force


def test_the_unit_reads_its_projects_record_without_forms(procurement: Setup) -> None:
    world = procurement.world
    order = answered_order(world, procurement.project)
    page = client_for(world.police_leader).get(
        reverse("supervision:project", args=[procurement.project.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-testid="order-{order.pk}"' in html
    assert 'data-testid="sanction-form"' not in html


def test_the_navigation_shows_inspections_to_bdb_and_notices_to_every_department(
    world: Any,
) -> None:
    bdb = client_for(world.bdb_staff).get(reverse("web:home")).content.decode()
    assert reverse("supervision:inspections") in bdb and reverse("supervision:notices") in bdb
    unit = client_for(world.education_staff).get(reverse("web:home")).content.decode()
    assert reverse("supervision:inspections") not in unit
    assert reverse("supervision:notices") in unit
