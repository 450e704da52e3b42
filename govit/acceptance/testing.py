"""Test helpers: a world project brought into construction, and the steps of acceptance.

``in_construction(world, "police", started_on=…)`` approves the project and starts procurement
through the real services, then puts it in construction with a queryset update: the
start_construction transition's guard belongs to the contracts app (a contract on record),
which these tests do not need.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from govit.accounts.models import User
from govit.applications.testing import pdf_bytes
from govit.projects.models import Project, SecrecyStatus

from . import services
from .models import AcceptanceApplication, Conclusion, CryptoResult, MlpsResult

STARTED_ON = date(2025, 3, 1)


def pdf(name: str = "报告.pdf", text: str = "GovIT") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def in_construction(world: Any, key: str = "police", *, started_on: date = STARTED_ON) -> Project:
    """Project ``key`` approved, in procurement, then in construction since ``started_on``."""
    project = world.in_procurement(key)
    Project.objects.filter(pk=project.pk).update(
        state="in_construction", construction_started_on=started_on
    )
    return Project.objects.with_owner().get(pk=project.pk)


def owner_staff(world: Any, project: Project) -> User:
    return world.staff_of(project)


def fresh(project: Project) -> Project:
    return Project.objects.with_owner().get(pk=project.pk)


def completed(
    world: Any,
    key: str = "police",
    *,
    completed_on: date,
    started_on: date = STARTED_ON,
) -> Project:
    """In construction, then completion recorded on ``completed_on`` (today must be later)."""
    project = in_construction(world, key, started_on=started_on)
    services.completion_record(
        project=project, completed_on=completed_on, by=owner_staff(world, project)
    )
    return fresh(project)


def report_input(
    project: Project, name: str, filename: str, number: str, dated: date | None = None
) -> dict[str, Any]:
    """Report ``name`` as ``project`` gives it: a PDF, or — a classified candidate (Art. 4) —
    its number and date (today unless given)."""
    from django.utils import timezone

    if fresh(project).metadata_only:
        return {f"{name}_number": number, f"{name}_date": dated or timezone.localdate()}
    return {name: pdf(filename, filename)}


def classified(project: Project) -> Project:
    """``project`` made a classified candidate, the Secrecy bureau not having decided yet:
    ``metadata_only`` (Art. 4)."""
    Project.objects.filter(pk=project.pk).update(
        is_classified_candidate=True, secrecy_status=SecrecyStatus.PENDING
    )
    return fresh(project)


def applied(world: Any, project: Project) -> AcceptanceApplication:
    """The unit applies for acceptance with both reports (numbers and dates if classified)."""
    return services.acceptance_apply(
        project=fresh(project),
        **report_input(project, "acceptance_report", "验收报告.pdf", "菏公验〔2025〕1号"),
        **report_input(project, "test_report", "测试报告.pdf", "菏公测〔2025〕2号"),
        by=owner_staff(world, project),
    )


def add_mlps(
    world: Any,
    project: Project,
    *,
    conclusion: str = Conclusion.CONFORMS,
    assessed_on: date | None = None,
    level: int = 3,
) -> MlpsResult:
    from django.utils import timezone

    return services.mlps_result_add(
        project=fresh(project),
        level=level,
        assessed_on=assessed_on or timezone.localdate(),
        conclusion=conclusion,
        **report_input(project, "report", "等保测评报告.pdf", "等保测〔2025〕3号"),
        by=owner_staff(world, project),
    )


def add_crypto(
    world: Any,
    project: Project,
    *,
    conclusion: str = Conclusion.CONFORMS,
    evaluated_on: date | None = None,
) -> CryptoResult:
    from django.utils import timezone

    return services.crypto_result_add(
        project=fresh(project),
        evaluated_on=evaluated_on or timezone.localdate(),
        conclusion=conclusion,
        **report_input(project, "report", "密评报告.pdf", "密评〔2025〕4号"),
        by=owner_staff(world, project),
    )


def accepted(world: Any, project: Project, *, decided_on: date | None = None) -> Project:
    """Applied with both results and passed by BDB staff."""
    from django.utils import timezone

    applied(world, project)
    add_mlps(world, project)
    add_crypto(world, project)
    services.acceptance_decide(
        project=fresh(project),
        passed=True,
        decided_on=decided_on or timezone.localdate(),
        opinion="同意通过验收",
        by=world.bdb_staff,
    )
    return fresh(project)
