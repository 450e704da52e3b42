"""Official documents (公文) the Big Data Bureau issues on a project, as Word and PDF files.

Three kinds: 审核意见书 (the signed approval opinion, Art. 11), 备案回执 (the receipt for a
filed contract, Art. 16; a filed acceptance report, Art. 23; a filed or higher-level project,
Art. 3, 12) and 整改通知书 (a rectification order of supervision, Art. 34–35, or of a
construction incident, Art. 20).  Every generation is a new row: regenerating writes the next
version and keeps the earlier ones; rows and files are never changed or deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Organisation
from govit.projects.models import Project

USER = settings.AUTH_USER_MODEL


class DocumentKind(models.TextChoices):
    APPROVAL_OPINION = "approval_opinion", "审核意见书"
    FILING_RECEIPT = "filing_receipt", "备案回执"
    RECTIFICATION_NOTICE = "rectification_notice", "整改通知书"


class SourceType(models.TextChoices):
    """The record a document is issued from; each belongs to exactly one kind (``KIND_OF``)."""

    OPINION = "opinion", "审核意见"
    CONTRACT = "contract", "采购合同备案"
    ACCEPTANCE_FILING = "acceptance_filing", "竣工验收备案"
    REGISTRATION = "registration", "项目登记备案"
    SUPERVISION_ORDER = "supervision_order", "监督检查整改"
    INCIDENT = "incident", "重大情况整改"


KIND_OF = {
    SourceType.OPINION: DocumentKind.APPROVAL_OPINION,
    SourceType.CONTRACT: DocumentKind.FILING_RECEIPT,
    SourceType.ACCEPTANCE_FILING: DocumentKind.FILING_RECEIPT,
    SourceType.REGISTRATION: DocumentKind.FILING_RECEIPT,
    SourceType.SUPERVISION_ORDER: DocumentKind.RECTIFICATION_NOTICE,
    SourceType.INCIDENT: DocumentKind.RECTIFICATION_NOTICE,
}


class OfficialDocumentQuerySet(models.QuerySet["OfficialDocument"]):
    def for_listing(self) -> OfficialDocumentQuerySet:
        return self.select_related("issuer", "generated_by").order_by(
            "kind", "source_type", "source_id", "-version"
        )


class OfficialDocument(models.Model):
    """One version of one official document, with its .docx and .pdf and their SM3 digests.

    The source is a type code and an id (``source_type``, ``source_id``), not a foreign key
    per source model nor a ContentType: the six sources live in five apps that must not depend
    on this one, a code is stable and readable in the history and the API, and the source
    rows are never deleted (their apps PROTECT or keep them).  What the document said is kept
    with it anyway: ``content`` is the text as printed, so a document stands on its own even
    if its source record is corrected later — the correction needs a new version.

    The number (文号) is given once per document: the approval opinion carries the project's
    opinion number; a receipt or a notice takes the next number of a never-reused serial in
    the format of the policy pack in force (e.g. ``菏大数备〔2026〕7号``).  A later version is
    the same document re-rendered from its source as it is now: same number, same 成文日期.
    """

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="official_documents"
    )
    kind = models.CharField("公文种类", max_length=30, choices=DocumentKind.choices)
    source_type = models.CharField("来源", max_length=30, choices=SourceType.choices)
    source_id = models.PositiveBigIntegerField("来源记录 id")
    version = models.PositiveIntegerField("版本")
    number = models.CharField("发文字号", max_length=60)
    title = models.CharField("标题", max_length=300)
    issuer = models.ForeignKey(
        Organisation, verbose_name="发文机关", on_delete=models.PROTECT, related_name="+"
    )
    issuer_name = models.CharField("发文机关署名（印发时）", max_length=100)
    addressee = models.CharField("主送机关", max_length=200)
    issued_on = models.DateField("成文日期")
    content = models.JSONField("正文内容（印发时）")
    docx_sm3 = models.CharField("Word 文件 SM3 摘要", max_length=64)
    docx_path = models.CharField("Word 文件存储路径", max_length=300)
    docx_size = models.PositiveBigIntegerField("Word 文件大小（字节）")
    pdf_sm3 = models.CharField("PDF 文件 SM3 摘要", max_length=64)
    pdf_path = models.CharField("PDF 文件存储路径", max_length=300)
    pdf_size = models.PositiveBigIntegerField("PDF 文件大小（字节）")
    generated_by = models.ForeignKey(
        USER, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField("生成时间", default=timezone.now)

    objects = OfficialDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "公文"
        verbose_name_plural = "公文"
        ordering = ["project", "kind", "source_type", "source_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "version"],
                name="officialdoc_version_unique",
            ),
            # Two documents never share a number: versions of one document do, per version.
            models.UniqueConstraint(
                fields=["number", "version"], name="officialdoc_number_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="officialdoc_version_ge_1"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="officialdoc_kind_known"
            ),
        ]
        indexes = [
            models.Index(fields=["project", "kind"], name="officialdoc_project_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}（第{self.version}版）"

    def filename(self, extension: str) -> str:
        """``关于…的审核意见书（第2版）.pdf``: what the download is saved as."""
        return f"{self.title}（第{self.version}版）.{extension}"
