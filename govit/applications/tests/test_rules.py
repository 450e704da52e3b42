"""Each submission gate blocks with its article and passes once the dossier satisfies it."""

from __future__ import annotations

from datetime import date

import pytest

from govit.applications import rules, services
from govit.applications.models import (
    BudgetCategory,
    CatalogueEntry,
    DocumentKind,
    OpeningAttribute,
    ProductOrigin,
    SharingAttribute,
)
from govit.applications.testing import fill_dossier, pdf_bytes, upload
from govit.projects.models import Project, SecrecyStatus, UpperLevel


def _project(world, key="police") -> Project:
    return world.project(key)


def test_an_empty_dossier_fails_every_gate_but_the_upper_approval(world) -> None:
    readiness = dict(rules.submission_readiness(_project(world)))
    assert list(readiness) == [check.code for check in rules.SUBMISSION_CHECKS]
    blocked = {code for code, decision in readiness.items() if not decision}
    assert blocked == set(readiness) - {"upper_approval_uploaded", "cobuilders_confirmed"}


def test_a_filled_dossier_passes_every_gate(world) -> None:
    project = _project(world)
    fill_dossier(project, world.police_staff, cobuilder_confirmer=world.education_staff)
    for code, decision in rules.submission_readiness(_project(world)):
        assert decision.allowed, (code, decision.message)


# --- Art. 8 -----------------------------------------------------------------------------------
def test_submission_without_pre_evaluation_is_refused_citing_article_8(world) -> None:
    decision = rules.pre_evaluation_complete(_project(world), world.police_staff)
    assert not decision
    assert decision.article == 8
    assert decision.message == "未完成事前绩效评估（第八条）"


def test_a_pre_evaluation_saved_but_not_completed_still_blocks_under_article_8(world) -> None:
    project, staff = _project(world), world.police_staff
    services.pre_evaluation_save(project=project, goals="目标", conclusion="结论", by=staff)
    services.indicator_add(project=project, name="办理率", target_value="95", unit="%", by=staff)
    assert rules.pre_evaluation_complete(project, staff).article == 8
    services.pre_evaluation_complete(project=project, by=staff)
    assert rules.pre_evaluation_complete(project, staff).allowed


def test_changing_a_completed_pre_evaluation_reopens_it(world) -> None:
    project, staff = _project(world), world.police_staff
    services.pre_evaluation_save(project=project, goals="目标", conclusion="结论", by=staff)
    services.indicator_add(project=project, name="办理率", target_value="95", unit="%", by=staff)
    services.pre_evaluation_complete(project=project, by=staff)
    services.pre_evaluation_save(project=project, goals="新目标", conclusion="结论", by=staff)
    assert rules.pre_evaluation_complete(project, staff).article == 8


# --- Art. 27 ----------------------------------------------------------------------------------
def test_submission_without_catalogue_is_refused_citing_article_27(world) -> None:
    decision = rules.catalogue_complete(_project(world), world.police_staff)
    assert not decision and decision.article == 27
    assert "政务信息资源目录" in decision.message


def test_a_catalogue_entry_lacking_an_attribute_blocks_under_article_27(world) -> None:
    project = _project(world)
    # A row that bypassed the services (e.g. an import): the gate still checks every attribute.
    CatalogueEntry.objects.create(
        project=project,
        name="企业信息",
        data_source="",
        data_format="JSON",
        update_cycle="每日",
        sharing_attribute=SharingAttribute.CONDITIONAL,
        sharing_condition="",
        opening_attribute=OpeningAttribute.NOT_OPEN,
    )
    decision = rules.catalogue_complete(project, world.police_staff)
    assert not decision and decision.article == 27
    assert "数据来源" in decision.reason and "共享条件" in decision.reason


def test_a_complete_catalogue_passes_article_27(world) -> None:
    project = _project(world)
    services.catalogue_entry_add(
        project=project,
        name="警情数据",
        data_source="110 接处警系统",
        data_format="JSON",
        update_cycle="实时",
        sharing_attribute=SharingAttribute.UNCONDITIONAL,
        opening_attribute=OpeningAttribute.NOT_OPEN,
        by=world.police_staff,
    )
    assert rules.catalogue_complete(project, world.police_staff).allowed


# --- Art. 9 co-builders -----------------------------------------------------------------------
def test_an_unconfirmed_cobuilder_blocks_submission_citing_article_9(world) -> None:
    project = _project(world)
    services.cobuilder_add(
        project=project,
        organisation=world.organisations["education"],
        scope="学籍数据接口",
        duties="数据质量",
        sharing_needs="学籍信息",
        by=world.police_staff,
    )
    decision = rules.cobuilders_confirmed(project, world.police_staff)
    assert not decision and decision.article == 9
    assert "菏泽市教育局" in decision.reason


def test_a_project_without_cobuilders_passes_the_confirmation_gate(world) -> None:
    assert rules.cobuilders_confirmed(_project(world), world.police_staff).allowed


# --- Art. 9 budget and construction plan ------------------------------------------------------
def test_submission_without_budget_is_refused_citing_article_9(world) -> None:
    decision = rules.budget_present(_project(world), world.police_staff)
    assert not decision and decision.article == 9


