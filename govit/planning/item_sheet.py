"""The Excel layout of plan items: the import template, the export, and what a cell may hold.

The export uses exactly the template's layout, so a plan's items exported and uploaded again
come back unchanged: names as text (a leading ``=`` stays text), the category as its Chinese
label, the estimated budget as a number with two decimals (at most 14 significant digits, which
a spreadsheet's binary float holds exactly), the reason with its line breaks.  The one
exception: control characters that a worksheet cannot hold at all (Word's line break U+000B
becomes a newline, the rest are dropped) — openpyxl would otherwise refuse the whole export.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.datavalidation import DataValidation

from govit.core.excel import Column, column_letter, workbook_bytes
from govit.policy.vocabulary import SystemCategory

from .models import CENT, DepartmentPlan, PlanItem
from .services import NAME_MAX, REASON_MAX

MAX_ROWS = 5000
BUDGET_MAX_DIGITS = PlanItem._meta.get_field("estimated_budget").max_digits
BUDGET_LIMIT = Decimal(10) ** (BUDGET_MAX_DIGITS - 2) - CENT  # 999,999,999,999.99
SHEET_TITLE = "计划项目"
# Excel shows (and computes with) 15 significant digits; a float read back from a file is
# rounded to what the person saw, so 0.1 + 0.2 typed as a formula is 0.3, not 0.30000000000000004.
EXCEL_DIGITS = Context(prec=15)


@dataclass(frozen=True)
class SheetColumn:
    header: str
    header_en: str
    width: int
    money: bool = False

    @property
    def column(self) -> Column:
        return Column(self.header, width=self.width, money=self.money)


NAME = SheetColumn("项目名称", "Item name", 36)
CATEGORY = SheetColumn("系统类别", "System category", 26)
BUDGET = SheetColumn("估算投资（元）", "Estimated budget (yuan)", 20, money=True)
REASON = SheetColumn("建设理由", "Reason", 60)
COLUMNS = (NAME, CATEGORY, BUDGET, REASON)
CATEGORY_LABELS = "、".join(SystemCategory.labels)
CATEGORY_BY_TEXT = {
    **{label: code for code, label in SystemCategory.choices},
    **{code: code for code in SystemCategory.values},
}


def letter(column: SheetColumn) -> str:
    return column_letter(COLUMNS.index(column) + 1)


def notes(plan: DepartmentPlan | None = None) -> list[str]:
    """The 说明 sheet: what goes in each column and what happens on upload."""
    categories = "；".join(f"{label}（代码 {code}）" for code, label in SystemCategory.choices)
    lines = [
        "计划项目导入说明",
        "",
        f"1. 在「{SHEET_TITLE}」工作表中从第 2 行起每行填写一个项目；不要修改第 1 行表头，"
        "不要增加、删除或调换列。",
        f"2. {letter(NAME)} 列 {NAME.header}（必填）：不超过 {NAME_MAX} 字；同一文件内、"
        "以及与计划中已有的项目都不能重名。",
        f"3. {letter(CATEGORY)} 列 {CATEGORY.header}（必填）：从下拉列表选择第二条所列六类之一，"
        f"也可填写代码。可填：{categories}。",
        f"4. {letter(BUDGET)} 列 {BUDGET.header}（必填）：以元为单位的数字，最多两位小数，"
        f"不带逗号和“元”字，例如 120000.00；不能为负数，不超过 {BUDGET_LIMIT:,} 元。",
        f"5. {letter(REASON)} 列 {REASON.header}（选填）：不超过 {REASON_MAX} 字，单元格内可换行。",
        f"6. 一次最多导入 {MAX_ROWS:,} 行。只要有一个单元格有误，整个文件都不导入；"
        "页面按行、列列出全部错误，改正后重新上传即可。",
        "7. 「导出计划项目」下载的文件与本模板格式相同，可修改后导入另一份计划。",
    ]
    if plan is not None:
        lines += ["", f"导出自：{plan.title}（{plan.organisation}，{plan.period}）"]
    return lines


def _category_dropdown() -> DataValidation:
    """A dropdown of the six labels on the category column; a code typed by hand only warns."""
    dropdown = DataValidation(
        type="list",
        formula1='"' + ",".join(SystemCategory.labels) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=CATEGORY.header,
        error=f"请从下拉列表选择：{CATEGORY_LABELS}",
        showInputMessage=True,
        promptTitle=CATEGORY.header,
        prompt="请从下拉列表选择第二条所列系统类别",
    )
    column = letter(CATEGORY)
    dropdown.sqref = f"{column}2:{column}{MAX_ROWS + 1}"
    return dropdown


def _workbook(rows: Iterable[list[Any]], plan: DepartmentPlan | None) -> bytes:
    return workbook_bytes(
        sheet_title=SHEET_TITLE,
        columns=[column.column for column in COLUMNS],
        rows=rows,
        notes=notes(plan),
        validations=[_category_dropdown()],
    )


def template_bytes() -> bytes:
    """The empty template: the header row, the category dropdown and the 说明 sheet."""
    return _workbook([], None)


def sheet_text(text: str) -> str:
    """``text`` as a worksheet can hold it (see the module's docstring)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text.replace("\x0b", "\n"))


def export_bytes(plan: DepartmentPlan, items: Iterable[PlanItem]) -> bytes:
    """Every item of ``plan`` in the template's layout (importable as is)."""
    rows = (
        [
            sheet_text(item.name),
            item.get_category_display(),
            item.estimated_budget,
            sheet_text(item.reason),
        ]
        for item in items
    )
    return _workbook(rows, plan)


# --- reading a cell back --------------------------------------------------------------------
def normalised_header(value: object) -> str:
    """Headers compare after NFKC (full-width brackets = ASCII ones) without any spaces."""
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split())


def cell_text(value: object) -> str:
    """A cell as text: a number typed into the name column is its digits, not ``2026.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def category_code(value: object) -> str | None:
    """The category's code from its label or code (``"02"``, or ``2`` where Excel dropped
    the leading zero); None when it is neither."""
    if isinstance(value, int) and not isinstance(value, bool):
        return CATEGORY_BY_TEXT.get(f"{value:02d}")
    return CATEGORY_BY_TEXT.get(cell_text(value))


def excel_number(value: int | float) -> Decimal:
    """A number read from a file as the decimal the person saw (15 significant digits)."""
    if isinstance(value, int):
        return Decimal(value)
    return EXCEL_DIGITS.create_decimal(Decimal(str(value)))


def plain_number(text: str) -> Decimal | None:
    """A number typed as text: ASCII digits with an optional sign and decimal point only."""
    stripped = text.strip()
    body = stripped.removeprefix("-").removeprefix("+")
    whole, _, fraction = body.partition(".")
    if not whole.isascii() or not whole.isdigit() or (fraction and not fraction.isdigit()):
        return None
    if not fraction.isascii():
        return None
    try:
        return Decimal(stripped)
    except InvalidOperation:  # pragma: no cover - the checks above admit only decimals
        return None
