"""Serving a generated document: the stored file, checked against its SM3 digest first.

The caller has already decided that the user may read the document (the project's scope).
A file whose digest no longer matches the one recorded at generation is never served: that
is tampering or corruption, and the answer says so (an administrator restores the file).
"""

from __future__ import annotations

import hashlib
from typing import IO

from django.http import FileResponse, Http404

from govit.applications.files import open_stored
from govit.core.errors import ServiceError

from .models import OfficialDocument

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
_CHUNK = 1024 * 1024


class StoredFileAltered(ServiceError):
    """The stored bytes do not have the SM3 digest recorded when they were generated."""

    code = "file_altered"
    status = 500


def _stored(document: OfficialDocument, fmt: str) -> tuple[str, str]:
    if fmt not in FORMATS:
        raise Http404("格式只能是 docx 或 pdf")
    return getattr(document, f"{fmt}_path"), getattr(document, f"{fmt}_sm3")


def open_verified(document: OfficialDocument, fmt: str) -> IO[bytes]:
    """The stored file of ``fmt`` (docx|pdf), positioned at its start, its SM3 checked."""
    path, expected = _stored(document, fmt)
    try:
        stream = open_stored(path)
    except FileNotFoundError:
        raise Http404("文件不存在，请联系系统管理员") from None
    digest = hashlib.new("sm3")
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
    if digest.hexdigest() != expected:
        stream.close()
        raise StoredFileAltered(
            f"「{document.title}」（第{document.version}版）的 {fmt.upper()} 文件与生成时记录的 "
            "SM3 摘要不符，可能已被篡改或损坏，系统拒绝提供下载；请联系系统管理员从备份恢复",
            message_en="The stored file does not match its recorded SM3 digest; "
            "ask an administrator to restore it from backup",
        )
    stream.seek(0)
    return stream


def document_file_response(document: OfficialDocument, fmt: str) -> FileResponse:
    """The file as an attachment; Django writes the Chinese name as RFC 6266 ``filename*``."""
    stream = open_verified(document, fmt)
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document.filename(fmt),
        content_type=FORMATS[fmt],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
