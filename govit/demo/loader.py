"""Writing the demo: idempotent loads of the base data and bulk loads of sample projects.

- ``load_base()`` creates what is missing of the jurisdictions, organisations and accounts of
  ``data.py`` and leaves existing rows alone, so running it again changes nothing.
- ``load_projects(target)`` tops the demo projects up to ``target``.  A demo project is one
  whose ``project.create`` history event was written by 系统 (no actor) with the reason
  ``演示数据``; since history is append-only, that count is a stable marker that needs no
  column of its own.  Projects are written in batches, each batch in one transaction with its
  serial numbers (``reserve_serials`` per year and division) and its history events
  (``record_many``), so an interrupted load leaves whole batches and the chain intact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction

from govit.accounts.models import Jurisdiction, Organisation, User, UserRole
from govit.accounts.roles import Role
from govit.audit.models import Event
from govit.audit.services import PendingEvent, record_many
from govit.projects.codes import ProjectCode
from govit.projects.models import Project
from govit.projects.services import project_serial_key, reserve_serials

from .data import (
    ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_REASON,
    JURISDICTIONS,
    ORGANISATIONS,
    SYSADMIN_PERMISSION_APPS,
    AccountSpec,
    organisation_spec,
)
from .names import Owner, SampleProject, sample_projects

CREATE_ACTION = "project.create"
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
class ProjectsResult:
    total: int
    created: int


def load_base() -> BaseResult:
    """Jurisdictions, organisations and accounts of the demo; only what is missing is created."""
    with transaction.atomic():
        jurisdictions, jurisdictions_created = _load_jurisdictions()
        organisations, organisations_created = _load_organisations(jurisdictions)
        users_created = _load_accounts(organisations)
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


def demo_owners() -> list[Owner]:
    """The in-scope ordinary departments of the demo, in a stable order."""
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
        )
        for org in departments
        if (org.jurisdiction.code, org.code) in topics
    ]


def load_projects(target: int, *, progress: Progress | None = None) -> ProjectsResult:
    """Top the demo projects up to ``target`` (never removes any)."""
    existing = count_demo_projects()
    missing = max(0, target - existing)
    if missing == 0:
        return ProjectsResult(total=existing, created=0)
    samples = sample_projects(demo_owners(), missing, seed=existing)
    done = 0
    for start in range(0, missing, BATCH_SIZE):
        _write_batch(samples[start : start + BATCH_SIZE])
        done = min(missing, start + BATCH_SIZE)
        if progress:
            progress(done, missing)
    return ProjectsResult(total=existing + done, created=done)


def _write_batch(batch: Sequence[SampleProject]) -> None:
    with transaction.atomic():
        wanted = Counter((sample.year, sample.owner.division) for sample in batch)
        next_serial = {
            key: reserve_serials(project_serial_key(*key), count)
            for key, count in sorted(wanted.items())
        }
        projects: list[Project] = []
        for sample in batch:
            key = (sample.year, sample.owner.division)
            serial, next_serial[key] = next_serial[key], next_serial[key] + 1
            code = ProjectCode(
                sample.year, sample.owner.division, sample.owner.department,
                sample.system_category, serial,
            )  # fmt: skip
            projects.append(
                Project(
                    code=str(code),
                    name=sample.name,
                    year=sample.year,
                    organisation_id=sample.owner.organisation_id,
                    jurisdiction_id=sample.owner.jurisdiction_id,
                    system_category=sample.system_category,
                    state=sample.state,
                    is_fixed_asset=sample.is_fixed_asset,
                    is_classified_candidate=sample.is_classified_candidate,
                    created_by=None,
                    created_at=sample.created_at,
                    updated_at=sample.created_at,
                )
            )
        # SQLite ≥ 3.35 and PostgreSQL return the new primary keys, which the events need.
        Project.objects.bulk_create(projects, batch_size=1000)
        if any(project.pk is None for project in projects):
            raise RuntimeError(
                "数据库未返回新项目的主键，无法写入历史 / bulk insert returned no keys"
            )
        record_many(
            [
                PendingEvent(
                    action=CREATE_ACTION,
                    obj=project,
                    by=None,
                    after={
                        "code": project.code,
                        "name": project.name,
                        "year": project.year,
                        "organisation": sample.owner.organisation_name,
                        "system_category": project.system_category,
                        "is_fixed_asset": project.is_fixed_asset,
                        "is_classified_candidate": project.is_classified_candidate,
                        "state": project.state,
                    },
                    reason=DEMO_REASON,
                )
                for project, sample in zip(projects, batch, strict=True)
            ]
        )
