"""Test helpers: small real files of each allowed type, and a dossier that passes every gate.

Used by this app's tests, and by the lifecycle tests that need a project ready to submit
(point ``settings.MEDIA_ROOT`` at a temporary directory first: uploads write files).
"""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from govit.accounts.models import Organisation, User
from govit.projects.models import Project

from . import services
from .models import (
    BudgetCategory,
    CoBuilder,
    DocumentKind,
    OpeningAttribute,
    ProductKind,
    ProductOrigin,
    SharingAttribute,
)

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def pdf_bytes(text: str = "GovIT") -> bytes:
    """A minimal one-page PDF."""
    body = (
        "%PDF-1.4\n"
        "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
        f"% {text}\n"
        "trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    return body.encode()


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(text: str = "建设方案") -> bytes:
    return _zip(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
            ),
            "word/document.xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
            ),
        }
    )


def xlsx_bytes() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "xl/workbook.xml": '<?xml version="1.0"?><workbook/>',
        }
    )


def ofd_bytes() -> bytes:
    return _zip({"OFD.xml": '<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org"/>'})


def plain_zip_bytes() -> bytes:
    return _zip({"readme.txt": "not an office document"})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def fill_dossier(project: Project, staff: User, *, cobuilder_confirmer: User | None = None) -> None:
    """Fill ``project``'s dossier so that every submission gate passes.

    ``staff`` is unit_staff of the owner.  With ``cobuilder_confirmer`` (staff or leader of
    another in-scope organisation) a co-builder from that organisation is added and confirmed.
    """
    if project.metadata_only:
        from datetime import date

        services.document_metadata_add(
            project=project,
            kind=DocumentKind.CONSTRUCTION_PLAN,
            title="建设方案",
            document_number="示例〔2026〕1号",
            document_date=date(2026, 3, 1),
            by=staff,
        )
    else:
        services.document_upload(
            project=project,
            kind=DocumentKind.CONSTRUCTION_PLAN,
            title="建设方案",
            file=upload("建设方案.pdf", pdf_bytes()),
            by=staff,
        )
    if project.upper_level and not project.metadata_only:
        services.document_upload(
            project=project,
            kind=DocumentKind.UPPER_APPROVAL,
            title="省级批复",
            file=upload("省级批复.pdf", pdf_bytes("approval")),
            by=staff,
        )
    services.budget_line_add(
        project=project,
        category=BudgetCategory.HARDWARE,
        name="服务器",
        quantity="4",
        unit="台",
        unit_price="85000.00",
        by=staff,
    )
    services.budget_line_add(
        project=project,
        category=BudgetCategory.DEVELOPMENT,
        name="业务系统开发",
        quantity="1",
        unit="项",
        unit_price="1200000.00",
        by=staff,
    )
    services.pre_evaluation_save(
        project=project,
        goals="实现业务全流程网上办理",
        conclusion="项目必要、可行，预算合理",
        by=staff,
    )
    services.indicator_add(
        project=project, name="网上办理率", target_value="95", unit="%", by=staff
    )
    services.pre_evaluation_complete(project=project, by=staff)
    services.catalogue_entry_add(
        project=project,
        name="人口基础信息",
        data_source="本部门业务系统",
        data_format="数据库表",
        update_cycle="实时",
        sharing_attribute=SharingAttribute.CONDITIONAL,
        sharing_condition="仅向有执法职能的部门共享",
        opening_attribute=OpeningAttribute.NOT_OPEN,
        by=staff,
    )
    services.security_profile_save(
        project=project,
        mlps_level=3,
        crypto_plan="采用 SM2/SM3/SM4 国密算法，部署密码服务平台",
        crypto_planned=True,
        crypto_built=True,
        crypto_run=True,
        by=staff,
    )
    services.product_item_add(
        project=project,
        name="国产服务器",
        kind=ProductKind.HARDWARE,
        vendor="浪潮",
        origin=ProductOrigin.DOMESTIC,
        by=staff,
    )
    if cobuilder_confirmer is not None:
        organisation = cobuilder_confirmer.organisation
        assert isinstance(organisation, Organisation)  # noqa: S101 - a persona with an organisation
        cobuilder: CoBuilder = services.cobuilder_add(
            project=project,
            organisation=organisation,
            scope="提供业务数据接口",
            duties="负责数据质量",
            sharing_needs="共享学籍信息",
            by=staff,
        )
        services.cobuilder_confirm(cobuilder=cobuilder, by=cobuilder_confirmer)
