"""Writes of the systems registry: register and maintain systems, catalogue, sharing and the
security ledger (Art. 3, 18, 26–33).

Each runs in one transaction that first locks the project row, re-checks who acts and every
rule, validates all input before the first write and writes one history event on the project
(``systems.<verb>``).  Changes that affect a deadline re-synchronise the system's obligations
(``sync_obligations``), the same function the compliance scan runs every day:

- a running system that does not share (no active interface, or not connected to the exchange
  platform) has a sharing retrofit obligation (Art. 29) due ``sharing_retrofit_months`` after
  detection; sharing again fulfils it;
- a running system has a yearly O&M filing obligation (Art. 3) due ``om_filing_interval_months``
  after it went live or after its last filing; filing fulfils it and opens the next;
- a running system of MLPS level 3 or above has an MLPS assessment obligation (Art. 31: level 3
  every ``mlps_assessment_interval_months_level3``, level 4 and 5 every ``…_level4`` months) and
  a cryptography evaluation obligation (Art. 32, ``crypto_assessment_interval_months``), counted
  from going live or from the last assessment; recording one fulfils it and opens the next.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import User
from govit.accounts.selectors import jurisdiction_id_of
from govit.applications.models import CatalogueEntry, DocumentKind
from govit.applications.services import document_attach
from govit.applications.values import choice
from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.inputs import optional_text, parse_date, required_text
from govit.obligations.models import Obligation, ObligationKind, ObligationState
from govit.obligations.services import key_of, obligation_fulfil, obligation_open
from govit.policy.calendar import add_months
from govit.policy.packs import rule
from govit.projects.models import Project

from .models import (
    CatalogueLink,
    Conclusion,
    CryptoEvaluation,
    CryptoInspection,
    DatabaseKind,
    InformationSystem,
    InspectionKind,
    InterfaceStatus,
    MigrationMethod,
    MigrationStatus,
    MlpsAssessment,
    OmFiling,
    ResourceDatabase,
    SharingInterface,
    SystemStatus,
)
from .selectors import (
    REGISTER_STATES,
    can_inspect,
    can_maintain,
    can_manage_catalogue,
    is_sharing,
)

RETROFIT_RULE = "sharing_retrofit_months"
OM_RULE = "om_filing_interval_months"
CRYPTO_RULE = "crypto_assessment_interval_months"
MLPS_RULES = {
    3: "mlps_assessment_interval_months_level3",
    4: "mlps_assessment_interval_months_level4",
}
PERIODIC_MLPS_LEVEL = 3  # level 3 and above are assessed periodically (Art. 31, 32)


# --- helpers ------------------------------------------------------------------------------
def _refuse(zh: str, article: int | None, en: str, *, field: str | None = None) -> RuleViolation:
    error = RuleViolation(deny(zh, article, en=en))
    error.field = field
    return error


def _locked(project: Project) -> Project:
    return Project.objects.with_owner().select_for_update(of=("self",)).get(pk=project.pk)


def _locked_system(system: InformationSystem) -> tuple[Project, InformationSystem]:
    project = _locked(Project(pk=system.project_id))
    locked = InformationSystem.objects.select_for_update().get(pk=system.pk)
    return project, locked


def _require_maintainer(by: User, project: Project, action: str, action_en: str) -> None:
    if not can_maintain(by, project):
        raise _refuse(
            f"只有项目建设单位的经办人可以{action}",
            26,
            f"Only the owning unit's staff may {action_en}",
        )


def _not_future(value: date, today: date, *, field: str, label: str) -> None:
    if value > today:
        raise InvalidInput(
            f"{label}（{value.isoformat()}）晚于今天（{today.isoformat()}），请填写实际日期",
            message_en=f"{field} is in the future",
            field=field,
        )


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "on", "yes", "是"}


def _mlps_level(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        level = int(str(value).strip())
    except ValueError:
        level = 0
    if not 1 <= level <= 5:
        raise InvalidInput(
            "等级保护级别应为 1 至 5 级", message_en="mlps_level must be 1–5", field="mlps_level"
        )
    return level


def _system_facts(system: InformationSystem) -> dict[str, Any]:
    return {
        "system_id": system.pk,
        "name": system.name,
        "owner": system.owner_id,
        "status": system.status,
        "running_since": system.running_since.isoformat() if system.running_since else None,
        "on_cloud": system.on_cloud,
        "migration_method": system.migration_method,
        "migration_status": system.migration_status,
        "migration_plan": system.migration_plan,
        "exchange_connected": system.exchange_connected,
        "mlps_level": system.mlps_level,
        "mlps_filing_number": system.mlps_filing_number,
    }


def _check_migration(on_cloud: bool, method: str, status: str, plan: str) -> None:
    """Art. 26: a system not on the cloud plans its migration; a migration names its method."""
    if status != MigrationStatus.NOT_NEEDED and not method:
        raise InvalidInput(
            "请选择迁移方式（物理搬迁、应用搬迁或容灾备份）",
            message_en="migration_method is required when a migration is planned",
            field="migration_method",
        )
    if status in (MigrationStatus.PLANNED, MigrationStatus.IN_PROGRESS) and not plan:
        raise InvalidInput(
            "请填写迁移计划（迁移内容、时间安排）",
            message_en="migration_plan is required for a planned migration",
            field="migration_plan",
        )
    if on_cloud and status in (MigrationStatus.PLANNED, MigrationStatus.IN_PROGRESS):
        raise InvalidInput(
            "系统已部署于政务云时，迁移状态应为「无需迁移」或「迁移完成」",
            message_en="A system on the cloud has no pending migration",
            field="migration_status",
        )


# --- obligations (Art. 3, 29, 31, 32) ------------------------------------------------------
def obligation_prefix(system: InformationSystem, kind: str) -> str:
    return key_of(system, f"{kind}:")


def _unfinished(system: InformationSystem, kind: str) -> list[Obligation]:
    return list(
        Obligation.objects.filter(
            key__startswith=obligation_prefix(system, kind),
            state__in=(ObligationState.OPEN, ObligationState.OVERDUE),
        )
    )


def _open_periodic(
    system: InformationSystem,
    project: Project,
    *,
    kind: str,
    tag: str,
    basis: tuple[str, date],
    rule_key: str,
    title: str,
    today: date,
    by: User | None,
) -> bool:
    """Open ``tag``'s obligation counted from ``basis`` — (the event's stable name, its date) —
    idempotent by key; True when it is new."""
    source, day = basis
    key = key_of(system, f"{tag}:{source}")
    if Obligation.objects.filter(key=key).exists():
        return False
    interval = rule(project.jurisdiction, rule_key, on=today)
    obligation_open(
        kind=kind,
        key=key,
        title=title,
        responsible=system.owner,
        due_on=add_months(day, interval.as_int()),
        project=project,
        opened_on=today,
        pack=interval.pack,
        by=by,
    )
    return True


def _basis(latest: Any, day_field: str, running_since: date) -> tuple[str, date]:
    """Counted from the latest recorded event (named by its id), else from going live."""
    if latest is not None:
        return str(latest.pk), getattr(latest, day_field)
    return "start", running_since


def sync_obligations(
    system: InformationSystem, project: Project, *, today: date, by: User | None = None
) -> int:
    """Open or close the system's obligations as its state requires; returns how many opened.

    Runs inside the caller's transaction, with the system row locked.
    """
    opened = 0
    running_since = system.running_since
    if system.status != SystemStatus.RUNNING or running_since is None:
        return opened
    # Art. 29: a running system that does not share is retrofitted; sharing again fulfils.
    # One episode = from detection until it shares again; its key names the detection day and
    # how many episodes were fulfilled before (a waived one stays waived: same key).
    if not is_sharing(system):
        if system.not_sharing_since is None:
            InformationSystem.objects.filter(pk=system.pk, not_sharing_since__isnull=True).update(
                not_sharing_since=today
            )
        since = InformationSystem.objects.values_list("not_sharing_since", flat=True).get(
            pk=system.pk
        )
        if since is None:  # pragma: no cover - set just above, in this transaction
            since = today
        system.not_sharing_since = since
        episodes = Obligation.objects.filter(
            key__startswith=obligation_prefix(system, "sharing"),
            state=ObligationState.FULFILLED,
        ).count()
        opened += _open_periodic(
            system,
            project,
            kind=ObligationKind.SHARING_RETROFIT,
            tag="sharing",
            basis=(f"{since.isoformat()}:{episodes}", since),
            rule_key=RETROFIT_RULE,
            title=f"{system.name}：完成共享改造（接入共享交换平台并启用共享接口）",
            today=today,
            by=by,
        )
    elif system.not_sharing_since is not None:
        for obligation in _unfinished(system, "sharing"):
            obligation_fulfil(key=obligation.key, on=today, by=by)
        InformationSystem.objects.filter(pk=system.pk).update(not_sharing_since=None)
        system.not_sharing_since = None
    # Art. 3, 18: yearly O&M filing.
    opened += _open_periodic(
        system,
        project,
        kind=ObligationKind.OM_FILING,
        tag="om",
        basis=_basis(
            system.om_filings.order_by("-filed_on", "-id").first(), "filed_on", running_since
        ),
        rule_key=OM_RULE,
        title=f"{system.name}：年度运维备案",
        today=today,
        by=by,
    )
    # Art. 31, 32: periodic MLPS assessment and cryptography evaluation from level 3.
    if system.mlps_level is not None and system.mlps_level >= PERIODIC_MLPS_LEVEL:
        last_mlps = system.mlps_assessments.order_by("-assessed_on", "-id").first()
        opened += _open_periodic(
            system,
            project,
            kind=ObligationKind.MLPS_ASSESSMENT,
            tag="mlps",
            basis=_basis(last_mlps, "assessed_on", running_since),
            rule_key=MLPS_RULES[min(system.mlps_level, 4)],
            title=f"{system.name}：等级保护测评（第{system.mlps_level}级）",
            today=today,
            by=by,
        )
        last_crypto = system.crypto_evaluations.order_by("-evaluated_on", "-id").first()
        opened += _open_periodic(
            system,
            project,
            kind=ObligationKind.CRYPTO_ASSESSMENT,
            tag="crypto",
            basis=_basis(last_crypto, "evaluated_on", running_since),
            rule_key=CRYPTO_RULE,
            title=f"{system.name}：密码应用安全性评估",
            today=today,
            by=by,
        )
    return opened


def _fulfil_all(system: InformationSystem, tag: str, on: date, by: User) -> None:
    for obligation in _unfinished(system, tag):
        obligation_fulfil(key=obligation.key, on=on, by=by)


def _annotated(system: InformationSystem) -> InformationSystem:
    """The system again with its active-interface count (what ``is_sharing`` reads)."""
    from .selectors import _detailed

    return _detailed(InformationSystem.objects.filter(pk=system.pk)).get()


def _resync(system: InformationSystem, project: Project, today: date, by: User) -> None:
    sync_obligations(_annotated(system), project, today=today, by=by)


# --- registry (Art. 26, 30, 31) ------------------------------------------------------------
def _parse_system_fields(data: dict[str, Any], today: date) -> dict[str, Any]:
    status = choice(data.get("status"), field="status", label="系统状态", choices=SystemStatus)
    running_since = None
    raw_running = data.get("running_since")
    if status == SystemStatus.RUNNING or raw_running not in (None, ""):
        running_since = parse_date(raw_running, field="running_since", label="投入运行日期")
        _not_future(running_since, today, field="running_since", label="投入运行日期")
    on_cloud = _flag(data.get("on_cloud", False))
    method_raw = data.get("migration_method") or ""
    method = (
        choice(method_raw, field="migration_method", label="迁移方式", choices=MigrationMethod)
        if method_raw
        else ""
    )
    migration_status = choice(
        data.get("migration_status") or MigrationStatus.NOT_NEEDED,
        field="migration_status",
        label="迁移状态",
        choices=MigrationStatus,
    )
    plan = optional_text(
        data.get("migration_plan"), field="migration_plan", label="迁移计划", max_length=2000
    )
    _check_migration(on_cloud, method, migration_status, plan)
    return {
        "status": status,
        "running_since": running_since,
        "on_cloud": on_cloud,
        "migration_method": method,
        "migration_status": migration_status,
        "migration_plan": plan,
        "exchange_connected": _flag(data.get("exchange_connected", False)),
        "mlps_level": _mlps_level(data.get("mlps_level")),
        "mlps_filing_number": optional_text(
            data.get("mlps_filing_number"),
            field="mlps_filing_number",
            label="等级保护备案编号",
            max_length=60,
        ),
    }


def system_register(*, project: Project, name: Any, by: User, **data: Any) -> InformationSystem:
    """The owning unit's staff register a system the project delivers (Art. 26).

    ``data``: status, running_since (required when running), on_cloud, migration_method,
    migration_status, migration_plan, exchange_connected, mlps_level, mlps_filing_number.
    Refused before construction starts, and for a name already registered in the project.
    """
    _require_maintainer(by, project, "登记信息系统", "register systems")
    today = timezone.localdate()
    name = required_text(name, field="name", label="系统名称", max_length=200)
    fields = _parse_system_fields(data, today)
    with transaction.atomic():
        locked = _locked(project)
        _require_maintainer(by, locked, "登记信息系统", "register systems")
        if locked.state not in REGISTER_STATES:
            raise _refuse(
                f"项目当前状态为「{locked.state_label}」，开工建设后才能登记项目建设的信息系统",
                26,
                "Systems are registered once the project is in construction",
            )
        if InformationSystem.objects.filter(project=locked, name=name).exists():
            raise InvalidInput(
                f"本项目已登记名为「{name}」的信息系统，请核对系统名称",
                message_en="A system with this name is already registered for the project",
                field="name",
            )
        system = InformationSystem.objects.create(
            project=locked, name=name, owner=locked.organisation, registered_by=by, **fields
        )
        record(action="systems.register", obj=locked, by=by, after=_system_facts(system))
        _resync(system, locked, today, by)
    return system


def system_update(*, system: InformationSystem, by: User, **data: Any) -> InformationSystem:
    """The owning unit's staff update status, cloud and migration, exchange connection and MLPS
    data (the same fields as ``system_register``, all given).  Obligations follow."""
    _require_maintainer(by, system.project, "维护信息系统", "maintain systems")
    today = timezone.localdate()
    fields = _parse_system_fields(data, today)
    with transaction.atomic():
        project, locked = _locked_system(system)
        _require_maintainer(by, project, "维护信息系统", "maintain systems")
        if locked.status == SystemStatus.RETIRED and fields["status"] != SystemStatus.RETIRED:
            raise _refuse(
                "系统已下线，不能恢复为建设中或运行中；重新建设的系统请另行登记",
                26,
                "A retired system cannot be brought back",
                field="status",
            )
        before = _system_facts(locked)
        InformationSystem.objects.filter(pk=locked.pk).update(**fields)
        locked.refresh_from_db()
        record(
            action="systems.update",
            obj=project,
            by=by,
            before=before,
            after=_system_facts(locked),
        )
        _resync(locked, project, today, by)
    return locked


# --- sharing interfaces (Art. 29, 30) ------------------------------------------------------
def interface_add(
    *, system: InformationSystem, name: Any, resource: Any, status: Any, by: User
) -> SharingInterface:
    _require_maintainer(by, system.project, "登记共享接口", "record sharing interfaces")
    name = required_text(name, field="name", label="接口名称", max_length=200)
    resource = required_text(resource, field="resource", label="共享资源", max_length=200)
    status = choice(status, field="status", label="接口状态", choices=InterfaceStatus)
    today = timezone.localdate()
    with transaction.atomic():
        project, locked = _locked_system(system)
        _require_maintainer(by, project, "登记共享接口", "record sharing interfaces")
        if locked.interfaces.filter(name=name).exists():
            raise InvalidInput(
                f"该系统已登记名为「{name}」的共享接口",
                message_en="An interface with this name already exists for the system",
                field="name",
            )
        interface = SharingInterface.objects.create(
            system=locked, name=name, resource=resource, status=status, recorded_by=by
        )
        record(
            action="systems.interface_add",
            obj=project,
            by=by,
            after={
                "system_id": locked.pk,
                "interface_id": interface.pk,
                "name": name,
                "resource": resource,
                "status": status,
            },
        )
        _resync(locked, project, today, by)
    return interface


def interface_set_status(*, interface: SharingInterface, status: Any, by: User) -> SharingInterface:
    system = interface.system
    _require_maintainer(by, system.project, "维护共享接口", "maintain sharing interfaces")
    status = choice(status, field="status", label="接口状态", choices=InterfaceStatus)
    today = timezone.localdate()
    with transaction.atomic():
        project, locked_system = _locked_system(system)
        _require_maintainer(by, project, "维护共享接口", "maintain sharing interfaces")
        locked = SharingInterface.objects.select_for_update().get(pk=interface.pk)
        before = locked.status
        SharingInterface.objects.filter(pk=locked.pk).update(
            status=status, updated_at=timezone.now()
        )
        locked.refresh_from_db()
        record(
            action="systems.interface_status",
            obj=project,
            by=by,
            before={"interface_id": locked.pk, "status": before},
            after={"interface_id": locked.pk, "system_id": locked_system.pk, "status": status},
        )
        _resync(locked_system, project, today, by)
    return locked


# --- catalogue (Art. 27, 28) ---------------------------------------------------------------
def entry_assign_system(*, entry: CatalogueEntry, system: Any, by: User) -> CatalogueLink:
    """The owning unit moves a catalogue entry of its application to one of the project's
    systems (``system`` None or "" takes it off)."""
    project = entry.project
    _require_maintainer(by, project, "将目录条目归入信息系统", "assign catalogue entries")
    raw = getattr(system, "pk", system)
    system_id: int | None = None
    if raw not in (None, ""):
        try:
            system_id = int(str(raw).strip())
        except ValueError:
            raise InvalidInput(
                "请选择本项目的信息系统", message_en="system must be a system id", field="system"
            ) from None
    with transaction.atomic():
        locked = _locked(project)
        _require_maintainer(by, locked, "将目录条目归入信息系统", "assign catalogue entries")
        target = None
        if system_id is not None:
            target = InformationSystem.objects.filter(pk=system_id, project=locked).first()
            if target is None:
                raise InvalidInput(
                    "所选信息系统不属于本项目，请选择本项目的信息系统",
                    message_en="The system must belong to the entry's project",
                    field="system",
                )
        link, _ = CatalogueLink.objects.select_for_update().get_or_create(entry=entry)
        before = link.system_id
        link.system = target
        link.updated_at = timezone.now()
        link.save(update_fields=["system", "updated_at"])
        record(
            action="systems.entry_assign",
            obj=locked,
            by=by,
            before={"entry_id": entry.pk, "system_id": before},
            after={"entry_id": entry.pk, "system_id": system_id},
        )
    return link


def database_create(*, kind: Any, name: Any, by: User) -> ResourceDatabase:
    """BDB adds a base (基础库) or theme (主题库) resource database to its list (Art. 28)."""
    if not can_manage_catalogue(by):
        raise _refuse(
            "只有大数据局可以管理基础库和主题库", 28, "Only BDB manages resource databases"
        )
    kind = choice(kind, field="kind", label="类别", choices=DatabaseKind)
    name = required_text(name, field="name", label="名称", max_length=100)
    jurisdiction_id = jurisdiction_id_of(by)
    if jurisdiction_id is None:  # pragma: no cover - can_manage_catalogue checked it
        raise _refuse("没有所属行政区域", 28, "No jurisdiction")
    with transaction.atomic():
        if ResourceDatabase.objects.filter(jurisdiction_id=jurisdiction_id, name=name).exists():
            raise InvalidInput(
                f"已有名为「{name}」的资源库", message_en="This name is taken", field="name"
            )
        database = ResourceDatabase.objects.create(
            jurisdiction_id=jurisdiction_id, kind=kind, name=name, created_by=by
        )
        record(
            action="systems.database_create",
            obj=database,
            by=by,
            after={"database_id": database.pk, "kind": kind, "name": name},
        )
    return database


def entry_assign_databases(*, entry: CatalogueEntry, databases: Any, by: User) -> CatalogueLink:
    """BDB assigns an entry to base and theme resource databases (Art. 28); the list given
    replaces the entry's databases."""
    project = entry.project
    if not can_manage_catalogue(by, project.jurisdiction_id):
        raise _refuse(
            "只有本行政区域的大数据局可以将目录条目归集到基础库和主题库",
            28,
            "Only BDB of the jurisdiction assigns entries to resource databases",
        )
    ids: list[int] = []
    for value in databases or ():
        raw = getattr(value, "pk", value)
        try:
            ids.append(int(str(raw).strip()))
        except ValueError:
            raise InvalidInput(
                "请选择资源库", message_en="databases must be ids", field="databases"
            ) from None
    ids = sorted(set(ids))
    with transaction.atomic():
        locked = _locked(project)
        chosen = list(
            ResourceDatabase.objects.filter(pk__in=ids, jurisdiction_id=locked.jurisdiction_id)
        )
        if len(chosen) != len(ids):
            raise InvalidInput(
                "所选资源库不存在或不属于本行政区域",
                message_en="Unknown resource database",
                field="databases",
            )
        link, _ = CatalogueLink.objects.select_for_update().get_or_create(entry=entry)
        before = sorted(link.databases.values_list("pk", flat=True))
        link.databases.set(chosen)
        record(
            action="systems.entry_databases",
            obj=locked,
            by=by,
            before={"entry_id": entry.pk, "databases": before},
            after={"entry_id": entry.pk, "databases": ids},
        )
    return link


