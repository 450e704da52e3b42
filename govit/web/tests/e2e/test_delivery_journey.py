"""Issue 4 in the browser: an approved project's money and delivery, up to its self-evaluation.

The project is the world's "police" project (智慧公安大数据平台 of 菏泽市公安局), reviewed and
approved in Python and put in procurement by its staff; every later step is done through the
pages by the persona whose work it is (govit.testing.world): police_staff (建设单位经办人),
bdb_staff and bdb_leader (市大数据局), finance (市财政局).

Time is frozen at a start in 2025 (a year whose holiday notice is published) and moved on with
``traveller.move_to``; time_machine patches the clock of the whole process, so the live
server's thread sees the same day as the test.  Sessions expire after 30 idle minutes, so each
persona signs in anew after a jump.

Amounts (the dossier of govit.applications.testing.fill_dossier): 服务器 4 × 85,000 = 340,000 and
业务系统开发 1,200,000; approved as requested, 1,540,000.

Dates:
- 2025-09-15 (Mon): approved, procurement; the first construction batch requested, confirmed,
  released;
- 2025-09-29 (Mon): the construction contract is signed, right before the National Day holiday
  (2025-10-01 … 10-08; Saturday 10-11 is a working day).  Filing is due 5 working days later,
  the signing day not counted (Art. 16): 09-30, 10-09, 10-10, 10-11, 10-13 → due 2025-10-13;
- 2025-10-16 (Thu): the contract is recorded and filed, 3 working days late (10-14, 10-15,
  10-16); construction starts, the schedule is saved;
- 2025-11-17 (Mon): a progress report, an incident (rectification ordered, answered, closed), a
  change request (+60,000 on 业务系统开发, completion 2026-03-31 → 2026-04-30) approved;
- 2026-04-30 (Thu): completion (2026-04-28) → acceptance applied → refused without the crypto
  result (Art. 33) → passed → filed, in operation from 2026-04-30;
- 2027-05-10 (Mon): 12 months after acceptance and go-live: the self-evaluation window is open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from govit.applications.testing import pdf_bytes
from govit.contracts.uscc import check_character
from govit.projects.services import project_transition
from govit.testing.world import World, build_world

from .journeys import expect_state, expect_success, menu, sign_in, sign_out

pytestmark = pytest.mark.e2e

SHANGHAI = ZoneInfo("Asia/Shanghai")
PROJECT_NAME = "智慧公安大数据平台"


def at(day: date) -> datetime:
    """9 o'clock in Heze on ``day``: well inside the working day, whatever the test's pace."""
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI)


APPROVED_ON = date(2025, 9, 15)
SIGNED_ON = date(2025, 9, 29)
FILING_DUE = date(2025, 10, 13)
FILED_ON = date(2025, 10, 16)  # construction starts the same day
REPORTED_ON = date(2025, 11, 17)
RECTIFY_BY = date(2025, 12, 1)
PLANNED_COMPLETION = date(2026, 3, 31)
CHANGED_COMPLETION = date(2026, 4, 30)
COMPLETED_ON = date(2026, 4, 28)
ACCEPTANCE_DUE = date(2026, 10, 28)  # 6 calendar months after completion (Art. 23)
ACCEPTED_ON = date(2026, 4, 30)
WINDOW_OPENS = date(2027, 4, 30)  # 12 months after acceptance and go-live (Art. 24)
EVALUATION_DAY = date(2027, 5, 10)

USCC_FIRST17 = "91371700MA3C12345"
USCC = USCC_FIRST17 + check_character(USCC_FIRST17)
CONTRACT_NUMBER = "HZGA-2025-018"


# --- fixtures ----------------------------------------------------------------------------------
@pytest.fixture
def traveller() -> Iterator[time_machine.Traveller]:
    """The clock of the whole process, starting on the day of the approval and ticking."""
    with time_machine.travel(at(APPROVED_ON), tick=True) as traveller:
        yield traveller


@pytest.fixture
def delivery_world(
    transactional_db: None, django_db_serialized_rollback: None, traveller: object
) -> World:
    """The personas, built on the travelled day (the project's year is 2025), committed."""
    return build_world()


@pytest.fixture
def pdf_file(tmp_path: Path) -> Path:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf_bytes("delivery journey"))
    return path


