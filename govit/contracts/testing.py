"""Test helpers: a world project brought to procurement, and a recorded contract.

Used by this app's tests and by later stages (funds, construction, acceptance) that need a
project with its construction contract on record.  Uploads write files: point
``settings.MEDIA_ROOT`` at a temporary directory first (the root conftest does).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from govit.applications.testing import pdf_bytes, upload
from govit.projects.models import Project
from govit.projects.services import project_transition

from . import services
from .models import Contract, ContractKind, ProcurementMethod
from .uscc import check_character

# A syntactically valid code (check character computed, not a real company's).
SUPPLIER_USCC = "91371700MA3C00000" + check_character("91371700MA3C00000")


def uscc_for(body: str) -> str:
    """A valid code from 17 characters of ``CHARSET`` (for tests that need several suppliers)."""
    return body + check_character(body)


def in_procurement(world: Any, key: str = "police") -> Project:
    """Reviewed, approved by the BDB leader and moved to procurement by the unit's staff."""
    return world.in_procurement(key)


def in_construction(world: Any, key: str = "police") -> Project:
    """In procurement, the construction contract recorded and construction started."""
    project = in_procurement(world, key)
    record_contract(world, project)
    project_transition(project=project, transition="start_construction", by=world.staff_of(project))
    return world.project(key)


def record_contract(
    world: Any,
    project: Project,
    *,
    by: Any = None,
    kind: str = ContractKind.CONSTRUCTION,
    number: str = "HT-2026-001",
    amount: Decimal | str = Decimal("1000000.00"),
    signed_on: date | None = None,
    supplier_uscc: str = SUPPLIER_USCC,
    budget_lines: list[Any] | None = None,
) -> Contract:
    """Record a signed contract of ``project`` (by its unit's staff, police by default)."""
    staff = by or world.police_staff
    lines = budget_lines if budget_lines is not None else list(project.budget_lines.all())
    return services.contract_record(
        project=project,
        kind=kind,
        number=number,
        title="智慧公安大数据平台建设合同",
        supplier_name="山东某信息技术有限公司",
        supplier_uscc=supplier_uscc,
        amount=amount,
        procurement_method=ProcurementMethod.OPEN_TENDER,
        signed_on=signed_on or timezone.localdate(),
        budget_lines=lines,
        signed_copy=None if project.metadata_only else upload(f"{number}.pdf", pdf_bytes(number)),
        copy_note="合同原件由建设单位机要室保管" if project.metadata_only else "",
        by=staff,
    )
