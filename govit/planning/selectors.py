"""Reads of plans, always scoped to the user (deny by default; outside scope is a 404).

- City plans (Art. 5): published ones are read by every signed-in user of the jurisdiction,
  and a city's also by the users of its counties; drafts only by the BDB of the jurisdiction.
- Department plans (Art. 6): the department's own staff and leaders see all of theirs; the BDB
  of the jurisdiction sees every department's plans once submitted (drafts stay with the unit).
- The three administrators see none (三员分立: they never read business records).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from govit.accounts.models import Organisation, User

from .models import CityPlan, DepartmentPlan, PlanItem, PlanItemImport, PlanReview, PlanState
from .permissions import BDB_ROLES, UNIT_ROLES

ZERO = Value(Decimal("0.00"))


def _organisation_of(user: User) -> Organisation | None:
    """The organisation a signed-in business user acts for; ``None`` = sees no plan."""
    if not user.is_authenticated or not user.is_active or user.is_administrator:
        return None
    return user.organisation


# --- city plans ------------------------------------------------------------------------------
def city_plans_for(user: User) -> QuerySet[CityPlan]:
    base = CityPlan.objects.select_related("jurisdiction")
    organisation = _organisation_of(user)
    if organisation is None:
        return base.none()
    jurisdiction = organisation.jurisdiction
    readable = [jurisdiction.pk]
    if jurisdiction.parent_id is not None:
        readable.append(jurisdiction.parent_id)
    condition = Q(state=PlanState.PUBLISHED, jurisdiction_id__in=readable)
    if user.has_any_role(*BDB_ROLES):
        condition |= Q(jurisdiction_id=jurisdiction.pk)
    return base.filter(condition)


def city_plan_get(user: User, pk: int) -> CityPlan:
    try:
        return city_plans_for(user).get(pk=pk)
    except (CityPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("规划不存在，或不在您的权限范围内") from None


# --- department plans --------------------------------------------------------------------------
def department_plans_for(user: User) -> QuerySet[DepartmentPlan]:
    base = DepartmentPlan.objects.select_related("organisation__jurisdiction")
    organisation = _organisation_of(user)
    if organisation is None:
        return base.none()
    condition = Q(pk__in=[])
    if user.has_any_role(*UNIT_ROLES):
        condition |= Q(organisation=organisation)
    if user.has_any_role(*BDB_ROLES):
        condition |= Q(organisation__jurisdiction_id=organisation.jurisdiction_id) & ~Q(
            state=PlanState.DRAFT
        )
    return base.filter(condition)


def with_totals(plans: QuerySet[DepartmentPlan]) -> QuerySet[DepartmentPlan]:
    """Each plan with ``item_count`` and ``total_budget`` (sum of estimated budgets, yuan)."""
    return plans.annotate(
        item_count=Count("items"),
        total_budget=Coalesce(Sum("items__estimated_budget"), ZERO),
    )


def department_plan_get(user: User, pk: int) -> DepartmentPlan:
    try:
        return department_plans_for(user).get(pk=pk)
    except (DepartmentPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("计划不存在，或不在您的权限范围内") from None


def plan_items(plan: DepartmentPlan) -> QuerySet[PlanItem]:
    """The items of a plan the caller has already reached through ``department_plan_get``,
    each with ``project_count`` (how many projects were made from it: 0 or 1)."""
    return plan.items.annotate(project_count=Count("projects")).order_by("id")


def plan_item_get(user: User, plan_pk: int, pk: int) -> PlanItem:
    plan = department_plan_get(user, plan_pk)
    try:
        item = plan.items.get(pk=pk)
    except (PlanItem.DoesNotExist, ValueError, TypeError):
        raise Http404("计划项目不存在，或不在您的权限范围内") from None
    item.plan = plan  # the scoped plan, with its organisation already loaded
    return item


def plan_reviews(plan: DepartmentPlan) -> QuerySet[PlanReview]:
    return plan.reviews.select_related("decided_by").order_by("round")


# --- Excel imports of items --------------------------------------------------------------------
def plan_imports(plan: DepartmentPlan) -> QuerySet[PlanItemImport]:
    """The imports of a plan the caller has already reached, latest first."""
    return plan.imports.select_related("uploaded_by").order_by("-created_at", "-id")


def plan_import_get(user: User, plan_pk: int, pk: int) -> PlanItemImport:
    """An import, for whoever may see its plan (404 otherwise)."""
    plan = department_plan_get(user, plan_pk)
    try:
        job = plan.imports.select_related("uploaded_by").get(pk=pk)
    except (PlanItemImport.DoesNotExist, ValueError, TypeError):
        raise Http404("导入记录不存在，或不在您的权限范围内") from None
    job.plan = plan  # the scoped plan, with its organisation already loaded
    return job


# --- what applications are made from (Art. 7) ------------------------------------------------
def approved_items_for(user: User, *, include_item_id: int | None = None) -> QuerySet[PlanItem]:
    """Items of the approved annual construction plans of the user's organisation that no
    project uses yet (a plan item backs at most one project).

    ``include_item_id`` keeps one item in the list although a project uses it: the item the
    project being edited already points at.
    """
    base = PlanItem.objects.select_related("plan")
    organisation = _organisation_of(user)
    if organisation is None or not user.has_any_role(*UNIT_ROLES):
        return base.none()
    unused = Q(projects__isnull=True)
    if include_item_id is not None:
        unused |= Q(pk=include_item_id)
    return (
        base.filter(
            unused,
            plan__organisation=organisation,
            plan__kind=DepartmentPlan.Kind.ANNUAL_CONSTRUCTION,
            plan__state=PlanState.APPROVED,
        )
        .distinct()
        .order_by("-plan__start_year", "id")
    )
