"""The contract pages: record and file on the project's page, the register for BDB, Finance
and Audit, and the section on the project page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


def field_error(response: Any, field: str) -> str:
    """The error text shown next to ``field`` (``data-field`` marks it)."""
    html = response.content.decode()
    marker = f'data-field="{field}">'
    assert marker in html, f"no error next to {field}: {html[:3000]}"
    return html.split(marker, 1)[1].split("</div>", 1)[0]


def form_data(project: Project, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "contract-kind": "construction",
        "contract-number": "HT-2026-001",
        "contract-title": "智慧公安大数据平台建设合同",
        "contract-supplier_name": "山东某信息技术有限公司",
        "contract-supplier_uscc": SUPPLIER_USCC,
        "contract-amount": "1000000",
        "contract-procurement_method": "open_tender",
        "contract-signed_on": timezone.localdate().isoformat(),
        "contract-budget_lines": [line.pk for line in project.budget_lines.all()],
        "contract-signed_copy": upload("建设合同.pdf", pdf_bytes("contract")),
    }
    data.update({f"contract-{key}": value for key, value in overrides.items()})
    return data


def page(project: Project) -> str:
    return reverse("contracts:project", args=[project.pk])


# --- the project's contracts page ------------------------------------------------------------
def test_the_unit_sees_the_record_form_and_an_empty_list(
    world: World, procurement: Project
) -> None:
    response = client_for(world.police_staff).get(page(procurement))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="contract-form"' in html and 'enctype="multipart/form-data"' in html
    assert "暂无数据" in html
    assert "共 0 份合同，合同金额合计 0.00 元，批复金额 1,540,000.00 元" in html


def test_recording_on_the_page_stores_the_contract_and_says_when_to_file(
    world: World, procurement: Project
) -> None:
    client = client_for(world.police_staff)
    response = client.post(page(procurement), form_data(procurement))

    assert response.status_code == 302 and response.url == page(procurement)
    contract = Contract.objects.get()
    assert contract.signed_copy is not None
    html = client.get(page(procurement)).content.decode()
    assert (
        f"已登记合同 HT-2026-001，请于 {contract.filing_due.isoformat()} 前向市大数据局备案" in html
    )
    assert f'data-testid="unfiled-{contract.pk}"' in html
    assert f'data-testid="filing-form-{contract.pk}"' in html


def test_a_bad_social_credit_code_is_shown_next_to_its_field(
    world: World, procurement: Project
) -> None:
    response = client_for(world.police_staff).post(
        page(procurement), form_data(procurement, supplier_uscc="91350100M000100Y42")
    )

    assert response.status_code == 400
    assert "校验位不符" in field_error(response, "supplier_uscc")
    assert not Contract.objects.exists()


def test_contracts_above_the_approved_amount_are_refused_next_to_the_amount(
    world: World, procurement: Project
) -> None:
    response = client_for(world.police_staff).post(
        page(procurement), form_data(procurement, amount="2000000")
    )

    assert response.status_code == 400
    error = field_error(response, "amount")
    assert "超过批复金额 1,540,000.00 元" in error and "须先提出变更申请" in error
    assert "第十九条" in error


def test_the_signed_copy_is_asked_for_on_the_page(world: World, procurement: Project) -> None:
    data = form_data(procurement)
    del data["contract-signed_copy"]
    response = client_for(world.police_staff).post(page(procurement), data)

    assert response.status_code == 400
    assert field_error(response, "signed_copy") == "请上传签字盖章的合同文本"


def test_a_classified_candidate_gives_a_note_instead_of_a_file(
    world: World, procurement: Project
) -> None:
    Project.objects.filter(pk=procurement.pk).update(is_classified_candidate=True)
    html = client_for(world.police_staff).get(page(procurement)).content.decode()

    assert 'name="contract-copy_note"' in html
    assert 'name="contract-signed_copy"' not in html


def test_bdb_reads_the_contracts_but_records_none(world: World, procurement: Project) -> None:
    contract = record_contract(world, procurement)
    client = client_for(world.bdb_staff)

    html = client.get(page(procurement)).content.decode()
    assert contract.number in html
    assert 'data-testid="contract-form"' not in html
    assert f'data-testid="filing-form-{contract.pk}"' not in html
    assert client.post(page(procurement), form_data(procurement)).status_code == 403


def test_a_suspended_project_says_why_it_records_nothing(
    world: World, procurement: Project
) -> None:
    Project.objects.filter(pk=procurement.pk).update(state="suspended")
    html = client_for(world.police_staff).get(page(procurement)).content.decode()

    assert 'data-testid="contract-form"' not in html
    assert "项目已暂停建设，暂停期间不能登记新合同（第二十条）" in html


# --- filing -----------------------------------------------------------------------------------
def test_filing_on_the_page_marks_the_contract_filed_on_time(
    world: World, procurement: Project
) -> None:
    contract = record_contract(world, procurement)
    client = client_for(world.police_staff)
    response = client.post(
        reverse("contracts:file", args=[contract.pk]),
        {"filing-filed_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 302 and response.url == page(procurement)
    html = client.get(page(procurement)).content.decode()
    assert f'data-testid="on-time-{contract.pk}"' in html
    assert "合同 HT-2026-001 已按期备案" in html


def test_a_late_filing_shows_how_many_working_days_late(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        project = in_procurement(world)
        traveller.move_to(moment(2025, 9, 30))
        contract = record_contract(world, project, signed_on=date(2025, 9, 30))
        traveller.move_to(moment(2025, 10, 20))
        client = client_for(world.police_staff)
        before = client.get(page(project)).content.decode()
        client.post(
            reverse("contracts:file", args=[contract.pk]), {"filing-filed_on": "2025-10-15"}
        )
        after = client.get(page(project)).content.decode()

    assert f'data-testid="overdue-{contract.pk}">逾期未备案' in before
    assert f'data-testid="late-{contract.pk}">逾期 1 个工作日' in after
    assert "合同 HT-2026-001 已备案，逾期 1 个工作日" in after


def test_a_filing_date_before_the_signing_is_shown_next_to_the_date(
    world: World, procurement: Project
) -> None:
    contract = record_contract(world, procurement)
    response = client_for(world.police_staff).post(
        reverse("contracts:file", args=[contract.pk]), {"filing-filed_on": "2020-01-02"}
    )

    assert response.status_code == 400
    assert "早于合同签订日期" in field_error(response, "filed_on")
    assert 'data-testid="filing-form"' in response.content.decode()


def test_an_unreadable_filing_date_is_refused_by_the_form(
    world: World, procurement: Project
) -> None:
    contract = record_contract(world, procurement)
    response = client_for(world.police_staff).post(
        reverse("contracts:file", args=[contract.pk]), {"filing-filed_on": "昨天"}
    )

    assert response.status_code == 400
    assert field_error(response, "filed_on") == "请输入有效日期（YYYY-MM-DD）"


# --- the contract page ------------------------------------------------------------------------
def test_the_contract_page_links_the_signed_copy(world: World, procurement: Project) -> None:
    contract = record_contract(world, procurement)
    response = client_for(world.auditor).get(reverse("contracts:detail", args=[contract.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    download = reverse(
        "applications:document_download", args=[procurement.pk, contract.signed_copy_id]
    )
    assert download in html
    assert "签订后 5 个工作日内，签订当日不计，依据第十六条" in html
    assert 'data-testid="filing-form"' not in html  # Audit reads, never files


def test_a_provisional_due_date_is_marked_on_the_pages(world: World) -> None:
    with time_machine.travel(moment(2026, 12, 1), tick=False) as traveller:
        project = in_procurement(world)
        traveller.move_to(moment(2026, 12, 30))
        contract = record_contract(world, project, signed_on=date(2026, 12, 28))
        detail = client_for(world.police_staff).get(reverse("contracts:detail", args=[contract.pk]))
        listing = client_for(world.police_staff).get(page(project))

    for response in (detail, listing):
        html = response.content.decode()
        assert f'data-testid="due-{contract.pk}">2027-01-04 <span' in html
        assert 'data-testid="provisional"' in html and "暂定" in html


# --- the register (BDB, Finance, Audit) -------------------------------------------------------
def register(client: Client, status: str = "") -> str:
    url = reverse("contracts:list") + (f"?status={status}" if status else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_register_filters_unfiled_and_late_contracts(world: World) -> None:
    with time_machine.travel(moment(2025, 9, 1), tick=False) as traveller:
        project = in_procurement(world)
        traveller.move_to(moment(2025, 9, 30))
        late = record_contract(world, project, number="HT-LATE", signed_on=date(2025, 9, 30))
        unfiled = record_contract(
            world, project, number="HT-OPEN", amount="1000", signed_on=date(2025, 9, 30)
        )
        on_time = record_contract(
            world, project, number="HT-OK", amount="1000", signed_on=date(2025, 9, 30)
        )
        traveller.move_to(moment(2025, 10, 15))
        from govit.contracts.services import contract_file

        contract_file(contract=late, filed_on=date(2025, 10, 15), by=world.police_staff)
        contract_file(contract=on_time, filed_on=date(2025, 10, 14), by=world.police_staff)
        client = client_for(world.finance)
        everything = register(client)
        unfiled_only = register(client, "unfiled")
        late_only = register(client, "late")

    assert all(f"register-{c.pk}" in everything for c in (late, unfiled, on_time))
    assert f"register-{unfiled.pk}" in unfiled_only
    assert (
        f"register-{late.pk}" not in unfiled_only and f"register-{on_time.pk}" not in unfiled_only
    )
    # Late: filed late, and unfiled past its due date (10-14).
    assert f"register-{late.pk}" in late_only and f"register-{unfiled.pk}" in late_only
    assert f"register-{on_time.pk}" not in late_only


def test_the_register_shows_only_the_own_jurisdiction(world: World, procurement: Project) -> None:
    contract = record_contract(world, procurement)
    html = register(client_for(world.caoxian_bdb_staff))

    assert f"register-{contract.pk}" not in html and "暂无数据" in html


def test_a_unit_has_no_register(world: World) -> None:
    response = client_for(world.police_staff).get(reverse("contracts:list"))
    assert response.status_code == 403


def test_the_register_query_count_does_not_grow_with_its_rows(
    world: World, procurement: Project
) -> None:
    for index in range(2):
        record_contract(world, procurement, number=f"HT-{index}", amount="1000")
    client = client_for(world.bdb_staff)
    url = reverse("contracts:list")
    client.get(url)  # warm the session and caches

    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for index in range(2, 7):
        record_contract(world, procurement, number=f"HT-{index}", amount="1000")
    with CaptureQueriesContext(connection) as seven:
        response = client.get(url)

    assert response.content.decode().count('<tr data-testid="register-') == 7
    assert len(seven) == len(two)


def test_the_register_page_query_count_is_pinned(
    world: World, procurement: Project, django_assert_num_queries: Any
) -> None:
    # Session, user, roles; count (capped) and page of contracts (projects and organisations
    # joined); the user's saved filters; the session save (savepoint, update, release).
    for index in range(5):
        record_contract(world, procurement, number=f"HT-{index}", amount="1000")
    client = client_for(world.bdb_staff)
    client.get(reverse("contracts:list"))
    with django_assert_num_queries(9):
        client.get(reverse("contracts:list"))


def test_the_project_contracts_page_query_count_does_not_grow_with_its_rows(
    world: World, procurement: Project
) -> None:
    record_contract(world, procurement, number="HT-0", amount="1000")
    client = client_for(world.police_staff)
    client.get(page(procurement))
    with CaptureQueriesContext(connection) as one:
        client.get(page(procurement))
    for index in range(1, 6):
        record_contract(world, procurement, number=f"HT-{index}", amount="1000")
    with CaptureQueriesContext(connection) as six:
        client.get(page(procurement))

    assert len(six) == len(one)


@pytest.mark.parametrize("status", ["bogus", "all"])
def test_an_unknown_filter_shows_everything(
    world: World, procurement: Project, status: str
) -> None:
    contract = record_contract(world, procurement)
    assert f"register-{contract.pk}" in register(client_for(world.auditor), status)


# --- the project page -------------------------------------------------------------------------
def test_the_project_page_shows_contracts_against_the_approved_amount(
    world: World, procurement: Project
) -> None:
    record_contract(world, procurement, amount="1000000")
    for persona in ("police_staff", "finance"):
        html = (
            client_for(world.persona(persona))
            .get(reverse("projects:detail", args=[procurement.pk]))
            .content.decode()
        )
        assert 'data-testid="contracts-panel"' in html
        assert "合同金额合计 1,000,000.00 元 / 批复金额 1,540,000.00 元" in html
        assert "待备案 1 份，逾期 0 份" in html


def test_the_project_page_has_no_contracts_section_for_an_expert_or_before_procurement(
    world: World, procurement: Project
) -> None:
    expert_view = (
        client_for(world.expert)
        .get(reverse("projects:detail", args=[procurement.pk]))
        .content.decode()
    )
    draft_view = (
        client_for(world.education_staff)
        .get(reverse("projects:detail", args=[world.projects["education"].pk]))
        .content.decode()
    )
    assert 'data-testid="contracts-panel"' not in expert_view
    assert 'data-testid="contracts-panel"' not in draft_view
