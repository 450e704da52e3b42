"""Who may reach each contract page and endpoint: an allowed and a refused persona per URL.

The world here: the police project (市公安局) approved and in procurement with its
construction contract recorded, not yet filed.  ``expert`` was drawn to review the project,
so it sees the project but not its contracts (403); 曹县's BDB does not see it at all (404).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from govit.applications.testing import pdf_bytes, upload
from govit.contracts.testing import SUPPLIER_USCC, in_procurement, record_contract
from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.testing.world import World


def police(w: Any) -> list[Any]:
    return [w.contracts_project.pk]


def contract(w: Any) -> list[Any]:
    return [w.contract.pk]


def record_form(w: Any) -> dict[str, Any]:
    return {
        "contract-kind": "supervision",
        "contract-number": "JL-2026-001",
        "contract-title": "监理服务合同",
        "contract-supplier_name": "菏泽某工程监理有限公司",
        "contract-supplier_uscc": SUPPLIER_USCC,
        "contract-amount": "30000",
        "contract-procurement_method": "competitive_consultation",
        "contract-signed_on": timezone.localdate().isoformat(),
        "contract-signed_copy": upload("监理合同.pdf", pdf_bytes("supervision")),
    }


def record_body(w: Any) -> dict[str, Any]:
    return {key.removeprefix("contract-"): value for key, value in record_form(w).items()}


def today(w: Any) -> dict[str, Any]:
    return {"filed_on": timezone.localdate().isoformat()}


ACCESS_CASES = [
    # pages
    Access("contracts:project", args=police, allowed="police_staff", refused="caoxian_bdb_staff"),
    Access(
        "contracts:project",
        args=police,
        allowed="finance",
        refused="expert",
        refused_status=(403,),
    ),
    Access(
        "contracts:project",
        args=police,
        allowed="police_leader",
        refused=ANONYMOUS,
        refused_status=(302,),
    ),
    Access(
        "contracts:project",
        args=police,
        method="post",
        data=record_form,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access("contracts:detail", args=contract, allowed="auditor", refused="caoxian_bdb_staff"),
    Access(
        "contracts:detail",
        args=contract,
        allowed="bdb_leader",
        refused="expert",
        refused_status=(403,),
    ),
    Access(
        "contracts:file",
        args=contract,
        method="post",
        data=lambda w: {"filing-filed_on": timezone.localdate().isoformat()},
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "contracts:file",
        args=contract,
        method="post",
        data=lambda w: {"filing-filed_on": timezone.localdate().isoformat()},
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(302,),
    ),
    Access("contracts:list", allowed="bdb_staff", refused="police_staff", refused_status=(403,)),
    Access(
        "contracts:list",
        allowed="finance",
        refused="caoxian_bdb_staff",
        refused_status=(200,),
        shows=lambda w: w.contract.number,
    ),
    # API
    Access(
        "api:contracts-project", args=police, allowed="police_staff", refused="caoxian_bdb_staff"
    ),
    Access(
        "api:contracts-project",
        args=police,
        allowed="auditor",
        refused="expert",
        refused_status=(403,),
    ),
    # Multipart (the signed copy is a file): sent as a form, not as JSON.
    Access(
        "api:contracts-project",
        args=police,
        method="post",
        data=record_body,
        allowed="police_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access("api:contracts-detail", args=contract, allowed="finance", refused="education_staff"),
    Access(
        "api:contracts-detail",
        args=contract,
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(401, 403),
    ),
    Access(
        "api:contracts-file",
        args=contract,
        method="post",
        api=True,
        data=today,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "api:contracts-register",
        allowed="bdb_leader",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "api:contracts-register",
        allowed="auditor",
        refused="caoxian_bdb_staff",
        refused_status=(200,),
        shows=lambda w: w.contract.number,
    ),
]


@pytest.fixture
def access_world(world: World) -> Any:
    project = in_procurement(world)
    world.contracts_project = project  # type: ignore[attr-defined]
    world.contract = record_contract(world, project)  # type: ignore[attr-defined]
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: Any) -> None:
    check_access(case, access_world)
