"""The PDF (WeasyPrint: an HTML template and CSS @page rules), laid out after GB/T 9704-2012.

Set in the free fonts the machine has (Noto Serif CJK SC for 小标宋 and 仿宋, Noto Sans CJK SC
for 黑体; ``bin/system-packages`` installs fonts-noto-cjk), which WeasyPrint embeds as subsets,
so the PDF reads the same everywhere.  Nothing is fetched: the template refers to no URL and
the fetcher refuses any.  About half a second a document: generate on request only.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.template.loader import render_to_string

from . import layout
from .layout import Paragraph, Printed, Table


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"official documents fetch nothing (asked for {url})")


def _measures() -> dict[str, Any]:
    return {
        name.lower(): getattr(layout, name)
        for name in dir(layout)
        if name.isupper() and not name.startswith("_")
    }


def _block(block: Paragraph | Table) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"paragraph": block}
    total = sum(block.width(i) for i in range(len(block.columns)))
    return {
        "table": block,
        "widths": [round(100 * block.width(i) / total, 2) for i in range(len(block.columns))],
        "rows": [
            [(text, block.is_numeric(index)) for index, text in enumerate(row)]
            for row in block.rows
        ],
    }


def render_pdf(printed: Printed) -> bytes:
    from weasyprint import CSS, HTML  # imported late: loading Pango costs ~0.3 s

    context = {
        "printed": printed,
        "blocks": [_block(block) for block in printed.blocks],
        "organ_mark_pt": layout.organ_mark_size(printed.organ_mark),
        "letter_spacing_pt": round(layout.CHAR_PITCH_PT - layout.BODY_PT, 3),
        "two_lines_pt": round(2 * layout.LINE_PITCH_PT, 2),
        "signature_indent_em": 4 + max(len(printed.date_text) - len(printed.signature), 0) / 2,
        "m": _measures(),
    }
    html = render_to_string("officialdocs/print/document.html", context)
    css = render_to_string("officialdocs/print/gbt9704.css", context)
    document = HTML(string=html, url_fetcher=_no_fetching)
    return bytes(document.write_pdf(stylesheets=[CSS(string=css, url_fetcher=_no_fetching)]))
