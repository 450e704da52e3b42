"""Writing the demo: idempotent loads of the base data, plans and pools, bulk sample projects.

- ``load_base()`` creates what is missing of the jurisdictions, organisations and accounts of
  ``data.py`` (plus a disabled staff account for each department without a demo login) and
  leaves existing rows alone, so running it again changes nothing.
- ``load_world()`` adds the missing plans (``plans.load_plans``) and expert pools
  (``plans.load_experts``).
- ``load_projects(target)`` tops the demo projects up to ``target``.  A demo project is one
  whose ``project.create`` history event was written by 系统 (no actor) with the reason
  ``演示数据``; since history is append-only, that count is a stable marker that needs no
  column of its own.  Projects are written in batches by ``stories.write_batch``, each batch in
  one transaction with its serial numbers (``reserve_serials``), its history events
  (``record_many``) and every dossier, review and delivery record (``delivery.write``), so an
  interrupted load leaves whole batches and the chain intact.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction

from govit.accounts.models import Jurisdiction, Organisation, User, UserRole
from govit.accounts.roles import Role
from govit.audit.models import Event
from govit.projects.models import Project

from . import plans, stories
from .actors import Actors, load_actors
from .data import (
    ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_REASON,
    DEPARTMENT_STAFF_SUFFIX,
    JURISDICTIONS,
    ORGANISATIONS,
    SYSADMIN_PERMISSION_APPS,
    AccountSpec,
    department_staff_username,
    departments_with_demo_staff,
    organisation_spec,
)
from .names import Owner, sample_projects
from .pdf import store_demo_files
from .stories import CREATE_ACTION

BATCH_SIZE = 5000  # projects per transaction (and per progress line)

Progress = Callable[[int, int], None]
"""``progress(done, total)`` after each batch of projects."""


@dataclass(frozen=True)
class BaseResult:
    jurisdictions: int
    organisations: int
    users: int
    jurisdictions_created: int
    organisations_created: int
    users_created: int


@dataclass(frozen=True)
class WorldResult:
    plans_created: int
    experts_created: int


@dataclass(frozen=True)
class ProjectsResult:
    total: int
    created: int


def load_base() -> BaseResult:
    """Jurisdictions, organisations and accounts of the demo; only what is missing is created."""
    with transaction.atomic():
        jurisdictions, jurisdictions_created = _load_jurisdictions()
        organisations, organisations_created = _load_organisations(jurisdictions)
        users_created = _load_accounts(organisations)
        _load_department_staff(organisations)
    return BaseResult(
        jurisdictions=len(jurisdictions),
        organisations=len(organisations),
        users=len(ACCOUNTS),
        jurisdictions_created=jurisdictions_created,
        organisations_created=organisations_created,
        users_created=users_created,
    )


def _load_jurisdictions() -> tuple[dict[str, Jurisdiction], int]:
    loaded: dict[str, Jurisdiction] = {}
    created_count = 0
    for spec in JURISDICTIONS:  # parents come first
        # Heze may already exist: the policy app's data migration creates it for its packs.
        jurisdiction, created = Jurisdiction.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "level": spec.level,
                "parent": loaded[spec.parent] if spec.parent else None,
            },
        )
        loaded[spec.code] = jurisdiction
        created_count += created
    return loaded, created_count


def _load_organisations(
    jurisdictions: dict[str, Jurisdiction],
) -> tuple[dict[tuple[str, str], Organisation], int]:
    def key(org: Organisation) -> tuple[str, str]:
        return (org.jurisdiction.code, org.code)

    existing = {
        key(org): org
        for org in Organisation.objects.select_related("jurisdiction").filter(
            jurisdiction__code__in=jurisdictions
        )
    }
    missing = [
        Organisation(
            jurisdiction=jurisdictions[spec.jurisdiction],
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            org_type=spec.org_type,
            function=spec.function,
        )
        for spec in ORGANISATIONS
        if (spec.jurisdiction, spec.code) not in existing
    ]
    for org in Organisation.objects.bulk_create(missing):
        existing[key(org)] = org
    wanted = {(spec.jurisdiction, spec.code) for spec in ORGANISATIONS}
    return {k: org for k, org in existing.items() if k in wanted}, len(missing)


def _load_accounts(organisations: dict[tuple[str, str], Organisation]) -> int:
    """Create the missing accounts with their roles; existing users are left as they are."""
    existing = set(
        User.objects.filter(username__in=[spec.username for spec in ACCOUNTS]).values_list(
            "username", flat=True
        )
    )
    missing = [spec for spec in ACCOUNTS if spec.username not in existing]
    if not missing:
        return 0
    # Hashing is deliberately slow: hash the shared password once, reuse it for everyone.
    password_hash = make_password(DEMO_PASSWORD)
    sysadmin_permissions = list(
        Permission.objects.filter(content_type__app_label__in=SYSADMIN_PERMISSION_APPS)
    )
    for spec in missing:
        user = User.objects.create(
            username=spec.username,
            full_name=spec.full_name,
            password=password_hash,
            organisation=organisations[(spec.jurisdiction, spec.organisation_code)],
            is_staff=spec.is_staff,
        )
        UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in spec.roles])
        if Role.SYSADMIN in spec.roles:
            user.user_permissions.add(*sysadmin_permissions)
    return len(missing)


def _load_department_staff(organisations: dict[tuple[str, str], Organisation]) -> int:
    """A disabled staff account (经办人, no usable password) for every in-scope department
    without a demo login: the uploader of its sample dossiers, the person who confirms when
    it co-builds.  A system administrator may enable one to try that department."""
    covered = departments_with_demo_staff()
    wanted = {
        department_staff_username(*key): org
        for key, org in organisations.items()
        if key not in covered
        and org.function == Organisation.Function.DEPARTMENT
        and org.org_type not in Organisation.OUT_OF_SCOPE_TYPES
    }
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    missing = [
        User(
            username=username,
            full_name=f"{org.name}{DEPARTMENT_STAFF_SUFFIX}"[:50],
            password=make_password(None),
            organisation=org,
            is_active=False,
        )
        for username, org in sorted(wanted.items())
        if username not in existing
    ]
    User.objects.bulk_create(missing)
    UserRole.objects.bulk_create([UserRole(user=user, role=Role.UNIT_STAFF) for user in missing])
    return len(missing)


def account_lines() -> Iterator[str]:
    """One tab-separated line per demo account: username, role codes, organisation name."""
    users = {
        user.username: user
        for user in User.objects.filter(username__in=[spec.username for spec in ACCOUNTS])
        .select_related("organisation")
        .prefetch_related("role_assignments")
    }
    for spec in ACCOUNTS:
        user = users.get(spec.username)
        yield "\t".join(_account_fields(spec, user))


def _account_fields(spec: AccountSpec, user: User | None) -> tuple[str, str, str]:
    if user is None or user.organisation is None:  # not loaded: what the demo would create
        org = organisation_spec(spec.jurisdiction, spec.organisation_code)
        return spec.username, ",".join(spec.roles), org.name
    roles = sorted(assignment.role for assignment in user.role_assignments.all())
    return spec.username, ",".join(roles), user.organisation.name


def count_demo_projects() -> int:
    return Event.objects.filter(
        action=CREATE_ACTION,
        reason=DEMO_REASON,
        actor__isnull=True,
        object_type=Project._meta.label_lower,
    ).count()


def demo_owners(actors: Actors | None = None) -> list[Owner]:
    """The in-scope ordinary departments of the demo, in a stable order, with the bureaus
    their jurisdiction has users in (``names.Owner``)."""
    if actors is None:
        actors = load_actors()
    topics = {(spec.jurisdiction, spec.code): spec.topics for spec in ORGANISATIONS}
    departments = (
        Organisation.objects.select_related("jurisdiction")
        .filter(function=Organisation.Function.DEPARTMENT, is_active=True)
        .exclude(org_type__in=Organisation.OUT_OF_SCOPE_TYPES)
        .order_by("jurisdiction__code", "code")
    )
    return [
        Owner(
            organisation_id=org.pk,
            organisation_name=org.name,
            jurisdiction_id=org.jurisdiction_id,
            division=org.jurisdiction.code,
            department=org.code,
            place=org.jurisdiction.name,
            topics=topics[(org.jurisdiction.code, org.code)],
            bdb=actors.has_bdb(org.jurisdiction_id),
            ndrc=org.jurisdiction_id in actors.ndrc,
            secrecy=org.jurisdiction_id in actors.secrecy,
            evaluator=bool(actors.evaluators),
        )
        for org in departments
        if (org.jurisdiction.code, org.code) in topics
    ]


def load_world() -> WorldResult:
    """The plans and expert pools that are missing (after ``load_base``)."""
    actors = load_actors()
    owners = demo_owners(actors)
    return WorldResult(
        plans_created=plans.load_plans(owners, actors),
        experts_created=plans.load_experts(actors),
    )


def load_projects(target: int, *, progress: Progress | None = None) -> ProjectsResult:
    """Top the demo projects up to ``target`` (never removes any)."""
    existing = count_demo_projects()
    missing = max(0, target - existing)
    if missing == 0:
        return ProjectsResult(total=existing, created=0)
    actors = load_actors()
    owners = demo_owners(actors)
    samples = sample_projects(owners, missing, seed=existing)
    context = stories.load_context(
        [owner.organisation_id for owner in owners],
        actors,
        plans.approved_annual_plans(owner.organisation_id for owner in owners),
        store_demo_files(),
    )
    rng = random.Random(f"govit-demo-records-{existing}")  # noqa: S311 - sample data
    done = 0
    for start in range(0, missing, BATCH_SIZE):
        stories.write_batch(samples[start : start + BATCH_SIZE], context, rng)
        done = min(missing, start + BATCH_SIZE)
        if progress:
            progress(done, missing)
    # Once per load, for every approved plan (also those of an earlier, interrupted load).
    with transaction.atomic():
        plans.refresh_approval_rounds(context.plans.values())
    return ProjectsResult(total=existing + done, created=done)
