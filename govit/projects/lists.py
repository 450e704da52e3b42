"""The project list (项目台账): its columns, filters and search, declared once for the page
and the Excel export (``govit.core.listing``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govit.accounts.models import Organisation
from govit.core.listing import Column, Filter, Listing

from .selectors import projects_for
from .workflow import PROJECT_MACHINE


def _states(user: Any) -> list[tuple[str, str]]:
    return [(code, state.display_label) for code, state in PROJECT_MACHINE.states.items()]


def _organisations(user: Any) -> list[tuple[str, str]]:
    """The owning units of the projects the user sees (one query)."""
    owners = Organisation.objects.filter(
        Exists(projects_for(user).filter(organisation=OuterRef("pk")))
    ).order_by("code")
    return [(str(pk), name) for pk, name in owners.values_list("pk", "name")]


def _years(user: Any) -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this_year + 1, 2014, -1)]


PROJECTS = Listing(
    key="projects",
    title=_("项目台账"),
    export_name="项目台账",
    columns=(
        Column("code", _("项目编码"), lambda p: p.code, sort="code", width=22),
        Column("name", _("项目名称"), lambda p: p.name, sort="name", width=36),
        Column(
            "organisation",
            _("建设单位"),
            lambda p: p.organisation.name,
            sort="organisation__name",
            width=24,
        ),
        Column("jurisdiction", _("行政区域"), lambda p: p.jurisdiction.name, page=False, width=10),
        Column("year", _("年度"), lambda p: p.year, sort="year", width=8),
        Column("category", _("系统类别"), lambda p: p.get_system_category_display(), page=False),
        Column("funding", _("资金方式"), lambda p: p.get_funding_mode_display(), page=False),
        Column("procedure", _("办理程序"), lambda p: p.get_procedure_display(), page=False),
        Column("state", _("状态"), lambda p: p.state_label, sort="state", width=12),
        Column(
            "requested",
            _("申请金额（元）"),
            lambda p: p.requested_amount,
            sort="requested_amount",
            money=True,
            page=False,
        ),
        Column(
            "approved",
            _("批复金额（元）"),
            lambda p: p.approved_amount,
            sort="approved_amount",
            money=True,
        ),
        Column(
            "opinion_number",
            _("审核意见文号"),
            lambda p: p.opinion_number,
            page=False,
            width=22,
        ),
        Column("opinion_date", _("审核意见日期"), lambda p: p.opinion_date, page=False),
        Column("started", _("开工日期"), lambda p: p.construction_started_on, page=False),
        Column("accepted", _("验收通过日期"), lambda p: p.accepted_on, page=False),
        Column("updated", _("更新时间"), lambda p: p.updated_at, sort="updated_at", width=18),
    ),
    default_sort="-updated",
    filters=(
        Filter("state", _("状态"), choices=_states),
        Filter("year", _("年度"), choices=_years),
        Filter("organisation", _("建设单位"), choices=_organisations, lookup="organisation_id"),
    ),
    search=("name", "code", "organisation__name"),
    search_hint=_("项目名称、编码或建设单位"),
)