def in_procurement(world: World) -> None:
    """Reviewed, approved by the BDB leader (opinion dated today), procurement started."""
    project = world.reviewed_with_opinion("police")
    project = project_transition(project=project, transition="approve", by=world.bdb_leader)
    project_transition(project=project, transition="start_procurement", by=world.police_staff)


# --- helpers -----------------------------------------------------------------------------------


def open_project(page: Page) -> None:
    menu(page, "项目")
    page.get_by_role("link", name=PROJECT_NAME, exact=True).click()
    expect(page.get_by_role("heading", name=PROJECT_NAME, level=1)).to_be_visible()


def iso(day: date) -> str:
    return day.isoformat()


def shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=folder / f"delivery-{name}.png", full_page=True)


def panel_link(page: Page, panel: str, name: str) -> None:
    page.get_by_test_id(panel).get_by_role("link", name=name, exact=True).click()


UNLABELLED_FIELDS = """
() => Array.from(document.querySelectorAll("main input, main select, main textarea"))
  .filter((el) => !["hidden", "submit", "button"].includes(el.type))
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                  && !el.getAttribute("aria-labelledby"))
  .map((el) => el.name || el.id || el.outerHTML.slice(0, 80))
"""


def expect_labelled_fields(page: Page) -> None:
    """Every form field of the page has a label (a requirement of the product)."""
    assert page.evaluate(UNLABELLED_FIELDS) == [], page.url


# --- 1. the first construction batch (Art. 11, 13, 38) -----------------------------------------
def request_first_batch(page: Page, base: str) -> None:
    sign_in(page, base, "police_staff")
    open_project(page)
    expect_state(page, "采购中")
    panel_link(page, "funds-panel", "进入资金拨付")
    expect(page.get_by_test_id("funds-approved")).to_contain_text("1,540,000.00")
    expect_labelled_fields(page)
    form = page.get_by_test_id("request-form")
    form.get_by_label("「服务器」本批申请金额（元）").fill("170000")
    form.get_by_label("「业务系统开发」本批申请金额（元）").fill("300000")
    form.get_by_label("阶段（如：第一期）").fill("第一期")
    form.get_by_label("建设进度说明").fill("已完成采购需求论证，启动采购程序，申请首批建设资金。")
    form.get_by_role("button", name="提交申请").click()
    expect_success(page, "已申请第 1 批建设资金")
    expect(page.get_by_test_id("batch-amount")).to_have_text("470,000.00 元")
    expect(page.get_by_test_id("batch-state")).to_have_text("已申请")
    sign_out(page)


def confirm_progress(page: Page, base: str) -> None:
    sign_in(page, base, "bdb_staff")
    menu(page, "资金拨付")
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text(PROJECT_NAME)
    queue.get_by_role("link", name="第 1 批").click()
    expect_labelled_fields(page)
    page.get_by_label("进度确认意见（可不填）").fill("采购进度属实。")
    page.get_by_role("button", name="确认建设进度").click()
    expect_success(page, "已确认第 1 批的建设进度，待财政部门拨付")
    expect(page.get_by_test_id("batch-state")).to_have_text("进度已确认")
    sign_out(page)


