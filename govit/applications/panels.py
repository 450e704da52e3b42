"""The application panel on the project page: ``project_panel(project, user)`` → context.

Everyone who sees the project sees its dossier: the requested total and the submission
checklist, every document kind with all its versions (latest first, downloadable through the
project's scope like the dossier page), the co-building departments (Art. 9, 17) and the
counties taking part with their shares (Art. 25).  A fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from govit.accounts.models import User
from govit.projects.models import Project
from govit.projects.rules import dossier_editable

from .models import Document, DocumentKind
from .selectors import cobuilders_of, county_participants_of, documents_of, readiness_items

_KIND_ORDER = {code: index for index, code in enumerate(DocumentKind.values)}


@dataclass(frozen=True)
class DocumentGroup:
    """One document (a kind and a title) with its versions, the latest first."""

    kind: str
    kind_label: str
    title: str
    versions: list[Document]

    @property
    def latest(self) -> Document:
        return self.versions[0]


def document_groups(documents: list[Document]) -> list[DocumentGroup]:
    """Group versions by (kind, title), kinds in their fixed order, titles alphabetically."""
    grouped: dict[tuple[str, str], list[Document]] = {}
    for document in documents:
        grouped.setdefault((document.kind, document.title), []).append(document)
    return [
        DocumentGroup(
            kind,
            versions[0].get_kind_display(),
            title,
            sorted(versions, key=lambda d: -d.version),
        )
        for (kind, title), versions in sorted(
            grouped.items(), key=lambda item: (_KIND_ORDER.get(item[0][0], 99), item[0][1])
        )
    ]


def project_panel(project: Project, user: User) -> dict[str, Any] | None:
    """Context of ``applications/partials/project_panel.html``.  ``project`` has already been
    reached within scope."""
    readiness = readiness_items(project)
    return {
        "project": project,
        "requested_amount": project.requested_amount,
        "readiness": readiness,
        "ready_count": sum(1 for item in readiness if item.allowed),
        "check_count": len(readiness),
        "can_edit": bool(dossier_editable(project, user)),
        "dossier_url": reverse("applications:dossier", kwargs={"project_pk": project.pk}),
        "documents": document_groups(list(documents_of(project))),
        "cobuilders": list(cobuilders_of(project)),
        "counties": list(county_participants_of(project)),
    }
