"""The demo's compliance picture after the projects are loaded (issue 5, Art. 16–35).

``load_compliance(today)`` runs once per load, after ``loader.load_projects``; running it again
the same day changes nothing:

- ``obligations.services.mark_overdue(today)``: the open obligations of the sample projects past
  their due date become overdue, as the nightly scan would have marked them;
- a BDB leader of the jurisdiction waives one overdue obligation in twenty (at least one of
  菏泽市公安局, the showcase owner) with a reason (``obligation_waive``);
- one showcase project in construction gets an approved inspection with a finding (Art. 16), a
  rectification order whose answer BDB rejects, and a 通报批评 decided on that basis (Art. 35);
- one showcase project in operation registers a running system that is not connected to the
  exchange platform: the systems scan opens its sharing retrofit obligation (Art. 29) and the
  project's construction and O&M funds are blocked (Art. 30).

The sanction and the system are written with the services themselves (a handful of rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from govit.accounts.models import User
from govit.applications.models import DocumentKind
from govit.audit.models import Event
from govit.obligations.models import Obligation, ObligationState
from govit.obligations.services import mark_overdue, obligation_waive
from govit.projects.models import Project
from govit.supervision import services as supervision
from govit.supervision.models import Inspection, SanctionKind
from govit.systems import scan as systems_scan
from govit.systems import services as systems
from govit.systems.models import InformationSystem, SystemStatus

from .actors import Actors, load_actors
from .data import DEMO_REASON
from .names import SHOWCASE_OWNER
from .pdf import TEXTS, pdf_bytes
from .stories import CREATE_ACTION

WAIVE_ONE_IN = 20
WAIVE_REASON = "演示数据：经核实，该事项因机构职能调整由其他单位承接办理，予以豁免"
INSPECTION_TITLE = "演示：政务信息化项目合同备案专项检查"
FINDING_RULE = "签订正式采购合同 5 个工作日内报市大数据局备案"
FINDING_TEXT = "采购合同签订后逾期备案，且未建立合同管理台账"
ORDER_REQUIREMENTS = "补办合同备案手续，建立合同管理台账，并报送整改情况说明"
ANSWER_NOTE = "已补办合同备案，合同管理台账正在建立中"
REJECT_REASON = "合同管理台账未建立，整改后仍不符合要求"
SANCTION_REASON = "整改后仍不符合要求，依据第三十五条予以通报批评"
SYSTEM_NAME = "演示：警务视频共享应用系统"
SANCTION_STATES = ("in_construction", "rectifying")
SYSTEM_STATES = ("in_operation",)


@dataclass(frozen=True)
class ComplianceResult:
    overdue_marked: int
    waived: int
    sanction_created: bool
    system_created: bool


def load_compliance(today: date | None = None) -> ComplianceResult:
    """Overdue marks, waivers, the showcase sanction and non-sharing system (idempotent)."""
    today = today or timezone.localdate()
    actors = load_actors()
    demo_ids = _demo_project_ids()
    showcase = [project for project in _showcase_projects() if project.pk in demo_ids]
    # The services first: what they open is then marked like every other obligation.
    sanction = _sanction(actors, showcase, today)
    system = _non_sharing_system(actors, showcase, today)
    marked = mark_overdue(today)
    waived = _waive(actors, showcase, demo_ids)
    return ComplianceResult(marked, waived, sanction, system)


def _demo_project_ids() -> set[int]:
    """The demo's projects (``loader.count_demo_projects``): waivers never touch others."""
    return {
        int(pk)
        for pk in Event.objects.filter(
            action=CREATE_ACTION,
            reason=DEMO_REASON,
            actor__isnull=True,
            object_type=Project._meta.label_lower,
        ).values_list("object_id", flat=True)
    }


def _showcase_projects() -> list[Project]:
    place, department = SHOWCASE_OWNER
    return list(
        Project.objects.with_owner()
        .filter(organisation__jurisdiction__code=place, organisation__code=department)
        .order_by("id")
    )


def _leader(actors: Actors, jurisdiction_id: int) -> User | None:
    leaders = actors.bdb_leaders.get(jurisdiction_id, [])
    return leaders[0] if leaders else None