def release(page: Page, base: str, screenshots: Path) -> None:
    sign_in(page, base, "finance")
    menu(page, "资金拨付")
    queue = page.get_by_test_id("queue")
    row = queue.get_by_role("row").filter(has_text=PROJECT_NAME)
    expect(row).to_contain_text("470,000.00")
    expect(row).to_contain_text("进度已确认")
    expect(row.get_by_test_id("verdict-clear")).to_have_text("可拨付")  # the eligibility verdict
    shot(page, screenshots, "01-finance-queue")
    row.get_by_role("link", name="第 1 批").click()
    expect_labelled_fields(page)
    page.get_by_label("拨付日期").fill(iso(APPROVED_ON))
    page.get_by_label("拨付凭证号").fill("HZCZ-2025-0915-01")
    page.get_by_role("button", name="拨付").click()
    expect_success(page, "第 1 批资金已登记拨付")
    expect(page.get_by_test_id("batch-state")).to_have_text("已拨付")
    expect(page.get_by_test_id("batch-release")).to_contain_text("2025-09-15")
    page.get_by_role("link", name="返回资金拨付").click()
    expect(page.get_by_test_id("funds-released")).to_have_text("470,000.00 元")
    expect(page.get_by_test_id("funds-remaining")).to_have_text("1,070,000.00 元")
    shot(page, screenshots, "02-funds-released")
    sign_out(page)


# --- 2. the contract, filed late (Art. 15, 16) -------------------------------------------------
def record_and_file_contract(page: Page, base: str, signed_copy: Path, screenshots: Path) -> None:
    sign_in(page, base, "police_staff")
    open_project(page)
    panel_link(page, "contracts-panel", "登记与备案合同")
    expect_labelled_fields(page)
    form = page.get_by_test_id("contract-form")
    form.get_by_label("合同类型").select_option(label="建设合同")
    form.get_by_label("合同编号").fill(CONTRACT_NUMBER)
    form.get_by_label("签订日期").fill(iso(SIGNED_ON))
    form.get_by_label("合同名称").fill("智慧公安大数据平台建设项目合同")
    form.get_by_label("供应商名称").fill("山东某数字科技有限公司")
    form.get_by_label("供应商统一社会信用代码（18 位）").fill(USCC)
    form.get_by_label("合同金额（元）").fill("1480000")
    form.get_by_label("采购方式").select_option(label="公开招标")
    form.get_by_label(re.compile("^服务器")).check()
    form.get_by_label(re.compile("^业务系统开发")).check()
    form.get_by_label(re.compile("^合同文本")).set_input_files(signed_copy)
    form.get_by_role("button", name="登记合同").click()
    expect_success(page, f"已登记合同 {CONTRACT_NUMBER}，请于 {iso(FILING_DUE)} 前向市大数据局备案")
    contracts = page.get_by_test_id("contracts")
    row = contracts.get_by_role("row").filter(has_text=CONTRACT_NUMBER)
    expect(row).to_contain_text("1,480,000.00")
    expect(row).to_contain_text("逾期未备案")  # due 2025-10-13, today 2025-10-16

    filing = row.locator("form")
    filing.get_by_label("备案日期").fill(iso(FILED_ON))
    filing.get_by_role("button", name="备案").click()
    expect(page.locator(".alert-warning")).to_contain_text(
        f"合同 {CONTRACT_NUMBER} 已备案，逾期 3 个工作日"
    )
    row = page.get_by_test_id("contracts").get_by_role("row").filter(has_text=CONTRACT_NUMBER)
    expect(row.get_by_test_id(re.compile(r"^late-\d+$"))).to_have_text("逾期 3 个工作日")
    expect(row).to_contain_text(iso(FILED_ON))
    shot(page, screenshots, "03-contract-filed-late")


