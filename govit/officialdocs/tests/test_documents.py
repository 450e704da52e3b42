"""The generated Word and PDF files say the right things: number, title, project, amounts in
figures and in 大写, dates, the issuing organ — read back with python-docx and pypdf."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from typing import Any

import docx
import pytest
from django.utils import timezone
from docx.oxml.ns import qn
from pypdf import PdfReader

from govit.officialdocs import testing
from govit.officialdocs.layout import chinese_date
from govit.officialdocs.models import OfficialDocument
from govit.officialdocs.services import official_document_issue
from govit.officialdocs.testing import compact, docx_text, pdf_text, stored_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _font() -> None:
    testing.require_cjk_font()


def issue(world: Any, kind: str, ref: Any, by: str = "bdb_staff") -> OfficialDocument:
    return official_document_issue(kind=kind, source=ref, by=world.persona(by))


def both_files_say(document: OfficialDocument, *phrases: str) -> None:
    word, pdf = compact(docx_text(document)), pdf_text(document)
    for phrase in phrases:
        assert compact(phrase) in word, f"Word file lacks {phrase!r}"
        assert compact(phrase) in pdf, f"PDF lacks {phrase!r}"


def test_the_approval_opinion_carries_the_signed_number_amounts_and_budget_table(world) -> None:  # type: ignore[no-untyped-def]
    project, ref = testing.opinion_source(world)
    document = issue(world, "approval_opinion", ref, by="bdb_leader")
    today = timezone.localdate()
    assert document.number == project.opinion_number == f"菏大数审〔{today.year}〕1号"
    assert document.issued_on == project.opinion_date
    assert document.title == "关于智慧公安大数据平台的审核意见书"
    both_files_say(
        document,
        "菏泽市大数据局文件",
        project.opinion_number,
        "关于智慧公安大数据平台的审核意见书",
        "菏泽市公安局：",
        project.code,
        "1,540,000.00元（大写：壹佰伍拾肆万元整）",
        "服务器",
        "340,000.00",
        "业务系统开发",
        "1,200,000.00",
        "5个工作日内报菏泽市大数据局备案",
        "菏泽市大数据局",
        chinese_date(today),
    )
    # The budget lines are a real table in Word, with the total.
    word = docx.Document(io.BytesIO(stored_bytes(document.docx_path)))
    table = word.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "序号", "预算明细", "申请金额（元）", "核定金额（元）", "核减理由",
    ]  # fmt: skip
    assert [cell.text for cell in table.rows[-1].cells][1:4] == [
        "合计", "1,540,000.00", "1,540,000.00",
    ]  # fmt: skip


def test_a_cut_in_the_opinion_shows_the_cut_amount_in_figures_and_uppercase(world) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from govit.reviews.models import ApprovalOpinion

    _, ref = testing.opinion_source(world)
    ApprovalOpinion.objects.filter(pk=ref.id).update(approved_amount=Decimal("1234567.00"))
    document = issue(world, "approval_opinion", ref)
    both_files_say(
        document,
        "核定批复金额1,234,567.00元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元整）",
        "核减金额305,433.00元（大写：叁拾万伍仟肆佰叁拾叁元整）",
    )


def test_the_contract_filing_receipt_gets_a_receipt_number_and_the_contract_facts(world) -> None:  # type: ignore[no-untyped-def]
    project, ref = testing.filed_contract(world)
    document = issue(world, "filing_receipt", ref)
    today = timezone.localdate()
    assert document.number == f"菏大数备〔{today.year}〕1号"
    assert document.issued_on == today
    both_files_say(
        document,
        "菏泽市大数据局",
        document.number,
        "关于《智慧公安大数据平台建设合同》备案的回执",
        "HT-2026-001",
        project.name,
        "1,234,567.00元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元整）",
        "山东某信息技术有限公司",
        "公开招标",
        f"已于{chinese_date(today)}予以备案",
        "按期备案",
        "特此回执。",
    )
    # A receipt carries the organ's name, not "…文件".
    assert "菏泽市大数据局文件" not in docx_text(document)


def test_the_acceptance_filing_receipt_names_the_filing_and_go_live(world) -> None:  # type: ignore[no-untyped-def]
    project, ref = testing.acceptance_filing(world)
    document = issue(world, "filing_receipt", ref)
    today = timezone.localdate()
    both_files_say(
        document,
        f"关于{project.name}竣工验收备案的回执",
        "菏验备〔2026〕8号",
        "同意通过验收",
        "1,540,000.00元（大写：壹佰伍拾肆万元整）",
        chinese_date(today),
    )


def test_a_filed_project_gets_a_registration_receipt_with_its_requested_amount(world) -> None:  # type: ignore[no-untyped-def]
    from govit.core.money import yuan

    project, ref = testing.registration(world)
    document = issue(world, "filing_receipt", ref)
    both_files_say(
        document,
        f"关于{project.name}登记备案的回执",
        "已于" + chinese_date(timezone.localdate()) + "予以登记备案（第三条、第十四条）",
        f"{yuan(project.requested_amount)}元（大写：",
        project.code,
        "菏泽市教育局：",
    )


def test_a_provincial_project_receipt_cites_article_12_and_its_upper_approval(world) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.registration(world, upper_level="provincial")
    document = issue(world, "filing_receipt", ref)
    both_files_say(document, "省级项目", "第十二条", "《省级批复》")


def test_the_supervision_notice_cites_the_finding_the_article_and_the_deadline(world) -> None:  # type: ignore[no-untyped-def]
    from govit.supervision.models import RectificationOrder

    project, ref = testing.supervision_order(world)
    order = RectificationOrder.objects.get(pk=ref.id)
    document = issue(world, "rectification_notice", ref)
    assert document.number == f"菏大数整〔{timezone.localdate().year}〕1号"
    both_files_say(
        document,
        document.number,
        f"关于{project.name}限期整改的通知",
        "2026年度合同备案专项检查",
        "采购合同签订后 12 个工作日才备案",
        "第十六条",
        "补办合同备案并建立合同管理台账",
        f"请于{chinese_date(order.deadline)}前完成整改",
        "特此通知。",
    )


def test_the_incident_notice_carries_the_leaders_requirements_and_deadline(world) -> None:  # type: ignore[no-untyped-def]
    from govit.construction.models import Incident

    _, ref = testing.incident_order(world)
    incident = Incident.objects.get(pk=ref.id)
    document = issue(world, "rectification_notice", ref, by="bdb_leader")
    assert incident.rectification_deadline is not None
    both_files_say(
        document,
        "严重滞后",
        "数据汇聚模块进度滞后三个月",
        "制定赶工计划并增加开发人员",
        f"请于{chinese_date(incident.rectification_deadline)}前完成整改",
        "第二十条",
    )


def test_each_stored_file_has_the_sm3_digest_recorded_for_it(world) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.opinion_source(world)
    document = issue(world, "approval_opinion", ref)
    for fmt in ("docx", "pdf"):
        content = stored_bytes(getattr(document, f"{fmt}_path"))
        assert getattr(document, f"{fmt}_sm3") == hashlib.new("sm3", content).hexdigest()
        assert getattr(document, f"{fmt}_size") == len(content)
        # Content-addressed: the path is the digest.
        assert getattr(document, f"{fmt}_path").endswith(getattr(document, f"{fmt}_sm3"))


def test_the_pdf_embeds_every_font_it_uses(world) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.opinion_source(world)
    document = issue(world, "approval_opinion", ref)
    reader = PdfReader(io.BytesIO(stored_bytes(document.pdf_path)))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    # Serif for the title and body (仿宋/小标宋 stand-ins), sans for the 黑体 headings.
    assert any("Noto-Serif-CJK-SC" in name for name in names), names
    assert any("Noto-Sans-CJK-SC" in name for name in names), names


@pytest.mark.skipif(
    shutil.which("pdffonts") is None, reason="poppler-utils' pdffonts not installed"
)
def test_pdffonts_reports_every_font_embedded_as_a_subset(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.filed_contract(world)
    document = issue(world, "filing_receipt", ref)
    path = tmp_path / "receipt.pdf"
    path.write_bytes(stored_bytes(document.pdf_path))
    report = subprocess.run(  # noqa: S603
        ["pdffonts", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert report
    for line in report:
        emb, sub = line.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), line


def test_the_pdf_is_a4_with_page_numbers_outside(world) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.opinion_source(world)
    document = issue(world, "approval_opinion", ref)
    reader = PdfReader(io.BytesIO(stored_bytes(document.pdf_path)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        assert f"— {number} —" in page.extract_text()


def test_the_word_file_follows_gbt_9704_page_setup_and_fonts(world) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.opinion_source(world)
    document = issue(world, "approval_opinion", ref)
    word = docx.Document(io.BytesIO(stored_bytes(document.docx_path)))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm) for m in margins) == (37, 35, 28, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "580"  # 225 mm / 22 lines, in twentieths of a point

    def east_asia(paragraph: Any) -> str:
        return paragraph.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))

    paragraphs = [p for p in word.paragraphs if p.text]
    mark, number, title, addressee, first = paragraphs[:5]
    assert mark.text == "菏泽市大数据局文件"
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert east_asia(mark) == east_asia(title) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    assert east_asia(number) == east_asia(first) == "仿宋_GB2312"
    assert first.runs[0].font.size.pt == 16
    assert first.paragraph_format.first_line_indent.pt == 32  # two characters
    assert addressee.text == "菏泽市公安局："
    heading = next(p for p in paragraphs if p.text.startswith("一、"))
    assert east_asia(heading) == "黑体"
    # The red separator line under the document number.
    border = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "FF0000"
    # 成文日期 last, right-aligned, with the organ's name above it.
    assert [p.text for p in paragraphs[-2:]] == ["菏泽市大数据局", chinese_date(document.issued_on)]
    assert paragraphs[-1].alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT
    # Page numbers on odd and even pages.
    assert "PAGE" in section.footer._element.xml
    assert "PAGE" in section.even_page_footer._element.xml
    assert word.settings.odd_and_even_pages_header_footer
