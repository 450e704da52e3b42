"""Reads of official documents, scoped by the project: whoever sees the project sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from govit.accounts.models import User
from govit.core.decisions import Decision
from govit.projects.models import Project
from govit.projects.selectors import projects_for

from .models import OfficialDocument, OfficialDocumentQuerySet
from .permissions import can_issue, is_issuer_role
from .sources import Candidate, SourceRef, candidates_of


def documents_of(project: Project) -> OfficialDocumentQuerySet:
    """Every version of every document of ``project`` (one query with issuer and author)."""
    return OfficialDocument.objects.filter(project=project).for_listing()


def document_get(user: User, pk: Any) -> OfficialDocument:
    """One document of a project within ``user``'s scope; anything else is a 404."""
    try:
        return (
            OfficialDocument.objects.select_related("project")
            .filter(project__in=projects_for(user).values("pk"))
            .get(pk=pk)
        )
    except (OfficialDocument.DoesNotExist, ValueError, TypeError):
        raise Http404("公文不存在，或不在您的权限范围内") from None


@dataclass(frozen=True)
class Issuable:
    """A candidate with the version its next generation would be (1 = not generated yet)."""

    candidate: Candidate
    next_version: int

    @property
    def source(self) -> str:
        return str(self.candidate.ref)


@dataclass
class Overview:
    """What the project page and the documents page show: the documents, and for BDB what
    can be generated now (or why nothing can)."""

    documents: list[OfficialDocument]
    may_issue: bool = False
    decision: Decision | None = None
    issuable: list[Issuable] = field(default_factory=list)


def overview(project: Project, user: User) -> Overview:
    """Two queries for BDB (documents, candidates), one for everyone else."""
    documents = list(documents_of(project))
    if not is_issuer_role(user):
        return Overview(documents)
    decision = can_issue(user, project)
    if not decision.allowed:
        return Overview(documents, may_issue=True, decision=decision)
    latest: dict[SourceRef, int] = {}
    for document in documents:
        ref = SourceRef(document.source_type, document.source_id)
        latest[ref] = max(latest.get(ref, 0), document.version)
    issuable = [
        Issuable(candidate, latest.get(candidate.ref, 0) + 1)
        for candidate in candidates_of(project)
    ]
    return Overview(documents, may_issue=True, decision=decision, issuable=issuable)
