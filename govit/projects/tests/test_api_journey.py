"""The application journey through the API alone: plan → project → dossier → review → opinion.

The same walk as the browser test (govit/web/tests/e2e/test_application_journey.py), with each
persona's bearer token and nothing else: no pages, no ORM writes for the steps.  The fixture only
builds the world (organisations and personas) and issues the tokens.

Amounts: 服务器 4 × 85,000 + 业务系统开发 1 × 1,200,000 = 1,540,000 requested.  One expert cuts
85,000 from 服务器, the other nothing; the opinion carries the mean cut of the line (42,500), so
the approved amount is 1,497,500.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from govit.accounts.services import api_token_create
from govit.applications.testing import pdf_bytes
from govit.testing.world import World

PERSONAS = ("police_staff", "police_leader", "bdb_staff", "bdb_leader", "expert", "health_expert")
PROJECT_NAME = "智慧交管信号控制系统"
REQUESTED = Decimal("1540000.00")
CUT = Decimal("85000.00")
APPROVED = REQUESTED - CUT / 2


class Api:
    """One persona's JSON client: ``Authorization: Bearer <token>`` on every request."""

    def __init__(self, token: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path: str, status: int = 200) -> Any:
        response = self.client.get(f"/api/v1/{path}")
        assert response.status_code == status, (path, response.status_code, response.content)
        return response.json()

    def send(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = getattr(self.client, method)(
            f"/api/v1/{path}", body or {}, content_type="application/json"
        )
        assert response.status_code == status, (path, response.status_code, response.content)
        return response.json() if response.content else None

    def post(self, path: str, body: Any = None, status: int = 201) -> Any:
        return self.send("post", path, body, status)

    def put(self, path: str, body: Any) -> Any:
        return self.send("put", path, body)

    def transition(self, project: int, code: str, reason: str = "") -> Any:
        return self.post(f"projects/{project}/transitions/{code}/", {"reason": reason}, 200)

    def upload(self, path: str, fields: dict[str, Any]) -> Any:
        response = self.client.post(f"/api/v1/{path}", fields)  # multipart
        assert response.status_code == 201, (path, response.status_code, response.content)
        return response.json()


@pytest.fixture
def api(world: World) -> Callable[[str], Api]:
    tokens = {
        persona: api_token_create(user=world.persona(persona), name="journey")[1]
        for persona in PERSONAS
    }
    return lambda persona: Api(tokens[persona])


def shanghai_today() -> str:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


def test_an_application_goes_from_the_annual_plan_to_a_numbered_opinion_through_the_api(
    api: Callable[[str], Api],
) -> None:
    staff, leader = api("police_staff"), api("police_leader")
    bdb_staff, bdb_leader = api("bdb_staff"), api("bdb_leader")
    year = int(shanghai_today()[:4])

    # --- Art. 6–7: the department's annual construction plan, approved ----------------------
    plan = staff.post(
        "plans/departments/",
        {
            "kind": "annual_construction",
            "title": f"菏泽市公安局{year}年度建设计划",
            "start_year": year,
        },
    )
    item = staff.post(
        f"plans/departments/{plan['id']}/items/",
        {
            "name": PROJECT_NAME,
            "category": "02",
            "estimated_budget": "1600000",
            "reason": "主城区路口信号配时依赖人工",
        },
    )
    staff.post(f"plans/departments/{plan['id']}/transitions/submit/", {}, 200)
    approved_plan = bdb_leader.post(
        f"plans/departments/{plan['id']}/transitions/approve/", {"reason": "同意"}, 200
    )
    assert approved_plan["state"] == "approved"

    # --- the project from the plan item ---------------------------------------------------------
    project = staff.post(
        "projects/", {"name": PROJECT_NAME, "plan_item": item["id"], "system_category": "02"}
    )
    pk = project["id"]
    assert project["state"] == "draft" and project["plan_item"] == item["id"]
    assert project["code"].startswith(f"{year}-371700-")

    # --- the dossier ---------------------------------------------------------------------------
    document = staff.upload(
        f"projects/{pk}/documents/",
        {
            "kind": "construction_plan",
            "title": "智慧交管信号控制系统建设方案",
            "file": SimpleUploadedFile("建设方案.pdf", pdf_bytes("jianshe"), "application/pdf"),
        },
    )
    assert document["version"] == 1 and document["sm3"]
    servers = staff.post(
        f"projects/{pk}/budget-lines/",
        {
            "category": "hardware",
            "name": "服务器",
            "quantity": "4",
            "unit": "台",
            "unit_price": "85000",
        },
    )
    assert servers["amount"] == "340000.00"
    staff.post(
        f"projects/{pk}/budget-lines/",
        {
            "category": "development",
            "name": "业务系统开发",
            "quantity": "1",
            "unit": "项",
            "unit_price": "1200000",
        },
    )
    staff.put(
        f"projects/{pk}/pre-evaluation/",
        {"goals": "主要路口信号自适应控制", "conclusion": "项目必要、可行，预算基本合理"},
    )
    staff.post(
        f"projects/{pk}/pre-evaluation/indicators/",
        {"name": "高峰平均车速提升", "target_value": "15", "unit": "%"},
    )
    staff.post(
        f"projects/{pk}/catalogue-entries/",
        {
            "name": "路口信号配时信息",
            "data_source": "交通信号控制系统",
            "data_format": "数据库表",
            "update_cycle": "实时",
            "sharing_attribute": "conditional",
            "sharing_condition": "仅向交通运输、应急管理部门共享",
            "opening_attribute": "not_open",
        },
    )
    staff.put(
        f"projects/{pk}/security-profile/",
        {
            "mlps_level": "3",
            "crypto_plan": "采用 SM2/SM3/SM4 国密算法",
            "crypto_planned": True,
            "crypto_built": True,
            "crypto_run": True,
        },
    )
    staff.post(
        f"projects/{pk}/security-profile/products/",
        {"name": "国产服务器", "kind": "hardware", "vendor": "浪潮", "origin": "domestic"},
    )

    # A refusal on the way: the pre-evaluation is written but not completed (Art. 8).
    refused = staff.post(f"projects/{pk}/transitions/submit/", {}, 409)
    assert refused["code"] == "rule_violation"
    assert refused["article"] == 8 and "事前绩效评估" in refused["detail"]
    assert staff.get(f"projects/{pk}/")["state"] == "draft"

    completed = staff.post(f"projects/{pk}/pre-evaluation/complete/", {}, 200)
    assert completed["completed"] is True
    summary = staff.get(f"projects/{pk}/application/")
    assert Decimal(summary["requested_amount"]) == REQUESTED
    assert [c["code"] for c in summary["readiness"] if not c["allowed"]] == []

    # --- unit, intake --------------------------------------------------------------------------
    assert staff.transition(pk, "submit")["state"] == "submitted"
    assert leader.transition(pk, "sign_off")["state"] == "unit_signed"
    assert bdb_staff.transition(pk, "accept_intake")["state"] == "under_review"

    # --- the expert pool and the draw (Art. 10) ----------------------------------------------
    organisations = {o["name"]: o["id"] for o in bdb_staff.get("organisations/")["results"]}
    for name, organisation, login in (
        ("王教授", "菏泽市教育局", "expert"),
        ("赵主任", "菏泽市卫生健康委员会", "health_expert"),
    ):
        added = bdb_staff.post(
            "review-experts/",
            {
                "name": name,
                "organisation": organisations[organisation],
                "expertise": "软件工程、智能交通",
                "user": login,
            },
        )
        assert added["user"] == login
    draw = bdb_staff.post(f"projects/{pk}/review/draws/", {"count": 2, "seed": "20261127"})
    assert len(draw["result"]) == 2 and draw["check"]["ok"] is True
    assert draw["exclusions"] == []

    # --- the two experts score; the first cuts one server ------------------------------------
    tasks = {}
    for login in ("expert", "health_expert"):
        mine = api(login).get("review-assignments/")
        assert [task["project"]["id"] for task in mine] == [pk]
        tasks[login] = mine[0]["id"]
    # An expert cannot score a review that is not theirs: it is not even there for them.
    api("health_expert").post(f"review-assignments/{tasks['expert']}/submit/", {}, 404)
    api("expert").post(
        f"review-assignments/{tasks['expert']}/submit/",
        {
            "necessity_score": 92,
            "necessity_comment": "主城区拥堵突出，建设必要",
            "feasibility_score": 85,
            "feasibility_comment": "技术成熟",
            "budget_score": 75,
            "budget_comment": "服务器数量偏多",
            "recommended_amount": str(REQUESTED - CUT),
            "cuts": [
                {"budget_line": servers["id"], "cut_amount": str(CUT), "reason": "可利用政务云"}
            ],
        },
        200,
    )
    api("health_expert").post(
        f"review-assignments/{tasks['health_expert']}/submit/",
        {
            "necessity_score": 88,
            "necessity_comment": "必要",
            "feasibility_score": 90,
            "feasibility_comment": "可行",
            "budget_score": 86,
            "budget_comment": "基本合理",
            "recommended_amount": str(REQUESTED),
        },
        200,
    )
    review = bdb_staff.get(f"projects/{pk}/review/")
    means = {d["code"]: d["mean"] for d in review["summary"]}
    assert means["necessity_score"] == "90.00"
    assert all(a["submitted_at"] for a in review["assignments"])

    # --- the opinion: drafted with the carried-over cut, approved, numbered ------------------
    proposals = {p["budget_line"]: p for p in bdb_staff.get(f"projects/{pk}/review/opinion/")}
    assert Decimal(proposals[servers["id"]]["cut"]) == CUT / 2
    opinion = bdb_staff.post(f"projects/{pk}/review/opinion/", {"conditions": "按核定预算实施"})
    assert Decimal(opinion["approved_amount"]) == APPROVED
    approved = bdb_leader.transition(pk, "approve")
    assert approved["state"] == "approved"

    final = staff.get(f"projects/{pk}/")
    assert final["state"] == "approved" and final["state_label"] == "已批复"
    assert re.fullmatch(rf"菏大数审〔{year}〕\d+号", final["opinion_number"])
    assert final["opinion_date"] == shanghai_today()
    assert Decimal(final["requested_amount"]) == REQUESTED
    assert Decimal(final["approved_amount"]) == APPROVED
