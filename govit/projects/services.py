"""Writes on projects: one transaction each, audited, keyword-only, no request object."""

from __future__ import annotations

from typing import Any, cast

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation

from .codes import InvalidProjectCode, ProjectCode, parse_project_code
from .models import (
    FundingMode,
    PredecessorRelation,
    Procedure,
    Project,
    SerialCounter,
    SystemCategory,
    UpperLevel,
)
from .workflow import PROJECT_MACHINE


def next_serial(key: str) -> int:
    """Take the next number of counter ``key`` (call inside a transaction)."""
    SerialCounter.objects.get_or_create(key=key)
    SerialCounter.objects.filter(key=key).update(value=F("value") + 1)
    return SerialCounter.objects.get(key=key).value


def reserve_serials(key: str, count: int) -> int:
    """Reserve ``count`` numbers at once; returns the first (bulk loads)."""
    SerialCounter.objects.get_or_create(key=key)
    SerialCounter.objects.filter(key=key).update(value=F("value") + count)
    return SerialCounter.objects.get(key=key).value - count + 1


def project_serial_key(year: int, division: str) -> str:
    """The counter behind the serial segment of project codes: per year and jurisdiction."""
    return f"project:{year}:{division}"


def new_project_code(organisation: Organisation, category: str, year: int) -> str:
    division = organisation.jurisdiction.code
    serial = next_serial(project_serial_key(year, division))
    return str(ProjectCode(year, division, organisation.code, category, serial))


def _chosen_plan_item(plan_item: Any, by: User) -> Any:
    """The plan item must be an unused item of an approved plan of the user's unit (Art. 7)."""
    from govit.planning.selectors import approved_items_for

    item_id = getattr(plan_item, "pk", plan_item)
    item = approved_items_for(by).filter(pk=item_id).first()
    if item is None:
        raise InvalidInput(
            "所选项目不在本单位已批准的年度建设计划中，或已被其他项目使用（第七条）",
            message_en="Not an unused item of your unit's approved annual plan (Art. 7)",
            field="plan_item",
        )
    return item


def _chosen_predecessor(predecessor: Any, relation: str, by: User) -> Project | None:
    from .selectors import projects_for

    if predecessor in (None, ""):
        if relation:
            raise InvalidInput(
                "请选择前序项目", message_en="Choose the predecessor", field="predecessor"
            )
        return None
    if relation not in {choice for choice in PredecessorRelation.values if choice}:
        raise InvalidInput(
            "请选择与前序项目的关系（升级改造、拆分或合并）",
            message_en="Choose how it relates to the predecessor",
            field="predecessor_relation",
        )
    visible = projects_for(by)
    if isinstance(predecessor, str) and "-" in predecessor:
        # A project code as people type it: check it before looking it up (see codes.py).
        try:
            parse_project_code(predecessor)
        except InvalidProjectCode as error:
            raise InvalidInput(
                str(error), message_en="Invalid project code", field="predecessor"
            ) from None
        found = visible.filter(code=predecessor.strip()).first()
    else:
        found = visible.filter(pk=getattr(predecessor, "pk", predecessor)).first()
    if found is None:
        raise InvalidInput(
            "前序项目不存在或不在您的权限范围内",
            message_en="Unknown predecessor",
            field="predecessor",
        )
    return found


def _check_choice(value: str, choices: type[models.TextChoices], field: str, label: str) -> None:
    if value not in choices.values:
        raise InvalidInput(f"{label}无效", message_en=f"Invalid {field}", field=field)


