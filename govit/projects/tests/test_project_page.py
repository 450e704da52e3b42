"""The project page, section by section (issue 6): timeline, lifecycle diagram, obligations,
documents with versions, money per budget line, co-builders and county shares, systems."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govit.applications import services as applications
from govit.applications.models import CoBuilder, DocumentKind
from govit.applications.testing import pdf_bytes, upload
from govit.audit.services import record
from govit.contracts.services import contract_file
from govit.contracts.testing import in_construction, record_contract
from govit.funds import services as funds
from govit.funds.testing import add_county, confirmed_batch, lines_of
from govit.obligations.models import ObligationKind
from govit.obligations.testing import open_for
from govit.projects.page import TIMELINE_PAGE_SIZE
from govit.projects.workflow import MAIN_LINE, PROJECT_MACHINE
from govit.systems import services as systems
from govit.systems.testing import register


def _page(world, persona: str, project, query: str = "") -> str:
    client = Client()
    client.force_login(world.persona(persona))
    response = client.get(reverse("projects:detail", args=[project.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, testid: str) -> str:
    """The HTML of the ``<section data-testid=…>`` (sections do not nest on this page)."""
    match = re.search(rf'<section[^>]*data-testid="{testid}".*?</section>', page, re.S)
    assert match, f"no section {testid}"
    return match.group(0)


# --- who sees the page ---------------------------------------------------------------------------
def test_a_unit_of_another_department_gets_404_for_the_project_page(world) -> None:
    client = Client()
    client.force_login(world.education_staff)
    response = client.get(reverse("projects:detail", args=[world.projects["police"].pk]))
    assert response.status_code == 404


# --- timeline --------------------------------------------------------------------------------------
def test_the_timeline_shows_a_contracts_filing_event_on_the_project_page(world) -> None:
    project = in_construction(world)
    contract = project.contracts.get()
    contract_file(contract=contract, filed_on=timezone.localdate(), by=world.police_staff)

    timeline = _section(_page(world, "auditor", project), "timeline")

    assert "合同备案" in timeline
    assert contract.number in timeline  # the filing's facts name the contract
    # … and the events of the project's records: the filing obligation it fulfilled
    assert "履行期限事项" in timeline
    assert f"期限事项：合同备案·合同「{contract.number}」向市大数据局备案" in timeline
    assert "contracts.file" in timeline  # history readers see the action code too
    assert world.police_staff.full_name in timeline or str(world.police_staff) in timeline
    # newest first: the filing comes before the start of construction
    assert timeline.index("合同备案") < timeline.index("开工建设")


def test_the_timeline_is_newest_first_with_labels_reasons_and_organisations(world) -> None:
    project = world.project("police")
    record(action="project.approve", obj=project, by=world.bdb_leader, reason="材料齐全")
    timeline = _section(_page(world, "bdb_staff", project), "timeline")
    assert timeline.index("批复") < timeline.index("创建项目")
    assert "材料齐全" in timeline
    assert world.bdb_leader.organisation.name in timeline


def test_the_owning_unit_reads_the_lifecycle_steps_and_not_the_full_trail(world) -> None:
    project = in_construction(world)
    timeline = _section(_page(world, "police_staff", project), "timeline")
    assert "流程记录" in timeline
    assert "开工建设" in timeline and "批复" in timeline
    # the records' events (the expert draw, the contract) and the codes stay with BDB and Audit
    assert "抽取评审专家" not in timeline
    assert "登记采购合同" not in timeline
    assert "project.start_construction" not in timeline


def test_roles_that_do_not_read_history_see_no_timeline(world) -> None:
    project = in_construction(world)
    for persona in ("finance", "overseer", "education_staff_cobuilding"):
        if persona == "education_staff_cobuilding":
            CoBuilder.objects.create(
                project=project,
                organisation=world.education_staff.organisation,
                scope="共建",
                duties="数据",
                sharing_needs="人口",
            )
            persona = "education_staff"
        assert 'data-testid="timeline"' not in _page(world, persona, project), persona


def test_the_timeline_shows_fifty_events_and_a_link_to_the_older_ones(world) -> None:
    project = world.project("police")
    for number in range(TIMELINE_PAGE_SIZE + 5):
        record(action="project.note", obj=project, by=world.bdb_staff, reason=f"第{number}条")
    first = _section(_page(world, "auditor", project), "timeline")
    assert first.count('data-testid="event-') == TIMELINE_PAGE_SIZE
    assert "第54条" in first and "第5条" in first and "第4条" not in first
    more = re.search(r'href="\?timeline_before=(\d+)#timeline"', first)
    assert more, "no link to the older events"

    older = _section(
        _page(world, "auditor", project, f"?timeline_before={more.group(1)}"), "timeline"
    )
    # the rest: five notes and the project's creation
    assert older.count('data-testid="event-') == 6
    assert "第0条" in older and "创建项目" in older
    assert 'data-testid="timeline-more"' not in older
    assert 'data-testid="timeline-newest"' in older


# --- lifecycle diagram ------------------------------------------------------------------------------
def test_the_diagram_highlights_the_current_state_and_marks_the_path_taken(world) -> None:
    project = in_construction(world)
    lifecycle = _section(_page(world, "police_leader", project), "lifecycle")

    assert 'data-state="in_construction" aria-current="step">建设中<' in lifecycle
    assert (
        "当前状态：建设中；已完成：草稿、待单位审核、单位已审核、评审中、已批复、采购中"
        in lifecycle
    )
    for done in ("draft", "submitted", "unit_signed", "under_review", "approved", "procurement"):
        assert f'class="govit-node done" data-state="{done}"' in lifecycle
    # not a fixed-asset project: NDRC review was never on its path
    assert 'class="govit-node skipped" data-state="ndrc_review"' in lifecycle
    assert 'class="govit-node todo" data-state="completed"' in lifecycle


def test_the_diagram_draws_every_state_of_the_machine_with_its_side_states(world) -> None:
    lifecycle = _section(_page(world, "police_staff", world.project("police")), "lifecycle")
    for code in PROJECT_MACHINE.states:
        assert f'data-state="{code}"' in lifecycle, code
    # side states hang under the step they leave from, with the way in and the way back
    construction = re.search(r'data-testid="step-in_construction".*?</li>\s*</ul>', lifecycle, re.S)
    assert construction and "整改中" in construction.group(0) and "暂停" in construction.group(0)
    assert "经「责令整改」进入，之后回到主流程「建设中」" in lifecycle
    assert "任何阶段" in lifecycle and "已终止" in lifecycle
    assert "验收不通过 → 建设完成" in lifecycle  # a way back on the main line
    assert len(MAIN_LINE) == lifecycle.count("govit-flow-step")


def test_a_side_state_is_the_highlighted_one(world) -> None:
    project = in_construction(world)
    type(project).objects.filter(pk=project.pk).update(state="rectifying")
    lifecycle = _section(_page(world, "bdb_staff", project), "lifecycle")
    assert 'data-state="rectifying" aria-current="step">整改中<' in lifecycle
    assert 'class="govit-node done" data-state="in_construction"' in lifecycle
    assert "当前状态：整改中；" in lifecycle


# --- obligations -----------------------------------------------------------------------------------------
def test_obligations_show_due_dates_with_a_provisional_badge_and_days_late(world) -> None:
    today = timezone.localdate()
    provisional = open_for(
        world, "police", due_on=today + timedelta(days=400), due_provisional=True, suffix="a"
    )
    late = open_for(
        world,
        "police",
        kind=ObligationKind.SELF_EVALUATION,
        due_on=today - timedelta(days=3),
        suffix="b",
    )
    from govit.obligations.scan import run_scan

    run_scan(today)
    panel = _section(_page(world, "police_staff", world.project("police")), "obligations-panel")

    row = re.search(rf'data-testid="obligation-{provisional.pk}".*?</tr>', panel, re.S)
    assert row and "暂定" in row.group(0) and "申请竣工验收" in row.group(0)
    assert "第二十三条" in row.group(0) and world.police_staff.organisation.name in row.group(0)
    assert reverse("obligations:detail", args=[provisional.pk]) in row.group(0)
    overdue = re.search(rf'data-testid="obligation-{late.pk}".*?</tr>', panel, re.S)
    assert overdue and "已逾期 3 个自然日" in overdue.group(0)
    assert panel.index(f"obligation-{late.pk}") < panel.index(f"obligation-{provisional.pk}")
    assert "已逾期 1 项 · 未到期 1 项 · 已履行 0 项 · 已豁免 0 项" in panel


def test_an_expert_gets_no_obligations_section(world) -> None:
    project = world.reviewed_with_opinion("police")
    assert 'data-testid="obligations-panel"' not in _page(world, "expert", project)


# --- documents -----------------------------------------------------------------------------------------
def test_a_second_version_of_a_document_lists_both_latest_first(world) -> None:
    project = world.project("police")
    first, second = (
        applications.document_upload(
            project=project,
            kind=DocumentKind.CONSTRUCTION_PLAN,
            title="建设方案",
            file=upload("建设方案.pdf", pdf_bytes(f"v{n}")),
            by=world.police_staff,
        )
        for n in (1, 2)
    )
    panel = _section(_page(world, "bdb_staff", project), "application-panel")
    documents = re.search(r'data-testid="project-documents".*?</table>', panel, re.S)
    assert documents
    table = documents.group(0)
    assert table.index(f"document-{second.pk}") < table.index(f"document-{first.pk}")
    assert "第 2 版" in table and "第 1 版" in table
    assert second.sm3[:12] in table and first.sm3[:12] in table
    for document in (first, second):
        url = reverse("applications:document_download", args=[project.pk, document.pk])
        assert url in table
    assert timezone.localdate().isoformat() in table


# --- co-builders and county shares -------------------------------------------------------------
def test_cobuilders_and_county_shares_are_listed(world) -> None:
    project = world.project("police")
    CoBuilder.objects.create(
        project=project,
        organisation=world.education_staff.organisation,
        scope="校园安全子系统",
        duties="提供学校数据",
        sharing_needs="学籍信息",
    )
    add_county(project, world.jurisdictions["371721"], construction_pct="30", om_pct="40")
    panel = _section(_page(world, "police_staff", project), "application-panel")
    assert "校园安全子系统" in panel and world.education_staff.organisation.name in panel
    assert "待确认" in panel
    counties = re.search(r'data-testid="project-counties".*?</table>', panel, re.S)
    assert counties and "30.00%" in counties.group(0) and "40.00%" in counties.group(0)


# --- money per budget line -------------------------------------------------------------------------
def test_released_money_per_line_equals_the_released_batch_lines(world) -> None:
    project = in_construction(world)
    lines = lines_of(project)
    released = confirmed_batch(world, project, {"服务器": "100000", "业务系统开发": "250000"})
    funds.fund_batch_release(
        batch=released, released_on=timezone.localdate(), reference="PZ-001", by=world.finance
    )
    confirmed_batch(world, project, {"服务器": "5000"})  # confirmed, not released: not counted
    panel = _section(_page(world, "finance", project), "funds-panel")

    def cell(testid: str) -> str:
        match = re.search(rf'data-testid="{testid}">([^<]*)<', panel)
        assert match, testid
        return match.group(1).strip()

    for name, amount in (("服务器", "100,000.00"), ("业务系统开发", "250,000.00")):
        assert cell(f"released-{lines[name].pk}") == amount
        line_sum = sum(
            (line.amount for line in lines[name].fund_batch_lines.filter(batch__state="released")),
            Decimal(0),
        )
        assert Decimal(amount.replace(",", "")) == line_sum
    assert cell("released-total") == "350,000.00"


def test_contracts_count_on_their_one_line_and_shared_ones_apart(world) -> None:
    project = in_construction(world)  # its construction contract covers both lines
    lines = lines_of(project)
    record_contract(
        world, project, number="HT-2026-009", amount="20000", budget_lines=[lines["服务器"]]
    )
    from govit.construction.services import progress_report_file
    from govit.construction.testing import with_schedule

    with_schedule(world, project)
    progress_report_file(
        project=project,
        report_date=timezone.localdate(),
        percent_complete="20",
        spend_to_date="123456.78",
        issues="",
        by=world.police_staff,
    )
    panel = _section(_page(world, "bdb_staff", project), "funds-panel")
    assert re.search(rf'data-testid="contracted-{lines["服务器"].pk}">\s*20,000.00', panel)
    assert re.search(rf'data-testid="contracted-{lines["业务系统开发"].pk}">\s*0.00', panel)
    several = re.search(r'data-testid="contracted-several".*?</tr>', panel, re.S)
    assert several and "1,000,000.00" in several.group(0)
    assert re.search(r'data-testid="contracted-total">\s*1,020,000.00', panel)
    assert re.search(r'data-testid="spent-total">\s*123,456.78', panel)
    assert "不分预算明细" in panel


def test_a_county_share_shows_its_money(world) -> None:
    project = in_construction(world)
    county = add_county(project, world.jurisdictions["371721"], construction_pct="30")
    panel = _section(_page(world, "bdb_staff", project), "funds-panel")
    payer = re.search(rf'data-testid="money-payer-{county.pk}".*?</tr>', panel, re.S)
    assert payer and "30.00%" in payer.group(0) and "462,000.00" in payer.group(0)


def test_an_expert_sees_the_summary_but_not_the_money_per_line(world) -> None:
    project = world.reviewed_with_opinion("police")
    from govit.projects.services import project_transition

    project_transition(project=project, transition="approve", by=world.bdb_leader)
    page = _page(world, "expert", project)
    assert 'data-testid="funds-summary"' in page
    assert 'data-testid="money-lines"' not in page


# --- systems --------------------------------------------------------------------------------------------
def test_systems_show_sharing_and_security_status(world) -> None:
    project = in_construction(world)
    system = register(world, project)
    systems.interface_add(
        system=system, name="人口查询", resource="实有人口", status="planned", by=world.police_staff
    )
    systems.mlps_record(
        system=system,
        level=3,
        assessed_on=date(2025, 7, 1),
        conclusion="conforms",
        assessor="山东某测评中心",
        report=upload("测评报告.pdf", pdf_bytes("mlps")),
        by=world.police_staff,
    )
    systems.om_file(
        system=system,
        filed_on=date(2025, 8, 1),
        operator="某运维公司",
        contract_ref="YW-2025-01",
        by=world.police_staff,
    )
    panel = _section(_page(world, "crypto", project), "systems-panel")
    row = re.search(rf'data-testid="panel-system-{system.pk}".*?</tr>', panel, re.S)
    assert row
    text = row.group(0)
    assert "未共享（须改造）" in text and "未接入共享交换平台" in text
    assert "共享接口 1 个，已启用 0 个" in text
    assert "第3级" in text and "最近测评 2025-07-01（符合）" in text and "下次测评" in text
    assert "尚无评估记录" in text
    assert "2025-08-01 备案（某运维公司）" in text


# --- the cost -------------------------------------------------------------------------------------------
