"""The contract register as a list: search, filters, sorting, the 合同备案台账 export and its
scope, and query counts that do not grow with the rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from govit.contracts.models import Contract
from govit.contracts.testing import record_contract
from govit.core.excel import MONEY_FORMAT
from govit.core.testing.sheets import column_cells, header_and_rows
from govit.projects.models import Project
from govit.testing.world import World

LIST = reverse("contracts:list")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_contracts(world: World, project: Project, count: int, *, start: int = 0) -> None:
    """``count`` filed service contracts of ``project``, written directly (fast)."""
    signed = date(2026, 3, 2)
    Contract.objects.bulk_create(
        Contract(
            project=project,
            kind="supervision",
            number=f"JL-{index:04d}",
            title=f"监理服务合同{index}",
            supplier_name="菏泽某监理有限公司",
            supplier_uscc="91371700MA3C00001X",
            amount=Decimal("5000.00") + index,
            procurement_method="inquiry",
            signed_on=signed,
            filing_working_days=5,
            filing_due=signed + timedelta(days=7),
            filed_on=signed + timedelta(days=1),
            filed_by=world.users["police_staff"],
            days_late=0,
            recorded_by=world.users["police_staff"],
            copy_note="原件存档",
        )
        for index in range(start, start + count)
    )


def test_the_register_searches_filters_and_sorts(world: World, procurement: Project) -> None:
    record_contract(world, procurement, number="HT-2026-001", amount="1000000")
    add_contracts(world, procurement, 3)
    client = client_for(world.finance)

    by_supplier = client.get(LIST, {"q": "监理 菏泽"}).content.decode()
    by_kind = client.get(LIST, {"kind": "construction"}).content.decode()
    by_amount = client.get(LIST, {"sort": "-amount"}).content.decode()

    assert by_supplier.count('<tr data-testid="register-') == 3 and "HT-2026-001" not in by_supplier
    assert by_kind.count('<tr data-testid="register-') == 1 and "HT-2026-001" in by_kind
    assert by_amount.index("HT-2026-001") < by_amount.index("JL-0002") < by_amount.index("JL-0000")


def test_the_export_is_the_contract_ledger(world: World, procurement: Project) -> None:
    contract = record_contract(world, procurement, number="HT-2026-001", amount="1000000")

    response = client_for(world.auditor).get(LIST, {"export": "xlsx", "status": "unfiled"})

    header, rows = header_and_rows(response)
    assert header[:4] == ["项目编码", "项目", "建设单位", "合同编号"]
    assert len(rows) == 1
    row = rows[0]
    assert row["合同编号"] == "HT-2026-001" and row["类型"] == "建设合同"
    assert row["采购方式"] == "公开招标" and row["备案状态"] == "待备案"
    assert row["金额（元）"] == 1000000 and row["备案日期"] is None
    assert row["签订日期"].date() == contract.signed_on
    assert column_cells(response, "金额（元）")[0].number_format == MONEY_FORMAT


def test_a_countys_bdb_exports_none_of_the_citys_contracts(
    world: World, procurement: Project
) -> None:
    record_contract(world, procurement)
    _header, rows = header_and_rows(
        client_for(world.caoxian_bdb_staff).get(LIST, {"export": "xlsx"})
    )
    assert rows == []


# Session, user, roles (3); the capped count and the page (2); the saved filters (1); the
# session save (3).
LIST_QUERIES = 9
# Session, user, roles (3); the capped count and the rows (2); the session save (3).
EXPORT_QUERIES = 8


def test_the_register_and_its_export_cost_the_same_for_three_rows_and_thirty(
    world: World, procurement: Project, django_assert_num_queries: Any
) -> None:
    add_contracts(world, procurement, 3)
    client = client_for(world.bdb_staff)
    client.get(LIST)
    for rows in (3, 30):
        add_contracts(world, procurement, rows - Contract.objects.count(), start=3)
        with django_assert_num_queries(LIST_QUERIES):
            html = client.get(LIST).content.decode()
        with django_assert_num_queries(EXPORT_QUERIES):
            exported = header_and_rows(client.get(LIST, {"export": "xlsx"}))[1]
        assert html.count('<tr data-testid="register-') == rows and len(exported) == rows
