"""Who may reach each official document page and endpoint: an allowed and a refused persona.

The world here: the police project (市公安局) approved, in procurement, its approval opinion
generated once by BDB staff.  Reading follows the project's scope (市教育局 does not see it:
404); issuing is for the Big Data Bureau (the unit's staff get a 403).
"""

from __future__ import annotations

from typing import Any

import pytest

from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.officialdocs import testing
from govit.officialdocs.services import official_document_issue
from govit.testing.world import World


def police(w: Any) -> list[Any]:
    return [w.docs_project.pk]


def docx(w: Any) -> list[Any]:
    return [w.document.pk, "docx"]


def pdf(w: Any) -> list[Any]:
    return [w.document.pk, "pdf"]


def regenerate(w: Any) -> dict[str, Any]:
    return {"kind": "approval_opinion", "source": str(w.source)}


ACCESS_CASES = [
    # pages
    Access("officialdocs:list", args=police, allowed="police_staff", refused="education_staff"),
    Access(
        "officialdocs:list",
        args=police,
        allowed="bdb_leader",
        refused=ANONYMOUS,
        refused_status=(302,),
    ),
    Access(
        "officialdocs:issue",
        args=police,
        method="post",
        data=regenerate,
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "officialdocs:issue",
        args=police,
        method="post",
        data=regenerate,
        allowed="bdb_leader",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    Access("officialdocs:download", args=docx, allowed="police_staff", refused="education_staff"),
    Access("officialdocs:download", args=pdf, allowed="auditor", refused="caoxian_bdb_staff"),
    # API
    Access("api:officialdocs-project", args=police, allowed="finance", refused="education_staff"),
    Access(
        "api:officialdocs-project",
        args=police,
        method="post",
        api=True,
        data=regenerate,
        allowed="bdb_staff",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:officialdocs-issuable",
        args=police,
        allowed="bdb_leader",
        refused="police_staff",
        refused_status=(403,),
    ),
    Access(
        "api:officialdocs-download", args=pdf, allowed="police_staff", refused="education_staff"
    ),
]


@pytest.fixture
def access_world(world: World) -> Any:
    project, source = testing.opinion_source(world)
    world.docs_project = project  # type: ignore[attr-defined]
    world.source = source  # type: ignore[attr-defined]
    world.document = official_document_issue(  # type: ignore[attr-defined]
        kind="approval_opinion", source=source, by=world.bdb_staff
    )
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: Any) -> None:
    check_access(case, access_world)