# --- security ledger (Art. 31, 32) and O&M filing (Art. 3, 18) ----------------------------
def _report(project: Project, report: Any, kind: str, title: str, by: User) -> Any:
    if report is None:
        return None
    try:
        return document_attach(project=project, kind=kind, title=title, file=report, by=by)
    except InvalidInput as error:
        error.field = "report"
        raise


def mlps_record(
    *,
    system: InformationSystem,
    level: Any,
    assessed_on: Any,
    conclusion: Any,
    assessor: Any,
    report: Any = None,
    by: User,
) -> MlpsAssessment:
    """An MLPS assessment (等级保护测评, Art. 31): fulfils the open assessment obligation on
    ``assessed_on`` and opens the next one (level 3: 12 months, level 4: 6 months in Heze)."""
    _require_maintainer(by, system.project, "登记等级保护测评", "record MLPS assessments")
    today = timezone.localdate()
    level_value = _mlps_level(level)
    if level_value is None:
        raise InvalidInput("请填写测评级别", message_en="level is required", field="level")
    assessed = parse_date(assessed_on, field="assessed_on", label="测评日期")
    _not_future(assessed, today, field="assessed_on", label="测评日期")
    conclusion = choice(conclusion, field="conclusion", label="测评结论", choices=Conclusion)
    assessor = required_text(assessor, field="assessor", label="测评机构", max_length=200)
    with transaction.atomic():
        project, locked = _locked_system(system)
        _require_maintainer(by, project, "登记等级保护测评", "record MLPS assessments")
        latest = locked.mlps_assessments.order_by("-assessed_on").first()
        if latest is not None and assessed < latest.assessed_on:
            raise InvalidInput(
                f"测评日期早于已登记的最近一次测评（{latest.assessed_on.isoformat()}）",
                message_en="The assessment is older than the latest one on record",
                field="assessed_on",
            )
        document = _report(
            project, report, DocumentKind.MLPS_RESULT, f"{locked.name}等级保护测评报告", by
        )
        if locked.mlps_level != level_value:
            InformationSystem.objects.filter(pk=locked.pk).update(mlps_level=level_value)
            locked.mlps_level = level_value
        assessment = MlpsAssessment.objects.create(
            system=locked,
            level=level_value,
            assessed_on=assessed,
            conclusion=conclusion,
            assessor=assessor,
            report=document,
            recorded_by=by,
        )
        next_due = _complete_period(
            locked, project, "mlps", assessment, on=assessed, today=today, by=by
        )
        record(
            action="systems.mlps_record",
            obj=project,
            by=by,
            after={
                "system_id": locked.pk,
                "level": level_value,
                "assessed_on": assessed.isoformat(),
                "conclusion": conclusion,
                "assessor": assessor,
                "next_due": next_due.isoformat() if next_due else None,
            },
        )
    return assessment


