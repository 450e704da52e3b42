"""Writes on plans: one transaction each, audited, keyword-only, no request object (Art. 5–7).

Order in every service: who may do it (the plan as the caller saw it) → parse and validate the
input (``InvalidInput`` naming the field, nothing saved) → one transaction that locks the plan,
re-checks on the locked row, saves and records history.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone

from govit.accounts.models import Organisation, User
from govit.audit.services import record
from govit.core.decisions import Decision, deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.policy.vocabulary import SystemCategory

from .inputs import clean_text, parse_year, parse_yuan
from .models import CityPlan, DepartmentPlan, PlanItem
from .permissions import (
    city_plan_editable,
    department_plan_editable,
    may_draft_city_plans,
    may_draft_department_plans,
)
from .workflow import CITY_PLAN_MACHINE, DEPARTMENT_PLAN_MACHINE

TITLE_MAX, SUMMARY_MAX, NAME_MAX, REASON_MAX = 200, 10000, 200, 5000


def _require(decision: Decision) -> None:
    if not decision.allowed:
        raise RuleViolation(decision)


def _organisation(user: User) -> Organisation:
    """The author's organisation (the ``may_draft_*`` checks already refused users without)."""
    if user.organisation is None:
        raise RuleViolation(deny("您的账户未关联组织机构", en="Your account has no organisation"))
    return user.organisation


# --- shared parsing -------------------------------------------------------------------------
def _plan_fields(
    *,
    title: object,
    start_year: object,
    end_year: object,
    summary: object,
    annual: bool,
) -> dict[str, Any]:
    """Title, period and summary of a plan; an annual plan covers exactly one year."""
    cleaned_title = clean_text(
        title, field="title", label="名称", label_en="Title", max_length=TITLE_MAX, required=True
    )
    start = parse_year(start_year, field="start_year", label="起始年度", label_en="Start year")
    if annual and (end_year is None or str(end_year).strip() == ""):
        end = start
    else:
        end = parse_year(end_year, field="end_year", label="截止年度", label_en="End year")
    if end < start:
        raise InvalidInput(
            "截止年度不能早于起始年度",
            message_en="The end year cannot be before the start year",
            field="end_year",
        )
    if annual and end != start:
        raise InvalidInput(
            "年度计划只涵盖一个年度，截止年度须与起始年度相同",
            message_en="An annual plan covers one year: the end year must equal the start year",
            field="end_year",
        )
    cleaned_summary = clean_text(
        summary,
        field="summary",
        label="主要内容",
        label_en="Summary",
        max_length=SUMMARY_MAX,
        required=False,
    )
    return {
        "title": cleaned_title,
        "start_year": start,
        "end_year": end,
        "summary": cleaned_summary,
    }


def _item_fields(
    *, name: object, category: object, estimated_budget: object, reason: object
) -> dict[str, Any]:
    cleaned_name = clean_text(
        name,
        field="name",
        label="项目名称",
        label_en="Item name",
        max_length=NAME_MAX,
        required=True,
    )
    if category not in SystemCategory.values:
        raise InvalidInput(
            "请从第二条所列系统类别中选择",
            message_en="Choose a system category of Art. 2",
            field="category",
        )
    budget = parse_yuan(
        estimated_budget,
        field="estimated_budget",
        label="估算投资",
        label_en="Estimated budget",
    )
    cleaned_reason = clean_text(
        reason,
        field="reason",
        label="建设理由",
        label_en="Reason",
        max_length=REASON_MAX,
        required=False,
    )
    return {
        "name": cleaned_name,
        "category": str(category),
        "estimated_budget": budget,
        "reason": cleaned_reason,
    }


def _plan_snapshot(plan: CityPlan | DepartmentPlan) -> dict[str, Any]:
    return {
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "summary": plan.summary,
    }


def _duplicate_annual(kind_label: str, year: int) -> InvalidInput:
    return InvalidInput(
        f"{year} 年的{kind_label}已存在，请在原计划中修改",
        message_en=f"There is already a plan of this kind for {year}",
        field="start_year",
    )


def _check_annual_free(
    plan_model: type[CityPlan] | type[DepartmentPlan],
    *,
    owner: dict[str, Any],
    kind: str,
    year: int,
    label: str,
    exclude_pk: int | None = None,
) -> None:
    """One annual plan of a kind per owner (jurisdiction or organisation) and year."""
    taken = plan_model.objects.filter(**owner, kind=kind, start_year=year)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise _duplicate_annual(label, year)