# --- 3. construction: start, schedule, progress (Art. 15) --------------------------------------
def start_construction(page: Page, screenshots: Path) -> None:
    """police_staff, still signed in: from the contracts page to the project, 开工建设."""
    page.get_by_role("link", name="返回项目").click()
    page.get_by_role("button", name="开工建设").click()
    expect_state(page, "建设中")

    panel_link(page, "construction-panel", "建设管理")
    expect_labelled_fields(page)
    form = page.get_by_test_id("schedule-form")
    form.get_by_label("计划完成日期").fill(iso(PLANNED_COMPLETION))
    form.get_by_label("建设内容（主要建设任务）").fill(
        "建设公安大数据资源池、数据治理平台和警务应用，部署服务器 4 台。"
    )
    milestones = (
        ("需求分析与设计", date(2025, 11, 28)),
        ("系统部署与联调", date(2026, 2, 27)),
        ("试运行", date(2026, 3, 31)),
    )
    for index, (name, planned) in enumerate(milestones, start=1):
        form.get_by_label(f"里程碑 {index}", exact=True).fill(name)
        form.get_by_label(f"里程碑 {index} 计划日期", exact=True).fill(iso(planned))
    form.get_by_role("button", name="保存进度计划并确立基线").click()
    expect_success(page, "已保存进度计划，确立项目基线第 1 版")
    expect(page.get_by_test_id("baseline-summary")).to_contain_text(
        "现行基线第 1 版 · 计划完成日期 2026-03-31"
    )
    expect(page.get_by_test_id("baseline-summary")).to_contain_text("1,540,000.00")
    expect(page.get_by_test_id("milestones").get_by_role("row")).to_have_count(4)
    shot(page, screenshots, "04-construction-started")
    sign_out(page)


def report_progress(page: Page, base: str) -> None:
    sign_in(page, base, "police_staff")
    open_project(page)
    panel_link(page, "construction-panel", "建设管理")
    expect_labelled_fields(page)
    form = page.get_by_test_id("progress-form")
    form.get_by_label("报告日期").fill(iso(REPORTED_ON))
    form.get_by_label("完成百分比（%，0–100）").fill("25")
    form.get_by_label("累计支出（元）").fill("400000")
    form.get_by_label("存在问题").fill("数据治理平台接口联调滞后。")
    form.get_by_role("button", name="报送进度").click()
    expect_success(page, "已报送 2025-11-17 的建设进度（完成 25")
    report = (
        page.get_by_test_id("progress-reports").get_by_role("row").filter(has_text=iso(REPORTED_ON))
    )
    expect(report).to_contain_text("25")
    expect(report).to_contain_text("400,000.00")


# --- 4. an incident: rectification ordered, answered, closed (Art. 20) -------------------------
def report_incident(page: Page) -> None:
    """police_staff, still signed in on the construction page."""
    page.get_by_role("link", name="重大情况与整改").first.click()
    expect_labelled_fields(page)
    form = page.get_by_test_id("incident-form")
    form.get_by_label("类型").select_option(label="严重滞后")
    form.get_by_label("情况说明").fill("数据治理平台供应商人员不足，接口联调滞后约一个月。")
    form.get_by_role("button", name="报告").click()
    expect_success(page, "已报告重大情况，待大数据局领导研判")
    expect(page.locator("[data-testid^='incident-'] [data-testid='incident-state']")).to_have_text(
        "待研判"
    )
    sign_out(page)


def incident_card(page: Page) -> Locator:
    return page.locator("article[data-testid^='incident-']")


def order_rectification(page: Page, base: str) -> None:
    sign_in(page, base, "bdb_leader")
    open_project(page)
    panel_link(page, "construction-panel", "重大情况与整改")
    expect_labelled_fields(page)
    card = incident_card(page)
    card.get_by_label("处理决定").select_option(label="责令整改（第二十条）")
    card.get_by_label("整改期限（责令整改时填写）").fill(iso(RECTIFY_BY))
    card.get_by_label("整改要求（责令整改时填写）").fill("增派开发人员，两周内完成接口联调。")
    card.get_by_label("决定理由").fill("进度严重滞后，责令限期整改。")
    card.get_by_role("button", name="作出决定").click()
    expect_success(page, "已作出处理决定")
    expect_state(page, "整改中")
    expect(incident_card(page).get_by_test_id("incident-deadline")).to_have_text(iso(RECTIFY_BY))
    sign_out(page)


def answer_rectification(page: Page, base: str) -> None:
    sign_in(page, base, "police_staff")
    open_project(page)
    expect_state(page, "整改中")
    panel_link(page, "construction-panel", "重大情况与整改")
    expect_labelled_fields(page)
    card = incident_card(page)
    card.get_by_label("整改情况").fill("已增派 6 名开发人员，接口联调已完成。")
    card.get_by_role("button", name="报送整改情况").click()
    expect_success(page, "已报送整改情况，待大数据局确认")
    sign_out(page)


