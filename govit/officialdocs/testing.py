"""Test helpers: a world project with each kind of source, and readers of the generated files.

``opinion_source(world)``: the police project approved (signed opinion 菏大数审〔YYYY〕1号,
1,540,000 yuan) and in procurement.  ``filed_contract``, ``acceptance_filing``,
``registration``, ``supervision_order`` and ``incident_order`` bring a project to the point
where a filing receipt or a rectification notice can be issued, through the real services.
``docx_text`` and ``pdf_text`` read a generated file back; ``cjk_font_available`` says whether
the PDF can be set in Noto Serif CJK (tests skip without it, and fail under CI).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from govit.projects.models import Project
from govit.projects.services import project_transition

from .models import OfficialDocument
from .sources import SourceRef


def cjk_font_available() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(
        ["fc-list", ":lang=zh", "family"],  # noqa: S607 — fontconfig's tool, found on PATH
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return "Noto Serif CJK SC" in listing


def require_cjk_font() -> None:
    """Skip without the PDF font (``fonts-noto-cjk``) — except under CI, where it must be."""
    if cjk_font_available():
        return
    message = (
        "未安装 Noto Serif CJK SC（fonts-noto-cjk），无法生成带中文字体的 PDF："
        "运行 bin/system-packages / Noto Serif CJK SC is missing (install fonts-noto-cjk)"
    )
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(message)
    pytest.skip(message)


# --- reading the files back ---------------------------------------------------------------
def stored_bytes(relative_path: str) -> bytes:
    return (Path(settings.MEDIA_ROOT) / relative_path).read_bytes()


def docx_text(document: OfficialDocument) -> str:
    """Every paragraph and table cell of the Word file, one a line."""
    import docx

    word = docx.Document(io.BytesIO(stored_bytes(document.docx_path)))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(lines)


def pdf_text(document: OfficialDocument) -> str:
    """The text of every page of the PDF, whitespace removed (lines wrap anywhere)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(stored_bytes(document.pdf_path)))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- sources --------------------------------------------------------------------------------
def opinion_source(world: Any, key: str = "police") -> tuple[Project, SourceRef]:
    """Approved with a signed opinion and in procurement."""
    from govit.reviews.models import ApprovalOpinion

    project = world.in_procurement(key)
    opinion = ApprovalOpinion.objects.get(project=project, state=ApprovalOpinion.State.SIGNED)
    return project, SourceRef("opinion", opinion.pk)


def filed_contract(
    world: Any,
    key: str = "police",
    *,
    amount: str = "1234567.00",
    number: str = "HT-2026-001",
    already_in_procurement: bool = False,
) -> tuple[Project, SourceRef]:
    """In procurement, a construction contract (1,234,567 yuan) recorded and filed today."""
    from govit.contracts import services
    from govit.contracts.testing import record_contract

    project = world.project(key) if already_in_procurement else world.in_procurement(key)
    contract = record_contract(
        world, project, by=world.staff_of(project), amount=amount, number=number
    )
    services.contract_file(
        contract=contract, filed_on=timezone.localdate(), by=world.staff_of(project)
    )
    return world.project(key), SourceRef("contract", contract.pk)


def acceptance_filing(world: Any, key: str = "police") -> tuple[Project, SourceRef]:
    """Completed ten days ago, accepted today, the acceptance report filed today."""
    from govit.acceptance import services
    from govit.acceptance.testing import accepted, completed

    today = timezone.localdate()
    project = completed(
        world, key, completed_on=today - timedelta(days=10), started_on=today - timedelta(days=200)
    )
    project = accepted(world, project, decided_on=today)
    filing = services.filing_record(
        project=project,
        filing_number="菏验备〔2026〕8号",
        filed_on=today,
        go_live_on=today,
        by=world.bdb_staff,
    )
    return world.project(key), SourceRef("acceptance_filing", filing.pk)


def registration(
    world: Any, key: str = "education", *, upper_level: str = ""
) -> tuple[Project, SourceRef]:
    """A 备案类 project (or, with ``upper_level``, a provincial/national one) registered by BDB."""
    from govit.reviews.models import IntakeRound

    project = world.project(key)
    Project.objects.filter(pk=project.pk).update(procedure="filing", upper_level=upper_level)
    project = world.ready_to_submit(key)
    staff = world.staff_of(project)
    leader = world.persona(f"{key}_leader")
    if upper_level:
        project = project_transition(project=project, transition="request_consent", by=staff)
        project = project_transition(project=project, transition="consent", by=world.bdb_leader)
    project = project_transition(project=project, transition="submit", by=staff)
    project = project_transition(project=project, transition="sign_off", by=leader)
    project_transition(project=project, transition="register", by=world.bdb_staff)
    intake = IntakeRound.objects.filter(project=project).order_by("-round_no")[0]
    return world.project(key), SourceRef("registration", intake.pk)


def supervision_order(world: Any, key: str = "police") -> tuple[Project, SourceRef]:
    """In construction; an approved inspection's finding (Art. 16) and its rectification order."""
    from govit.supervision.testing import in_construction, issued_order

    project = in_construction(world, key)
    order = issued_order(world, project)
    return world.project(key), SourceRef("supervision_order", order.pk)


def incident_order(world: Any, key: str = "police") -> tuple[Project, SourceRef]:
    """In construction; the unit reports a severe delay and the BDB leader orders rectification."""
    from govit.construction import services
    from govit.construction.testing import in_construction

    project = in_construction(world, key)
    incident = services.incident_report(
        project=project,
        kind="severe_delay",
        description="数据汇聚模块进度滞后三个月",
        by=world.staff_of(project),
    )
    services.incident_decide(
        incident=incident,
        decision=services.RECTIFICATION,
        reason="进度严重滞后，影响年度目标",
        deadline=(timezone.localdate() + timedelta(days=30)).isoformat(),
        requirements="制定赶工计划并增加开发人员",
        by=world.bdb_leader,
    )
    return world.project(key), SourceRef("incident", incident.pk)
