"""The contract endpoints: the same services as the pages, JSON errors naming the field or
citing the article."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govit.applications.testing import pdf_bytes, upload
from govit.contracts.models import Contract
from govit.contracts.testing import SUPPLIER_USCC, in_procurement, record_contract
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import moment


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(project: Project, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "construction",
        "number": "HT-2026-001",
        "title": "智慧公安大数据平台建设合同",
        "supplier_name": "山东某信息技术有限公司",
        "supplier_uscc": SUPPLIER_USCC,
        "amount": "1000000.00",
        "procurement_method": "open_tender",
        "signed_on": timezone.localdate().isoformat(),
        "budget_lines": [line.pk for line in project.budget_lines.all()],
    }
    data.update(overrides)
    return data


def contracts_url(project: Project) -> str:
    return reverse("api:contracts-project", args=[project.pk])


def test_the_unit_records_a_contract_with_its_copy_as_multipart(
    world: World, procurement: Project
) -> None:
    data = body(procurement, signed_copy=upload("建设合同.pdf", pdf_bytes("api")))
    response = client_for(world.police_staff).post(contracts_url(procurement), data)

    assert response.status_code == 201, response.content
    answer = response.json()
    contract = Contract.objects.get()
    assert answer["id"] == contract.pk
    assert answer["amount"] == "1000000.00"
    assert answer["filing_due"] == contract.filing_due.isoformat()
    assert answer["filing_due_provisional"] is False
    assert answer["filed_on"] is None and answer["days_late"] is None
    assert answer["signed_copy_url"] == reverse(
        "applications:document_download", args=[procurement.pk, contract.signed_copy_id]
    )
    assert sorted(answer["budget_lines"]) == sorted(data["budget_lines"])


def test_a_bad_social_credit_code_is_a_400_naming_the_field(
    world: World, procurement: Project
) -> None:
    response = client_for(world.police_staff).post(
        contracts_url(procurement),
        body(procurement, supplier_uscc="91350100MO00100Y43"),
        content_type="application/json",
    )

    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid" and error["field"] == "supplier_uscc"
    assert "第 10 位「O」不是有效字符" in error["detail"]
    assert "character 10" in error["detail_en"]


def test_contracts_above_the_approved_amount_are_a_409_citing_article_19(
    world: World, procurement: Project
) -> None:
    data = body(procurement, amount="1540000.01", signed_copy=upload("合同.pdf", pdf_bytes()))
    response = client_for(world.police_staff).post(contracts_url(procurement), data)

    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "rule_violation" and error["article"] == 19
    assert error["field"] == "amount"
    assert "须先提出变更申请" in error["detail"]
    assert "change request" in error["detail_en"]
    assert not Contract.objects.exists()


def test_json_without_the_copy_is_told_to_upload_it(world: World, procurement: Project) -> None:
    response = client_for(world.police_staff).post(
        contracts_url(procurement), body(procurement), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["field"] == "signed_copy"


def test_budget_lines_must_be_ids(world: World, procurement: Project) -> None:
    response = client_for(world.police_staff).post(
        contracts_url(procurement),
        body(procurement, budget_lines=["服务器"]),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "budget_lines" in response.json()["errors"]


def test_the_project_list_and_the_detail(world: World, procurement: Project) -> None:
    contract = record_contract(world, procurement)
    client = client_for(world.bdb_staff)

    listing = client.get(contracts_url(procurement)).json()
    assert [row["number"] for row in listing["results"]] == ["HT-2026-001"]
    detail = client.get(reverse("api:contracts-detail", args=[contract.pk])).json()
    assert detail["kind_label"] == "建设合同"
    assert detail["procurement_method_label"] == "公开招标"
    assert detail["recorded_by"] == str(world.police_staff)


def test_filing_late_through_the_api_answers_the_working_days_late(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        project = in_procurement(world)
        traveller.move_to(moment(2025, 9, 30))
        contract = record_contract(world, project, signed_on=date(2025, 9, 30))
        traveller.move_to(moment(2025, 10, 16))
        client = client_for(world.police_staff)
        url = reverse("api:contracts-file", args=[contract.pk])
        too_early = client.post(url, {"filed_on": "2025-09-29"}, content_type="application/json")
        filed = client.post(url, {"filed_on": "2025-10-16"}, content_type="application/json")

    assert too_early.status_code == 400
    assert too_early.json()["field"] == "filed_on"
    assert "早于合同签订日期" in too_early.json()["detail"]
    assert filed.status_code == 200
    assert filed.json()["days_late"] == 2 and filed.json()["late"] is True
    assert filed.json()["filing_due"] == "2025-10-14"


def test_the_register_filters_by_status(world: World, procurement: Project) -> None:
    open_contract = record_contract(world, procurement, number="HT-1", amount="1000")
    filed = record_contract(world, procurement, number="HT-2", amount="1000")
    from govit.contracts.services import contract_file

    contract_file(contract=filed, filed_on=timezone.localdate(), by=world.police_staff)
    client = client_for(world.auditor)

    unfiled = client.get(reverse("api:contracts-register"), {"status": "unfiled"}).json()
    everything = client.get(reverse("api:contracts-register")).json()
    assert [row["id"] for row in unfiled["results"]] == [open_contract.pk]
    assert {row["id"] for row in everything["results"]} == {open_contract.pk, filed.pk}
