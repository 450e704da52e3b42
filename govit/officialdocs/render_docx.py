"""The Word file (.docx, python-docx), laid out after GB/T 9704-2012.

Fonts are named as the standard and Word/WPS know them (方正小标宋简体, 仿宋_GB2312, 黑体,
宋体 for page numbers); the East Asian font must be set on ``w:rFonts/@w:eastAsia``, or Word
shows Chinese in the Latin font.  A machine without them substitutes; the layout holds
because sizes, line pitch and the line grid (22 lines a page) are explicit.
Odd pages number at the bottom right, even pages at the bottom left (页码 "— 1 —", 7.5),
and margins mirror so that 订口 (28 mm) is always the binding side.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from . import layout
from .layout import Paragraph, Printed, Table

RED = RGBColor.from_string(layout.RED)
BODY = Pt(layout.BODY_PT)
INDENT_TWO_CHARS = Pt(2 * layout.BODY_PT)
PAGE_NUMBER_FONT = {
    "east_asia": layout.WORD_PAGE_NUMBER_FONT,
    "latin": layout.WORD_PAGE_NUMBER_FONT,
    "size": layout.PAGE_NUMBER_PT,
}
# Elements that come after w:pBdr inside w:pPr (ECMA-376 CT_PPrBase): the border goes before them.
_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _fonts(run_or_style_rpr: object, east_asia: str, latin: str = layout.WORD_LATIN_FONT) -> None:
    """Set the Latin and the East Asian font of a run's (or a style's) properties."""
    rpr = run_or_style_rpr.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _run(
    paragraph: DocxParagraph,
    text: str,
    *,
    east_asia: str = layout.WORD_BODY_FONT,
    size: float = layout.BODY_PT,
    bold: bool = False,
    colour: RGBColor | None = None,
    latin: str = layout.WORD_LATIN_FONT,
) -> Run:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    _fonts(run._r, east_asia, latin)
    return run


def _exact(paragraph: DocxParagraph, pitch: float = layout.LINE_PITCH_PT) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(pitch)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _blank_lines(document: Document, count: int) -> None:
    for _ in range(count):
        _exact(document.add_paragraph())


def _setup(document: Document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = (
        Mm(layout.PAGE_WIDTH_MM),
        Mm(layout.PAGE_HEIGHT_MM),
    )
    section.top_margin = Mm(layout.MARGIN_TOP_MM)
    section.bottom_margin = Mm(layout.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(layout.MARGIN_INSIDE_MM)
    section.right_margin = Mm(layout.MARGIN_OUTSIDE_MM)
    # The page number's rule sits 7 mm under the text block (7.5): the footer's bottom edge
    # is then about 35 − 7 − 5 (a 4号 line) = 23 mm above the paper's edge.
    section.footer_distance = Mm(23)
    section.header_distance = Mm(15)
    # The line grid of the standard: 22 lines a page.  Not Word's "lines and characters" grid
    # (which would also force 28 characters a line): LibreOffice reads its character pitch
    # differently and spreads each 3号 character over two cells, and the body at 16 pt in the
    # 156 mm text block already holds 27–28 characters a line.
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(layout.LINE_PITCH_PT * 20)))
    # w:mirrorMargins comes right after w:zoom in CT_Settings (Word checks the order).
    settings = document.settings.element
    zoom = settings.find(qn("w:zoom"))
    mirror = OxmlElement("w:mirrorMargins")
    if zoom is not None:
        zoom.addnext(mirror)
    else:
        settings.insert(0, mirror)
    document.settings.odd_and_even_pages_header_footer = True

    normal = document.styles["Normal"]
    normal.font.size = BODY
    _fonts(normal.element, layout.WORD_BODY_FONT)
    language = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    language.append(lang)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(layout.LINE_PITCH_PT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)

    _page_numbers(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_numbers(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _field_char(paragraph: DocxParagraph, kind: str) -> None:
    run = _run(paragraph, "", **PAGE_NUMBER_FONT)  # type: ignore[arg-type]
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _page_field(paragraph: DocxParagraph) -> None:
    """A PAGE field, which Word and WPS update when they lay the document out."""
    _field_char(paragraph, "begin")
    run = _run(paragraph, "", **PAGE_NUMBER_FONT)  # type: ignore[arg-type]
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run._r.append(instruction)
    _field_char(paragraph, "separate")
    _run(paragraph, "1", **PAGE_NUMBER_FONT)  # type: ignore[arg-type]
    _field_char(paragraph, "end")


def _page_numbers(paragraph: DocxParagraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """ "— 1 —", 4号 宋体, one character in from the outside edge (7.5)."""
    paragraph.alignment = alignment
    one_char = Pt(layout.PAGE_NUMBER_PT)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = one_char
    else:
        paragraph.paragraph_format.left_indent = one_char
    _run(paragraph, "— ", **PAGE_NUMBER_FONT)  # type: ignore[arg-type]
    _page_field(paragraph)
    _run(paragraph, " —", **PAGE_NUMBER_FONT)  # type: ignore[arg-type]


def _bottom_border(paragraph: DocxParagraph, colour: str, size_eighths: int, space_pt: int) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), str(space_pt))
    bottom.set(qn("w:color"), colour)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


def _letterhead(document: Document, printed: Printed) -> None:
    """版头: the red organ mark, two blank lines, the number, 4 mm under it the red line."""
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    size = layout.organ_mark_size(printed.organ_mark)
    _exact(mark, size * 1.3)
    _run(mark, printed.organ_mark, east_asia=layout.WORD_TITLE_FONT, size=size, colour=RED)
    _blank_lines(document, 2)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact(number)
    _run(number, printed.number)
    _bottom_border(number, layout.RED, size_eighths=12, space_pt=11)  # 1.5 pt, 4 mm


def _title(document: Document, printed: Printed) -> None:
    _blank_lines(document, 2)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact(title, 35)
    _run(title, printed.title, east_asia=layout.WORD_TITLE_FONT, size=layout.TITLE_PT)
    _blank_lines(document, 1)
    addressee = document.add_paragraph()
    _exact(addressee)
    _run(addressee, f"{printed.addressee}：")


def _paragraph(document: Document, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = INDENT_TWO_CHARS
    _exact(paragraph)
    if block.style == "heading":
        paragraph.paragraph_format.keep_with_next = True
        _run(paragraph, block.text, east_asia=layout.WORD_HEADING_FONT)
    else:
        if block.style == "closing":
            paragraph.paragraph_format.keep_with_next = True
        _run(paragraph, block.text)


def _cell_text(cell: object, text: str, *, bold: bool, right: bool) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    _exact(paragraph, layout.TABLE_PT * 1.5)
    east_asia = layout.WORD_HEADING_FONT if bold else layout.WORD_BODY_FONT
    _run(paragraph, text, east_asia=east_asia, size=layout.TABLE_PT)


def _table(document: Document, block: Table) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.width(i) for i in range(len(block.columns)))
    for index in range(len(block.columns)):
        width = Mm(layout.TEXT_WIDTH_MM * block.width(index) / total)
        for cell in table.columns[index].cells:
            cell.width = width
    for index, heading in enumerate(block.columns):
        _cell_text(table.rows[0].cells[index], heading, bold=True, right=False)
    for row_index, row in enumerate(block.rows, start=1):
        for index, text in enumerate(row):
            _cell_text(
                table.rows[row_index].cells[index], text, bold=False, right=block.is_numeric(index)
            )
    # A table ends a paragraph run; leave one line before the text goes on.
    _blank_lines(document, 1)


def _signature(document: Document, printed: Printed) -> None:
    """署名 centred over 成文日期, the date four characters in from the right (7.3.5.1)."""
    _blank_lines(document, 2)
    date_indent = 4 * layout.BODY_PT
    offset = max(len(printed.date_text) - len(printed.signature), 0) / 2 * layout.BODY_PT
    for text, indent in (
        (printed.signature, date_indent + offset),
        (printed.date_text, date_indent),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(indent)
        paragraph.paragraph_format.keep_with_next = text == printed.signature
        _exact(paragraph)
        _run(paragraph, text)


def render_docx(printed: Printed) -> bytes:
    document = new_document()
    _setup(document)
    properties = document.core_properties
    properties.title = printed.title
    properties.author = printed.signature
    properties.subject = printed.number
    properties.keywords = printed.properties.get("keywords", "")
    properties.language = "zh-CN"
    _letterhead(document, printed)
    _title(document, printed)
    for block in printed.blocks:
        if isinstance(block, Table):
            _table(document, block)
        else:
            _paragraph(document, block)
    _signature(document, printed)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
