"""Issuing an official document: one transaction that numbers, renders, stores and records it.

Generation renders a .docx (python-docx, a few ms) and a PDF (WeasyPrint, about half a
second), so it runs only on request — the 生成 button or ``POST …/official-documents/`` —
and never as a side effect of another service.
"""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import User
from govit.applications.files import store
from govit.audit.services import record
from govit.core.decisions import Decision
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project
from govit.reviews.models import ApprovalOpinion

from . import sources
from .content import body_for
from .layout import Printed
from .models import DocumentKind, OfficialDocument, SourceType
from .numbers import next_document_number
from .permissions import can_issue
from .render_docx import render_docx
from .render_pdf import render_pdf
from .sources import SourceRef


def _check(decision: Decision) -> None:
    if not decision.allowed:
        raise RuleViolation(decision)


def _organ_mark(kind: str, issuer_name: str) -> str:
    """发文机关标志: the opinion is a 文件 (菏泽市大数据局文件); receipts and notices carry
    the organ's name alone (GB/T 9704 7.2.2 allows both)."""
    return f"{issuer_name}文件" if kind == DocumentKind.APPROVAL_OPINION else issuer_name


def _number_and_date(
    kind: str, origin: Any, project: Project, previous: OfficialDocument | None
) -> tuple[str, Any]:
    """A later version keeps the number and date; the opinion has its own; others take one."""
    if previous is not None:
        return previous.number, previous.issued_on
    if isinstance(origin, ApprovalOpinion):
        return origin.number, origin.date
    today = timezone.localdate()
    return next_document_number(kind, project.jurisdiction, today), today


def official_document_issue(
    *, kind: str, source: SourceRef | str, project: Project | None = None, by: User
) -> OfficialDocument:
    """Generate the next version of the ``kind`` document of ``source`` (``"contract:12"``).

    ``project``, when given (pages and API address a project), must be the source's project.
    Refused: a role other than BDB staff/leader, another jurisdiction's project, a classified
    candidate (Art. 4: no content is stored), a source not ready (an unsigned opinion, an
    unfiled contract, an incident without a rectification order).
    """
    ref = SourceRef.parse(source)
    if kind not in DocumentKind.values:
        raise InvalidInput(
            "请选择公文种类：审核意见书、备案回执或整改通知书",
            message_en="kind must be approval_opinion, filing_receipt or rectification_notice",
            field="kind",
        )
    if ref.kind != kind:
        raise InvalidInput(
            f"{SourceType(ref.type).label}只能生成{DocumentKind(ref.kind).label}",
            message_en=f"A {ref.type} source gives a {ref.kind}, not a {kind}",
            field="source",
        )
    origin = sources.load(ref)
    if project is not None and origin.project_id != project.pk:
        raise InvalidInput(
            "该记录不属于此项目", message_en="The source belongs to another project", field="source"
        )
    with transaction.atomic():
        locked = (
            Project.objects.with_owner().select_for_update(of=("self",)).get(pk=origin.project_id)
        )
        _check(can_issue(by, locked))
        _check(sources.ready(ref, origin, locked))
        issuer = by.organisation
        if issuer is None:  # can_issue refused it already; this keeps the type checker informed
            raise RuleViolation(can_issue(by, locked))
        previous = (
            OfficialDocument.objects.filter(source_type=ref.type, source_id=ref.id)
            .order_by("-version")
            .first()
        )
        number, issued_on = _number_and_date(kind, origin, locked, previous)
        body = body_for(ref, origin, locked, issuer.name, issued_on)
        printed = Printed(
            organ_mark=_organ_mark(kind, issuer.name),
            number=number,
            title=body.title,
            addressee=body.addressee,
            blocks=body.blocks,
            signature=issuer.name,
            issued_on=issued_on,
            properties={"keywords": f"{DocumentKind(kind).label} {locked.code}"},
        )
        docx = store(io.BytesIO(render_docx(printed)))
        pdf = store(io.BytesIO(render_pdf(printed)))
        document = OfficialDocument.objects.create(
            project=locked,
            kind=kind,
            source_type=ref.type,
            source_id=ref.id,
            version=previous.version + 1 if previous else 1,
            number=number,
            title=printed.title,
            issuer=issuer,
            issuer_name=issuer.name,
            addressee=printed.addressee,
            issued_on=issued_on,
            content=printed.as_json(),
            docx_sm3=docx.sm3,
            docx_path=docx.relative_path,
            docx_size=docx.size,
            pdf_sm3=pdf.sm3,
            pdf_path=pdf.relative_path,
            pdf_size=pdf.size,
            generated_by=by,
        )
        record(
            action="officialdocs.issue",
            obj=locked,
            by=by,
            after={
                "document_id": document.pk,
                "kind": kind,
                "source": str(ref),
                "version": document.version,
                "number": number,
                "title": document.title,
                "issued_on": issued_on,
                "docx_sm3": docx.sm3,
                "pdf_sm3": pdf.sm3,
            },
        )
    return document