def crypto_record(
    *,
    system: InformationSystem,
    evaluated_on: Any,
    conclusion: Any,
    evaluator: Any,
    report: Any = None,
    by: User,
) -> CryptoEvaluation:
    """A cryptography evaluation (密评, Art. 32): fulfils the open evaluation obligation and
    opens the next one."""
    _require_maintainer(by, system.project, "登记密码应用安全性评估", "record crypto evaluations")
    today = timezone.localdate()
    evaluated = parse_date(evaluated_on, field="evaluated_on", label="评估日期")
    _not_future(evaluated, today, field="evaluated_on", label="评估日期")
    conclusion = choice(conclusion, field="conclusion", label="评估结论", choices=Conclusion)
    evaluator = required_text(evaluator, field="evaluator", label="评估机构", max_length=200)
    with transaction.atomic():
        project, locked = _locked_system(system)
        _require_maintainer(by, project, "登记密码应用安全性评估", "record crypto evaluations")
        latest = locked.crypto_evaluations.order_by("-evaluated_on").first()
        if latest is not None and evaluated < latest.evaluated_on:
            raise InvalidInput(
                f"评估日期早于已登记的最近一次评估（{latest.evaluated_on.isoformat()}）",
                message_en="The evaluation is older than the latest one on record",
                field="evaluated_on",
            )
        document = _report(
            project, report, DocumentKind.CRYPTO_RESULT, f"{locked.name}密码应用安全性评估报告", by
        )
        evaluation = CryptoEvaluation.objects.create(
            system=locked,
            evaluated_on=evaluated,
            conclusion=conclusion,
            evaluator=evaluator,
            report=document,
            recorded_by=by,
        )
        next_due = _complete_period(
            locked, project, "crypto", evaluation, on=evaluated, today=today, by=by
        )
        record(
            action="systems.crypto_record",
            obj=project,
            by=by,
            after={
                "system_id": locked.pk,
                "evaluated_on": evaluated.isoformat(),
                "conclusion": conclusion,
                "evaluator": evaluator,
                "next_due": next_due.isoformat() if next_due else None,
            },
        )
    return evaluation


