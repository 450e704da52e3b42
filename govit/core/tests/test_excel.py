"""core.excel: what every export and import relies on."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from govit.core.errors import InvalidInput
from govit.core.excel import Column, data_rows, open_sheet, workbook_bytes, xlsx_response


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def test_text_that_looks_like_a_formula_is_written_as_text() -> None:
    content = workbook_bytes(
        sheet_title="台账", columns=[Column("名称")], rows=[['=HYPERLINK("x")'], ["+1"]]
    )
    sheet = _sheet(content)
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("x")'
    assert sheet["A3"].data_type == "s"


def test_money_dates_and_chinese_headers_keep_their_types() -> None:
    content = workbook_bytes(
        sheet_title="项目台账",
        columns=[Column("项目名称"), Column("批复金额（元）", money=True), Column("日期")],
        rows=[["智慧警务", Decimal("1234567.89"), date(2026, 11, 27)]],
        notes=["本表由系统导出"],
    )
    book = load_workbook(io.BytesIO(content))
    sheet = book["项目台账"]
    assert [cell.value for cell in sheet[1]] == ["项目名称", "批复金额（元）", "日期"]
    assert sheet["B2"].value == pytest.approx(1234567.89)
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value.date() == date(2026, 11, 27)
    assert book["说明"]["A1"].value == "本表由系统导出"


def test_control_characters_do_not_break_an_export() -> None:
    content = workbook_bytes(sheet_title="x", columns=[Column("理由")], rows=[["甲\x0b乙\x01丙"]])
    assert list(data_rows(open_sheet(io.BytesIO(content)), width=1)) == [(2, ("甲\n乙丙",))]


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers() -> None:
    content = workbook_bytes(
        sheet_title="x", columns=[Column("a"), Column("b")], rows=[["1", None], [None, None], ["3"]]
    )
    assert list(data_rows(open_sheet(io.BytesIO(content)), width=2)) == [
        (2, ("1", None)),
        (4, ("3", None)),
    ]


@pytest.mark.parametrize("content", [b"", b"hello", b"PK\x03\x04broken", b"\x89PNG\r\n\x1a\n"])
def test_anything_but_an_xlsx_is_refused_with_what_to_do(content: bytes) -> None:
    with pytest.raises(InvalidInput) as caught:
        open_sheet(io.BytesIO(content))
    assert "请下载模板" in caught.value.message
    assert "Download the template" in caught.value.message_en


def test_download_names_carry_chinese_and_a_safe_ascii_fallback() -> None:
    response = xlsx_response(b"x", '项目"台账-2026-11-27.xlsx')
    disposition = response["Content-Disposition"]
    assert 'filename="export-2026-11-27.xlsx"' in disposition
    assert "filename*=UTF-8''%E9%A1%B9%E7%9B%AE" in disposition
