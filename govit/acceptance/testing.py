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
from govit.projects.models import Project

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


def applied(world: Any, project: Project) -> AcceptanceApplication:
    """The unit applies for acceptance with both reports."""
    return services.acceptance_apply(
        project=fresh(project),
        acceptance_report=pdf("验收报告.pdf", "acceptance"),
        test_report=pdf("测试报告.pdf", "tests"),
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
        report=pdf("等保测评报告.pdf", "mlps"),
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
        report=pdf("密评报告.pdf", "crypto"),
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
