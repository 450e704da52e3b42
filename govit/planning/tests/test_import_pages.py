"""The Excel pages of a plan: buttons, downloads, the upload form and the import's progress."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from govit.planning import services
from govit.planning.models import DepartmentPlan, PlanItemImport

from .factories import POLICE_ANNUAL, annual_plan, html, submitted_plan
from .test_excel_import import TRICKY_ITEMS, fresh_plan, start
from .workbooks import PNG_BYTES, read_sheet, upload, valid_rows, values_of, xlsx

pytestmark = pytest.mark.django_db


def url(name: str, plan: DepartmentPlan, *rest: Any) -> str:
    return reverse(f"planning:{name}", args=[plan.pk, *rest])


def upload_and_run(client, plan: DepartmentPlan, content: bytes, capture, name: str = "计划.xlsx"):  # type: ignore[no-untyped-def]
    """Post the file; the check runs when the upload commits (eager Celery, as in development)."""
    with capture(execute=True):
        response = client.post(url("items_import", plan), {"file": upload(content, name)})
    return response


# --- the plan page and the downloads -----------------------------------------------------------
def test_the_unit_sees_template_import_and_export_on_its_draft_plan(world, page_as) -> None:
    plan = annual_plan(world)
    page = html(page_as("police_staff").get(url("department_detail", plan)))
    for link in ("items_template", "items_import", "items_export"):
        assert url(link, plan) in page
    assert "下载导入模板" in page and "导入计划项目" in page and "导出计划项目" in page


def test_the_bdb_may_export_a_submitted_plan_but_not_import_into_it(world, page_as) -> None:
    plan = submitted_plan(world)
    client = page_as("bdb_staff")
    page = html(client.get(url("department_detail", plan)))
    assert url("items_export", plan) in page
    assert url("items_import", plan) not in page and url("items_template", plan) not in page
    response = client.get(url("items_export", plan))
    assert read_sheet(response.content)[1][0] == "智慧公安大数据平台"
    assert client.get(url("items_template", plan)).status_code == 403


def test_the_downloads_are_xlsx_files_with_chinese_names(world, page_as) -> None:
    plan = annual_plan(world)
    client = page_as("police_leader")
    template = client.get(url("items_template", plan))
    export = client.get(url("items_export", plan))
    for response in (template, export):
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        load_workbook(io.BytesIO(response.content))  # a real workbook
    assert "计划项目导入模板.xlsx" in unquote(template["Content-Disposition"])
    assert f"{POLICE_ANNUAL}-计划项目.xlsx" in unquote(export["Content-Disposition"])


def test_a_title_with_a_quote_and_slash_gives_a_safe_file_name(world, page_as) -> None:
    plan = services.department_plan_create(
        kind="annual_construction",
        title='计划 "A/B"',
        start_year=2027,
        by=world.persona("police_staff"),
    )
    response = page_as("police_staff").get(url("items_export", plan))
    assert 'filename="export _A_B_-.xlsx"' in response["Content-Disposition"]


# --- uploading -----------------------------------------------------------------------------------
def test_export_then_import_through_the_pages_keeps_every_value(
    world, page_as, django_capture_on_commit_callbacks
) -> None:
    staff = world.persona("police_staff")
    source = fresh_plan(world, year=2026)
    for name, category, budget, reason in TRICKY_ITEMS:
        services.plan_item_add(
            plan=source,
            name=name,
            category=category,
            estimated_budget=budget,
            reason=reason,
            by=staff,
        )
    target = fresh_plan(world, year=2027)
    client = page_as("police_staff")
    exported = client.get(url("items_export", source)).content

    response = upload_and_run(client, target, exported, django_capture_on_commit_callbacks)

    job = PlanItemImport.objects.get()
    assert response.status_code == 302
    assert response.url == url("import_detail", target, job.pk)
    page = html(client.get(response.url))
    assert "已导入 6 个项目" in page and 'data-state="imported"' in page
    assert "hx-trigger" not in page  # finished: nothing left to poll
    assert values_of(target.items) == values_of(source.items)


def test_a_file_with_bad_cells_shows_the_error_table_and_saves_nothing(
    world, page_as, django_capture_on_commit_callbacks
) -> None:
    plan = annual_plan(world)
    client = page_as("police_staff")
    content = xlsx([("智慧交通", "办公系统", "十二万", ""), ("", "02", 1, "")])

    response = upload_and_run(client, plan, content, django_capture_on_commit_callbacks)

    page = html(client.get(response.url))
    assert "文件有 3 处错误，什么都没有导入。" in page
    assert '<td>2</td><td class="text-nowrap">B（系统类别）</td><td>办公系统</td>' in page
    assert "「十二万」不是金额，请填写数字（单位：元，不带逗号），如 120000.00" in page
    assert (
        '<td>3</td><td class="text-nowrap">A（项目名称）</td><td></td><td>未填写，请填写项目名称</td>'
        in page
    )
    assert url("items_import", plan) in page  # upload again
    assert plan.items.count() == 2


def test_too_many_errors_are_cut_to_the_first_200_with_the_total(
    world, page_as, django_capture_on_commit_callbacks
) -> None:
    plan = fresh_plan(world)
    client = page_as("police_staff")
    content = xlsx([(f"项目{n}", "无此类别", 1, "") for n in range(250)])
    response = upload_and_run(client, plan, content, django_capture_on_commit_callbacks)
    page = html(client.get(response.url))
    assert "下表列出前 200 处错误（共 250 处）" in page
    assert page.count("不是第二条所列的系统类别") == 200


@pytest.mark.parametrize(
    ("content", "name"),
    [(PNG_BYTES, "截图.xlsx"), ("就是一段文字".encode(), "说明.xlsx")],
    ids=["png-renamed", "text-file"],
)
def test_a_file_that_is_not_an_xlsx_is_refused_on_the_form(
    world, page_as, django_capture_on_commit_callbacks, content: bytes, name: str
) -> None:
    plan = fresh_plan(world)
    response = upload_and_run(
        page_as("police_staff"), plan, content, django_capture_on_commit_callbacks, name
    )
    page = html(response)
    assert "文件不是 Excel 工作簿（.xlsx）。请下载模板" in page
    assert PlanItemImport.objects.count() == 0


def test_an_upload_without_a_file_asks_for_one(world, page_as) -> None:
    plan = fresh_plan(world)
    page = html(page_as("police_staff").post(url("items_import", plan), {}))
    assert "请选择要上传的 .xlsx 文件" in page


def test_a_submitted_plan_sends_the_import_page_back_with_the_reason(world, page_as) -> None:
    plan = submitted_plan(world)
    response = page_as("police_staff").get(url("items_import", plan), follow=True)
    page = html(response)
    assert response.redirect_chain[-1][0] == url("department_detail", plan)
    assert "计划当前状态为「已报送」，不能修改" in page


def test_the_import_page_lists_the_plans_recent_imports(
    world, page_as, django_capture_on_commit_callbacks
) -> None:
    plan = fresh_plan(world)
    client = page_as("police_staff")
    upload_and_run(
        client, plan, xlsx(valid_rows(3)), django_capture_on_commit_callbacks, "三项.xlsx"
    )
    page = html(client.get(url("items_import", plan)))
    assert "三项.xlsx" in page and "已导入 3 个项目" in page and "<label" in page


# --- progress ---------------------------------------------------------------------------------------
def _running(world: Any, checked: int, total: int) -> PlanItemImport:
    plan = fresh_plan(world)
    job = start(world, plan, xlsx(valid_rows(1)))  # queued: the test never commits
    PlanItemImport.objects.filter(pk=job.pk).update(
        state=PlanItemImport.State.CHECKING, total_rows=total, checked_rows=checked
    )
    return PlanItemImport.objects.get(pk=job.pk)


def test_a_running_import_shows_a_progress_bar_and_polls_itself(world, page_as) -> None:
    job = _running(world, 1200, 5000)
    client = page_as("police_staff")
    for name in ("import_detail", "import_progress"):
        page = html(client.get(url(name, job.plan, job.pk)))
        assert "已校验 1,200 / 5,000 行" in page
        assert 'aria-valuenow="24"' in page and "govit-progress-20" in page
        assert f'hx-get="{url("import_progress", job.plan, job.pk)}"' in page
        assert 'hx-trigger="every 1s"' in page
    partial = html(client.get(url("import_progress", job.plan, job.pk)))
    assert "<html" not in partial and partial.lstrip().startswith('<div id="import-status"')


def test_a_queued_import_says_it_waits(world, page_as) -> None:
    plan = fresh_plan(world)
    job = start(world, plan, xlsx(valid_rows(1)))
    page = html(page_as("police_leader").get(url("import_detail", plan, job.pk)))
    assert "排队中" in page and 'aria-valuenow="0"' in page


def test_the_import_page_costs_the_same_queries_for_5_or_200_errors(
    world, page_as, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    client = page_as("police_staff")
    pages = []
    for year, count in ((2027, 5), (2028, 200)):
        plan = fresh_plan(world, year=year)
        rows = [(f"项目{n}", "无此类别", 1, "") for n in range(count)]
        upload_and_run(client, plan, xlsx(rows), django_capture_on_commit_callbacks)
        pages.append(url("import_detail", plan, PlanItemImport.objects.get(plan=plan).pk))
    for page in pages:
        with django_assert_num_queries(8):
            html(client.get(page))


def test_the_export_costs_the_same_queries_for_2_or_60_items(
    world, page_as, django_assert_num_queries
) -> None:
    small = annual_plan(world)
    large = fresh_plan(world)
    staff = world.persona("police_staff")
    for n in range(60):
        services.plan_item_add(
            plan=large, name=f"项目{n}", category="02", estimated_budget=n, by=staff
        )
    client = page_as("police_staff")
    for plan, count in ((small, 2), (large, 60)):
        with django_assert_num_queries(8):
            response = client.get(url("items_export", plan))
        assert len(read_sheet(response.content)) == count + 1
