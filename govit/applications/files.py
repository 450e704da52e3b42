"""Uploaded documents: the type is read from the content, never trusted from the name.

Allowed: PDF, DOCX, XLSX, OFD, PNG, JPEG.  The type found in the bytes must be the one the
file's extension claims, so a PNG renamed ``.pdf`` or a ZIP renamed ``.docx`` is refused.
Files are stored content-addressed by their SM3 digest (GB/T 32905) and never overwritten.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO

from django.conf import settings

from govit.core.errors import InvalidInput


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


FILE_TYPES = {
    t.code: t
    for t in (
        FileType("pdf", "PDF", "application/pdf", (".pdf",)),
        FileType(
            "docx",
            "Word（DOCX）",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileType(
            "xlsx",
            "Excel（XLSX）",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileType("ofd", "OFD", "application/ofd", (".ofd",)),
        FileType("png", "PNG 图片", "image/png", (".png",)),
        FileType("jpeg", "JPEG 图片", "image/jpeg", (".jpg", ".jpeg")),
    )
}
BY_EXTENSION = {ext: t for t in FILE_TYPES.values() for ext in t.extensions}
ALLOWED_LABEL = "PDF、DOCX、XLSX、OFD、PNG、JPEG"

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_PDF = b"%PDF-"
_ZIP = b"PK\x03\x04"
_CHUNK = 1024 * 1024


def clean_filename(name: str) -> str:
    """The last path component, without control characters, at most 255 characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 255 - len(ext) - 1] + dot + ext) if dot and len(ext) < 20 else base[:255]
    return base


def _zip_kind(stream: IO[bytes]) -> str | None:
    """DOCX, XLSX or OFD by the parts a ZIP container holds; None for any other ZIP."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names and "word/vbaProject.bin" not in names:
        return "docx"
    if "xl/workbook.xml" in names and "xl/vbaProject.bin" not in names:
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    return None


def detect_type(stream: IO[bytes]) -> str | None:
    """The type code found in the content (``stream`` must be seekable), or None."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(_PDF):
        return "pdf"
    if head.startswith(_PNG):
        return "png"
    if head.startswith(_JPEG):
        return "jpeg"
    if head.startswith(_ZIP):
        kind = _zip_kind(stream)
        stream.seek(0)
        return kind
    return None


def _describe(code: str | None) -> str:
    if code is None:
        return "无法识别的内容"
    return FILE_TYPES[code].label


def check_upload(*, filename: str, size: int, stream: IO[bytes]) -> FileType:
    """Refuse a file whose extension, size or content is not acceptable; return its type.

    Every refusal names the file and the reason (field ``file``).
    """
    extension = PurePath(filename).suffix.lower()
    claimed = BY_EXTENSION.get(extension)
    if claimed is None:
        raise InvalidInput(
            f"文件「{filename}」的类型不在允许范围内（允许 {ALLOWED_LABEL}）",
            message_en=f"{filename}: file type not allowed (allowed: PDF, DOCX, XLSX, OFD, PNG, JPEG)",
            field="file",
        )
    limit_mb = int(settings.UPLOAD_MAX_MB)
    if size > limit_mb * 1024 * 1024:
        raise InvalidInput(
            f"文件「{filename}」大小 {size / 1024 / 1024:.1f} MB，超过 {limit_mb} MB 的上限",
            message_en=f"{filename}: {size} bytes exceeds the {limit_mb} MiB limit",
            field="file",
        )
    if size == 0:
        raise InvalidInput(
            f"文件「{filename}」是空文件", message_en=f"{filename} is empty", field="file"
        )
    found = detect_type(stream)
    if found != claimed.code:
        raise InvalidInput(
            f"文件「{filename}」的内容是{_describe(found)}，与扩展名 {extension} 不符",
            message_en=(
                f"{filename}: the content is {found or 'not a recognised type'}, "
                f"not {claimed.code} as its extension claims"
            ),
            field="file",
        )
    return claimed


@dataclass(frozen=True)
class StoredFile:
    sm3: str
    size: int
    relative_path: str


def documents_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "documents"


def store(stream: IO[bytes], *, folder: str = "documents", suffix: str = "") -> StoredFile:
    """Copy ``stream`` to ``<folder>/<sm3[:2]>/<sm3><suffix>`` under MEDIA_ROOT (same content,
    same file); never overwrite.

    The bytes go to a temporary file in the same directory tree first and are moved into place
    only when complete, so a reader never sees half a file.
    """
    root = Path(settings.MEDIA_ROOT) / folder
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.new("sm3")
    size = 0
    stream.seek(0)
    handle, temporary = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sm3 = digest.hexdigest()
        relative = f"{folder}/{sm3[:2]}/{sm3}{suffix}"
        target = Path(settings.MEDIA_ROOT) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            os.unlink(temporary)  # the same content is already stored; keep the original
        else:
            os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return StoredFile(sm3=sm3, size=size, relative_path=relative)


def open_stored(relative_path: str) -> IO[bytes]:
    """Open a stored file; the path always comes from our own row, never from the request."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative_path).resolve()
    if root not in path.parents:
        raise FileNotFoundError(relative_path)
    return open(path, "rb")  # the caller (FileResponse) closes it
