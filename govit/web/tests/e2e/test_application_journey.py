"""One application from a department's annual plan to a numbered approval opinion, in the browser.

Personas (govit.testing.world): police_staff (菏泽市公安局 经办人) and police_leader, bdb_staff
and bdb_leader (市大数据局), and the two experts ``expert`` (市教育局) and ``health_expert``
(市卫生健康委员会).  Every step is done through the pages, as each person would: sign in with
the login form, click, type, sign out with 退出登录.

Amounts: 服务器 4 台 × 85,000 + 业务系统开发 1 项 × 1,200,000 = 1,540,000 requested.  One expert
cuts 85,000 from 服务器; the other cuts nothing.  The opinion's default carries the **mean** cut
of each line over the experts who submitted (govit.reviews.services.carried_over_lines, shown
on the workspace), so 服务器 is approved at 340,000 − 42,500 and the project at 1,497,500.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from govit.applications.testing import pdf_bytes
from govit.testing.world import World

from .journeys import expect_success, sign_in, sign_out

pytestmark = pytest.mark.e2e

PROJECT_NAME = "智慧交管信号控制系统"
SERVERS = ("服务器", "4", "台", "85000")
DEVELOPMENT = ("业务系统开发", "1", "项", "1200000")
REQUESTED = Decimal("1540000.00")
CUT = Decimal("85000.00")
# Two experts submitted, one cut: the carried-over cut of the line is the mean, CUT / 2.
CARRIED_CUT = (CUT / 2).quantize(Decimal("0.01"))
APPROVED = REQUESTED - CARRIED_CUT


# --- helpers -----------------------------------------------------------------------------------


def form_headed(page: Page, heading: str) -> Locator:
    """The one form on the page that carries ``heading`` (the dossier has many forms)."""
    return page.locator("form").filter(has=page.get_by_role("heading", name=heading, exact=True))


def transition(page: Page, code: str) -> None:
    page.locator(f'button[data-transition="{code}"]').click()


def menu(page: Page, entry: str) -> None:
    """An entry of the header menu (主导航)."""
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name=entry, exact=True
    ).click()


def open_project(page: Page) -> None:
    """From anywhere: the 项目 menu, then the project by name."""
    menu(page, "项目")
    page.get_by_role("link", name=PROJECT_NAME, exact=True).click()
    expect(page.get_by_role("heading", name=PROJECT_NAME, level=1)).to_be_visible()


def shanghai_year() -> int:
    return datetime.now(ZoneInfo("Asia/Shanghai")).year


# --- the steps -----------------------------------------------------------------------------------
def plan_the_item(page: Page, base_url: str, year: int) -> None:
    """police_staff writes the annual construction plan with one item and submits it."""
    sign_in(page, base_url, "police_staff")
    menu(page, "规划与计划")
    page.get_by_role("link", name="部门规划与年度建设计划").click()
    page.get_by_role("link", name="新建部门规划或年度建设计划").click()
    page.get_by_label("类型").select_option(label="年度建设计划")
    page.get_by_label("名称").fill(f"菏泽市公安局{year}年度建设计划")
    page.get_by_label("起始年度").fill(str(year))
    page.get_by_label("主要内容").fill("围绕智慧警务，建设交通管理与视频融合应用。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("草稿")

    page.get_by_role("link", name="添加项目").click()
    page.get_by_label("项目名称").fill(PROJECT_NAME)
    page.get_by_label("系统类别（第二条）").select_option(label="业务信息系统")
    page.get_by_label("估算投资（元）").fill("1600000")
    page.get_by_label("建设理由").fill("主城区路口信号配时依赖人工，高峰拥堵严重。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("items")).to_contain_text(PROJECT_NAME)

    transition(page, "submit")
    expect(page.get_by_test_id("plan-state")).to_have_text("已报送")
    sign_out(page)


def approve_the_plan(page: Page, base_url: str, year: int) -> None:
    sign_in(page, base_url, "bdb_leader")
    menu(page, "规划与计划")
    page.get_by_role("link", name="部门规划与年度建设计划").click()
    page.get_by_role("link", name=f"菏泽市公安局{year}年度建设计划").click()
    approve = page.locator("form").filter(has=page.locator('[data-transition="approve"]'))
    approve.get_by_label("意见").fill("同意列入年度建设计划。")
    transition(page, "approve")
    expect(page.get_by_test_id("plan-state")).to_have_text("已批准")
    sign_out(page)


def create_the_project(page: Page) -> None:
    menu(page, "项目")
    page.get_by_role("link", name="新建项目").click()
    page.get_by_label("项目名称").fill(PROJECT_NAME)
    page.get_by_label(re.compile("^年度建设计划项目")).select_option(label=PROJECT_NAME)
    page.get_by_label("系统类别（第二条）").select_option(label="业务信息系统")
    page.get_by_role("button", name="创建").click()
    expect(page.get_by_role("heading", name=PROJECT_NAME, level=1)).to_be_visible()
    expect(page.get_by_test_id("project-state")).to_have_text("草稿")


def fill_the_dossier(page: Page, screenshot_dir: Path) -> None:
    panel = page.get_by_test_id("application-panel")
    expect(panel).to_be_visible()
    edit = panel.get_by_role("link", name="编辑申报材料")
    expect(edit).to_be_visible()
    edit.click()
    expect(page.get_by_role("heading", name=f"申报材料 · {PROJECT_NAME}")).to_be_visible()

    upload = form_headed(page, "上传材料（同一类型、同一标题再次上传即为新版本，旧版本保留）")
    upload.get_by_label("材料类型").select_option(label="建设方案")
    upload.get_by_label("标题").fill("智慧交管信号控制系统建设方案")
    upload.get_by_label(re.compile("^文件")).set_input_files(
        {"name": "建设方案.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("jianshe")}
    )
    upload.get_by_role("button", name="上传").click()
    expect_success(page, "已上传")
    expect(page.locator("#documents table")).to_contain_text("建设方案.pdf")

    for name, quantity, unit, price in (SERVERS, DEVELOPMENT):
        budget = form_headed(page, "添加预算明细")
        category = "硬件" if name == "服务器" else "开发"
        budget.get_by_label("类别").select_option(label=category)
        budget.get_by_label("名称").fill(name)
        budget.get_by_label("数量").fill(quantity)
        budget.get_by_label("单位").fill(unit)
        budget.get_by_label("单价（元）").fill(price)
        budget.get_by_role("button", name="添加").click()
        expect_success(page, "已添加预算明细")
    expect(page.get_by_test_id("budget-total")).to_have_text("1,540,000.00")
    expect(page.get_by_test_id("requested-amount")).to_have_text("1,540,000.00")

    goals = form_headed(page, "目标与结论")
    goals.get_by_label("绩效目标").fill("主城区主要路口信号自适应控制，高峰通行效率提升。")
    goals.get_by_label("评估结论").fill("项目必要、技术可行、预算基本合理。")
    goals.get_by_role("button", name="保存").click()
    indicator = form_headed(page, "添加绩效指标")
    indicator.get_by_label("指标名称").fill("高峰平均车速提升")
    indicator.get_by_label("目标值").fill("15")
    indicator.get_by_label("计量单位").fill("%")
    indicator.get_by_role("button", name="添加").click()
    page.get_by_role("button", name="完成事前绩效评估").click()
    expect(page.get_by_test_id("pre-evaluation-completed")).to_be_visible()

    catalogue = form_headed(page, "添加目录条目")
    catalogue.get_by_label("信息资源名称").fill("路口信号配时信息")
    catalogue.get_by_label("数据来源").fill("交通信号控制系统")
    catalogue.get_by_label("数据格式").fill("数据库表")
    catalogue.get_by_label("更新周期").fill("实时")
    catalogue.get_by_label("共享属性").select_option(label="有条件共享")
    catalogue.get_by_label("共享条件或不予共享的依据").fill("仅向交通运输、应急管理部门共享")
    catalogue.get_by_label("开放属性").select_option(label="不予开放")
    catalogue.get_by_role("button", name="添加").click()
    expect_success(page, "已添加目录条目")

    security = form_headed(page, "等级保护与密码应用")
    security.get_by_label("拟定等级保护级别（第三十一条）").select_option(label="第三级")
    security.get_by_label("密码应用方案（第三十二条）").fill(
        "采用 SM2/SM3/SM4 国密算法，部署密码服务平台。"
    )
    for label in ("同步规划", "同步建设", "同步运行"):
        security.get_by_label(label).check()
    security.get_by_role("button", name="保存").click()
    expect_success(page, "已保存安全保护方案")
    product = form_headed(page, "添加关键软硬件产品（第三十三条）")
    product.get_by_label("产品名称").fill("国产服务器")
    product.get_by_label("类别").select_option(label="硬件")
    product.get_by_label("厂商").fill("浪潮")
    product.get_by_label("产地").select_option(label="国产")
    product.get_by_role("button", name="添加").click()
    expect_success(page, "已添加产品")

    checks = page.get_by_test_id("readiness").locator("li")
    expect(checks).not_to_have_count(0)
    expect(page.locator('[data-testid="readiness"] li[data-allowed="false"]')).to_have_count(0)
    page.screenshot(path=screenshot_dir / "journey-01-dossier.png", full_page=True)


def submit_the_application(page: Page) -> None:
    page.get_by_role("navigation", name="路径").get_by_role("link", name=PROJECT_NAME).click()
    expect(page.get_by_test_id("blocked-actions")).not_to_contain_text("提交单位审核")
    transition(page, "submit")
    expect(page.get_by_test_id("project-state")).to_have_text("待单位审核")


def add_expert(page: Page, name: str, organisation: str, login: str) -> None:
    form = page.get_by_test_id("expert-form")
    form.get_by_label("专家姓名").fill(name)
    form.get_by_label("工作单位").select_option(label=f"{organisation}（菏泽市）")
    form.get_by_label("专业领域（以逗号或顿号分隔）").fill("软件工程、智能交通")
    form.get_by_label("登录账号（评审专家角色，可不填）").select_option(label=login)
    expect(form.get_by_label("在库（可被抽取）")).to_be_checked()
    form.get_by_role("button", name="加入专家库").click()
    expect_success(page, f"已将 {name} 加入专家库")
    page.get_by_role("link", name="返回专家库").click()


def score(page: Page, base_url: str, login: str, *, cut: bool, screenshot: Path | None) -> None:
    sign_in(page, base_url, login)
    menu(page, "我的评审")
    tasks = page.get_by_test_id("my-reviews")
    expect(tasks.get_by_role("row")).to_have_count(2)  # the header and this one review
    expect(tasks).to_contain_text("待评审")
    tasks.get_by_role("link", name=PROJECT_NAME).click()
    form = page.get_by_test_id("score-form")
    form.get_by_label("建设必要性得分（0–100）").fill("92" if cut else "88")
    form.get_by_label("建设必要性意见").fill("主城区拥堵突出，建设必要。")
    form.get_by_label("技术可行性得分（0–100）").fill("85" if cut else "90")
    form.get_by_label("技术可行性意见").fill("自适应信号控制技术成熟。")
    form.get_by_label("预算合理性得分（0–100）").fill("75" if cut else "86")
    if cut:
        form.get_by_label("预算合理性意见").fill("服务器数量偏多，建议核减一台。")
        form.get_by_label("「服务器」核减金额（元）").fill(str(CUT))
        form.get_by_label("「服务器」核减理由").fill("可利用政务云资源，核减一台服务器。")
        form.get_by_label("建议金额（元）").fill(str(REQUESTED - CUT))
    else:
        form.get_by_label("预算合理性意见").fill("预算基本合理。")
        form.get_by_label("建议金额（元）").fill(str(REQUESTED))
    if screenshot is not None:
        page.screenshot(path=screenshot, full_page=True)
    form.get_by_role("button", name="提交评审意见").click()
    expect_success(page, "评审意见已提交")
    expect(page.get_by_test_id("submitted-review")).to_be_visible()
    sign_out(page)


# --- the journey ---------------------------------------------------------------------------------
def test_an_application_goes_from_the_annual_plan_to_a_numbered_approval_opinion(
    page: Page, live_server, live_world: World, screenshot_dir: Path
) -> None:
    base = live_server.url
    year = shanghai_year()

    # Art. 6–7: the department's annual construction plan, approved by the BDB leader.
    plan_the_item(page, base, year)
    approve_the_plan(page, base, year)

    # police_staff: the project from that item, the dossier, the submission.
    sign_in(page, base, "police_staff")
    create_the_project(page)
    fill_the_dossier(page, screenshot_dir)
    submit_the_application(page)
    sign_out(page)

    # police_leader signs off (单位审核).
    sign_in(page, base, "police_leader")
    open_project(page)
    transition(page, "sign_off")
    expect(page.get_by_test_id("project-state")).to_have_text("单位已审核")
    sign_out(page)

    # bdb_staff: intake check, the expert pool, the draw.
    sign_in(page, base, "bdb_staff")
    open_project(page)
    transition(page, "accept_intake")
    expect(page.get_by_test_id("project-state")).to_have_text("评审中")
    menu(page, "专家库")
    add_expert(page, "王教授", "菏泽市教育局", "expert")
    add_expert(page, "赵主任", "菏泽市卫生健康委员会", "health_expert")
    expect(page.get_by_test_id("experts")).to_contain_text("王教授")
    expect(page.get_by_test_id("experts")).to_contain_text("赵主任")
    open_project(page)
    page.get_by_role("link", name="进入项目评审").click()
    draw = page.get_by_test_id("draw-form")
    draw.get_by_label("抽取人数").fill("2")
    draw.get_by_label("随机种子（可不填，由系统随机生成）").fill("20261127")
    draw.get_by_role("button", name="抽取专家").click()
    expect_success(page, "已抽取 2 位评审专家")
    draws = page.get_by_test_id("draws")
    expect(draws).to_contain_text("王教授")
    expect(draws).to_contain_text("赵主任")
    expect(draws).to_contain_text("复核一致")
    sign_out(page)

    # The two experts score; the first cuts one server.
    score(page, base, "expert", cut=True, screenshot=screenshot_dir / "journey-03-expert.png")
    score(page, base, "health_expert", cut=False, screenshot=None)

    # bdb_staff sees every score and drafts the opinion; the default carries the cut.
    sign_in(page, base, "bdb_staff")
    open_project(page)
    page.get_by_role("link", name="进入项目评审").click()
    expect(page.get_by_test_id("scores")).to_contain_text("王教授")
    expect(page.get_by_test_id("mean-necessity_score")).to_have_text("90.00")
    opinion = page.get_by_test_id("opinion-form")
    servers = opinion.get_by_label("「服务器」核定金额（元）")
    expect(servers).to_have_value(str(Decimal("340000.00") - CARRIED_CUT))
    expect(opinion.get_by_label("「服务器」核减理由")).to_have_value(re.compile("可利用政务云资源"))
    expect(opinion.get_by_label("「业务系统开发」核定金额（元）")).to_have_value("1200000.00")
    page.locator("details[data-testid^='review-']").first.locator("summary").click()
    page.screenshot(path=screenshot_dir / "journey-02-workspace.png", full_page=True)
    opinion.get_by_label("批复条件与意见").fill("同意建设。请按核定预算实施，优先利用政务云资源。")
    opinion.get_by_role("button", name="保存审核意见草稿").click()
    expect_success(page, f"已保存审核意见草稿，批复金额 {APPROVED} 元")
    sign_out(page)

    # bdb_leader approves on the project page: the opinion gets its number.
    sign_in(page, base, "bdb_leader")
    open_project(page)
    expect(page.get_by_test_id("blocked-actions")).not_to_contain_text("批复：")
    transition(page, "approve")
    expect(page.get_by_test_id("project-state")).to_have_text("已批复")
    signed = page.get_by_test_id("signed-opinion")
    expect(signed).to_contain_text(re.compile(rf"菏大数审〔{year}〕\d+号"))
    expect(signed).to_contain_text(
        f"批复金额 {APPROVED:,.2f} 元"
    )  # money with thousands separators
    page.screenshot(path=screenshot_dir / "journey-04-approved.png", full_page=True)
    sign_out(page)