def close_rectification(page: Page, base: str, screenshots: Path) -> None:
    sign_in(page, base, "bdb_staff")
    open_project(page)
    panel_link(page, "construction-panel", "重大情况与整改")
    expect_labelled_fields(page)
    card = incident_card(page)
    card.get_by_label("意见").fill("整改到位，同意办结。")
    card.get_by_role("button", name="确认整改完成").click()
    expect_success(page, "已确认整改完成")
    expect_state(page, "建设中")
    expect(incident_card(page).get_by_test_id("incident-state")).to_have_text("整改完成")
    shot(page, screenshots, "05-incident-closed")
    sign_out(page)


# --- 5. a change request approved; the baseline shows the difference (Art. 19) -----------------
def request_change(page: Page, base: str) -> None:
    sign_in(page, base, "police_staff")
    open_project(page)
    panel_link(page, "construction-panel", "基线与变更")
    page.get_by_role("link", name="提交变更申请").click()
    expect_labelled_fields(page)
    form = page.get_by_test_id("change-request-form")
    form.get_by_label("变更投资预算").check()
    form.get_by_label("业务系统开发（现 1,200,000.00 元）").fill("1260000")
    form.get_by_label("变更进度计划").check()
    form.get_by_label("变更后计划完成日期").fill(iso(CHANGED_COMPLETION))
    form.get_by_label("变更理由").fill("新增视频结构化分析模块，工期相应顺延一个月。")
    form.get_by_role("button", name="提交变更申请").click()
    expect_success(page, "已提交变更申请，待大数据局领导审批")
    expect(page.get_by_test_id("change-state")).to_have_text("待审批")
    sign_out(page)


def approve_change(page: Page, base: str, screenshots: Path) -> None:
    sign_in(page, base, "bdb_leader")
    open_project(page)
    panel_link(page, "construction-panel", "变更申请待审批")
    expect_labelled_fields(page)
    form = page.get_by_test_id("change-decision-form")
    form.get_by_label("审批结果").select_option(label="批准")
    form.get_by_label("审批意见").fill("同意调整。")
    form.get_by_role("button", name="审批").click()
    expect_success(page, "已批准变更申请，项目基线已更新")
    expect(page.get_by_test_id("change-state")).to_have_text("已批准")
    page.get_by_role("link", name="项目基线与变更").click()
    comparison = page.get_by_test_id("baseline-comparison")
    expect(comparison.get_by_role("columnheader", name="原始基线（第 1 版）")).to_be_visible()
    expect(comparison.get_by_role("columnheader", name="现行基线（第 2 版）")).to_be_visible()
    line = comparison.get_by_role("row").filter(has_text="业务系统开发")
    expect(line).to_contain_text("1,200,000.00")
    expect(line).to_contain_text("1,260,000.00")
    expect(line).to_contain_text("+60,000.00")
    total = comparison.get_by_test_id("total")
    expect(total).to_contain_text("1,540,000.00")
    expect(total).to_contain_text("1,600,000.00")
    expect(total).to_contain_text("+60,000.00")
    completion = comparison.get_by_test_id("completion")
    expect(completion).to_contain_text(iso(PLANNED_COMPLETION))
    expect(completion).to_contain_text(iso(CHANGED_COMPLETION))
    expect(completion).to_contain_text("30 天")
    shot(page, screenshots, "06-baseline-changed")
    sign_out(page)


