"""Reads of the dossier.  The project has already been reached through ``project_get`` (the
scope); a child row is looked up only among that project's rows, so an id of another project
is a 404 like a project outside scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.db.models import Sum
from django.http import Http404
from django.utils.translation import get_language

from govit.accounts.models import Jurisdiction, Organisation
from govit.projects.models import Project

from .models import (
    BudgetCategory,
    BudgetLine,
    CatalogueEntry,
    CoBuilder,
    CountyParticipant,
    Document,
    Indicator,
    PreEvaluation,
    ProductItem,
    SecurityProfile,
)
from .rules import SUBMISSION_CHECKS

M = TypeVar("M", bound=models.Model)

_NOT_FOUND = "材料不存在，或不在您的权限范围内"


def child_get(model: type[M], project: Project, pk: Any, *, via: str = "project") -> M:
    """Row ``pk`` of ``model`` that belongs to ``project`` (``via`` the lookup to the project)."""
    try:
        return model._default_manager.get(**{via: project, "pk": pk})
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404(_NOT_FOUND) from None


def document_get(project: Project, pk: Any) -> Document:
    return child_get(Document, project, pk)


def budget_line_get(project: Project, pk: Any) -> BudgetLine:
    return child_get(BudgetLine, project, pk)


def indicator_get(project: Project, pk: Any) -> Indicator:
    return child_get(Indicator, project, pk, via="pre_evaluation__project")


def catalogue_entry_get(project: Project, pk: Any) -> CatalogueEntry:
    return child_get(CatalogueEntry, project, pk)


def product_item_get(project: Project, pk: Any) -> ProductItem:
    return child_get(ProductItem, project, pk, via="profile__project")


def cobuilder_get(project: Project, pk: Any) -> CoBuilder:
    return child_get(CoBuilder, project, pk)


def county_participant_get(project: Project, pk: Any) -> CountyParticipant:
    return child_get(CountyParticipant, project, pk)


def documents_of(project: Project) -> models.QuerySet[Document]:
    return (
        Document.objects.filter(project=project)
        .select_related("uploaded_by")
        .order_by("kind", "title", "-version")
    )


def budget_lines_of(project: Project) -> models.QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(project=project).order_by("category", "id")


@dataclass(frozen=True)
class CategoryTotal:
    code: str
    label: str
    amount: Decimal


def budget_totals(project: Project) -> tuple[list[CategoryTotal], Decimal]:
    """Totals per category (categories in their fixed order, empty ones left out) and overall."""
    rows = dict(
        BudgetLine.objects.filter(project=project)
        .values_list("category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    totals = [
        CategoryTotal(code, label, Decimal(rows[code]).quantize(Decimal("0.01")))
        for code, label in BudgetCategory.choices
        if code in rows
    ]
    return totals, sum((t.amount for t in totals), Decimal("0.00"))


def pre_evaluation_of(project: Project) -> PreEvaluation | None:
    return PreEvaluation.objects.filter(project=project).prefetch_related("indicators").first()


def security_profile_of(project: Project) -> SecurityProfile | None:
    return SecurityProfile.objects.filter(project=project).prefetch_related("products").first()


def catalogue_of(project: Project) -> models.QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.filter(project=project).order_by("id")


def cobuilders_of(project: Project) -> models.QuerySet[CoBuilder]:
    return (
        CoBuilder.objects.filter(project=project)
        .select_related("organisation", "confirmed_by")
        .order_by("id")
    )


def county_participants_of(project: Project) -> models.QuerySet[CountyParticipant]:
    return (
        CountyParticipant.objects.filter(project=project)
        .select_related("jurisdiction")
        .order_by("id")
    )


def cobuilder_candidates(project: Project) -> models.QuerySet[Organisation]:
    """Active organisations within the measures' scope (Art. 2), other than the owner."""
    return (
        Organisation.objects.filter(is_active=True)
        .exclude(org_type__in=Organisation.OUT_OF_SCOPE_TYPES)
        .exclude(pk=project.organisation_id)
        .select_related("jurisdiction")
        .order_by("jurisdiction__code", "code")
    )


def county_candidates(project: Project) -> models.QuerySet[Jurisdiction]:
    """The counties of the project's city (Art. 25)."""
    return Jurisdiction.objects.filter(
        level=Jurisdiction.Level.COUNTY, parent_id=project.jurisdiction_id
    ).order_by("code")


@dataclass(frozen=True)
class ReadinessItem:
    code: str
    label: str
    label_en: str
    allowed: bool
    message: str

    @property
    def display_label(self) -> str:
        return self.label_en if (get_language() or "").startswith("en") else self.label


def readiness_items(project: Project) -> list[ReadinessItem]:
    """The submission checklist: every gate with its label and, when blocked, its message."""
    return [
        ReadinessItem(
            check.code,
            check.label,
            check.label_en,
            decision.allowed,
            decision.display_message,
        )
        for check in SUBMISSION_CHECKS
        for decision in [check.rule(project, None)]
    ]
