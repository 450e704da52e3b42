"""A test world with known money, deadlines and sanctions, for the dashboards.

Rows are written directly (the stage apps' own tests cover the services that normally write
them): the dashboards only read, and known amounts make the expected numbers obvious.

The city (菏泽市):
- police (公安局, year 2025, 建设中 since 2025-03-01): requested 1,000,000, approved 800,000; a contract of
  600,000; batch 1 released 250,000 today, batch 2 of 100,000 confirmed (waiting for Finance);
  progress reports spending 100,000 then 180,000 (the latest counts); an overdue contract
  filing (Art. 16) and an open acceptance application (Art. 23); a public criticism in force
  and a lifted fund suspension.
- education (教育局, year 2026, 评审中): requested 500,000 — waiting for BDB.
曹县 (the county):
- caoxian (曹县公安局, year 2025, 已批复): requested and approved 300,000; batch 1 released
  70,000 today, batch 2 of 30,000 confirmed; an overdue contract filing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

from django.utils import timezone

from govit.accounts.models import User
from govit.construction.models import Colour, ProgressReport
from govit.contracts.models import Contract, ContractKind, ProcurementMethod
from govit.funds.models import BatchState, FundBatch, FundKind
from govit.obligations.models import Obligation, ObligationKind, ObligationState
from govit.projects.models import Project
from govit.supervision.models import Sanction, SanctionKind
from govit.testing.world import World


@dataclass
class Ledger:
    world: World
    today: date
    police: Project
    education: Project
    caoxian: Project
    pending_police: FundBatch
    pending_caoxian: FundBatch


def set_project(project: Project, **fields: object) -> Project:
    Project.objects.filter(pk=project.pk).update(**fields)
    return Project.objects.with_owner().get(pk=project.pk)


def add_contract(project: Project, amount: str, *, by: User, number: str = "HT-1") -> Contract:
    signed = timezone.localdate() - timedelta(days=30)
    return Contract.objects.create(
        project=project,
        kind=ContractKind.CONSTRUCTION,
        number=number,
        title=f"{project.name}建设合同",
        supplier_name="山东某科技有限公司",
        supplier_uscc="91370000MA3C000000",
        amount=Decimal(amount),
        procurement_method=ProcurementMethod.OPEN_TENDER,
        signed_on=signed,
        filing_working_days=10,
        filing_due=signed + timedelta(days=14),
        copy_note="合同原件存档于建设单位",
        recorded_by=by,
    )


def add_batch(
    project: Project,
    number: int,
    amount: str,
    state: str,
    *,
    by: User,
    released_on: date | None = None,
) -> FundBatch:
    return FundBatch.objects.create(
        project=project,
        number=number,
        kind=FundKind.CONSTRUCTION,
        stage=f"第{number}期",
        amount=Decimal(amount),
        state=state,
        progress_note="按计划推进",
        requested_by=by,
        released_on=released_on,
        reference=f"BF-{project.pk}-{number}" if state == BatchState.RELEASED else "",
    )


def add_report(project: Project, day: date, spent: str, *, by: User) -> ProgressReport:
    return ProgressReport.objects.create(
        project=project,
        report_date=day,
        percent_complete=Decimal("40"),
        spend_to_date=Decimal(spent),
        baseline_version=0,
        baseline_total=Decimal("800000"),
        schedule_colour=Colour.GREEN,
        cost_colour=Colour.GREEN,
        reported_by=by,
    )


def add_obligation(
    project: Project, kind: str, article: int, state: str, due_on: date, key: str
) -> Obligation:
    return Obligation.objects.create(
        kind=kind,
        key=key,
        project=project,
        responsible=project.organisation,
        jurisdiction=project.jurisdiction,
        title=f"{project.name}·{ObligationKind(kind).label}",
        article=article,
        opened_on=due_on - timedelta(days=30),
        due_on=due_on,
        state=state,
        overdue_since=due_on + timedelta(days=1) if state == ObligationState.OVERDUE else None,
    )


def build_ledger(world: World) -> Ledger:
    today = timezone.localdate()
    police_staff, caoxian_staff = world.police_staff, world.caoxian_police_staff
    police = set_project(
        world.project("police"),
        year=2025,
        state="in_construction",
        construction_started_on=date(2025, 3, 1),
        requested_amount=Decimal("1000000"),
        approved_amount=Decimal("800000"),
    )
    education = set_project(
        world.project("education"),
        year=2026,
        state="under_review",
        requested_amount=Decimal("500000"),
    )
    caoxian = set_project(
        world.project("caoxian"),
        year=2025,
        state="approved",
        requested_amount=Decimal("300000"),
        approved_amount=Decimal("300000"),
    )
    add_contract(police, "600000", by=police_staff)
    add_batch(police, 1, "250000", BatchState.RELEASED, by=police_staff, released_on=today)
    pending_police = add_batch(police, 2, "100000", BatchState.CONFIRMED, by=police_staff)
    add_batch(caoxian, 1, "70000", BatchState.RELEASED, by=caoxian_staff, released_on=today)
    pending_caoxian = add_batch(caoxian, 2, "30000", BatchState.CONFIRMED, by=caoxian_staff)
    add_report(police, today - timedelta(days=40), "100000", by=police_staff)
    add_report(police, today - timedelta(days=10), "180000", by=police_staff)
    overdue, due_soon = today - timedelta(days=5), today + timedelta(days=20)
    add_obligation(
        police, ObligationKind.CONTRACT_FILING, 16, ObligationState.OVERDUE, overdue, "t.p16"
    )
    add_obligation(
        police, ObligationKind.ACCEPTANCE_APPLICATION, 23, ObligationState.OPEN, due_soon, "t.p23"
    )
    add_obligation(
        caoxian, ObligationKind.CONTRACT_FILING, 16, ObligationState.OVERDUE, overdue, "t.c16"
    )
    bdb_leader = world.bdb_leader
    Sanction.objects.create(
        project=police,
        kind=SanctionKind.PUBLIC_CRITICISM,
        reason="合同逾期未备案",
        decided_by=bdb_leader,
        decided_on=today,
    )
    Sanction.objects.create(
        project=police,
        kind=SanctionKind.FUND_SUSPENSION,
        reason="整改不到位",
        decided_by=bdb_leader,
        decided_on=today - timedelta(days=60),
        lifted_at=timezone.now(),
        lifted_on=today - timedelta(days=30),
        lift_reason="已整改",
        lifted_by=bdb_leader,
    )
    return Ledger(world, today, police, education, caoxian, pending_police, pending_caoxian)


def grow(ledger: Ledger, projects: int) -> None:
    """More of everything: ``projects`` more projects of the police and of 曹县, each with a
    contract, a released batch, two progress reports, an overdue and an open obligation and a
    sanction in force; and more pending batches on the police project (the one Finance sees
    first: the dashboard judges the first batches of the queue, so new pending batches of
    *other* projects would only change which projects are judged, not how)."""
    world = ledger.world
    today = ledger.today
    for index in range(projects):
        for owner, staff in (
            (ledger.police, world.police_staff),
            (ledger.caoxian, world.caoxian_police_staff),
        ):
            project = Project.objects.create(
                code=f"T{owner.pk}-{index:05d}",
                name=f"{owner.name}（扩建{index}）",
                year=2024 + index % 3,
                organisation=owner.organisation,
                jurisdiction=owner.jurisdiction,
                state=("in_construction", "under_review", "in_operation")[index % 3],
                requested_amount=Decimal("100000"),
                approved_amount=Decimal("90000"),
                created_by=staff,
            )
            add_contract(project, "50000", by=staff)
            add_batch(project, 1, "40000", BatchState.RELEASED, by=staff, released_on=today)
            add_report(project, today - timedelta(days=20), "10000", by=staff)
            add_report(project, today - timedelta(days=5), "20000", by=staff)
            add_obligation(
                project,
                ObligationKind.CONTRACT_FILING,
                16,
                ObligationState.OVERDUE,
                today - timedelta(days=3),
                f"g.{project.pk}.16",
            )
            add_obligation(
                project,
                ObligationKind.SELF_EVALUATION,
                24,
                ObligationState.OPEN,
                today + timedelta(days=40),
                f"g.{project.pk}.24",
            )
            Sanction.objects.create(
                project=project,
                kind=SanctionKind.PUBLIC_CRITICISM,
                reason="逾期未备案",
                decided_by=world.bdb_leader,
                decided_on=today,
            )
    for number in range(3, 3 + projects):
        add_batch(ledger.police, number, "1000", BatchState.CONFIRMED, by=world.police_staff)


def pending_on_new_projects(ledger: Ledger, count: int) -> None:
    """A confirmed (waiting for Finance) batch on each of ``count`` new police projects."""
    staff = ledger.world.police_staff
    for index in range(count):
        project = Project.objects.create(
            code=f"P{ledger.police.pk}-{index:05d}",
            name=f"待拨付项目{index}",
            year=2025,
            organisation=ledger.police.organisation,
            jurisdiction=ledger.police.jurisdiction,
            state="in_construction",
            requested_amount=Decimal("100000"),
            created_by=staff,
        )
        add_batch(project, 1, "1000", BatchState.CONFIRMED, by=staff)


# --- reading the pages ------------------------------------------------------------------------
class _Cells(HTMLParser):
    """The text of each row's cells (th and td) of the element with ``data-testid``."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid, self.depth, self.rows = testid, 0, []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag not in VOID
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []
        elif ("data-testid", self.testid) in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        self.depth -= 1
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


VOID = {"br", "img", "input", "hr", "meta", "link"}


def table_rows(html: str, testid: str) -> list[list[str]]:
    """The body rows of the table ``data-testid=testid`` (the header row dropped)."""
    parser = _Cells(testid)
    parser.feed(html)
    assert parser.rows, f"no table {testid} on the page"
    return parser.rows[1:]
