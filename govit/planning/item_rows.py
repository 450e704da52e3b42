"""Checking the rows of an uploaded plan-item sheet, cell by cell.

Every bad cell becomes a ``CellError`` naming its row, column and value and saying what to do,
in Chinese and English; a good row becomes an ``ItemRow`` ready to save.  The rules are those
of ``services.plan_item_add`` (same limits), said about a cell instead of a form field, plus one
of the import: names are unique within the file and the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from .item_sheet import (
    BUDGET,
    BUDGET_LIMIT,
    CATEGORY,
    CATEGORY_LABELS,
    COLUMNS,
    NAME,
    REASON,
    SheetColumn,
    category_code,
    cell_text,
    excel_number,
    letter,
    normalised_header,
    plain_number,
)
from .models import CENT
from .services import NAME_MAX, REASON_MAX

SHOWN_VALUE_MAX = 40


@dataclass(frozen=True)
class CellError:
    """One refusal: of a cell (``row`` and ``column`` set) or of the whole file (``row`` None)."""

    row: int | None
    column: str
    header: str
    header_en: str
    value: str
    reason: str
    reason_en: str

    @property
    def message(self) -> str:
        if self.row is None:
            return self.reason
        return f"第 {self.row} 行 {self.column} 列（{self.header}）：{self.reason}"

    @property
    def message_en(self) -> str:
        if self.row is None:
            return self.reason_en
        return f"Row {self.row}, column {self.column} ({self.header_en}): {self.reason_en}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "message": self.message, "message_en": self.message_en}


def file_error(reason: str, reason_en: str) -> CellError:
    return CellError(None, "", "", "", "", reason, reason_en)


@dataclass(frozen=True)
class ItemRow:
    row: int
    name: str
    category: str
    estimated_budget: Decimal
    reason: str

    def fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "category": self.category,
            "estimated_budget": self.estimated_budget,
            "reason": self.reason,
        }


def shown(value: object) -> str:
    """A cell's value as the person typed it, shortened for a message."""
    if isinstance(value, datetime | date | time):
        text = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    else:
        text = cell_text(value)
    return text if len(text) <= SHOWN_VALUE_MAX else text[:SHOWN_VALUE_MAX] + "…"


def _error(row: int, column: SheetColumn, value: object, reason: str, reason_en: str) -> CellError:
    return CellError(
        row, letter(column), column.header, column.header_en, shown(value), reason, reason_en
    )


def _missing(row: int, column: SheetColumn, value: object) -> CellError:
    return _error(
        row,
        column,
        value,
        f"未填写，请填写{column.header}",
        f"empty; enter the {column.header_en.lower()}",
    )


# --- the header row --------------------------------------------------------------------------
def header_errors(values: Sequence[object]) -> list[CellError]:
    """The first row must be the template's headers, in order: say which one is not."""
    errors = []
    for index, column in enumerate(COLUMNS):
        found = values[index] if index < len(values) else None
        if normalised_header(found) == normalised_header(column.header):
            continue
        errors.append(
            CellError(
                1,
                letter(column),
                column.header,
                column.header_en,
                shown(found),
                f"表头应为「{column.header}」，实为「{shown(found)}」。"
                "文件不是导入模板：请下载本页的导入模板，不要修改第 1 行",
                f"the header should be “{column.header}”, not “{shown(found)}”. "
                "The file is not the import template: download the template from this page "
                "and keep its first row",
            )
        )
    return errors


# --- a data row ------------------------------------------------------------------------------
def _text(
    row: int, column: SheetColumn, value: object, *, limit: int, required: bool
) -> tuple[str | None, CellError | None]:
    text = cell_text(value)
    if not text:
        return ("", None) if not required else (None, _missing(row, column, value))
    if len(text) > limit:
        return None, _error(
            row,
            column,
            value,
            f"共 {len(text)} 字，超过 {limit} 字的上限，请缩短",
            f"{len(text)} characters, more than the limit of {limit}; shorten it",
        )
    return text, None


