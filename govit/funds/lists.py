"""Every fund batch in the user's scope (资金批次台账): the page ``funds:batches`` and its Excel
export, declared once (``govit.core.listing``).

Scope is ``selectors.batch_list_for``: BDB, Finance, Audit and the leading group see their
jurisdiction's batches, a county's Finance and Audit also what their budget pays for city
projects (Art. 25), a unit its own projects' batches.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govit.core.listing import Column, Filter, Listing

from .models import BatchState, FundBatch, FundKind


def _source(queryset: QuerySet[FundBatch], value: str) -> QuerySet[FundBatch]:
    return queryset.filter(payer__isnull=value == "own")


def _years(user: Any) -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this_year + 1, 2014, -1)]


BATCHES = Listing(
    key="fund_batches",
    title=_("资金批次台账"),
    export_name="资金批次台账",
    columns=(
        Column("project_code", _("项目编码"), lambda b: b.project.code, page=False, width=22),
        Column("project", _("项目"), lambda b: b.project.name, sort="project__code", width=30),
        Column(
            "organisation",
            _("建设单位"),
            lambda b: b.project.organisation.name,
            page=False,
            width=22,
        ),
        Column("number", _("批次"), lambda b: b.number, sort="number", width=8),
        Column("stage", _("阶段"), lambda b: b.stage, page=False),
        Column("kind", _("资金类型"), lambda b: b.get_kind_display(), sort="kind", width=10),
        Column("year", _("运维年度"), lambda b: b.year, page=False, width=10),
        Column(
            "payer",
            _("出资方"),
            lambda b: b.budget_source,
            sort="payer__jurisdiction__name",
            width=22,
        ),
        Column("amount", _("金额（元）"), lambda b: b.amount, sort="amount", money=True),
        Column("state", _("状态"), lambda b: b.get_state_display(), sort="state", width=12),
        Column("requested", _("申请时间"), lambda b: b.requested_at, sort="requested_at", width=18),
        Column("confirmed", _("进度确认时间"), lambda b: b.confirmed_at, page=False, width=18),
        Column("released", _("拨付日期"), lambda b: b.released_on, sort="released_on"),
        Column("reference", _("拨付凭证号"), lambda b: b.reference, page=False),
    ),
    default_sort="-requested",
    filters=(
        Filter("state", _("状态"), choices=BatchState.choices),
        Filter("kind", _("资金类型"), choices=FundKind.choices),
        Filter(
            "source",
            _("出资方"),
            choices=[("own", _("本级财政资金")), ("county", _("县区财政资金"))],
            apply=_source,
        ),
        Filter("year", _("申请年度"), choices=_years, lookup="requested_at__year"),
    ),
    search=(
        "project__name",
        "project__code",
        "project__organisation__name",
        "stage",
        "reference",
    ),
    search_hint=_("项目名称、编码、建设单位、阶段或凭证号"),
)