def _apply_fields(locked: CityPlan | DepartmentPlan, fields: dict[str, Any]) -> dict[str, Any]:
    """Write ``fields`` onto a locked plan; returns the snapshot from before, for the history."""
    before = _plan_snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.updated_at = timezone.now()
    locked.save()
    return before


def _create_plan(
    model: Any,
    *,
    machine: Any,
    action: str,
    owner: dict[str, Any],
    owner_fact: dict[str, str],
    kind: str,
    annual: bool,
    fields: dict[str, Any],
    by: User,
) -> Any:
    """Create a draft city or department plan and its history event; an annual plan must be
    the only one of its kind and year for its owner (also under two simultaneous creations)."""
    label = model.Kind(kind).label
    if annual:
        _check_annual_free(model, owner=owner, kind=kind, year=fields["start_year"], label=label)
    try:
        with transaction.atomic():
            now = timezone.now()
            plan = model.objects.create(
                **owner,
                kind=kind,
                state=machine.initial,
                created_by=by,
                created_at=now,
                updated_at=now,
                **fields,
            )
            record(action=action, obj=plan, by=by, after={"kind": kind, **owner_fact, **fields})
    except IntegrityError:  # two simultaneous creations of the same year's plan
        raise _duplicate_annual(label, fields["start_year"]) from None
    return plan


# --- city plans (Art. 5) ---------------------------------------------------------------------
def city_plan_create(
    *,
    kind: str,
    title: str,
    start_year: int | str,
    end_year: int | str | None = None,
    summary: str = "",
    by: User,
) -> CityPlan:
    """BDB staff opens the city's informatization plan or an annual guidance plan (draft)."""
    _require(may_draft_city_plans(by))
    if kind not in CityPlan.Kind.values:
        raise InvalidInput("请选择规划类型", message_en="Choose the kind of plan", field="kind")
    annual = kind in CityPlan.ANNUAL_KINDS
    fields = _plan_fields(
        title=title, start_year=start_year, end_year=end_year, summary=summary, annual=annual
    )
    jurisdiction = _organisation(by).jurisdiction
    return _create_plan(
        CityPlan,
        machine=CITY_PLAN_MACHINE,
        action="planning.city_plan_create",
        owner={"jurisdiction": jurisdiction},
        owner_fact={"jurisdiction": jurisdiction.code},
        kind=kind,
        annual=annual,
        fields=fields,
        by=by,
    )


def city_plan_update(
    *,
    plan: CityPlan,
    title: str,
    start_year: int | str,
    end_year: int | str | None = None,
    summary: str = "",
    by: User,
) -> CityPlan:
    """Change a draft city plan (BDB of its jurisdiction)."""
    _require(city_plan_editable(plan, by))
    fields = _plan_fields(
        title=title,
        start_year=start_year,
        end_year=end_year,
        summary=summary,
        annual=plan.is_annual,
    )
    if plan.is_annual:
        _check_annual_free(
            CityPlan,
            owner={"jurisdiction_id": plan.jurisdiction_id},
            kind=plan.kind,
            year=fields["start_year"],
            label=plan.get_kind_display(),
            exclude_pk=plan.pk,
        )
    with transaction.atomic():
        locked = CityPlan.objects.select_for_update().get(pk=plan.pk)
        _require(city_plan_editable(locked, by))
        before = _apply_fields(locked, fields)
        record(action="planning.city_plan_update", obj=locked, by=by, before=before, after=fields)
    return locked


def city_plan_transition(
    *, plan: CityPlan, transition: str, by: User, reason: str = ""
) -> CityPlan:
    """Publish (bdb_leader); checked, locked and audited by the engine."""
    return cast(CityPlan, CITY_PLAN_MACHINE.execute(plan, transition, by=by, reason=reason))


# --- department plans (Art. 6) -----------------------------------------------------------------
def department_plan_create(
    *,
    kind: str,
    title: str,
    start_year: int | str,
    end_year: int | str | None = None,
    summary: str = "",
    by: User,
) -> DepartmentPlan:
    """A unit's staff opens its department's informatization plan or annual construction plan."""
    _require(may_draft_department_plans(by))
    if kind not in DepartmentPlan.Kind.values:
        raise InvalidInput("请选择计划类型", message_en="Choose the kind of plan", field="kind")
    annual = kind in DepartmentPlan.ANNUAL_KINDS
    fields = _plan_fields(
        title=title, start_year=start_year, end_year=end_year, summary=summary, annual=annual
    )
    organisation = _organisation(by)
    return _create_plan(
        DepartmentPlan,
        machine=DEPARTMENT_PLAN_MACHINE,
        action="planning.department_plan_create",
        owner={"organisation": organisation},
        owner_fact={"organisation": organisation.name},
        kind=kind,
        annual=annual,
        fields=fields,
        by=by,
    )


