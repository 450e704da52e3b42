"""A step's report: a file for an ordinary project, its number and date for a classified one.

A project that is a classified candidate not cleared by the Secrecy bureau
(``Project.metadata_only``, Art. 4) never gives the platform file content: it registers each
report by its document number and date instead (``document_register``; the title is the
step's, as for a file).  A step that needs a report parses it with ``parse_report`` before its
transaction — the wrong kind of input is refused citing Art. 4 — and stores it with
``store_report`` inside the transaction, after every other check passed.

Used by the acceptance steps (acceptance and test reports, MLPS and crypto result reports) and
by the evaluation steps (self-evaluation and third-party evaluation reports).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from govit.accounts.models import User
from govit.applications import files
from govit.applications.models import Document
from govit.applications.services import document_attach, document_register
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation, ServiceError
from govit.core.inputs import parse_date, required_text
from govit.projects.models import Project

SECRECY_ARTICLE = 4


@dataclass(frozen=True)
class ReportInput:
    """A parsed report: ``file`` (ordinary project) or ``number`` and ``dated`` (classified)."""

    field: str
    label: str
    file: Any = None
    number: str = ""
    dated: date | None = None

    @property
    def metadata_only(self) -> bool:
        return self.file is None


def number_field(field: str) -> str:
    return f"{field}_number"


def date_field(field: str) -> str:
    return f"{field}_date"


def check_file(file: Any, *, field: str, label: str) -> Any:
    """Check an upload before anything is written; ``document_attach`` stores it later.

    The same checks as the dossier (type from content, size), with the error on ``field``.
    """
    if not _given(file):
        raise InvalidInput(f"请上传{label}", message_en=f"{field} is required", field=field)
    name = files.clean_filename(getattr(file, "name", "") or "")
    if not name:
        raise InvalidInput(f"{label}的文件名为空", message_en=f"{field} has no name", field=field)
    stream = getattr(file, "file", file)
    size = getattr(file, "size", None)
    if size is None:
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
    try:
        files.check_upload(filename=name, size=int(size), stream=stream)
    except InvalidInput as error:
        raise InvalidInput(
            f"{label}：{error.message}", message_en=error.message_en, field=field
        ) from None
    return file


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _refuse(zh: str, en: str, *, field: str) -> RuleViolation:
    error = RuleViolation(deny(zh, SECRECY_ARTICLE, en=en))
    error.field = field
    return error


def parse_report(
    *,
    project: Project,
    file: Any,
    number: Any,
    dated: Any,
    field: str,
    label: str,
    label_en: str,
) -> ReportInput:
    """The report of ``field`` as the project must give it (Art. 4).

    A ``metadata_only`` project gives ``<field>_number`` and ``<field>_date`` (a date not
    after today) and no file; any other project gives the file and neither of the two.
    """
    if project.metadata_only:
        if _given(file):
            raise _refuse(
                f"本项目为拟定涉密项目，平台不接收{label}的文件内容，"
                f"请改为填写{label}的文号和成文日期",
                f"This project is a classified candidate: the platform takes no {label_en} "
                f"file; give {number_field(field)} and {date_field(field)} instead",
                field=field,
            )
        number = required_text(
            number,
            field=number_field(field),
            label=f"{label}文号",
            label_en=number_field(field),
            max_length=100,
        )
        dated = parse_date(
            dated, field=date_field(field), label=f"{label}成文日期", label_en=date_field(field)
        )
        today = timezone.localdate()
        if dated > today:
            raise InvalidInput(
                f"{label}成文日期（{dated:%Y-%m-%d}）不能晚于今天（{today:%Y-%m-%d}）",
                message_en=f"{date_field(field)} cannot be in the future",
                field=date_field(field),
            )
        return ReportInput(field=field, label=label, number=number, dated=dated)
    for key, value in ((number_field(field), number), (date_field(field), dated)):
        if _given(value):
            raise _refuse(
                f"本项目不是拟定涉密项目，须上传{label}文件；"
                "只登记文号和成文日期的做法仅适用于拟定涉密项目",
                f"This project is not a classified candidate: upload the {label_en} file "
                f"({field}); a number and date alone are for classified candidates only",
                field=key,
            )
    check_file(file, field=field, label=label)
    return ReportInput(field=field, label=label, file=file)


def store_report(
    report: ReportInput, *, project: Project, kind: str, title: str, by: User
) -> Document:
    """Inside the caller's transaction, ``project`` locked: attach the file, or register the
    number and date.  A classification changed since ``parse_report`` is refused by
    ``document_attach`` / ``document_register`` (Art. 4); the error names the report's field."""
    try:
        if report.metadata_only:
            return document_register(
                project=project,
                kind=kind,
                title=title,
                document_number=report.number,
                document_date=report.dated,
                by=by,
            )
        return document_attach(project=project, kind=kind, title=title, file=report.file, by=by)
    except ServiceError as error:
        error.field = report.field
        raise