# --- 6. completion, acceptance (Art. 21–23, 33), filing and go-live ----------------------------
def record_completion_and_apply(page: Page, base: str, report: Path) -> None:
    sign_in(page, base, "police_staff")
    open_project(page)
    page.get_by_role("link", name="建设完成登记").click()
    expect_labelled_fields(page)
    page.get_by_label("建设完成日期").fill(iso(COMPLETED_ON))
    page.get_by_role("button", name="登记建设完成").click()
    expect_success(page, f"已登记建设完成，验收申请截止日期为 {iso(ACCEPTANCE_DUE)}")
    expect_state(page, "建设完成")
    expect(page.get_by_test_id("section-completion")).to_contain_text(iso(ACCEPTANCE_DUE))

    page.get_by_role("link", name="申请验收").click()
    expect_labelled_fields(page)
    form = page.get_by_test_id("application-form")
    form.get_by_label(re.compile("^验收报告")).set_input_files(report)
    form.get_by_label(re.compile("^测试报告")).set_input_files(report)
    form.get_by_label("申请说明").fill("系统已完成建设和试运行，申请竣工验收。")
    form.get_by_role("button", name="提交验收申请").click()
    expect_success(page, "已提交第 1 轮验收申请")
    expect_state(page, "已申请验收")

    expect_labelled_fields(page)
    mlps = page.get_by_test_id("mlps-form")
    mlps.get_by_label("保护等级").select_option(label="第三级")
    mlps.get_by_label("测评日期").fill("2026-04-20")
    mlps.get_by_label("测评结论").select_option(label="符合")
    mlps.get_by_label(re.compile("^等级保护测评报告")).set_input_files(report)
    mlps.get_by_role("button", name="登记").click()
    expect_success(page, "已登记等级保护测评结果")
    sign_out(page)


def pass_refused_without_crypto(page: Page, base: str, screenshots: Path) -> None:
    sign_in(page, base, "bdb_staff")
    open_project(page)
    panel_link(page, "acceptance-panel", "查看竣工验收")
    page.get_by_role("link", name="办理验收").click()
    expect(page.get_by_test_id("pass-check")).to_contain_text("缺少密码应用安全性评估结果")
    expect(page.get_by_test_id("pass-check")).to_contain_text("第三十三条")
    expect_labelled_fields(page)
    form = page.get_by_test_id("decision-form")
    form.get_by_label("验收结论").select_option(label="验收通过")
    form.get_by_label("验收日期").fill(iso(ACCEPTED_ON))
    form.get_by_role("button", name="提交验收结论").click()
    refusal = page.get_by_test_id("decision-form").get_by_role("alert")
    expect(refusal).to_contain_text("缺少密码应用安全性评估结果，不能通过验收")
    expect(refusal).to_contain_text("第三十三条")
    expect_state(page, "已申请验收")
    shot(page, screenshots, "07-acceptance-refused-art33")
    sign_out(page)


def add_crypto_result(page: Page, base: str, report: Path) -> None:
    sign_in(page, base, "police_staff")
    open_project(page)
    panel_link(page, "acceptance-panel", "查看竣工验收")
    page.get_by_role("link", name="补充测评结果").click()
    expect_labelled_fields(page)
    crypto = page.get_by_test_id("crypto-form")
    crypto.get_by_label("评估日期").fill("2026-04-24")
    crypto.get_by_label("评估结论").select_option(label="符合")
    crypto.get_by_label(re.compile("^密码应用安全性评估报告")).set_input_files(report)
    crypto.get_by_role("button", name="登记").click()
    expect_success(page, "已登记密码应用安全性评估结果")
    sign_out(page)


