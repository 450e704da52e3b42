"""What a document says, in the order GB/T 9704-2012 (党政机关公文格式) lays it out, and the
measures of that layout shared by the Word and the PDF renderer.

``Printed`` is the whole document: 版头 (the red 发文机关标志, the 发文字号 and the red line),
主体 (标题, 主送机关, 正文 — paragraphs, headings and tables —, 发文机关署名, 成文日期) and
the page numbers the renderers add.  It is also what ``OfficialDocument.content`` keeps.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

# --- GB/T 9704-2012 measures ------------------------------------------------------------------
# 5.2.1 A4; 5.2.2 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm (so 26 mm outside, 35 mm below).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_INSIDE_MM, MARGIN_OUTSIDE_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_INSIDE_MM - MARGIN_OUTSIDE_MM  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225
# 5.2.3 正文 3号仿宋 (16 pt): 22 lines of 28 characters per page.
BODY_PT = 16.0
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
MM_PER_PT = 25.4 / 72
LINE_PITCH_PT = round(TEXT_HEIGHT_MM / MM_PER_PT / LINES_PER_PAGE, 2)  # 28.99
CHAR_PITCH_PT = TEXT_WIDTH_MM / MM_PER_PT / CHARS_PER_LINE  # 15.79: a shade under 16 pt
TITLE_PT = 22.0  # 7.3.1 标题 2号小标宋
ORGAN_MARK_PT = 36.0  # 7.2.2 发文机关标志: size not fixed, "醒目、美观、庄重"
PAGE_NUMBER_PT = 14.0  # 7.5 页码 4号半角宋体阿拉伯数字
TABLE_PT = 12.0  # tables in the body: 小四, so that five columns fit the 156 mm
RED = "FF0000"  # 7.2.2, 7.2.4 the 发文机关标志 and the separator line are red

# The fonts the standard names, as Word and WPS know them (they substitute when missing), and
# the free fonts the PDF is set in (Debian fonts-noto-cjk; ``bin/system-packages`` installs it).
WORD_TITLE_FONT = "方正小标宋简体"
WORD_BODY_FONT = "仿宋_GB2312"
WORD_HEADING_FONT = "黑体"
WORD_LATIN_FONT = "Times New Roman"
WORD_PAGE_NUMBER_FONT = "宋体"
PDF_SERIF_FONT = "Noto Serif CJK SC"  # stands in for 小标宋 (bold) and 仿宋 (regular)
PDF_SANS_FONT = "Noto Sans CJK SC"  # stands in for 黑体


def organ_mark_size(text: str) -> float:
    """The organ mark's size in pt: ORGAN_MARK_PT unless a long name needs less to fit 156 mm."""
    width_pt = TEXT_WIDTH_MM / MM_PER_PT
    return min(ORGAN_MARK_PT, round(width_pt / max(len(text), 1) * 0.95, 1))


def chinese_date(day: date) -> str:
    """成文日期 the 2012 standard's way: Arabic numerals, ``2026年11月27日`` (7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- what a document says ---------------------------------------------------------------------
@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body: ``body`` (indented two characters), ``heading`` (一、 in 黑体,
    7.3.3) or ``closing`` (特此通知。 indented like the body, kept with the signature)."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Table:
    """A table of the body; ``numeric`` columns are right-aligned, ``widths`` are relative."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    widths: tuple[int, ...] = ()

    def is_numeric(self, index: int) -> bool:
        return index < len(self.numeric) and self.numeric[index]

    def width(self, index: int) -> int:
        return self.widths[index] if index < len(self.widths) else 1


Block = Paragraph | Table


@dataclass(frozen=True)
class Body:
    """What a source says: the title, whom it is addressed to, and the body."""

    title: str
    addressee: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Printed:
    """The whole document as printed."""

    organ_mark: str  # 发文机关标志, e.g. 菏泽市大数据局文件
    number: str  # 发文字号
    title: str
    addressee: str  # 主送机关 (without the colon)
    blocks: tuple[Block, ...]
    signature: str  # 发文机关署名
    issued_on: date  # 成文日期
    properties: dict[str, str] = field(default_factory=dict)

    @property
    def date_text(self) -> str:
        return chinese_date(self.issued_on)

    def as_json(self) -> dict[str, Any]:
        """The text as printed, for ``OfficialDocument.content`` and the API."""
        blocks = [
            {"table": asdict(block)} if isinstance(block, Table) else asdict(block)
            for block in self.blocks
        ]
        return {
            "organ_mark": self.organ_mark,
            "number": self.number,
            "title": self.title,
            "addressee": self.addressee,
            "blocks": blocks,
            "signature": self.signature,
            "issued_on": self.issued_on.isoformat(),
        }

    def plain_text(self) -> str:
        """Every word of the document, one block a line (searching, tests)."""
        lines = [self.organ_mark, self.number, self.title, f"{self.addressee}："]
        for block in self.blocks:
            if isinstance(block, Table):
                lines.append(" ".join(block.columns))
                lines.extend(" ".join(row) for row in block.rows)
            else:
                lines.append(block.text)
        lines += [self.signature, self.date_text]
        return "\n".join(lines)