def test_a_budget_totalling_zero_is_refused_citing_article_9(world) -> None:
    project = _project(world)
    services.budget_line_add(
        project=project,
        category=BudgetCategory.SOFTWARE,
        name="开源软件",
        quantity="1",
        unit="套",
        unit_price="0",
        by=world.police_staff,
    )
    decision = rules.budget_present(project, world.police_staff)
    assert not decision and decision.article == 9 and "0" in decision.reason


def test_a_budget_line_satisfies_the_budget_gate(world) -> None:
    project = _project(world)
    services.budget_line_add(
        project=project,
        category=BudgetCategory.SOFTWARE,
        name="数据库",
        quantity="1",
        unit="套",
        unit_price="100",
        by=world.police_staff,
    )
    assert rules.budget_present(project, world.police_staff).allowed


def test_submission_without_construction_plan_is_refused_citing_article_9(world) -> None:
    project = _project(world)
    services.document_upload(
        project=project,
        kind=DocumentKind.SUPPLEMENTARY,
        title="可研报告",
        file=upload("可研.pdf", pdf_bytes()),
        by=world.police_staff,
    )
    decision = rules.construction_plan_uploaded(project, world.police_staff)
    assert not decision and decision.article == 9
    assert decision.message == "未上传建设方案（第九条）"


def test_an_uploaded_construction_plan_passes(world) -> None:
    project = _project(world)
    services.document_upload(
        project=project,
        kind=DocumentKind.CONSTRUCTION_PLAN,
        title="建设方案",
        file=upload("建设方案.pdf", pdf_bytes()),
        by=world.police_staff,
    )
    assert rules.construction_plan_uploaded(project, world.police_staff).allowed


def test_a_classified_candidate_passes_with_a_metadata_row_of_its_plan(world) -> None:
    project = _project(world)
    Project.objects.filter(pk=project.pk).update(is_classified_candidate=True)
    project = _project(world)
    assert not rules.construction_plan_uploaded(project, None)
    services.document_metadata_add(
        project=project,
        kind=DocumentKind.CONSTRUCTION_PLAN,
        title="建设方案",
        document_number="菏公〔2026〕3号",
        document_date=date(2026, 3, 1),
        by=world.police_staff,
    )
    assert rules.construction_plan_uploaded(project, None).allowed


def test_a_cleared_candidate_needs_the_file_not_only_metadata(world) -> None:
    project = _project(world)
    Project.objects.filter(pk=project.pk).update(is_classified_candidate=True)
    services.document_metadata_add(
        project=_project(world),
        kind=DocumentKind.CONSTRUCTION_PLAN,
        title="建设方案",
        document_number="菏公〔2026〕3号",
        document_date=date(2026, 3, 1),
        by=world.police_staff,
    )
    Project.objects.filter(pk=project.pk).update(secrecy_status=SecrecyStatus.NOT_CLASSIFIED)
    assert rules.construction_plan_uploaded(_project(world), None).article == 9


# --- Art. 31–33 -------------------------------------------------------------------------------
def test_submission_without_security_profile_is_refused_citing_article_33(world) -> None:
    decision = rules.security_profile_complete(_project(world), world.police_staff)
    assert not decision and decision.article == 33


def test_a_crypto_plan_not_run_with_the_system_blocks_under_article_33(world) -> None:
    project, staff = _project(world), world.police_staff
    services.security_profile_save(
        project=project,
        mlps_level=3,
        crypto_plan="国密改造",
        crypto_planned=True,
        crypto_built=True,
        crypto_run=False,
        by=staff,
    )
    services.product_item_add(
        project=project, name="服务器", kind="hardware", vendor="浪潮", origin="domestic", by=staff
    )
    decision = rules.security_profile_complete(project, staff)
    assert not decision and decision.article == 33
    assert "同步运行" in decision.reason


def test_a_complete_security_profile_passes(world) -> None:
    project, staff = _project(world), world.police_staff
    services.security_profile_save(
        project=project,
        mlps_level="3",
        crypto_plan="国密改造",
        crypto_planned=True,
        crypto_built=True,
        crypto_run=True,
        by=staff,
    )
    assert not rules.security_profile_complete(project, staff)  # no product statement yet
    services.product_item_add(
        project=project,
        name="数据库",
        kind="software",
        vendor="Oracle",
        origin=ProductOrigin.IMPORTED,
        controllability="仅用于非核心报表，已有国产替代计划",
        by=staff,
    )
    assert rules.security_profile_complete(project, staff).allowed


# --- Art. 12 ----------------------------------------------------------------------------------
def test_a_city_project_needs_no_upper_approval(world) -> None:
    assert rules.upper_approval_uploaded(_project(world), None).allowed


def test_a_higher_level_project_without_upper_approval_is_refused_citing_article_12(world) -> None:
    project = _project(world)
    Project.objects.filter(pk=project.pk).update(upper_level=UpperLevel.PROVINCIAL)
    project = _project(world)
    decision = rules.upper_approval_uploaded(project, None)
    assert not decision and decision.article == 12
    services.document_upload(
        project=project,
        kind=DocumentKind.UPPER_APPROVAL,
        title="省发改委批复",
        file=upload("批复.pdf", pdf_bytes()),
        by=world.police_staff,
    )
    assert rules.upper_approval_uploaded(project, None).allowed


@pytest.mark.parametrize("check", rules.SUBMISSION_CHECKS, ids=lambda c: c.code)
def test_every_gate_is_importable_by_its_dotted_path(check) -> None:
    from django.utils.module_loading import import_string

    assert import_string(f"govit.applications.rules.{check.code}") is check.rule
