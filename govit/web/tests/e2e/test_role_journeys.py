"""The main journey of every role, in Debian's Chromium.

Each person signs in through the login form, opens their dashboard (or, for the roles without
one, their main page: 我的评审 for experts, the 投资审批 page for NDRC, 评价任务 for evaluators),
opens a project page, and does one real step of their own work.  The project is put in the
right state beforehand with the services (govit.testing.world and the stage apps' testing
helpers): only the role's own step is clicked.

Screenshots: ``var/screenshots/dashboard-<role>.png`` and ``project-<role>.png``.

The world's projects (govit.testing.world): 智慧公安大数据平台 of 菏泽市公安局 ("police") and
教育资源公共服务平台 of 菏泽市教育局 ("education"); the dossier of
govit.applications.testing.fill_dossier asks for 1,540,000 yuan (服务器 340,000 and
业务系统开发 1,200,000).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from govit.applications.testing import pdf_bytes
from govit.evaluation import services as evaluation
from govit.evaluation.testing import in_operation
from govit.funds.testing import confirmed_batch
from govit.planning.models import DepartmentPlan
from govit.planning.services import department_plan_create
from govit.projects.models import Project
from govit.projects.services import project_transition
from govit.reviews import services as reviews
from govit.reviews.models import ReviewAssignment
from govit.testing.world import World

from .journeys import (
    expect_state,
    expect_success,
    menu,
    open_project,
    shot,
    sign_in,
)

pytestmark = pytest.mark.e2e

POLICE = "智慧公安大数据平台"
EDUCATION = "教育资源公共服务平台"


# --- set-ups (services, not clicks) --------------------------------------------------------
def submitted(world: World, key: str) -> Project:
    """A complete dossier submitted by the unit's staff: waiting for its leader."""
    project = world.ready_to_submit(key)
    return project_transition(project=project, transition="submit", by=world.staff_of(project))


def unit_signed(world: World, key: str) -> Project:
    project = submitted(world, key)
    return project_transition(
        project=project, transition="sign_off", by=world.persona(f"{key}_leader")
    )


def drawn(world: World, key: str) -> Project:
    """Under review, the two experts of the world drawn (nobody has scored yet)."""
    project = world.under_review(key)
    bdb_staff = world.bdb_staff
    for persona in ("expert", "health_expert"):
        user = world.persona(persona)
        assert user.organisation is not None
        reviews.expert_create(
            name=f"{persona}专家",
            organisation=user.organisation,
            expertise="软件工程",
            user=user,
            by=bdb_staff,
        )
    reviews.expert_draw(project=project, count=2, seed=20261127, by=bdb_staff)
    return world.project(key)


def plan_workbook(rows: list[tuple[str, str, float, str]]) -> bytes:
    """An import file laid out as the template (govit.planning.item_sheet)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "计划项目"
    sheet.append(["项目名称", "系统类别", "估算投资（元）", "建设理由"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dashboard(page: Page, heading: str, screenshots: Path, role: str) -> None:
    """The 工作台 menu entry opens the role's own dashboard; screenshot it."""
    menu(page, "工作台")
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    expect(page.get_by_test_id("kpis")).to_be_visible()
    shot(page, screenshots, f"dashboard-{role}")