def project_create(
    *,
    name: str,
    system_category: str = SystemCategory.BUSINESS_SYSTEM,
    funding_mode: str = FundingMode.GOVERNMENT_INVESTMENT,
    procedure: str = Procedure.APPROVAL,
    upper_level: str = UpperLevel.NONE,
    plan_item: Any = None,
    outside_plan: bool = False,
    predecessor: Any = None,
    predecessor_relation: str = "",
    is_fixed_asset: bool = False,
    is_classified_candidate: bool = False,
    by: User,
) -> Project:
    """A unit's staff opens a project for their own organisation; it gets its permanent code.

    The project comes from an item of the unit's approved annual construction plan (Art. 7),
    or is marked as outside the plan (Art. 10: approval then needs a BDB leader exception).
    Either can also be settled later; the submit transition checks it.
    """
    name = (name or "").strip()
    if not name:
        raise InvalidInput("请填写项目名称", message_en="Project name is required", field="name")
    if len(name) > 200:
        raise InvalidInput("项目名称不能超过 200 字", message_en="Name too long", field="name")
    _check_choice(system_category, SystemCategory, "system_category", "系统类别")
    _check_choice(funding_mode, FundingMode, "funding_mode", "资金方式")
    _check_choice(procedure, Procedure, "procedure", "办理程序")
    _check_choice(upper_level, UpperLevel, "upper_level", "上级项目级别")
    if plan_item not in (None, "") and outside_plan:
        raise InvalidInput(
            "已选择年度建设计划项目的，不能同时标记为计划外项目",
            message_en="Either a plan item or outside the plan, not both",
            field="outside_plan",
        )
    if not by.has_role(Role.UNIT_STAFF) or by.organisation is None:
        raise RuleViolation(
            deny("只有建设单位经办人可以创建项目", en="Only unit staff can create projects")
        )
    organisation = by.organisation
    if not organisation.in_scope:
        raise RuleViolation(
            deny(
                f"{organisation.get_org_type_display()}不属于本办法适用范围，不能申报",
                2,
                en="Outside the measures' scope (Art. 2)",
            )
        )
    with transaction.atomic():
        item = _chosen_plan_item(plan_item, by) if plan_item not in (None, "") else None
        previous = _chosen_predecessor(predecessor, predecessor_relation, by)
        now = timezone.now()
        year = timezone.localdate(now).year
        project = Project.objects.create(
            code=new_project_code(organisation, system_category, year),
            name=name,
            year=year,
            organisation=organisation,
            jurisdiction=organisation.jurisdiction,
            system_category=system_category,
            funding_mode=funding_mode,
            procedure=procedure,
            upper_level=upper_level,
            plan_item=item,
            outside_plan=outside_plan,
            predecessor=previous,
            predecessor_relation=predecessor_relation if previous else "",
            is_fixed_asset=is_fixed_asset,
            is_classified_candidate=is_classified_candidate,
            state=PROJECT_MACHINE.initial,
            created_by=by,
            created_at=now,
            updated_at=now,
        )
        record(
            action="project.create",
            obj=project,
            by=by,
            after={
                "code": project.code,
                "name": name,
                "organisation": organisation.name,
                "system_category": system_category,
                "funding_mode": funding_mode,
                "procedure": procedure,
                "upper_level": upper_level,
                "plan_item": item.pk if item else None,
                "outside_plan": outside_plan,
                "predecessor": previous.code if previous else None,
                "predecessor_relation": predecessor_relation if previous else "",
                "is_fixed_asset": is_fixed_asset,
                "is_classified_candidate": is_classified_candidate,
                "state": project.state,
            },
        )
    return project


def project_transition(*, project: Project, transition: str, by: User, reason: str = "") -> Project:
    """Run a lifecycle transition (checked, locked, audited by the engine).

    Transitions that need more than a reason (``via``: a completion date, an acceptance
    outcome …) are refused here: their own page and service run them.
    """
    declared = PROJECT_MACHINE.transitions.get(transition)
    if declared is not None and declared.via:
        raise InvalidInput(
            f"「{declared.label}」需要填写办理信息，请在对应页面办理",
            message_en=f"{declared.label_en!r} needs its own form; use its page or endpoint",
            field="transition",
        )
    return cast(Project, PROJECT_MACHINE.execute(project, transition, by=by, reason=reason))
