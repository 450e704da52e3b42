"""BDB staff plan an inspection and record its findings; a BDB leader approves it (Art. 35)."""

from __future__ import annotations

import pytest

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.supervision import services
from govit.supervision.models import Finding, Inspection
from govit.supervision.testing import RULE_16, planned_inspection

from .conftest import Setup


def test_bdb_staff_plan_an_inspection_of_a_project_and_a_department(procurement: Setup) -> None:
    world = procurement.world
    inspection = services.inspection_plan(
        title="2026年度政务信息化项目专项检查",
        planned_on="2026-12-10",
        projects=[procurement.project.pk],
        departments=[world.organisations["education"].pk],
        by=world.bdb_staff,
    )
    assert inspection.state == Inspection.State.PLANNED
    assert list(inspection.projects.all()) == [procurement.project]
    assert list(inspection.departments.all()) == [world.organisations["education"]]
    event = Event.objects.get(action="supervision.inspection_plan")
    assert event.after["departments"] == ["菏泽市教育局"]


def test_a_unit_cannot_plan_an_inspection(procurement: Setup) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.inspection_plan(
            title="自查",
            planned_on="2026-12-10",
            projects=[procurement.project.pk],
            by=procurement.world.police_staff,
        )
    assert refused.value.decision.article == 35
    assert "只有大数据局经办人可以计划监督检查" in refused.value.message
    assert not Inspection.objects.exists()


def test_an_inspection_without_scope_is_refused_and_nothing_is_saved(procurement: Setup) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.inspection_plan(
            title="专项检查", planned_on="2026-12-10", by=procurement.world.bdb_staff
        )
    assert refused.value.field == "projects"
    assert "请至少选择一个检查项目或检查部门" in refused.value.message
    assert not Inspection.objects.exists()
    assert not Event.objects.filter(action="supervision.inspection_plan").exists()


def test_a_project_of_another_jurisdiction_is_outside_the_scope(procurement: Setup) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.inspection_plan(
            title="专项检查",
            planned_on="2026-12-10",
            projects=[procurement.world.projects["caoxian"].pk],
            by=procurement.world.bdb_staff,
        )
    assert refused.value.field == "projects"
    assert not Inspection.objects.exists()


def test_a_bad_planned_date_names_the_field(procurement: Setup) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.inspection_plan(
            title="专项检查",
            planned_on="2026-13-01",
            projects=[procurement.project.pk],
            by=procurement.world.bdb_staff,
        )
    assert refused.value.field == "planned_on"


def test_a_finding_cites_the_article_and_its_text(procurement: Setup) -> None:
    world = procurement.world
    inspection = planned_inspection(world, procurement.project)
    finding = services.finding_record(
        inspection=inspection,
        project=procurement.project.pk,
        article="16",
        rule_text=RULE_16,
        description="合同签订后 12 个工作日才备案",
        by=world.bdb_staff,
    )
    assert (finding.article, finding.rule_text) == (16, RULE_16)
    event = Event.objects.get(action="supervision.finding_record")
    assert event.after["article"] == 16
    assert event.object_id == str(procurement.project.pk)


def test_a_project_of_a_listed_department_is_in_scope(procurement: Setup) -> None:
    world = procurement.world
    inspection = services.inspection_plan(
        title="公安局专项检查",
        planned_on="2026-12-10",
        departments=[world.organisations["police"].pk],
        by=world.bdb_staff,
    )
    finding = services.finding_record(
        inspection=inspection,
        project=procurement.project,
        article=19,
        rule_text="严格按批复建设",
        description="超批复范围建设",
        by=world.bdb_staff,
    )
    assert finding.project == procurement.project


def test_a_finding_about_a_project_outside_the_scope_is_refused(procurement: Setup) -> None:
    world = procurement.world
    inspection = planned_inspection(world, procurement.project)
    with pytest.raises(InvalidInput) as refused:
        services.finding_record(
            inspection=inspection,
            project=world.projects["education"].pk,
            article=16,
            rule_text=RULE_16,
            description="—",
            by=world.bdb_staff,
        )
    assert refused.value.field == "project"
    assert "不在本次检查范围内" in refused.value.message
    assert not Finding.objects.exists()


@pytest.mark.parametrize("article", ["0", "42", "第十六条", ""])
def test_the_article_must_be_one_of_the_41(procurement: Setup, article: str) -> None:
    inspection = planned_inspection(procurement.world, procurement.project)
    with pytest.raises(InvalidInput) as refused:
        services.finding_record(
            inspection=inspection,
            project=procurement.project,
            article=article,
            rule_text=RULE_16,
            description="—",
            by=procurement.world.bdb_staff,
        )
    assert refused.value.field == "article"


def test_no_finding_after_approval(procurement: Setup) -> None:
    world = procurement.world
    inspection = planned_inspection(world, procurement.project)
    services.inspection_approve(inspection=inspection, by=world.bdb_leader)
    with pytest.raises(RuleViolation) as refused:
        services.finding_record(
            inspection=inspection,
            project=procurement.project,
            article=16,
            rule_text=RULE_16,
            description="—",
            by=world.bdb_staff,
        )
    assert refused.value.decision.article == 35
    assert "已经领导审批，不能再记录问题" in refused.value.message


def test_the_leader_approves_once(procurement: Setup) -> None:
    world = procurement.world
    inspection = planned_inspection(world, procurement.project)
    with pytest.raises(RuleViolation) as staff:
        services.inspection_approve(inspection=inspection, by=world.bdb_staff)
    assert "只有本行政区域大数据局领导可以审批监督检查" in staff.value.message
    assert staff.value.decision.article == 35
    done = services.inspection_approve(inspection=inspection, note="同意", by=world.bdb_leader)
    assert done.state == Inspection.State.APPROVED and done.approved_by == world.bdb_leader
    assert Event.objects.filter(action="supervision.inspection_approve").count() == 1
    with pytest.raises(RuleViolation) as again:
        services.inspection_approve(inspection=inspection, by=world.bdb_leader)
    assert "监督检查已经审批" in again.value.message