def pass_file_and_go_live(page: Page, base: str, screenshots: Path) -> None:
    sign_in(page, base, "bdb_staff")
    open_project(page)
    panel_link(page, "acceptance-panel", "查看竣工验收")
    page.get_by_role("link", name="办理验收").click()
    expect(page.get_by_test_id("pass-check")).to_have_text("测评结果齐全，可以通过验收")
    expect_labelled_fields(page)
    form = page.get_by_test_id("decision-form")
    form.get_by_label("验收结论").select_option(label="验收通过")
    form.get_by_label("验收日期").fill(iso(ACCEPTED_ON))
    form.get_by_label("验收意见（不通过时填写理由）").fill(
        "资料齐全，功能满足批复要求，同意通过验收。"
    )
    form.get_by_role("button", name="提交验收结论").click()
    expect_success(page, "已办理验收：验收通过")
    expect_state(page, "已验收")

    page.get_by_role("link", name="验收备案并投入运行").click()
    expect_labelled_fields(page)
    form = page.get_by_test_id("filing-form")
    form.get_by_label("备案编号").fill("菏大数验备〔2026〕7号")
    form.get_by_label("备案日期").fill(iso(ACCEPTED_ON))
    form.get_by_label("投入运行日期").fill(iso(ACCEPTED_ON))
    form.get_by_role("button", name="登记备案并投入运行").click()
    expect_success(page, "已办理验收备案，项目投入运行")
    expect_state(page, "运行中")
    expect(page.get_by_test_id("section-filing")).to_contain_text("菏大数验备〔2026〕7号")
    shot(page, screenshots, "08-in-operation")
    page.get_by_role("navigation", name="路径").get_by_role("link", name=PROJECT_NAME).click()
    expect_state(page, "运行中")
    # Art. 24: the self-evaluation window is not open yet, it opens 12 months later.
    window = page.get_by_test_id("evaluation-panel")
    expect(window.get_by_test_id("window-status")).to_have_text("尚未开始")
    expect(window.get_by_test_id("window-opens")).to_have_text(iso(WINDOW_OPENS))
    sign_out(page)


# --- 7. a year later: the self-evaluation window is open (Art. 24) -----------------------------
def self_evaluation_window_open(page: Page, base: str, screenshots: Path) -> None:
    sign_in(page, base, "police_staff")
    open_project(page)
    expect_state(page, "运行中")
    panel_link(page, "evaluation-panel", "查看绩效评价")
    expect(page.get_by_test_id("window-status")).to_have_text("开放中")
    expect(page.get_by_test_id("window-opens")).to_have_text(iso(WINDOW_OPENS))
    page.get_by_test_id("self-evaluation-link").click()
    expect(page.get_by_test_id("window-status")).to_have_text("开放中")
    expect(page.get_by_test_id("self-evaluation-form")).to_be_visible()
    expect_labelled_fields(page)
    shot(page, screenshots, "09-self-evaluation-open")
    sign_out(page)


# --- the journey -------------------------------------------------------------------------------
def test_an_approved_project_is_funded_built_accepted_and_opens_its_self_evaluation(
    page: Page,
    live_server: LiveServer,
    delivery_world: World,
    traveller: time_machine.Traveller,
    pdf_file: Path,
    screenshot_dir: Path,
) -> None:
    base = live_server.url
    in_procurement(delivery_world)

    # 2025-09-15: the first batch, requested by the unit, confirmed by BDB, released by Finance.
    request_first_batch(page, base)
    confirm_progress(page, base)
    release(page, base, screenshot_dir)

    # 2025-10-16: the contract signed before National Day, filed 3 working days late; the
    # construction starts on it.
    traveller.move_to(at(FILED_ON))
    record_and_file_contract(page, base, pdf_file, screenshot_dir)
    start_construction(page, screenshot_dir)

    # 2025-11-17: progress, an incident and its rectification, a change request.
    traveller.move_to(at(REPORTED_ON))
    report_progress(page, base)
    report_incident(page)
    order_rectification(page, base)
    answer_rectification(page, base)
    close_rectification(page, base, screenshot_dir)
    request_change(page, base)
    approve_change(page, base, screenshot_dir)

    # 2026-04-30: completion, acceptance refused without the crypto result, then passed.
    traveller.move_to(at(ACCEPTED_ON))
    record_completion_and_apply(page, base, pdf_file)
    pass_refused_without_crypto(page, base, screenshot_dir)
    add_crypto_result(page, base, pdf_file)
    pass_file_and_go_live(page, base, screenshot_dir)

    # 2027-05-10: a year after acceptance and go-live, the unit's window is open.
    traveller.move_to(at(EVALUATION_DAY))
    self_evaluation_window_open(page, base, screenshot_dir)
