"""The official documents section of the project page: ``project_panel(project, user)``.

Everyone who sees the project sees its generated documents (kind, number, title, version,
date, issuer, the SM3 digest of each file, downloads); BDB staff and leaders of the project's
jurisdiction also get the 生成 buttons for what can be generated now, or the reason why not.
One query for readers, two for BDB, whatever the number of documents.
"""

from __future__ import annotations

from typing import Any

from .selectors import overview


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    found = overview(project, user)
    if not found.documents and not found.may_issue:
        return None  # nothing generated and nothing this user could generate
    return {"project": project, "overview": found, "return_to": "project"}