def _category(row: int, value: object) -> tuple[str | None, CellError | None]:
    if not cell_text(value):
        return None, _missing(row, CATEGORY, value)
    code = category_code(value)
    if code is None:
        return None, _error(
            row,
            CATEGORY,
            value,
            f"「{shown(value)}」不是第二条所列的系统类别，请从下拉列表选择：{CATEGORY_LABELS}"
            "（也可填写代码 01–06）",
            f"“{shown(value)}” is not a system category of Art. 2; choose one from the "
            "dropdown (or write its code 01–06)",
        )
    return code, None


def _budget(row: int, value: object) -> tuple[Decimal | None, CellError | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _missing(row, BUDGET, value)
    number: Decimal | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = excel_number(value)
    elif isinstance(value, str):
        number = plain_number(value)
    if number is None or not number.is_finite():
        return None, _error(
            row,
            BUDGET,
            value,
            f"「{shown(value)}」不是金额，请填写数字（单位：元，不带逗号），如 120000.00",
            f"“{shown(value)}” is not an amount; enter a number of yuan without commas, "
            "e.g. 120000.00",
        )
    if number < 0:
        return None, _error(
            row,
            BUDGET,
            value,
            f"「{shown(value)}」是负数，估算投资不能为负，请填写 0 或正数",
            f"“{shown(value)}” is negative; enter 0 or a positive amount",
        )
    if number > BUDGET_LIMIT:
        return None, _error(
            row,
            BUDGET,
            value,
            f"「{shown(value)}」超出上限，估算投资不能超过 {BUDGET_LIMIT:,} 元，请核对单位是否为元",
            f"“{shown(value)}” is too large: at most {BUDGET_LIMIT:,} yuan; check the unit is yuan",
        )
    if number != number.quantize(CENT):
        return None, _error(
            row,
            BUDGET,
            value,
            f"「{shown(value)}」超过两位小数，请精确到分，如 {number.quantize(CENT)}",
            f"“{shown(value)}” has more than two decimals; round it to cents, "
            f"e.g. {number.quantize(CENT)}",
        )
    return number.quantize(CENT), None


def check_row(row: int, values: Sequence[object]) -> tuple[ItemRow | None, list[CellError]]:
    """An ``ItemRow`` when every cell of the row is good, else every bad cell's error."""
    raw_name, raw_category, raw_budget, raw_reason = values[:4]
    name, name_error = _text(row, NAME, raw_name, limit=NAME_MAX, required=True)
    category, category_error = _category(row, raw_category)
    budget, budget_error = _budget(row, raw_budget)
    reason, reason_error = _text(row, REASON, raw_reason, limit=REASON_MAX, required=False)
    errors = [e for e in (name_error, category_error, budget_error, reason_error) if e]
    if errors or name is None or category is None or budget is None or reason is None:
        return None, errors
    return ItemRow(row, name, category, budget, reason), []


def row_name(values: Sequence[object]) -> str | None:
    """The row's item name when its cell is good (what duplicates are looked for among)."""
    name = cell_text(values[0])
    return name if name and len(name) <= NAME_MAX else None


def duplicate_errors(names: Iterable[tuple[int, str]], existing: set[str]) -> list[CellError]:
    """A name (given with its row) already in the plan, or already on an earlier row."""
    errors = []
    first_row: dict[str, int] = {}
    for row, name in names:
        if name in existing:
            errors.append(
                _error(
                    row,
                    NAME,
                    name,
                    f"「{shown(name)}」与计划中已有的项目重名，请改名，或先在计划页删除原项目",
                    f"“{shown(name)}” is already an item of the plan; rename it or remove "
                    "the existing item first",
                )
            )
        elif name in first_row:
            errors.append(
                _error(
                    row,
                    NAME,
                    name,
                    f"「{shown(name)}」与第 {first_row[name]} 行重名，同一计划中的项目名称不能重复",
                    f"“{shown(name)}” repeats row {first_row[name]}; item names must be unique "
                    "within a plan",
                )
            )
        else:
            first_row[name] = row
    return errors
