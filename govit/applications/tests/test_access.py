"""Who may reach each dossier page and endpoint: an allowed and a refused persona per URL.

Refused personas: outside the project's scope → 404; inside the scope but not the owning unit's
staff (a reader) → 403 on the pages' forms; anonymous → redirect to login / 401-403 on the API.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govit.applications import services
from govit.applications.models import (
    BudgetLine,
    CatalogueEntry,
    CoBuilder,
    CountyParticipant,
    Document,
    Indicator,
    ProductItem,
)
from govit.applications.testing import pdf_bytes, upload
from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.projects.models import Project


def _project(world: Any) -> Project:
    return world.project("police")


def pk(world: Any) -> list[int]:
    return [world.projects["police"].pk]


def _document(world: Any) -> Document:
    return Document.objects.filter(project_id=world.projects["police"].pk).first() or (
        services.document_upload(
            project=_project(world),
            kind="construction_plan",
            title="建设方案",
            file=upload("建设方案.pdf", pdf_bytes()),
            by=world.police_staff,
        )
    )


def _line(world: Any) -> BudgetLine:
    return BudgetLine.objects.filter(project_id=world.projects["police"].pk).first() or (
        services.budget_line_add(
            project=_project(world),
            category="hardware",
            name="服务器",
            quantity="1",
            unit="台",
            unit_price="100",
            by=world.police_staff,
        )
    )


def _indicator(world: Any) -> Indicator:
    return Indicator.objects.filter(
        pre_evaluation__project_id=world.projects["police"].pk
    ).first() or services.indicator_add(
        project=_project(world), name="办理率", target_value="95", unit="%", by=world.police_staff
    )


CATALOGUE = {
    "name": "警情数据",
    "data_source": "接处警系统",
    "data_format": "JSON",
    "update_cycle": "实时",
    "sharing_attribute": "unconditional",
    "sharing_condition": "",
    "opening_attribute": "not_open",
}


def _entry(world: Any) -> CatalogueEntry:
    return CatalogueEntry.objects.filter(project_id=world.projects["police"].pk).first() or (
        services.catalogue_entry_add(project=_project(world), by=world.police_staff, **CATALOGUE)
    )


def _product(world: Any) -> ProductItem:
    return ProductItem.objects.filter(profile__project_id=world.projects["police"].pk).first() or (
        services.product_item_add(
            project=_project(world),
            name="服务器",
            kind="hardware",
            vendor="浪潮",
            origin="domestic",
            by=world.police_staff,
        )
    )


COBUILDER = {"scope": "学籍数据接口", "duties": "数据质量", "sharing_needs": "学籍信息"}


def _cobuilder(world: Any) -> CoBuilder:
    return CoBuilder.objects.filter(project_id=world.projects["police"].pk).first() or (
        services.cobuilder_add(
            project=_project(world),
            organisation=world.organisations["education"],
            by=world.police_staff,
            **COBUILDER,
        )
    )


def _county(world: Any) -> CountyParticipant:
    return CountyParticipant.objects.filter(project_id=world.projects["police"].pk).first() or (
        services.county_participant_add(
            project=_project(world),
            jurisdiction=world.jurisdictions["371721"],
            content="前端点位",
            construction_share_pct="10",
            om_share_pct="10",
            by=world.police_staff,
        )
    )


def row(factory):  # type: ignore[no-untyped-def]
    return lambda world: [world.projects["police"].pk, factory(world).pk]


def classified(world: Any) -> list[int]:
    Project.objects.filter(pk=world.projects["police"].pk).update(is_classified_candidate=True)
    return pk(world)


def _upload_data(world: Any) -> dict[str, Any]:
    return {
        "document-kind": "construction_plan",
        "document-title": "建设方案",
        "document-file": upload("建设方案.pdf", pdf_bytes()),
    }


def _budget_data(world: Any) -> dict[str, Any]:
    return {
        "budget-category": "hardware",
        "budget-name": "服务器",
        "budget-quantity": "2",
        "budget-unit": "台",
        "budget-unit_price": "100",
    }


FOUND = (302,)  # pages' forms redirect to the dossier after saving

ACCESS_CASES = [
    # --- pages
    Access("applications:dossier", args=pk, allowed="police_staff", refused="education_staff"),
    Access("applications:dossier", args=pk, allowed="bdb_staff", refused="caoxian_bdb_staff"),
    Access("applications:dossier", args=pk, allowed="auditor", refused="sysadmin"),
    Access(
        "applications:dossier",
        args=pk,
        allowed="police_leader",
        refused=ANONYMOUS,
        refused_status=(302,),
    ),
    Access(
        "applications:document_upload",
        args=pk,
        method="post",
        data=_upload_data,
        allowed="police_staff",
        refused="education_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:document_upload",
        args=pk,
        method="post",
        data=_upload_data,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=FOUND,
    ),
    Access(
        "applications:document_metadata_add",
        args=classified,
        method="post",
        data=lambda w: {
            "metadata-kind": "construction_plan",
            "metadata-title": "建设方案",
            "metadata-document_number": "菏公〔2026〕3号",
            "metadata-document_date": date(2026, 3, 1).isoformat(),
        },
        allowed="police_staff",
        refused="police_leader",
        refused_status=(403,),
        allowed_status=FOUND,
    ),
    Access(
        "applications:document_download",
        args=row(_document),
        allowed="bdb_staff",
        refused="education_staff",
    ),
    Access(
        "applications:budget_line_add",
        args=pk,
        method="post",
        data=_budget_data,
        allowed="police_staff",
        refused="education_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:budget_line_edit",
        args=row(_line),
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
    ),
    Access(
        "applications:budget_line_edit",
        args=row(_line),
        method="post",
        data=_budget_data,
        allowed="police_staff",
        refused="education_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:budget_line_delete",
        args=row(_line),
        method="post",
        allowed="police_staff",
        refused="police_leader",
        refused_status=(403,),
        allowed_status=FOUND,
    ),
    Access(
        "applications:pre_evaluation_save",
        args=pk,
        method="post",
        data=lambda w: {"pre-goals": "目标", "pre-conclusion": "结论"},
        allowed="police_staff",
        refused="education_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:indicator_add",
        args=pk,
        method="post",
        data=lambda w: {
            "indicator-name": "办理率",
            "indicator-target_value": "95",
            "indicator-unit": "%",
        },
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=FOUND,
    ),
    Access(
        "applications:indicator_delete",
        args=row(_indicator),
        method="post",
        allowed="police_staff",
        refused="education_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:pre_evaluation_complete",
        args=pk,
        method="post",
        allowed="police_staff",
        refused="bdb_leader",
        refused_status=(403,),
        allowed_status=(400,),  # reached, and refused for the missing goals (Art. 8)
    ),
    Access(
        "applications:catalogue_entry_add",
        args=pk,
        method="post",
        data=lambda w: {f"catalogue-{k}": v for k, v in CATALOGUE.items()},
        allowed="police_staff",
        refused="education_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:catalogue_entry_edit",
        args=row(_entry),
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "applications:catalogue_entry_delete",
        args=row(_entry),
        method="post",
        allowed="police_staff",
        refused="auditor",
        refused_status=(403,),
        allowed_status=FOUND,
    ),
    Access(
        "applications:security_profile_save",
        args=pk,
        method="post",
        data=lambda w: {"security-mlps_level": "3", "security-crypto_plan": "国密"},
        allowed="police_staff",
        refused="crypto",
        refused_status=(403,),
        allowed_status=FOUND,
    ),
    Access(
        "applications:product_item_add",
        args=pk,
        method="post",
        data=lambda w: {
            "product-name": "服务器",
            "product-kind": "hardware",
            "product-vendor": "浪潮",
            "product-origin": "domestic",
        },
        allowed="police_staff",
        refused="education_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:product_item_delete",
        args=row(_product),
        method="post",
        allowed="police_staff",
        refused="education_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:cobuilder_add",
        args=pk,
        method="post",
        data=lambda w: {
            "cobuilder-organisation": w.organisations["education"].pk,
            **{f"cobuilder-{k}": v for k, v in COBUILDER.items()},
        },
        allowed="police_staff",
        refused="education_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:cobuilder_edit",
        args=row(_cobuilder),
        allowed="police_staff",
        refused="police_leader",
        refused_status=(403,),
    ),
    Access(
        "applications:cobuilder_delete",
        args=row(_cobuilder),
        method="post",
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=FOUND,
    ),
    # The co-building organisation confirms (it sees the project through cobuilders__organisation).
    Access(
        "applications:cobuilder_confirm",
        args=row(_cobuilder),
        method="post",
        allowed="education_staff",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=FOUND,
    ),
    Access(
        "applications:cobuilder_confirm",
        args=row(_cobuilder),
        method="post",
        allowed="education_leader",
        refused="caoxian_police_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:county_participant_add",
        args=pk,
        method="post",
        data=lambda w: {
            "county-jurisdiction": w.jurisdictions["371721"].pk,
            "county-content": "前端点位",
            "county-construction_share_pct": "10",
            "county-om_share_pct": "10",
        },
        allowed="police_staff",
        refused="caoxian_police_staff",
        allowed_status=FOUND,
    ),
    Access(
        "applications:county_participant_edit",
        args=row(_county),
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "applications:county_participant_delete",
        args=row(_county),
        method="post",
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=FOUND,
    ),
    # --- API
    Access("api:application-summary", args=pk, allowed="bdb_staff", refused="caoxian_bdb_staff"),
    Access(
        "api:application-summary",
        args=pk,
        allowed="police_staff",
        refused=ANONYMOUS,
        refused_status=(401, 403),
    ),
    Access(
        "api:application-document-list", args=pk, allowed="police_staff", refused="education_staff"
    ),
    Access(
        "api:application-document-list",
        args=pk,
        method="post",
        data=lambda w: {
            "kind": "construction_plan",
            "title": "建设方案",
            "file": upload("建设方案.pdf", pdf_bytes()),
        },
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:application-document-detail",
        args=row(_document),
        allowed="auditor",
        refused="secadmin",
    ),
    Access(
        "api:application-document-download",
        args=row(_document),
        allowed="police_leader",
        refused="education_staff",
    ),
    Access(
        "api:application-document-metadata",
        args=classified,
        method="post",
        api=True,
        data=lambda w: {
            "kind": "construction_plan",
            "title": "建设方案",
            "document_number": "菏公〔2026〕3号",
            "document_date": "2026-03-01",
        },
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:application-budget-line-list", args=pk, allowed="finance", refused="education_staff"
    ),
    Access(
        "api:application-budget-line-list",
        args=pk,
        method="post",
        api=True,
        data=lambda w: {
            "category": "hardware",
            "name": "服务器",
            "quantity": "1",
            "unit": "台",
            "unit_price": "100",
        },
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:application-budget-line-detail",
        args=row(_line),
        method="patch",
        api=True,
        data=lambda w: {"quantity": "3"},
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:application-budget-line-detail",
        args=row(_line),
        method="delete",
        allowed="police_staff",
        refused="caoxian_bdb_staff",
        allowed_status=(204,),
    ),
    Access(
        "api:application-pre-evaluation", args=pk, allowed="bdb_leader", refused="education_staff"
    ),
    Access(
        "api:application-pre-evaluation",
        args=pk,
        method="put",
        api=True,
        data=lambda w: {"goals": "目标", "conclusion": "结论"},
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:application-pre-evaluation-complete",
        args=pk,
        method="post",
        api=True,
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(400,),  # reached, and refused for the missing goals (Art. 8)
    ),
    Access(
        "api:application-indicator-list",
        args=pk,
        method="post",
        api=True,
        data=lambda w: {"name": "办理率", "target_value": "95", "unit": "%"},
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:application-indicator-detail",
        args=row(_indicator),
        method="put",
        api=True,
        data=lambda w: {"name": "办理率", "target_value": "98", "unit": "%"},
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:application-catalogue-entry-list",
        args=pk,
        method="post",
        api=True,
        data=lambda w: CATALOGUE,
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:application-catalogue-entry-detail",
        args=row(_entry),
        allowed="overseer",
        refused="expert",
    ),
    Access(
        "api:application-security-profile", args=pk, allowed="crypto", refused="education_staff"
    ),
    Access(
        "api:application-security-profile",
        args=pk,
        method="put",
        api=True,
        data=lambda w: {"mlps_level": 3, "crypto_plan": "国密"},
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:application-product-item-list",
        args=pk,
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:application-product-item-detail",
        args=row(_product),
        method="delete",
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(204,),
    ),
    Access(
        "api:application-cobuilder-list",
        args=pk,
        method="post",
        api=True,
        data=lambda w: {"organisation": w.organisations["education"].pk, **COBUILDER},
        allowed="police_staff",
        refused="caoxian_police_staff",
        allowed_status=(201,),
    ),
    Access(
        "api:application-cobuilder-detail",
        args=row(_cobuilder),
        allowed="education_staff",
        refused="caoxian_police_staff",
    ),
    Access(
        "api:application-cobuilder-confirm",
        args=row(_cobuilder),
        method="post",
        api=True,
        allowed="education_leader",
        refused="police_staff",
        refused_status=(409,),
    ),
    Access(
        "api:application-county-participant-list",
        args=pk,
        allowed="police_staff",
        refused="education_staff",
    ),
    Access(
        "api:application-county-participant-detail",
        args=row(_county),
        method="patch",
        api=True,
        data=lambda w: {"om_share_pct": "15"},
        allowed="police_staff",
        refused="education_staff",
    ),
]


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, world: Any) -> None:
    check_access(case, world)
