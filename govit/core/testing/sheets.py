"""Reading an .xlsx download in a test: its header row, its data rows and its cells."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet


def first_sheet(response: Any) -> Worksheet:
    """The first sheet of an .xlsx response (asserts it is one)."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response[
        "Content-Type"
    ]
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def header_and_rows(response: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    """The header row, and each data row as {header: value}."""
    sheet = first_sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def column_cells(response: Any, header: str) -> list[Any]:
    """The cells (values and number formats) of one column below the header."""
    sheet = first_sheet(response)
    titles = [cell.value for cell in sheet[1]]
    index = titles.index(header) + 1
    return [row[index - 1] for row in sheet.iter_rows(min_row=2)]