def _waive(actors: Actors, showcase: list[Project], demo_ids: set[int]) -> int:
    """One overdue obligation in twenty waived (spread over the due dates), at least one of
    the showcase owner; those the demo waived before count, so a re-run the same day adds
    none."""
    overdue = [
        obligation
        for obligation in Obligation.objects.filter(
            state=ObligationState.OVERDUE, project__isnull=False
        )
        .order_by("due_on", "id")
        .only("pk", "project_id", "jurisdiction_id")
        if obligation.project_id in demo_ids
    ]
    done = list(
        Obligation.objects.filter(
            state=ObligationState.WAIVED, waived_reason=WAIVE_REASON
        ).values_list("project_id", flat=True)
    )
    if not overdue:
        return 0
    showcase_ids = {project.pk for project in showcase}
    chosen: list[Obligation] = []
    if not showcase_ids.intersection(done):
        chosen += [o for o in overdue if o.project_id in showcase_ids][:1]
    missing = max(1, (len(overdue) + len(done)) // WAIVE_ONE_IN) - len(done) - len(chosen)
    if missing > 0:
        spare = [o for o in overdue if o not in chosen]
        chosen += spare[:: max(1, len(spare) // missing)][:missing]
    count = 0
    for obligation in chosen:
        leader = _leader(actors, obligation.jurisdiction_id)
        if leader is None:
            continue
        obligation_waive(obligation=obligation, reason=WAIVE_REASON, by=leader)
        count += 1
    return count


def _sanction(actors: Actors, showcase: list[Project], today: date) -> bool:
    """An approved inspection, a failed rectification order and a 通报批评 (Art. 35)."""
    if Inspection.objects.filter(title=INSPECTION_TITLE).exists():
        return False
    project = next((p for p in showcase if p.state in SANCTION_STATES), None)
    if project is None:
        return False
    staff = actors.bdb_staff.get(project.jurisdiction_id)
    leader = _leader(actors, project.jurisdiction_id)
    unit = actors.unit_staff.get(project.organisation_id)
    if staff is None or leader is None or unit is None:
        return False
    with transaction.atomic():
        inspection = supervision.inspection_plan(
            title=INSPECTION_TITLE,
            planned_on=today.isoformat(),
            projects=[project.pk],
            by=staff,
        )
        finding = supervision.finding_record(
            inspection=inspection,
            project=project,
            article=16,
            rule_text=FINDING_RULE,
            description=FINDING_TEXT,
            by=staff,
        )
        supervision.inspection_approve(
            inspection=inspection, note="同意，按程序下达整改通知", by=leader
        )
        order = supervision.order_issue(
            finding=finding,
            requirements=ORDER_REQUIREMENTS,
            deadline=(today + timedelta(days=30)).isoformat(),
            by=staff,
        )
        if project.metadata_only:
            evidence = {
                "evidence_number": "公安整改〔演示〕1号",
                "evidence_date": today.isoformat(),
            }
            order = supervision.order_answer(order=order, note=ANSWER_NOTE, by=unit, **evidence)
        else:
            upload = SimpleUploadedFile(
                "整改情况说明.pdf",
                pdf_bytes(TEXTS[DocumentKind.INCIDENT_EVIDENCE]),
                "application/pdf",
            )
            order = supervision.order_answer(
                order=order, note=ANSWER_NOTE, evidence=upload, by=unit
            )
        supervision.order_decide(order=order, decision="reject", reason=REJECT_REASON, by=staff)
        supervision.sanction_decide(
            project=project, kind=SanctionKind.PUBLIC_CRITICISM, reason=SANCTION_REASON, by=leader
        )
    return True


def _non_sharing_system(actors: Actors, showcase: list[Project], today: date) -> bool:
    """A running system without exchange-platform connection (Art. 29, 30)."""
    if InformationSystem.objects.filter(name=SYSTEM_NAME).exists():
        systems_scan.open_obligations(today)  # idempotent by key
        return False
    project = next((p for p in showcase if p.state in SYSTEM_STATES and p.go_live_on), None)
    if project is None:
        return False
    unit = actors.unit_staff.get(project.organisation_id)
    if unit is None or project.go_live_on is None:
        return False
    with transaction.atomic():
        systems.system_register(
            project=project,
            name=SYSTEM_NAME,
            by=unit,
            status=SystemStatus.RUNNING,
            running_since=project.go_live_on.isoformat(),
            on_cloud=True,
            exchange_connected=False,
            mlps_level=2,
        )
        systems_scan.open_obligations(today)
    return True
