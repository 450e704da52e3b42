"""The supervision API: the journey from inspection to sanction, and its refusals as JSON
(``{code, detail, detail_en, field, reason, article}``).  Clock: 2026-11-27 in Heze."""

from __future__ import annotations

from django.urls import reverse

from govit.obligations.models import Obligation, ObligationState
from govit.supervision.testing import evidence

from .conftest import Setup, api


def test_the_journey_from_inspection_to_fund_suspension(procurement: Setup) -> None:
    world = procurement.world
    project = procurement.project
    staff, leader, unit = api(world.bdb_staff), api(world.bdb_leader), api(world.police_staff)
    planned = staff.post(
        reverse("api:supervision-inspections"),
        {"title": "专项检查", "planned_on": "2026-12-10", "projects": [project.pk]},
        format="json",
    )
    assert planned.status_code == 201, planned.content
    inspection = planned.json()["id"]
    found = staff.post(
        reverse("api:supervision-findings", args=[inspection]),
        {"project": project.pk, "article": "16", "rule_text": "合同备案", "description": "逾期"},
        format="json",
    )
    assert found.status_code == 201 and found.json()["article"] == 16
    approved = leader.post(reverse("api:supervision-inspection-approve", args=[inspection]), {})
    assert approved.json()["state"] == "approved"
    assert [f["id"] for f in approved.json()["findings"]] == [found.json()["id"]]
    ordered = staff.post(
        reverse("api:supervision-order-issue", args=[found.json()["id"]]),
        {"requirements": "补办", "deadline": "2026-12-31"},
        format="json",
    )
    assert ordered.status_code == 201
    order = ordered.json()
    assert Obligation.objects.get(key=order["obligation_key"]).state == ObligationState.OPEN
    answered = unit.post(
        reverse("api:supervision-order-answer", args=[order["id"]]),
        {"note": "已整改", "evidence": evidence()},
        format="multipart",
    )
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    rejected = staff.post(
        reverse("api:supervision-order-decide", args=[order["id"]]),
        {"decision": "reject", "reason": "台账未建立"},
        format="json",
    )
    assert rejected.json()["rejections"] == 1
    decided = leader.post(
        reverse("api:supervision-sanctions", args=[project.pk]),
        {"kind": "fund_suspension", "reason": "整改后仍不符合要求"},
        format="json",
    )
    assert decided.status_code == 201 and decided.json()["in_force"] is True
    listed = api(world.auditor).get(reverse("api:supervision-sanctions", args=[project.pk]))
    assert [s["kind"] for s in listed.json()] == ["fund_suspension"]
    eligibility = api(world.finance).get(
        reverse("api:funds-eligibility", args=[project.pk]), {"on": "2026-11-27"}
    )
    assert 35 in [r["article"] for r in eligibility.json()["reasons"]]
    lifted = leader.post(
        reverse("api:supervision-sanction-lift", args=[decided.json()["id"]]),
        {"reason": "整改到位"},
        format="json",
    )
    assert lifted.json()["in_force"] is False and lifted.json()["lift_reason"] == "整改到位"


def test_a_sanction_without_basis_is_a_409_citing_article_35(procurement: Setup) -> None:
    response = api(procurement.world.bdb_leader).post(
        reverse("api:supervision-sanctions", args=[procurement.project.pk]),
        {"kind": "public_criticism", "reason": "整改不到位"},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "rule_violation" and body["article"] == 35
    assert "拒不整改" in body["detail"] and body["detail_en"]


def test_bad_input_is_a_400_naming_the_field(procurement: Setup) -> None:
    response = api(procurement.world.bdb_staff).post(
        reverse("api:supervision-inspections"),
        {"title": "专项检查", "planned_on": "明天", "projects": [procurement.project.pk]},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "planned_on" and "YYYY-MM-DD" in body["detail"]


def test_notices_list_the_jurisdictions_criticisms(procurement: Setup) -> None:
    response = api(procurement.world.education_staff).get(reverse("api:supervision-notices"))
    assert response.status_code == 200 and response.json() == []
