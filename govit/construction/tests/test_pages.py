"""The construction pages: GET renders, POST redirects, bad input re-renders with the Chinese
error next to its field, refusals of the service shown on the page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govit.applications.testing import pdf_bytes
from govit.construction import services
from govit.construction.baselines import current_baseline
from govit.construction.models import Baseline, ChangeRequest, Incident, Milestone, ProgressReport
from govit.projects.testing import put_in_state

from .conftest import DAY_50, Building, at, client_for, field_error


def url(name: str, pk: int) -> str:
    return reverse(f"construction:{name}", args=[pk])


# --- the construction page ----------------------------------------------------------------
def test_the_unit_saves_its_schedule_on_the_page(started: Building) -> None:
    page = client_for(started.world.police_staff).get(url("project", started.project.pk))
    assert page.status_code == 200
    assert 'data-testid="schedule-form"' in page.content.decode()

    response = client_for(started.world.police_staff).post(
        url("schedule", started.project.pk),
        {
            "schedule-planned_completion": "2027-06-09",
            "schedule-scope": "数据汇聚、治理与共享",
            "schedule-milestone_1_name": "需求调研完成",
            "schedule-milestone_1_planned": "2027-03-31",
            "schedule-milestone_2_name": "上线试运行",
            "schedule-milestone_2_planned": "2027-05-31",
        },
    )
    assert response.status_code == 302
    assert current_baseline(started.project).version == 1
    html = (
        client_for(started.world.police_staff)
        .get(url("project", started.project.pk))
        .content.decode()
    )
    assert "现行基线第 1 版" in html and "上线试运行" in html
    assert 'data-testid="schedule-form"' not in html  # saved once; changes go through requests


def test_a_bad_schedule_is_shown_next_to_its_field(started: Building) -> None:
    response = client_for(started.world.police_staff).post(
        url("schedule", started.project.pk),
        {
            "schedule-planned_completion": "2027-06-09",
            "schedule-scope": "x",
            "schedule-milestone_1_name": "上线",
            "schedule-milestone_1_planned": "2027-07-01",
        },
    )
    assert response.status_code == 400
    assert "晚于计划完成日期" in field_error(response, "milestones")
    assert not Baseline.objects.exists()


def test_the_unit_reports_progress_and_sees_the_colours(
    building: Building, time_machine: Any
) -> None:
    time_machine.move_to(at(DAY_50), tick=False)
    client = client_for(building.world.police_staff)
    response = client.post(
        url("progress", building.project.pk),
        {
            "progress-report_date": "2027-04-20",
            "progress-percent_complete": "40",
            "progress-spend_to_date": "1078000",
            "progress-issues": "接口联调滞后",
            "progress-evidence": SimpleUploadedFile(
                "进度.pdf", pdf_bytes(), content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    html = client.get(url("project", building.project.pk)).content.decode()
    report = ProgressReport.objects.get()
    assert f'data-testid="report-{report.pk}"' in html
    assert 'data-colour="amber"' in html and 'data-colour="red"' in html
    assert "10.00" in html and "30.00%" in html and "接口联调滞后" in html
    assert (
        reverse("applications:document_download", args=[building.project.pk, report.evidence_id])
        in html
    )


def test_a_percentage_above_100_is_refused_on_the_page(
    building: Building, time_machine: Any
) -> None:
    time_machine.move_to(at(DAY_50), tick=False)
    response = client_for(building.world.police_staff).post(
        url("progress", building.project.pk),
        {
            "progress-report_date": "2027-04-20",
            "progress-percent_complete": "120",
            "progress-spend_to_date": "0",
        },
    )
    assert response.status_code == 400
    assert "完成百分比应在 0 至 100 之间" in field_error(response, "percent_complete")
    assert not ProgressReport.objects.exists()


def test_a_suspended_project_says_why_there_is_no_progress_form(building: Building) -> None:
    put_in_state(building.project, "suspended")
    html = (
        client_for(building.world.police_staff)
        .get(url("project", building.project.pk))
        .content.decode()
    )
    assert 'data-testid="progress-form"' not in html
    assert "暂停期间不能登记建设工作" in html and "第二十条" in html


def test_bdb_reads_the_page_without_forms(building: Building) -> None:
    html = (
        client_for(building.world.bdb_staff)
        .get(url("project", building.project.pk))
        .content.decode()
    )
    assert "需求调研完成" in html
    assert 'data-testid="progress-form"' not in html and "登记实际完成日期" not in html


def test_an_actual_date_is_recorded_on_the_page(building: Building, time_machine: Any) -> None:
    time_machine.move_to(at(date(2027, 4, 2)), tick=False)
    milestone = Milestone.objects.filter(project=building.project).order_by("order").first()
    assert milestone is not None
    client = client_for(building.world.police_staff)
    prefix = f"actual-{milestone.pk}"
    bad = client.post(url("milestone_actual", milestone.pk), {f"{prefix}-actual_on": "2027-04-03"})
    assert bad.status_code == 400 and "不能晚于今天" in field_error(bad, "actual_on")
    good = client.post(url("milestone_actual", milestone.pk), {f"{prefix}-actual_on": "2027-04-01"})
    assert good.status_code == 302
    milestone.refresh_from_db()
    assert milestone.actual_on == date(2027, 4, 1)


# --- incidents ------------------------------------------------------------------------------
def test_the_incident_journey_on_the_pages(building: Building) -> None:
    pk = building.project.pk
    unit, leader, staff = (
        client_for(building.world.police_staff),
        client_for(building.world.bdb_leader),
        client_for(building.world.bdb_staff),
    )
    assert (
        unit.post(
            url("incidents", pk),
            {"incident-kind": "severe_delay", "incident-description": "滞后两个月"},
        ).status_code
        == 302
    )
    incident = Incident.objects.get()
    page = leader.get(url("incidents", pk)).content.decode()
    assert f'data-testid="decide-form-{incident.pk}"' in page

    d = f"decide-{incident.pk}"
    bad = leader.post(
        url("incident_decide", incident.pk),
        {f"{d}-decision": "rectification", f"{d}-reason": "滞后"},
    )
    assert bad.status_code == 400 and "请填写整改期限" in field_error(bad, "deadline")
    assert (
        leader.post(
            url("incident_decide", incident.pk),
            {
                f"{d}-decision": "rectification",
                f"{d}-deadline": "2027-03-31",
                f"{d}-requirements": "增加人员",
                f"{d}-reason": "滞后",
            },
        ).status_code
        == 302
    )
    assert building.refresh().state == "rectifying"

    a = f"answer-{incident.pk}"
    assert (
        unit.post(
            url("incident_answer", incident.pk),
            {
                f"{a}-note": "已增加人员",
                f"{a}-evidence": SimpleUploadedFile(
                    "整改.pdf", pdf_bytes(), content_type="application/pdf"
                ),
            },
        ).status_code
        == 302
    )
    c = f"close-{incident.pk}"
    assert (
        staff.post(url("incident_close", incident.pk), {f"{c}-reason": "整改到位"}).status_code
        == 302
    )
    assert building.refresh().state == "in_construction"
    html = unit.get(url("incidents", pk)).content.decode()
    assert "整改完成" in html and "整改材料" in html


def test_suspension_and_lifting_on_the_pages(building: Building) -> None:
    incident = services.incident_report(
        project=building.project, kind="major_loss", description="损失", by=building.world.bdb_staff
    )
    leader = client_for(building.world.bdb_leader)
    d = f"decide-{incident.pk}"
    assert (
        leader.post(
            url("incident_decide", incident.pk),
            {f"{d}-decision": "suspension", f"{d}-reason": "重大损失"},
        ).status_code
        == 302
    )
    assert building.refresh().state == "suspended"
    lift = f"lift-{incident.pk}"
    bad = leader.post(url("incident_lift", incident.pk), {f"{lift}-reason": ""})
    assert bad.status_code == 400 and "请填写恢复建设理由" in field_error(bad, "reason")
    assert (
        leader.post(url("incident_lift", incident.pk), {f"{lift}-reason": "已整改"}).status_code
        == 302
    )
    assert building.refresh().state == "in_construction"


def test_closing_before_the_answer_shows_the_rule(building: Building) -> None:
    incident = services.incident_report(
        project=building.project,
        kind="severe_delay",
        description="滞后",
        by=building.world.police_staff,
    )
    services.incident_decide(
        incident=incident,
        decision="rectification",
        reason="滞后",
        deadline="2027-03-31",
        requirements="整改",
        by=building.world.bdb_leader,
    )
    c = f"close-{incident.pk}"
    response = client_for(building.world.bdb_staff).post(
        url("incident_close", incident.pk), {f"{c}-reason": "好"}
    )
    assert response.status_code == 400
    assert "尚未报送整改情况" in response.content.decode()


def test_the_project_page_links_rectification_to_the_incidents_page(building: Building) -> None:
    html = (
        client_for(building.world.bdb_leader)
        .get(reverse("projects:detail", args=[building.project.pk]))
        .content.decode()
    )
    assert (
        f'href="{url("incidents", building.project.pk)}" data-transition="order_rectification"'
        in html
    )
    assert 'data-testid="construction-panel"' in html and "项目基线第 1 版" in html


# --- baseline and change requests ---------------------------------------------------------
def test_a_change_request_through_the_pages(building: Building) -> None:
    pk = building.project.pk
    unit = client_for(building.world.police_staff)
    form = unit.get(url("change_request_create", pk))
    assert form.status_code == 200 and "服务器（现 340,000.00 元）" in form.content.decode()

    bad = unit.post(url("change_request_create", pk), {"change-reason": "扩容"})
    assert bad.status_code == 400 and "请至少选择一项变更" in field_error(bad, "changes")
    negative = unit.post(
        url("change_request_create", pk),
        {
            "change-changes_budget": "on",
            f"change-line_{building.server.pk}": "-1",
            "change-reason": "扩容",
        },
    )
    assert negative.status_code == 400
    assert "不能为负数" in field_error(negative, f"line_{building.server.pk}")

    created = unit.post(
        url("change_request_create", pk),
        {
            "change-changes_budget": "on",
            f"change-line_{building.server.pk}": "440000",
            "change-reason": "扩容",
        },
    )
    assert created.status_code == 302
    change = ChangeRequest.objects.get()
    leader = client_for(building.world.bdb_leader)
    detail = leader.get(url("change_request", change.pk)).content.decode()
    assert 'data-testid="change-decision-form"' in detail and "1,640,000.00" in detail

    missing = leader.post(url("change_request", change.pk), {"decision-approve": "yes"})
    assert missing.status_code == 400 and "请填写审批意见" in field_error(missing, "reason")
    assert (
        leader.post(
            url("change_request", change.pk),
            {"decision-approve": "yes", "decision-reason": "同意扩容"},
        ).status_code
        == 302
    )

    html = unit.get(url("baseline", pk)).content.decode()
    assert "现行基线（第 2 版）" in html and "原始基线（第 1 版）" in html
    assert "+100,000.00" in html and 'data-testid="version-2"' in html


def test_the_baseline_page_before_any_schedule_shows_the_opinion(started: Building) -> None:
    html = (
        client_for(started.world.finance).get(url("baseline", started.project.pk)).content.decode()
    )
    assert "原始基线（第 0 版）" in html and "1,540,000.00" in html
