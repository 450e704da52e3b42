"""The systems registry (信息系统台账): the page ``systems:list`` and its Excel export,
declared once (``govit.core.listing``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from govit.core.listing import Column, Filter, Listing

from .models import InformationSystem, MigrationStatus, SystemStatus
from .selectors import is_sharing

# Art. 29–30: connected to the exchange platform with at least one active interface.
SHARES = Q(exchange_connected=True, active_interfaces__gt=0)


def _sharing(queryset: QuerySet[InformationSystem], value: str) -> QuerySet[InformationSystem]:
    running = queryset.filter(status=SystemStatus.RUNNING)
    if value == "yes":
        return running.filter(SHARES)
    return running.filter(Q(exchange_connected=False) | Q(active_interfaces=0))


def sharing_text(system: InformationSystem) -> str:
    if system.status != SystemStatus.RUNNING:
        return "—"
    return "已共享" if is_sharing(system) else "未共享（须改造）"


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


SYSTEMS = Listing(
    key="systems",
    title=_("信息系统台账"),
    export_name="信息系统台账",
    columns=(
        Column("project_code", _("项目编码"), lambda s: s.project.code, page=False, width=22),
        Column("project", _("项目"), lambda s: s.project.name, sort="project__code", width=30),
        Column("name", _("系统名称"), lambda s: s.name, sort="name", width=28),
        Column("owner", _("责任单位"), lambda s: s.owner.name, sort="owner__name", width=22),
        Column("status", _("系统状态"), lambda s: s.get_status_display(), sort="status"),
        Column("running_since", _("投入运行日期"), lambda s: s.running_since, page=False),
        Column("cloud", _("政务云"), lambda s: _yes_no(s.on_cloud), sort="on_cloud", width=8),
        Column(
            "migration",
            _("迁移"),
            lambda s: s.get_migration_status_display(),
            sort="migration_status",
        ),
        Column(
            "migration_method",
            _("迁移方式"),
            lambda s: s.get_migration_method_display(),
            page=False,
        ),
        Column(
            "exchange",
            _("共享交换平台"),
            lambda s: "已接入" if s.exchange_connected else "未接入",
            sort="exchange_connected",
        ),
        Column("interfaces", _("启用接口数"), lambda s: s.active_interfaces, page=False),
        Column("sharing", _("共享情况"), sharing_text),
        Column("mlps", _("等级保护"), lambda s: s.mlps_level, sort="mlps_level", width=10),
        Column(
            "mlps_number",
            _("等级保护备案编号"),
            lambda s: s.mlps_filing_number,
            page=False,
            width=20,
        ),
    ),
    default_sort="project",
    filters=(
        Filter("status", _("系统状态"), choices=SystemStatus.choices),
        Filter(
            "sharing",
            _("共享情况"),
            choices=[("yes", _("已共享")), ("no", _("未共享（须改造）"))],
            apply=_sharing,
        ),
        Filter(
            "cloud",
            _("政务云"),
            choices=[("yes", _("是")), ("no", _("否"))],
            apply=lambda queryset, value: queryset.filter(on_cloud=value == "yes"),
        ),
        Filter("migration", _("迁移"), choices=MigrationStatus.choices, lookup="migration_status"),
    ),
    search=("name", "project__name", "project__code", "owner__name"),
    search_hint=_("系统名称、项目名称、编码或责任单位"),
)
