"""Serving a stored project document: the one way every page that offers a file sends it.

The caller has already decided that the user may read the document (through its own scope);
this sends its content as an attachment with its detected type, never sniffed, never cached.
"""

from __future__ import annotations

from django.http import FileResponse, Http404

from . import files
from .models import Document


def document_response(document: Document) -> FileResponse:
    if not document.has_content:
        raise Http404("该材料只登记了元数据，平台不保存其内容")
    try:
        stream = files.open_stored(document.storage_path)
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document.original_filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
