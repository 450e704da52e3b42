"""The contract filing register (合同备案台账): columns, filters and search of the page and of
its Excel export (``govit.core.listing``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govit.core.listing import Column, Filter, Listing

from .models import Contract, ContractKind, ContractQuerySet, ProcurementMethod
from .selectors import REGISTER_FILTERS


def filing_status(contract: Contract, today: Any = None) -> str:
    """按期备案 / 逾期 n 个工作日 / 逾期未备案 / 待备案 — the register's status column."""
    if contract.filed_on is not None:
        return f"逾期 {contract.days_late} 个工作日" if contract.days_late else "按期备案"
    return "逾期未备案" if contract.overdue(today or timezone.localdate()) else "待备案"


def _status(queryset: ContractQuerySet, value: str) -> ContractQuerySet:
    if value == "unfiled":
        return queryset.unfiled()
    return queryset.late(timezone.localdate())  # filed late, or unfiled past the due date


CONTRACTS = Listing(
    key="contracts",
    title=_("合同备案台账"),
    export_name="合同备案台账",
    columns=(
        Column("project_code", _("项目编码"), lambda c: c.project.code, page=False, width=22),
        Column("project", _("项目"), lambda c: c.project.name, sort="project__code", width=30),
        Column(
            "organisation",
            _("建设单位"),
            lambda c: c.project.organisation.name,
            sort="project__organisation__name",
            width=22,
        ),
        Column("number", _("合同编号"), lambda c: c.number, sort="number", width=18),
        Column("title", _("合同名称"), lambda c: c.title, page=False, width=30),
        Column("kind", _("类型"), lambda c: c.get_kind_display(), sort="kind", width=10),
        Column("supplier", _("供应商"), lambda c: c.supplier_name, sort="supplier_name", width=28),
        Column("uscc", _("统一社会信用代码"), lambda c: c.supplier_uscc, page=False, width=20),
        Column("method", _("采购方式"), lambda c: c.get_procurement_method_display(), page=False),
        Column("amount", _("金额（元）"), lambda c: c.amount, sort="amount", money=True),
        Column("signed", _("签订日期"), lambda c: c.signed_on, sort="signed_on"),
        Column("due", _("备案截止"), lambda c: c.filing_due, sort="filing_due"),
        Column(
            "provisional",
            _("截止日期暂定"),
            lambda c: c.filing_due_provisional,
            page=False,
            width=10,
        ),
        Column("filed", _("备案日期"), lambda c: c.filed_on, sort="filed_on"),
        Column("status", _("备案状态"), filing_status, width=16),
    ),
    default_sort="-signed",
    filters=(
        Filter(
            "status",
            _("备案状态"),
            choices=[(key, label) for key, label in REGISTER_FILTERS.items() if key != "all"],
            apply=_status,
            everything="all",
        ),
        Filter("kind", _("类型"), choices=ContractKind.choices),
        Filter(
            "method", _("采购方式"), choices=ProcurementMethod.choices, lookup="procurement_method"
        ),
    ),
    search=(
        "number",
        "title",
        "supplier_name",
        "project__name",
        "project__code",
        "project__organisation__name",
    ),
    search_hint=_("合同编号、名称、供应商、项目或建设单位"),
)
