"""The construction endpoints: same services, JSON errors naming the field (400) or citing the
article (409)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from govit.applications.testing import pdf_bytes
from govit.construction.models import Incident, Milestone

from .conftest import DAY_50, Building, at


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(user: Any, name: str, pk: int, body: dict[str, Any], fmt: str = "json") -> Any:
    return api(user).post(reverse(f"api:{name}", args=[pk]), body, format=fmt)


def get(user: Any, name: str, pk: int) -> Any:
    response = api(user).get(reverse(f"api:{name}", args=[pk]))
    assert response.status_code == 200, response.content
    return response.json()


def test_the_schedule_is_saved_once_through_the_api(started: Building) -> None:
    body = {
        "planned_completion": "2027-06-09",
        "scope": "数据汇聚",
        "milestones": [{"name": "上线", "planned_on": "2027-05-31"}],
    }
    created = post(started.world.police_staff, "construction-schedule", started.project.pk, body)
    assert created.status_code == 201, created.json()
    assert created.json()["baseline_version"] == 1
    assert [m["name"] for m in created.json()["milestones"]] == ["上线"]

    again = post(started.world.police_staff, "construction-schedule", started.project.pk, body)
    assert again.status_code == 409
    error = again.json()
    assert error["code"] == "rule_violation" and error["article"] == 19
    assert "只能通过变更申请调整" in error["detail"] and error["detail_en"]


def test_progress_through_the_api_with_its_colours(building: Building, time_machine: Any) -> None:
    time_machine.move_to(at(DAY_50), tick=False)
    response = post(
        building.world.police_staff,
        "construction-progress-reports",
        building.project.pk,
        {"report_date": "2027-04-20", "percent_complete": "40", "spend_to_date": "924000"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["schedule_variance"], body["schedule_colour"]) == ("10.00", "amber")
    assert (body["cost_variance"], body["cost_colour"]) == ("20.00", "red")
    listed = get(building.world.auditor, "construction-progress-reports", building.project.pk)
    assert [r["id"] for r in listed] == [body["id"]]


def test_a_negative_percentage_is_a_400_naming_the_field(building: Building) -> None:
    response = post(
        building.world.police_staff,
        "construction-progress-reports",
        building.project.pk,
        {"report_date": "2027-03-01", "percent_complete": "-5", "spend_to_date": "0"},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "percent_complete"
    assert "0 至 100" in response.json()["detail"]


def test_progress_with_evidence_as_multipart(building: Building) -> None:
    response = post(
        building.world.police_staff,
        "construction-progress-reports",
        building.project.pk,
        {
            "report_date": "2027-03-01",
            "percent_complete": "1",
            "spend_to_date": "0",
            "evidence": SimpleUploadedFile("进度.pdf", pdf_bytes(), content_type="application/pdf"),
        },
        fmt="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["evidence"] is not None


def test_the_incident_journey_through_the_api(building: Building) -> None:
    w = building.world
    reported = post(
        w.bdb_staff,
        "construction-incidents",
        building.project.pk,
        {"kind": "severe_delay", "description": "滞后"},
    )
    assert reported.status_code == 201 and reported.json()["origin"] == "bdb"
    pk = reported.json()["id"]

    early = post(
        w.bdb_leader,
        "construction-incident-decide",
        pk,
        {
            "decision": "rectification",
            "reason": "滞后",
            "deadline": "2027-03-01",
            "requirements": "整改",
        },
    )
    assert early.status_code == 400 and early.json()["field"] == "deadline"
    decided = post(
        w.bdb_leader,
        "construction-incident-decide",
        pk,
        {
            "decision": "rectification",
            "reason": "滞后",
            "deadline": "2027-03-31",
            "requirements": "整改",
        },
    )
    assert decided.status_code == 200 and decided.json()["state"] == "rectifying"

    too_soon = post(w.bdb_staff, "construction-incident-close", pk, {"reason": "好"})
    assert too_soon.status_code == 409 and too_soon.json()["article"] == 20

    answered = post(
        w.police_staff,
        "construction-incident-answer",
        pk,
        {
            "note": "已整改",
            "evidence": SimpleUploadedFile("整改.pdf", pdf_bytes(), content_type="application/pdf"),
        },
        fmt="multipart",
    )
    assert answered.status_code == 200 and answered.json()["answer_evidence"] is not None
    closed = post(w.bdb_staff, "construction-incident-close", pk, {"reason": "整改到位"})
    assert closed.status_code == 200 and closed.json()["state_label"] == "整改完成"
    assert building.refresh().state == "in_construction"

    suspended = post(
        w.bdb_leader,
        "construction-incident-decide",
        post(
            w.police_staff,
            "construction-incidents",
            building.project.pk,
            {"kind": "major_loss", "description": "损失"},
        ).json()["id"],
        {"decision": "suspension", "reason": "损失"},
    )
    assert suspended.json()["state"] == "suspended"
    refused = post(
        w.police_staff,
        "construction-progress-reports",
        building.project.pk,
        {"report_date": "2027-03-01", "percent_complete": "1", "spend_to_date": "0"},
    )
    assert refused.status_code == 409 and refused.json()["article"] == 20
    lifted = post(
        w.bdb_leader, "construction-incident-lift", suspended.json()["id"], {"reason": "已追回"}
    )
    assert lifted.status_code == 200 and lifted.json()["state"] == "lifted"
    assert Incident.objects.filter(state="lifted").count() == 1


def test_a_change_request_and_the_baseline_through_the_api(building: Building) -> None:
    w = building.world
    last = Milestone.objects.filter(project=building.project).order_by("-order").first()
    assert last is not None
    created = post(
        w.police_staff,
        "construction-change-requests",
        building.project.pk,
        {
            "changes_budget": True,
            "changes_schedule": True,
            "new_line_amounts": {str(building.server.pk): "300000"},
            "new_planned_completion": "2027-07-31",
            "new_milestone_dates": {str(last.pk): "2027-07-15"},
            "reason": "服务器降配，延期两月",
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["new_total"] == "1500000.00"
    pk = created.json()["id"]
    wrong = api(w.bdb_leader).post(
        reverse("api:construction-change-request-decide", args=[pk]), {"reason": "x"}, format="json"
    )
    assert wrong.status_code == 400  # approve is required
    decided = post(
        w.bdb_leader, "construction-change-request-decide", pk, {"approve": True, "reason": "同意"}
    )
    assert decided.status_code == 200 and decided.json()["baseline_version"] == 2

    baseline = get(w.finance, "construction-baseline", building.project.pk)
    assert baseline["original"]["version"] == 1 and baseline["current"]["version"] == 2
    assert baseline["total_difference"] == "-40000.00"
    assert baseline["completion_shift_days"] == 52
    assert [v["version"] for v in baseline["versions"]] == [1, 2]
    assert get(w.police_staff, "construction-change-request-detail", pk)["state"] == "approved"


def test_a_budget_line_of_another_project_is_a_400(building: Building) -> None:
    response = post(
        building.world.police_staff,
        "construction-change-requests",
        building.project.pk,
        {"changes_budget": True, "new_line_amounts": {"99999": "1"}, "reason": "x"},
    )
    assert response.status_code == 400 and response.json()["field"] == "new_line_amounts"
