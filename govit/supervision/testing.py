"""Test helpers: an approved inspection with a finding, an order, a failed order (the basis of a
sanction), and a project brought into construction.

``in_procurement(world)``: the police project reviewed, approved (signed opinion, 1,540,000
yuan) and in procurement.  ``in_construction(world)`` then puts it in construction with a
queryset update (the ``start_construction`` guard belongs to the contracts app).
``approved_finding`` plans an inspection of the project (bdb_staff), records a finding citing
Art. 16 and has bdb_leader approve it; ``issued_order`` orders rectification by ``deadline``
(default: 30 days from today); ``failed_order`` answers it with a PDF and has BDB reject the
answer — 整改后仍不符合要求, the basis on which Art. 35 allows a sanction.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from govit.applications.testing import pdf_bytes
from govit.projects.models import Project

from . import services
from .models import Finding, Inspection, RectificationOrder

RULE_16 = "签订正式采购合同 5 个工作日内报市大数据局备案"


def in_procurement(world: Any, key: str = "police") -> Project:
    return world.in_procurement(key)


def in_construction(world: Any, key: str = "police") -> Project:
    project = in_procurement(world, key)
    Project.objects.filter(pk=project.pk).update(
        state="in_construction", construction_started_on=timezone.localdate()
    )
    return world.project(key)


def put_in_state(project: Project, state: str) -> Project:
    Project.objects.filter(pk=project.pk).update(state=state)
    return Project.objects.with_owner().get(pk=project.pk)


def planned_inspection(
    world: Any, project: Project, title: str = "2026年度合同备案专项检查"
) -> Inspection:
    return services.inspection_plan(
        title=title,
        planned_on=timezone.localdate().isoformat(),
        projects=[project.pk],
        by=world.persona("bdb_staff"),
    )


def approved_finding(world: Any, project: Project, *, article: int = 16) -> Finding:
    inspection = planned_inspection(world, project)
    finding = services.finding_record(
        inspection=inspection,
        project=project,
        article=article,
        rule_text=RULE_16,
        description="采购合同签订后 12 个工作日才备案",
        by=world.persona("bdb_staff"),
    )
    services.inspection_approve(inspection=inspection, note="同意", by=world.persona("bdb_leader"))
    return Finding.objects.get(pk=finding.pk)


def issued_order(
    world: Any, project: Project, *, deadline: date | None = None
) -> RectificationOrder:
    finding = approved_finding(world, project)
    return services.order_issue(
        finding=finding,
        requirements="补办合同备案并建立合同管理台账",
        deadline=(deadline or timezone.localdate() + timedelta(days=30)).isoformat(),
        by=world.persona("bdb_staff"),
    )


def evidence(name: str = "整改报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes("rectification"), content_type="application/pdf")


def answered_order(world: Any, project: Project, **kwargs: Any) -> RectificationOrder:
    order = issued_order(world, project, **kwargs)
    return services.order_answer(
        order=order, note="已补办合同备案", evidence=evidence(), by=world.staff_of(project)
    )


def failed_order(world: Any, project: Project) -> RectificationOrder:
    """Answered, and the answer rejected: the unit rectified and still fails (Art. 35)."""
    order = answered_order(world, project)
    return services.order_decide(
        order=order,
        decision=services.REJECT,
        reason="未建立合同管理台账",
        by=world.persona("bdb_staff"),
    )


def sanction(world: Any, project: Project, kind: str, reason: str = "整改不到位") -> Any:
    return services.sanction_decide(
        project=project, kind=kind, reason=reason, by=world.persona("bdb_leader")
    )