def inspection_record(
    *, system: InformationSystem, kind: Any, held_on: Any, findings: Any, by: User
) -> CryptoInspection:
    """The crypto authority records guidance or an inspection of a system (Art. 4, 32)."""
    if not can_inspect(by, system.project):
        raise _refuse(
            "只有本行政区域的密码管理部门可以登记密码应用指导和检查",
            32,
            "Only the crypto authority of the jurisdiction records guidance and inspections",
        )
    today = timezone.localdate()
    kind = choice(kind, field="kind", label="类型", choices=InspectionKind)
    held = parse_date(held_on, field="held_on", label="日期")
    _not_future(held, today, field="held_on", label="日期")
    findings = required_text(findings, field="findings", label="意见或发现的问题", max_length=4000)
    with transaction.atomic():
        project, locked = _locked_system(system)
        inspection = CryptoInspection.objects.create(
            system=locked, kind=kind, held_on=held, findings=findings, recorded_by=by
        )
        record(
            action="systems.inspection_record",
            obj=project,
            by=by,
            after={
                "system_id": locked.pk,
                "kind": kind,
                "held_on": held.isoformat(),
                "findings": findings,
            },
        )
    return inspection


def om_file(
    *, system: InformationSystem, filed_on: Any, operator: Any, contract_ref: Any, by: User
) -> OmFiling:
    """The unit files the system's yearly O&M record (Art. 3, 18): fulfils the open O&M filing
    obligation on ``filed_on`` and opens the next one."""
    _require_maintainer(by, system.project, "办理运维备案", "file O&M records")
    today = timezone.localdate()
    filed = parse_date(filed_on, field="filed_on", label="备案日期")
    _not_future(filed, today, field="filed_on", label="备案日期")
    operator = required_text(operator, field="operator", label="运维单位", max_length=200)
    contract_ref = required_text(
        contract_ref, field="contract_ref", label="运维合同编号", max_length=100
    )
    with transaction.atomic():
        project, locked = _locked_system(system)
        _require_maintainer(by, project, "办理运维备案", "file O&M records")
        if locked.status != SystemStatus.RUNNING:
            raise _refuse(
                f"系统当前为「{locked.get_status_display()}」，运维备案针对运行中的系统",
                3,
                "O&M filings are for running systems",
                field="filed_on",
            )
        latest = locked.om_filings.order_by("-filed_on").first()
        floor = latest.filed_on if latest is not None else (locked.running_since or filed)
        if filed < floor:
            raise InvalidInput(
                f"备案日期早于{'最近一次运维备案' if latest else '系统投入运行日期'}"
                f"（{floor.isoformat()}）",
                message_en="The filing date is before the last filing or the go-live date",
                field="filed_on",
            )
        filing = OmFiling.objects.create(
            system=locked,
            filed_on=filed,
            operator=operator,
            contract_ref=contract_ref,
            recorded_by=by,
        )
        next_due = _complete_period(locked, project, "om", filing, on=filed, today=today, by=by)
        record(
            action="systems.om_file",
            obj=project,
            by=by,
            after={
                "system_id": locked.pk,
                "filed_on": filed.isoformat(),
                "operator": operator,
                "contract_ref": contract_ref,
                "next_due": next_due.isoformat() if next_due else None,
            },
        )
    return filing


def _complete_period(
    system: InformationSystem,
    project: Project,
    tag: str,
    done: MlpsAssessment | CryptoEvaluation | OmFiling,
    *,
    on: date,
    today: date,
    by: User,
) -> date | None:
    """A periodic duty done on ``on`` (an assessment, an evaluation, a filing): fulfil its open
    obligations, let the system open the next period, and write that period's due date on the
    record that closed this one."""
    _fulfil_all(system, tag, on, by)
    _resync(system, project, today, by)
    upcoming = sorted(_unfinished(system, tag), key=lambda o: o.due_on)
    next_due = upcoming[0].due_on if upcoming else None
    type(done).objects.filter(pk=done.pk).update(next_due=next_due)
    done.next_due = next_due
    return next_due