def department_plan_update(
    *,
    plan: DepartmentPlan,
    title: str,
    start_year: int | str,
    end_year: int | str | None = None,
    summary: str = "",
    by: User,
) -> DepartmentPlan:
    """Change a draft or returned department plan (its unit's staff or leader)."""
    _require(department_plan_editable(plan, by))
    fields = _plan_fields(
        title=title,
        start_year=start_year,
        end_year=end_year,
        summary=summary,
        annual=plan.is_annual,
    )
    if plan.is_annual:
        _check_annual_free(
            DepartmentPlan,
            owner={"organisation_id": plan.organisation_id},
            kind=plan.kind,
            year=fields["start_year"],
            label=plan.get_kind_display(),
            exclude_pk=plan.pk,
        )
    with transaction.atomic():
        locked = _lock_editable(plan, by)
        before = _apply_fields(locked, fields)
        record(
            action="planning.department_plan_update",
            obj=locked,
            by=by,
            before=before,
            after=fields,
        )
    return locked


def department_plan_transition(
    *, plan: DepartmentPlan, transition: str, by: User, reason: str = ""
) -> DepartmentPlan:
    """Submit / approve / return; checked, locked and audited by the engine (review rounds kept)."""
    return cast(
        DepartmentPlan, DEPARTMENT_PLAN_MACHINE.execute(plan, transition, by=by, reason=reason)
    )


# --- plan items ----------------------------------------------------------------------------
def _lock_editable(plan: DepartmentPlan, by: User) -> DepartmentPlan:
    """Lock the plan row and re-check, so no item changes while a submission is under way."""
    locked = (
        DepartmentPlan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
    )
    _require(department_plan_editable(locked, by))
    return locked


def _touch(plan: DepartmentPlan) -> None:
    plan.updated_at = timezone.now()
    plan.save(update_fields=["updated_at"])


def plan_item_add(
    *,
    plan: DepartmentPlan,
    name: str,
    category: str,
    estimated_budget: object,
    reason: str = "",
    by: User,
) -> PlanItem:
    """Add an item (name, Art. 2 category, estimated budget in yuan, reason) to an editable plan."""
    _require(department_plan_editable(plan, by))
    fields = _item_fields(
        name=name, category=category, estimated_budget=estimated_budget, reason=reason
    )
    with transaction.atomic():
        locked = _lock_editable(plan, by)
        item = PlanItem.objects.create(plan=locked, **fields)
        _touch(locked)
        # Item events are written on the plan, so the plan's history tells its whole story.
        record(action="planning.plan_item_add", obj=locked, by=by, after={"item": item.snapshot()})
    return item


def plan_item_update(
    *,
    item: PlanItem,
    name: str,
    category: str,
    estimated_budget: object,
    reason: str = "",
    by: User,
) -> PlanItem:
    _require(department_plan_editable(item.plan, by))
    fields = _item_fields(
        name=name, category=category, estimated_budget=estimated_budget, reason=reason
    )
    with transaction.atomic():
        locked = _lock_editable(item.plan, by)
        current = PlanItem.objects.get(pk=item.pk, plan=locked)
        before = current.snapshot()
        for field_name, value in fields.items():
            setattr(current, field_name, value)
        current.save()
        _touch(locked)
        record(
            action="planning.plan_item_update",
            obj=locked,
            by=by,
            before={"item": before},
            after={"item": current.snapshot()},
        )
    return current


def plan_item_remove(*, item: PlanItem, by: User) -> None:
    _require(department_plan_editable(item.plan, by))
    with transaction.atomic():
        locked = _lock_editable(item.plan, by)
        current = PlanItem.objects.get(pk=item.pk, plan=locked)
        if current.projects.exists():  # the reverse relation is declared by projects.Project
            raise RuleViolation(
                deny(
                    "该计划项目已被项目引用，不能删除",
                    7,
                    en="A project has been made from this item; it cannot be removed",
                )
            )
        before = current.snapshot()
        current.delete()
        _touch(locked)
        record(action="planning.plan_item_remove", obj=locked, by=by, before={"item": before})
