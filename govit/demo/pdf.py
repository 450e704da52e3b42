"""A few small, valid PDF files for the demo's documents, shared by all sample projects.

The document store is content-addressed by SM3 (``applications.files.store``): every demo
construction plan points at the same stored file, so 50,000 projects write one small file per
document kind (the dossier's three and the delivery stage's contract copies, reports and
results).
Chinese text uses the standard CID font STSong-Light that PDF readers supply.
"""

from __future__ import annotations

from io import BytesIO

from govit.applications.files import StoredFile, store
from govit.applications.models import DocumentKind

TEXTS: dict[str, tuple[str, ...]] = {
    DocumentKind.CONSTRUCTION_PLAN: (
        "演示数据：项目建设方案（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    DocumentKind.UPPER_APPROVAL: (
        "演示数据：上级部门批复文件（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    DocumentKind.SUPPLEMENTARY: (
        "演示数据：申报附件材料（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    DocumentKind.CONTRACT_COPY: (
        "演示数据：采购合同文本（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    DocumentKind.ACCEPTANCE_REPORT: (
        "演示数据：竣工验收报告（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    DocumentKind.TEST_REPORT: (
        "演示数据：系统测试报告（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    DocumentKind.MLPS_RESULT: (
        "演示数据：网络安全等级保护测评报告（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    DocumentKind.CRYPTO_RESULT: (
        "演示数据：商用密码应用安全性评估报告（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    DocumentKind.SELF_EVALUATION_REPORT: (
        "演示数据：项目绩效自评价报告（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    DocumentKind.EVALUATION_REPORT: (
        "演示数据：第三方绩效评价报告（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
    # The showcase's answer to a supervision rectification order (``compliance``).
    DocumentKind.INCIDENT_EVIDENCE: (
        "演示数据：整改情况说明（样例）",
        "本文件为 GovIT 演示数据，不含真实内容。",
    ),
}


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def pdf_bytes(lines: tuple[str, ...]) -> bytes:
    """A one-page A4 PDF showing ``lines`` (BMP characters)."""
    shown = " ".join(f"{_hex(line)} Tj 0 -28 Td" for line in lines)
    stream = f"BT /F1 18 Tf 72 760 Td {shown} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def store_demo_files() -> dict[str, StoredFile]:
    """Store the demo PDFs (a no-op for those already stored); by document kind."""
    return {kind: store(BytesIO(pdf_bytes(lines))) for kind, lines in TEXTS.items()}
