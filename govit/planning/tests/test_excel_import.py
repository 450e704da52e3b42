"""Plan items from Excel: the round trip keeps every value; a bad file is refused cell by cell
with nothing saved; a large file reports its progress; the plan's rules still hold."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from govit.audit.models import Event
from govit.audit.services import verify
from govit.core.errors import InvalidInput, RuleViolation
from govit.planning import imports, services
from govit.planning.imports import plan_items_import_run, plan_items_import_start
from govit.planning.item_sheet import MAX_ROWS, export_bytes, template_bytes
from govit.planning.models import DepartmentPlan, PlanItemImport

from .factories import annual_plan, run, submitted_plan
from .workbooks import PNG_BYTES, read_sheet, valid_rows, values_of, xlsx

pytestmark = pytest.mark.django_db

# Names, categories, amounts and reasons that an export must bring back unchanged.
TRICKY_ITEMS = [
    ("=SUM(A1:A2)", "01", "0.01", "第一行\n第二行"),
    ("“智慧城市”（一期）：数据、平台；", "02", "123456789012.34", "理由：\r\n换行后"),
    ("-负号开头的项目", "03", "1000000", ""),
    ("+加号@项目", "04", "999999999999.99", "  前后空格已去掉  "),
    ("政务标准 2026", "05", "0", "a\tb"),
    ("2026", "06", "1234567.89", "最后一项"),
]


def fresh_plan(world: Any, persona: str = "police_staff", year: int = 2027) -> DepartmentPlan:
    return services.department_plan_create(
        kind=DepartmentPlan.Kind.ANNUAL_CONSTRUCTION,
        title=f"{year}年度建设计划",
        start_year=year,
        by=world.persona(persona),
    )


def start(world: Any, plan: DepartmentPlan, content: bytes, persona: str = "police_staff"):  # type: ignore[no-untyped-def]
    return plan_items_import_start(
        plan=plan,
        file_name="计划项目.xlsx",
        content=io.BytesIO(content),
        size=len(content),
        by=world.persona(persona),
    )


def import_file(world: Any, plan: DepartmentPlan, content: bytes) -> PlanItemImport:
    """Upload and run the check as the task would (the test transaction never commits)."""
    job = start(world, plan, content)
    plan_items_import_run(import_id=job.pk)
    job.refresh_from_db()
    return job


def messages(job: PlanItemImport) -> list[str]:
    return [error["message"] for error in job.errors]


# --- the round trip -----------------------------------------------------------------------------
def test_exported_items_imported_into_a_fresh_plan_keep_every_value(world) -> None:
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

    job = import_file(world, target, export_bytes(source, source.items.order_by("id")))

    assert job.state == PlanItemImport.State.IMPORTED, job.errors
    assert job.imported_count == len(TRICKY_ITEMS)
    assert values_of(target.items) == values_of(source.items)
    assert [value[2] for value in values_of(target.items)] == [
        Decimal(budget) for _name, _category, budget, _reason in TRICKY_ITEMS
    ]


def test_the_export_writes_labels_numbers_and_formula_like_names_as_text(world) -> None:
    plan = annual_plan(world)
    content = export_bytes(plan, plan.items.order_by("id"))
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["计划项目", "说明"]
    assert read_sheet(content) == [
        ("项目名称", "系统类别", "估算投资（元）", "建设理由"),
        ("智慧公安大数据平台", "业务信息系统", 3200000, "整合治安、交管、刑侦数据，支撑研判指挥"),
        ("公安视频专网扩容", "电子政务网络", 1800000.5, "接入新建治安卡口"),
    ]
    assert book.worksheets[0]["C3"].number_format == "#,##0.00"
    assert any(plan.title in (row[0] or "") for row in read_sheet(content, "说明"))


def test_a_name_starting_with_equals_is_exported_as_text_not_a_formula(world) -> None:
    plan = fresh_plan(world)
    services.plan_item_add(
        plan=plan,
        name="=HYPERLINK(1)",
        category="02",
        estimated_budget="1",
        by=world.persona("police_staff"),
    )
    cell = load_workbook(io.BytesIO(export_bytes(plan, plan.items.all()))).worksheets[0]["A2"]
    assert (cell.data_type, cell.value) == ("s", "=HYPERLINK(1)")


def test_control_characters_a_sheet_cannot_hold_do_not_break_the_export(world) -> None:
    plan = fresh_plan(world)
    services.plan_item_add(
        plan=plan,
        name="从 Word 粘贴\x07的名称",
        category="02",
        estimated_budget="1",
        reason="第一行\x0b第二行",  # Word's manual line break
        by=world.persona("police_staff"),
    )
    rows = read_sheet(export_bytes(plan, plan.items.all()))
    assert rows[1] == ("从 Word 粘贴的名称", "业务信息系统", 1, "第一行\n第二行")


def test_the_template_has_the_headers_the_notes_and_a_category_dropdown() -> None:
    content = template_bytes()
    book = load_workbook(io.BytesIO(content))
    sheet = book["计划项目"]
    assert read_sheet(content) == [("项目名称", "系统类别", "估算投资（元）", "建设理由")]
    notes = "\n".join(row[0] or "" for row in read_sheet(content, "说明"))
    for label in ("电子政务网络", "信息安全与应用支撑基础设施", "相关支撑体系", "5,000", "200 字"):
        assert label in notes
    (dropdown,) = sheet.data_validations.dataValidation
    assert dropdown.type == "list"
    assert str(dropdown.sqref) == f"B2:B{MAX_ROWS + 1}"
    assert dropdown.formula1 == (
        '"电子政务网络,业务信息系统,信息资源库,信息安全与应用支撑基础设施,政务标准体系,相关支撑体系"'
    )


# --- what a cell may hold ---------------------------------------------------------------------------
def test_codes_numbers_typed_as_text_and_excel_float_noise_are_accepted(world) -> None:
    plan = fresh_plan(world)
    job = import_file(
        world,
        plan,
        xlsx(
            [
                ("用代码的项目", "02", "120000.5", None),
                ("Excel 去掉了前导零", 4, 0.1 + 0.2, "公式算出的金额"),
                ("  名称前后有空格  ", " 信息资源库 ", 7, "  理由  "),
            ]
        ),
    )
    assert job.state == PlanItemImport.State.IMPORTED, job.errors
    assert values_of(plan.items) == [
        ("用代码的项目", "02", Decimal("120000.50"), ""),
        ("Excel 去掉了前导零", "04", Decimal("0.30"), "公式算出的金额"),
        ("名称前后有空格", "03", Decimal("7.00"), "理由"),
    ]


def test_every_bad_cell_is_reported_by_row_and_column_and_nothing_is_saved(world) -> None:
    plan = annual_plan(world)  # already holds 智慧公安大数据平台 and 公安视频专网扩容
    plan.refresh_from_db()
    before = (values_of(plan.items), plan.updated_at, Event.objects.count())
    rows = [
        ("智慧交通", "业务信息系统", 100, ""),  # row 2: good
        (None, "业务信息系统", 100, ""),
        ("办公自动化", "办公系统", 100, ""),
        ("视频会议", "02", "十二万", ""),
        ("应急指挥", 4, -5, ""),
        ("数据共享", "信息资源库", 1.234, ""),
        ("政务云", "电子政务网络", 1e15, ""),
        ("名" * 201, "政务标准体系", 1, ""),
        ("智慧交通", "相关支撑体系", 1, ""),
        ("智慧公安大数据平台", "业务信息系统", 1, ""),
        ("密码改造", None, None, "理" * 5001),
        ("电子证照", "业务信息系统", "1,200", ""),
    ]

    job = import_file(world, plan, xlsx(rows))

    labels = "电子政务网络、业务信息系统、信息资源库、信息安全与应用支撑基础设施、政务标准体系、相关支撑体系"
    assert messages(job) == [
        "第 3 行 A 列（项目名称）：未填写，请填写项目名称",
        f"第 4 行 B 列（系统类别）：「办公系统」不是第二条所列的系统类别，请从下拉列表选择：{labels}"
        "（也可填写代码 01–06）",
        "第 5 行 C 列（估算投资（元））：「十二万」不是金额，请填写数字（单位：元，不带逗号），如 120000.00",
        "第 6 行 C 列（估算投资（元））：「-5」是负数，估算投资不能为负，请填写 0 或正数",
        "第 7 行 C 列（估算投资（元））：「1.234」超过两位小数，请精确到分，如 1.23",
        "第 8 行 C 列（估算投资（元））：「1000000000000000」超出上限，"
        "估算投资不能超过 999,999,999,999.99 元，请核对单位是否为元",
        "第 9 行 A 列（项目名称）：共 201 字，超过 200 字的上限，请缩短",
        "第 10 行 A 列（项目名称）：「智慧交通」与第 2 行重名，同一计划中的项目名称不能重复",
        "第 11 行 A 列（项目名称）：「智慧公安大数据平台」与计划中已有的项目重名，"
        "请改名，或先在计划页删除原项目",
        "第 12 行 B 列（系统类别）：未填写，请填写系统类别",
        "第 12 行 C 列（估算投资（元））：未填写，请填写估算投资（元）",
        "第 12 行 D 列（建设理由）：共 5001 字，超过 5000 字的上限，请缩短",
        "第 13 行 C 列（估算投资（元））：「1,200」不是金额，请填写数字（单位：元，不带逗号），如 120000.00",
    ]
    assert job.errors[2]["message_en"] == (
        "Row 5, column C (Estimated budget (yuan)): “十二万” is not an amount; enter a number "
        "of yuan without commas, e.g. 120000.00"
    )
    assert (job.state, job.error_count, job.imported_count) == ("refused", 13, 0)
    plan.refresh_from_db()
    after = (values_of(plan.items), plan.updated_at)
    assert after == before[:2]
    # Only the upload and the refusal are recorded; no item event.
    assert list(Event.objects.filter(seq__gt=before[2]).values_list("action", flat=True)) == [
        "planning.plan_items_import_upload",
        "planning.plan_items_import_refuse",
    ]


def test_only_the_first_200_errors_are_kept_with_the_total(world) -> None:
    plan = fresh_plan(world)
    job = import_file(world, plan, xlsx([(f"项目{n}", "无此类别", "x", "") for n in range(150)]))
    assert (job.error_count, len(job.errors)) == (300, imports.ERRORS_KEPT)
    assert job.errors[0]["row"] == 2 and job.errors[-1]["row"] == 101


# --- files that are not the template ------------------------------------------------------------
def test_a_wrong_header_says_which_header_is_wrong(world) -> None:
    plan = fresh_plan(world)
    header = ("项目名称", "类别", "估算投资(元)", "建设理由")  # ASCII brackets are fine
    job = import_file(world, plan, xlsx([("智慧交通", "02", 1, "")], header=header))
    assert job.state == "refused"
    assert messages(job) == [
        "第 1 行 B 列（系统类别）：表头应为「系统类别」，实为「类别」。"
        "文件不是导入模板：请下载本页的导入模板，不要修改第 1 行",
    ]
    assert plan.items.count() == 0


def test_the_empty_template_is_refused_as_having_no_rows(world) -> None:
    job = import_file(world, fresh_plan(world), template_bytes())
    assert messages(job) == ["文件中没有数据行。请从第 2 行起每行填写一个项目后再上传"]
    assert (job.total_rows, job.checked_rows) == (0, 0)


def test_more_rows_than_the_limit_are_refused_before_checking(world) -> None:
    plan = fresh_plan(world)
    job = import_file(world, plan, xlsx(valid_rows(MAX_ROWS + 1)))
    assert messages(job) == [
        "文件的数据超过 5,000 行。一次最多导入 5,000 行，请拆分成多个文件分别导入"
    ]
    assert plan.items.count() == 0


@pytest.mark.parametrize(
    "content",
    [PNG_BYTES, "项目名称,系统类别\n智慧交通,02\n".encode(), b"PK\x03\x04not really a zip"],
    ids=["png-renamed-xlsx", "csv-text", "broken-zip"],
)
def test_a_file_that_is_not_an_xlsx_is_refused_at_upload(world, content: bytes) -> None:
    plan = fresh_plan(world)
    with pytest.raises(InvalidInput) as refusal:
        start(world, plan, content)
    assert refusal.value.message.startswith("文件不是 Excel 工作簿（.xlsx）")
    assert PlanItemImport.objects.count() == 0


def test_an_empty_upload_is_refused(world) -> None:
    with pytest.raises(InvalidInput, match="空文件"):
        start(world, fresh_plan(world), b"")


# --- who may import, and when --------------------------------------------------------------------
def test_another_department_cannot_import_into_the_plan(world) -> None:
    plan = fresh_plan(world)
    with pytest.raises(RuleViolation, match="只有本部门经办人或负责人可以修改"):
        start(world, plan, xlsx(valid_rows(1)), persona="education_staff")


def test_a_submitted_plan_refuses_an_import_with_the_reason(world) -> None:
    plan = submitted_plan(world)
    with pytest.raises(RuleViolation) as refusal:
        start(world, plan, xlsx(valid_rows(1)))
    assert "计划当前状态为「已报送」，不能修改" in refusal.value.message
    assert PlanItemImport.objects.count() == 0


def test_a_plan_submitted_while_the_file_waits_refuses_it_and_saves_nothing(world) -> None:
    plan = annual_plan(world)
    job = start(world, plan, xlsx(valid_rows(3)))
    run(world, plan, "submit", "police_staff")

    plan_items_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert job.state == "refused"
    assert messages(job)[0].startswith("计划当前状态为「已报送」，不能修改")
    assert plan.items.count() == 2


def test_a_name_added_by_hand_while_the_file_is_checked_is_caught_at_saving(
    world, monkeypatch
) -> None:
    plan = fresh_plan(world)
    job = start(world, plan, xlsx([("智慧交通", "02", 1, ""), ("数据共享", "03", 2, "")]))
    real_progress = imports.report_progress

    def someone_adds_an_item(import_id: int, checked_rows: int) -> None:
        real_progress(import_id, checked_rows)
        if not plan.items.exists():
            services.plan_item_add(
                plan=plan,
                name="数据共享",
                category="03",
                estimated_budget="9",
                by=world.persona("police_leader"),
            )

    monkeypatch.setattr(imports, "_check_rows", _check_rows_then(someone_adds_an_item))
    plan_items_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert messages(job) == [
        "第 3 行 A 列（项目名称）：「数据共享」与计划中已有的项目重名，请改名，或先在计划页删除原项目"
    ]
    assert list(plan.items.values_list("name", flat=True)) == ["数据共享"]


def _check_rows_then(action):  # type: ignore[no-untyped-def]
    """The real row check, followed by ``action`` (something another person does meanwhile)."""
    real_check = imports._check_rows

    def check(job, rows):  # type: ignore[no-untyped-def]
        result = real_check(job, rows)
        action(job.pk, len(rows))
        return result

    return check


def test_a_redelivered_task_does_not_import_twice(world) -> None:
    plan = fresh_plan(world)
    job = start(world, plan, xlsx(valid_rows(2)))
    plan_items_import_run(import_id=job.pk)
    assert plan_items_import_run(import_id=job.pk) is None
    assert plan.items.count() == 2


# --- saving: events, the plan's invariants, progress and query counts ---------------------------
def test_a_good_file_saves_all_items_with_their_events_and_touches_the_plan(world) -> None:
    plan = fresh_plan(world)
    touched_before = plan.updated_at
    first_new_event = Event.objects.count() + 1

    job = import_file(world, plan, xlsx(valid_rows(3)))

    plan.refresh_from_db()
    assert plan.updated_at > touched_before
    events = list(Event.objects.filter(seq__gte=first_new_event).order_by("seq"))
    assert [event.action for event in events] == [
        "planning.plan_items_import_upload",
        "planning.plan_item_add",
        "planning.plan_item_add",
        "planning.plan_item_add",
        "planning.plan_items_import",
    ]
    assert events[1].after["item"]["name"] == "项目00000"
    assert events[1].after["item"]["id"] == plan.items.order_by("id").first().pk  # type: ignore[union-attr]
    assert events[-1].after == {
        "import": job.pk,
        "file_name": "计划项目.xlsx",
        "file_sm3": job.file_sm3,
        "count": 3,
    }
    assert verify().intact


def test_a_large_file_reports_its_progress_while_it_is_checked(world, monkeypatch) -> None:
    plan = fresh_plan(world)
    job = start(world, plan, xlsx(valid_rows(1200)))
    seen: list[tuple[int, int, int]] = []
    real_progress = imports.report_progress

    def observed(import_id: int, checked_rows: int) -> None:
        real_progress(import_id, checked_rows)
        # What another request (the polling page) reads at this moment.
        stored = PlanItemImport.objects.get(pk=import_id)
        seen.append((checked_rows, stored.checked_rows, stored.total_rows))

    monkeypatch.setattr(imports, "report_progress", observed)
    plan_items_import_run(import_id=job.pk)

    assert seen == [(n, n, 1200) for n in (200, 400, 600, 800, 1000, 1200, 1200)]
    job.refresh_from_db()
    assert (job.state, job.checked_rows, job.total_rows, job.imported_count) == (
        "imported",
        1200,
        1200,
        1200,
    )
    assert plan.items.count() == 1200


def _queries_to_import(world: Any, rows: int, year: int) -> int:
    job = start(world, fresh_plan(world, year=year), xlsx(valid_rows(rows)))
    with CaptureQueriesContext(connection) as queries:
        plan_items_import_run(import_id=job.pk)
    job.refresh_from_db()
    assert job.imported_count == rows
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_each_row(world) -> None:
    hundred = _queries_to_import(world, 100, 2027)
    thousand = _queries_to_import(world, 1000, 2028)
    # 100 rows: claim, load, total, progress, existing names; lock, names again, one insert of
    # the items, touch, the audit chain (2 inserts on SQLite) and the import's state (21).
    assert hundred <= 21
    # Ten times the rows adds only the progress writes and the bulk inserts' extra batches
    # (SQLite binds at most 999 values per statement: 27 more here), never a query per row.
    assert thousand - hundred <= 1000 // 30
