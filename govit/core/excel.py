"""Excel (.xlsx) in and out: the 台账 that offices exchange.

Writing streams rows through openpyxl's write-only mode, so an export of fifty thousand rows
keeps one row in memory.  Text that Excel would read as a formula (``=``, ``+``, ``-``, ``@``)
is written as text, so a project named ``=HYPERLINK(...)`` cannot run anything on the reader's
machine.  Reading refuses anything that is not a real .xlsx before openpyxl parses it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .errors import InvalidInput

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
_FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its Chinese header and its width in characters."""

    header: str
    width: int = 16
    money: bool = False


def _cell(sheet: Worksheet, value: Any, *, money: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=None)
    if isinstance(value, bool):
        cell.value = "是" if value else "否"
    elif isinstance(value, Decimal | int | float):
        cell.value = value
        if money:
            cell.number_format = MONEY_FORMAT
    elif isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif value is None:
        cell.value = None
    else:
        # Word's manual line break (\x0b) becomes a line break; other control characters,
        # which the .xlsx format cannot hold, are dropped rather than failing the export.
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value).replace("\x0b", "\n"))
        cell.value = text
        if text.startswith(_FORMULA_STARTS):
            cell.data_type = "s"  # text, never a formula
    return cell


def workbook_bytes(
    *,
    sheet_title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str] = (),
    validations: Sequence[DataValidation] = (),
) -> bytes:
    """An .xlsx with a bold, frozen header row of ``columns`` and then ``rows``.

    ``notes`` go to a second sheet 说明 (how to fill in a template, what the export holds);
    ``validations`` (e.g. a dropdown of allowed values) apply to the first sheet.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    for validation in validations:
        sheet.data_validations.append(validation)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="F2DCDB")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    money = [column.money for column in columns]
    for row in rows:
        sheet.append(
            [
                _cell(sheet, value, money=money[i] if i < len(money) else False)
                for i, value in enumerate(row)
            ]
        )
    if notes:
        help_sheet = book.create_sheet("说明")
        help_sheet.column_dimensions["A"].width = 100
        for line in notes:
            help_sheet.append([_cell(help_sheet, line)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download named ``filename`` (Chinese allowed: RFC 6266 ``filename*``)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    # The ASCII fallback for old clients: "项目台账-2026-11-27.xlsx" → "export-2026-11-27.xlsx".
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    if not ascii_name[:1].isalnum():
        ascii_name = "export" + ascii_name
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


NOT_XLSX = InvalidInput(
    "文件不是 Excel 工作簿（.xlsx）。请下载模板，在 Excel 或 WPS 中填写后另存为 .xlsx 再上传。",
    message_en="The file is not an Excel workbook (.xlsx). Download the template, fill it in "
    "with Excel or WPS, save it as .xlsx and upload it again.",
    field="file",
)


def open_sheet(stream: IO[bytes]) -> Worksheet:
    """The first sheet of an uploaded .xlsx, read-only; ``NOT_XLSX`` for anything else."""
    try:
        with zipfile.ZipFile(stream) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise NOT_XLSX
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise NOT_XLSX from error
    stream.seek(0)
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise NOT_XLSX from error
    return book.worksheets[0]


def data_rows(sheet: Worksheet, *, width: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, the first ``width`` values) of every non-empty row after the header."""
    for number, values in enumerate(
        sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
    ):
        padded = tuple(values) + (None,) * (width - len(values))
        if any(value not in (None, "") for value in padded):
            yield number, padded


def column_letter(index: int) -> str:
    """1 → A, 27 → AA: how an error names a column."""
    return get_column_letter(index)