# --- 建设单位经办人 ---------------------------------------------------------------------------
def test_unit_staff_submits_an_application_and_imports_plan_items_from_excel(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    base = live_server.url
    live_world.ready_to_submit("police")
    next_year = timezone.localdate().year + 1
    department_plan_create(
        kind=DepartmentPlan.Kind.ANNUAL_CONSTRUCTION,
        title=f"菏泽市公安局{next_year}年度建设计划",
        start_year=next_year,
        by=live_world.police_staff,
    )

    sign_in(page, base, "police_staff")
    dashboard(page, "建设单位工作台", screenshot_dir, "unit_staff")
    row = page.get_by_test_id("my-projects").get_by_role("row").filter(has_text=POLICE)
    expect(row).to_contain_text("草稿")
    row.get_by_role("link", name=POLICE).click()
    expect(page.get_by_role("heading", name=POLICE, level=1)).to_be_visible()
    expect(page.get_by_test_id("blocked-actions")).not_to_contain_text("提交单位审核")
    shot(page, screenshot_dir, "project-unit_staff")

    # The application goes to the unit's leader.
    page.locator('button[data-transition="submit"]').click()
    expect_success(page, "已提交单位审核，当前状态：待单位审核")
    expect_state(page, "待单位审核")

    # Next year's plan: two items from an Excel file.
    menu(page, "规划与计划")
    page.get_by_role("link", name="部门规划与年度建设计划").click()
    page.get_by_role("link", name=f"菏泽市公安局{next_year}年度建设计划").click()
    page.get_by_role("link", name="导入计划项目").click()
    page.get_by_label("Excel 文件（.xlsx，按导入模板填写）").set_input_files(
        {
            "name": "计划项目.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": plan_workbook(
                [
                    ("警务数据治理平台", "业务信息系统", 1800000.00, "数据标准不一，需统一治理"),
                    ("视频专网扩容", "电子政务网络", 650000.50, "带宽不足"),
                ]
            ),
        }
    )
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("已导入 2 个项目")
    page.get_by_test_id("import-done").get_by_role("link", name="返回计划查看").click()
    items = page.get_by_test_id("items")
    expect(items).to_contain_text("警务数据治理平台")
    expect(items).to_contain_text("视频专网扩容")
    expect(page.get_by_test_id("items-total")).to_have_text("2,450,000.50")


# --- 建设单位负责人 ---------------------------------------------------------------------------
def test_unit_leader_signs_off_the_application(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    submitted(live_world, "police")

    sign_in(page, live_server.url, "police_leader")
    dashboard(page, "建设单位工作台", screenshot_dir, "unit_leader")
    row = page.get_by_test_id("my-projects").get_by_role("row").filter(has_text=POLICE)
    expect(row).to_contain_text("待单位审核")
    row.get_by_role("link", name=POLICE).click()
    shot(page, screenshot_dir, "project-unit_leader")

    page.locator('button[data-transition="sign_off"]').click()
    expect_success(page, "已单位审核通过，当前状态：单位已审核")
    expect_state(page, "单位已审核")
    expect(page.get_by_test_id("timeline")).to_contain_text("单位审核通过")


# --- 大数据局经办人 ---------------------------------------------------------------------------
def test_bdb_staff_accepts_an_intake_and_downloads_the_approval_opinion_as_word(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    live_world.in_procurement("police")  # signed opinion 菏大数审〔YYYY〕1号
    unit_signed(live_world, "education")
    year = timezone.localdate().year

    sign_in(page, live_server.url, "bdb_staff")
    dashboard(page, "大数据局工作台", screenshot_dir, "bdb_staff")
    queue = page.get_by_test_id("review-queue")
    expect(queue).to_contain_text(EDUCATION)

    # The intake check of the education project, from the review queue.
    queue.get_by_role("link", name=EDUCATION).click()
    page.locator('button[data-transition="accept_intake"]').click()
    expect_success(page, "已形式审查通过，当前状态：评审中")
    expect_state(page, "评审中")

    # The police project's approval opinion as an official document, then its Word file.
    open_project(page, POLICE)
    panel = page.get_by_test_id("officialdocs-panel")
    expect(panel.get_by_test_id("no-official-documents")).to_have_text("暂无数据")
    panel.locator("[data-testid^='issuable-opinion-']").get_by_role("button", name="生成").click()
    number = f"菏大数审〔{year}〕1号"
    expect_success(page, f"已生成审核意见书 {number}（第1版）")
    documents = page.get_by_test_id("official-documents")
    expect(documents.get_by_test_id("document-number")).to_have_text(number)
    shot(page, screenshot_dir, "project-bdb_staff")

    with page.expect_download() as download_info:
        documents.get_by_test_id("download-docx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    word = docx.Document(str(download.path()))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert number in text
    assert "审核意见书" in text
    assert "智慧公安大数据平台" in text


# --- 评审专家 -----------------------------------------------------------------------------
def test_expert_submits_a_review_opinion(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    project = drawn(live_world, "police")
    requested = project.requested_amount
    assert requested is not None

    sign_in(page, live_server.url, "expert")
    menu(page, "我的评审")
    tasks = page.get_by_test_id("my-reviews")
    expect(tasks.get_by_role("row").filter(has_text=POLICE)).to_contain_text("待评审")
    expect(tasks).to_contain_text("1,540,000.00")
    shot(page, screenshot_dir, "dashboard-expert")

    # The dossier the expert was drawn for.
    open_project(page, POLICE)
    expect_state(page, "评审中")
    shot(page, screenshot_dir, "project-expert")

    menu(page, "我的评审")
    page.get_by_test_id("my-reviews").get_by_role("link", name=POLICE).click()
    form = page.get_by_test_id("score-form")
    form.get_by_label("建设必要性得分（0–100）").fill("91")
    form.get_by_label("建设必要性意见").fill("警务数据分散，建设必要。")
    form.get_by_label("技术可行性得分（0–100）").fill("86")
    form.get_by_label("技术可行性意见").fill("技术路线成熟。")
    form.get_by_label("预算合理性得分（0–100）").fill("80")
    form.get_by_label("预算合理性意见").fill("预算基本合理。")
    form.get_by_label("建议金额（元）").fill(str(requested))
    form.get_by_role("button", name="提交评审意见").click()
    expect_success(page, "评审意见已提交")
    expect(page.get_by_test_id("submitted-review")).to_contain_text("91")
    assert ReviewAssignment.objects.get(
        project=project, expert__user=live_world.expert
    ).submitted_at


# --- 大数据局领导 ---------------------------------------------------------------------------
def test_bdb_leader_approves_and_the_opinion_gets_its_number(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    live_world.reviewed_with_opinion("police")
    year = timezone.localdate().year

    sign_in(page, live_server.url, "bdb_leader")
    dashboard(page, "大数据局工作台", screenshot_dir, "bdb_leader")
    # The leader also has the leading group's overview, read-only.
    tabs = page.get_by_test_id("dashboard-tabs")
    expect(tabs.get_by_role("link", name="专项小组总览")).to_be_visible()
    page.get_by_test_id("review-queue").get_by_role("link", name=POLICE).click()
    expect_state(page, "评审中")
    shot(page, screenshot_dir, "project-bdb_leader")

    page.locator('button[data-transition="approve"]').click()
    expect_state(page, "已批复")
    expect(page.get_by_test_id("signed-opinion")).to_contain_text(
        re.compile(rf"菏大数审〔{year}〕1号")
    )
    assert Project.objects.get(name=POLICE).approved_amount is not None


# --- 发展改革委 -----------------------------------------------------------------------------
def test_ndrc_records_its_investment_decision(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    project = live_world.reviewed_with_opinion("police")
    Project.objects.filter(pk=project.pk).update(is_fixed_asset=True)
    project = project_transition(
        project=live_world.project("police"), transition="approve", by=live_world.bdb_leader
    )
    project_transition(project=project, transition="request_ndrc", by=live_world.police_staff)
    today = timezone.localdate().isoformat()

    sign_in(page, live_server.url, "ndrc")
    open_project(page, POLICE)
    expect_state(page, "投资审批")
    expect(page.get_by_text("待录入投资审批结果")).to_be_visible()
    shot(page, screenshot_dir, "project-ndrc")

    page.get_by_role("link", name="投资审批", exact=True).click()
    expect(
        page.get_by_role("heading", name=f"发展改革委投资审批（第四、十一条）：{POLICE}")
    ).to_be_visible()
    form = page.get_by_test_id("ndrc-form")
    shot(page, screenshot_dir, "dashboard-ndrc")
    form.get_by_label("批准", exact=True).check()
    form.get_by_label("批复文号").fill("菏发改投资〔2026〕45号")
    form.get_by_label("批复日期").fill(today)
    form.get_by_role("button", name="录入审批结果").click()
    expect_success(page, "已录入发展改革委投资审批结果")
    expect(page.get_by_test_id("ndrc-decisions")).to_contain_text("菏发改投资〔2026〕45号")
    expect_state(page, "采购中")


# --- 财政局 -------------------------------------------------------------------------------
def test_finance_sees_the_verdict_on_its_dashboard_and_releases_the_batch(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    project = live_world.in_procurement("police")
    batch = confirmed_batch(live_world, project, {"服务器": "170000", "业务系统开发": "300000"})
    today = timezone.localdate().isoformat()

    sign_in(page, live_server.url, "finance")
    dashboard(page, "财政资金工作台", screenshot_dir, "finance")
    row = page.get_by_test_id(f"pending-batch-{batch.pk}")
    expect(row).to_contain_text(POLICE)
    expect(row).to_contain_text("470,000.00")
    expect(row).to_contain_text("进度已确认")
    expect(row.get_by_test_id("verdict-clear")).to_have_text("可拨付")

    open_project(page, POLICE)
    expect(page.get_by_test_id("funds-panel")).to_be_visible()
    shot(page, screenshot_dir, "project-finance")

    menu(page, "工作台")
    page.get_by_test_id(f"pending-batch-{batch.pk}").get_by_role("link", name="第 1 批").click()
    page.get_by_label("拨付日期").fill(today)
    page.get_by_label("拨付凭证号").fill("HZCZ-2026-0001")
    page.get_by_role("button", name="拨付").click()
    expect_success(page, "第 1 批资金已登记拨付")
    expect(page.get_by_test_id("batch-state")).to_have_text("已拨付")
    menu(page, "工作台")
    expect(page.get_by_test_id("kpi-released")).to_have_text("470,000.00")
    expect(page.get_by_test_id("pending-empty")).to_have_text("暂无待办批次")


# --- 审计局 -------------------------------------------------------------------------------
def test_auditor_searches_the_history_and_exports_the_project_list(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    unit_signed(live_world, "police")

    sign_in(page, live_server.url, "auditor")
    dashboard(page, "审计工作台", screenshot_dir, "auditor")
    # The city's two projects; 曹县雪亮工程 is the county's (its own audit bureau's).
    expect(page.get_by_test_id("kpi-projects")).to_have_text("2")

    # Who signed the police project off, and when.
    page.get_by_test_id("history-link").click()
    filters = page.get_by_test_id("history-filter")
    filters.get_by_label("操作代码（前缀，如 funds.）").fill("project.sign_off")
    filters.get_by_role("button", name="检索").click()
    results = page.get_by_test_id("history-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("project.sign_off")
    expect(results).to_contain_text("police_leader")
    expect(results).to_contain_text("菏泽市公安局")

    open_project(page, POLICE)
    expect(page.get_by_test_id("timeline")).to_contain_text("单位审核通过")
    shot(page, screenshot_dir, "project-auditor")

    # The project list as an Excel 台账, filtered by the search.
    menu(page, "项目")
    page.get_by_label("搜索", exact=True).fill("公安")
    page.get_by_role("button", name="筛选", exact=True).click()
    expect(page.get_by_test_id("projects").locator("tbody tr")).to_have_count(1)
    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    # openpyxl goes by the file's extension, and Playwright keeps downloads without one.
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True)
    sheet = book.worksheets[0]
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if "项目名称" in row)
    assert "项目编码" in header and "状态" in header
    names = [row[header.index("项目名称")] for row in rows[rows.index(header) + 1 :] if row]
    assert names == [POLICE]  # the filter and the scope, not the whole table


# --- 第三方评价机构 ---------------------------------------------------------------------------
def test_evaluator_opens_its_assignment_and_submits_the_evaluation(
    page: Page, live_server, live_world: World, screenshot_dir: Path, tmp_path: Path
) -> None:
    project = in_operation(live_world, "police")
    due = timezone.localdate().replace(year=timezone.localdate().year + 1)
    evaluation.assignment_commission(
        project=project,
        evaluator=live_world.organisations["evaluator"],
        scope="评价资金使用绩效和系统应用成效",
        due_on=due.isoformat(),
        by=live_world.bdb_staff,
    )
    report = tmp_path / "第三方绩效评价报告.pdf"
    report.write_bytes(pdf_bytes("evaluation report"))

    sign_in(page, live_server.url, "evaluator")
    menu(page, "评价任务")
    tasks = page.get_by_test_id("my-assignments")
    expect(tasks).to_contain_text(POLICE)
    expect(tasks).to_contain_text(due.isoformat())
    shot(page, screenshot_dir, "dashboard-evaluator")

    open_project(page, POLICE)
    expect_state(page, "运行中")
    shot(page, screenshot_dir, "project-evaluator")

    menu(page, "评价任务")
    page.get_by_test_id("my-assignments").get_by_role("link", name=POLICE).click()
    expect(page.get_by_test_id("assignment")).to_contain_text("评价资金使用绩效和系统应用成效")
    form = page.get_by_test_id("submit-form")
    form.get_by_label("评价得分（0–100 的整数）").fill("88")
    form.get_by_label("评价结论").fill("资金使用规范，系统运行稳定，绩效目标基本实现。")
    form.get_by_label(re.compile("^第三方绩效评价报告")).set_input_files(report)
    form.get_by_role("button", name="提交绩效评价").click()
    expect(page.get_by_test_id("assignment-score")).to_have_text("88")
    assert Project.objects.get(pk=project.pk).state == "evaluated"
