"""Acceptance rounds (Art. 21–22), the security and crypto results it cannot pass without
(Art. 33), failure and re-application, and the filing that puts the system in operation."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from govit.acceptance.models import (
    AcceptanceApplication,
    Conclusion,
    CryptoResult,
    Filing,
    MlpsResult,
)
from govit.acceptance.rules import security_and_crypto_results
from govit.acceptance.services import (
    acceptance_apply,
    acceptance_decide,
    crypto_result_add,
    filing_record,
    mlps_result_add,
)
from govit.acceptance.testing import (
    accepted,
    add_crypto,
    add_mlps,
    applied,
    fresh,
    pdf,
)
from govit.applications.models import Document, DocumentKind
from govit.applications.testing import PNG_BYTES, upload
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import at

TODAY = date(2025, 9, 15)


def decide(world: World, project: Project, passed: bool, **kwargs: object) -> AcceptanceApplication:
    values: dict[str, object] = {"decided_on": TODAY, "opinion": "同意", "by": world.bdb_staff}
    values.update(kwargs)
    return acceptance_decide(project=fresh(project), passed=passed, **values)  # type: ignore[arg-type]


# --- applying ----------------------------------------------------------------------------------
def test_the_unit_applies_with_the_acceptance_and_test_reports(
    finished: Project, world: World
) -> None:
    application = applied(world, finished)

    assert (application.round_no, application.applied_on) == (1, TODAY)
    assert application.acceptance_report.kind == DocumentKind.ACCEPTANCE_REPORT
    assert application.test_report.kind == DocumentKind.TEST_REPORT
    assert fresh(finished).state == "acceptance_applied"
    event = Event.objects.get(action="acceptance.apply")
    assert event.after["round_no"] == 1
    assert Event.objects.filter(action="project.apply_acceptance").count() == 1


def assert_no_application(project: Project, documents_before: int) -> None:
    assert fresh(project).state == "completed"
    assert not AcceptanceApplication.objects.exists()
    assert Document.objects.filter(project=project).count() == documents_before
    assert not Event.objects.filter(action="acceptance.apply").exists()


def test_an_application_without_the_acceptance_report_is_refused(
    finished: Project, world: World
) -> None:
    before = Document.objects.filter(project=finished).count()
    with pytest.raises(InvalidInput) as refused:
        acceptance_apply(
            project=finished,
            acceptance_report=None,
            test_report=pdf("测试报告.pdf"),
            by=world.police_staff,
        )
    assert refused.value.field == "acceptance_report"
    assert "请上传验收报告" in refused.value.message
    assert_no_application(finished, before)


def test_a_bad_test_report_saves_nothing_not_even_the_good_acceptance_report(
    finished: Project, world: World
) -> None:
    before = Document.objects.filter(project=finished).count()
    with pytest.raises(InvalidInput) as refused:
        acceptance_apply(
            project=finished,
            acceptance_report=pdf("验收报告.pdf"),
            test_report=upload("测试报告.pdf", PNG_BYTES),
            by=world.police_staff,
        )
    assert refused.value.field == "test_report"
    assert "测试报告" in refused.value.message and "与扩展名 .pdf 不符" in refused.value.message
    assert_no_application(finished, before)


def test_only_the_owning_units_staff_apply(finished: Project, world: World) -> None:
    with pytest.raises(RuleViolation) as refused:
        acceptance_apply(
            project=finished,
            acceptance_report=pdf(),
            test_report=pdf(),
            by=world.bdb_staff,
        )
    assert "建设单位经办人" in refused.value.message
    assert not AcceptanceApplication.objects.exists()


# --- results ---------------------------------------------------------------------------------
def test_results_are_added_to_the_open_application(finished: Project, world: World) -> None:
    application = applied(world, finished)

    mlps = add_mlps(world, finished, level=3, assessed_on=date(2025, 9, 10))
    crypto = add_crypto(world, finished, conclusion=Conclusion.BASICALLY_CONFORMS)

    assert mlps.application == application and crypto.application == application
    assert (mlps.level, mlps.get_conclusion_display()) == (3, "符合")
    assert crypto.get_conclusion_display() == "基本符合"
    assert mlps.report.kind == DocumentKind.MLPS_RESULT
    assert crypto.report.kind == DocumentKind.CRYPTO_RESULT
    assert Event.objects.filter(action="acceptance.mlps_result_add").count() == 1
    assert Event.objects.filter(action="acceptance.crypto_result_add").count() == 1


def test_results_need_an_open_application(finished: Project, world: World) -> None:
    with pytest.raises(RuleViolation) as refused:
        add_crypto(world, finished)
    assert refused.value.decision.article == 33
    assert not CryptoResult.objects.exists()


@pytest.mark.parametrize(
    ("field", "changes", "message"),
    [
        ("level", {"level": 6}, "第一级至第五级"),
        ("level", {"level": "三"}, "1–5 的整数"),
        ("assessed_on", {"assessed_on": date(2025, 9, 16)}, "不能晚于今天"),
        ("conclusion", {"conclusion": "合格"}, "符合、基本符合或不符合"),
        ("report", {"report": None}, "请上传等级保护测评报告"),
    ],
)
def test_a_bad_mlps_result_is_refused_and_nothing_saved(
    finished: Project, world: World, field: str, changes: dict[str, object], message: str
) -> None:
    applied(world, finished)
    documents = Document.objects.count()
    values: dict[str, object] = {
        "level": 3,
        "assessed_on": TODAY,
        "conclusion": "conforms",
        "report": pdf(),
        **changes,
    }
    with pytest.raises(InvalidInput) as refused:
        mlps_result_add(project=fresh(finished), by=world.police_staff, **values)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert message in refused.value.message
    assert not MlpsResult.objects.exists()
    assert Document.objects.count() == documents


def test_a_conclusion_may_be_given_by_its_chinese_label(finished: Project, world: World) -> None:
    applied(world, finished)
    result = crypto_result_add(
        project=fresh(finished),
        evaluated_on=TODAY,
        conclusion="不符合",
        report=pdf(),
        by=world.police_staff,
    )
    assert result.conclusion == Conclusion.NOT_CONFORMS


# --- the decision (Art. 33) ---------------------------------------------------------------------
def assert_still_open(project: Project) -> None:
    project = fresh(project)
    assert project.state == "acceptance_applied"
    assert project.accepted_on is None
    assert AcceptanceApplication.objects.get().outcome == AcceptanceApplication.Outcome.PENDING
    assert not Event.objects.filter(action__in=["acceptance.decide", "project.pass_acceptance"])


def test_acceptance_cannot_pass_without_the_crypto_result(finished: Project, world: World) -> None:
    applied(world, finished)
    add_mlps(world, finished)

    with pytest.raises(RuleViolation) as refused:
        decide(world, finished, True)

    assert refused.value.message == "缺少密码应用安全性评估结果，不能通过验收（第三十三条）"
    assert refused.value.decision.article == 33
    assert_still_open(finished)


def test_acceptance_cannot_pass_without_the_mlps_result(finished: Project, world: World) -> None:
    applied(world, finished)
    add_crypto(world, finished)

    with pytest.raises(RuleViolation) as refused:
        decide(world, finished, True)

    assert refused.value.message == "缺少等级保护测评结果，不能通过验收（第三十三条）"
    assert_still_open(finished)


def test_acceptance_cannot_pass_without_either_result(finished: Project, world: World) -> None:
    applied(world, finished)
    decision = security_and_crypto_results(fresh(finished), world.bdb_staff)
    assert decision.reason == "缺少等级保护测评结果和密码应用安全性评估结果，不能通过验收"


def test_a_failing_crypto_evaluation_blocks_until_a_new_one_conforms(
    finished: Project, world: World
) -> None:
    applied(world, finished)
    add_mlps(world, finished)
    add_crypto(world, finished, conclusion=Conclusion.NOT_CONFORMS)

    with pytest.raises(RuleViolation) as refused:
        decide(world, finished, True)
    assert "密码应用安全性评估结论为「不符合」" in refused.value.message
    assert refused.value.decision.article == 33

    add_crypto(world, finished, conclusion=Conclusion.CONFORMS)
    assert decide(world, finished, True).outcome == AcceptanceApplication.Outcome.PASSED


def test_acceptance_passes_with_both_results(finished: Project, world: World) -> None:
    applied(world, finished)
    add_mlps(world, finished)
    add_crypto(world, finished, conclusion=Conclusion.BASICALLY_CONFORMS)

    application = decide(world, finished, True, decided_on=date(2025, 9, 15), by=world.bdb_leader)

    assert application.outcome == AcceptanceApplication.Outcome.PASSED
    assert application.decided_on == date(2025, 9, 15)
    project = fresh(finished)
    assert (project.state, project.accepted_on) == ("accepted", date(2025, 9, 15))
    assert Event.objects.get(action="acceptance.decide").after["outcome"] == "passed"
    assert Event.objects.filter(action="project.pass_acceptance").count() == 1


def test_a_decision_date_in_the_future_or_before_the_application_is_refused(
    finished: Project, world: World
) -> None:
    with time_machine.travel(at(2025, 9, 12), tick=False):
        applied(world, finished)
        add_mlps(world, finished, assessed_on=date(2025, 9, 1))
        add_crypto(world, finished, evaluated_on=date(2025, 9, 1))
    with pytest.raises(InvalidInput) as future:
        decide(world, finished, True, decided_on=date(2025, 9, 16))
    assert future.value.field == "decided_on"
    with pytest.raises(InvalidInput) as early:
        decide(world, finished, True, decided_on=date(2025, 9, 11))
    assert "不能早于申请日期（2025-09-12）" in early.value.message
    assert_still_open(finished)


def test_the_unit_cannot_decide_its_own_acceptance(finished: Project, world: World) -> None:
    applied(world, finished)
    add_mlps(world, finished)
    add_crypto(world, finished)
    with pytest.raises(RuleViolation) as refused:
        decide(world, finished, True, by=world.police_staff)
    assert "需要以下角色之一" in refused.value.message
    assert_still_open(finished)


def test_a_failure_needs_a_reason_and_rectification_requirements(
    finished: Project, world: World
) -> None:
    applied(world, finished)
    with pytest.raises(InvalidInput) as no_reason:
        decide(world, finished, False, opinion="", rectification="补充性能测试")
    assert no_reason.value.field == "opinion"
    with pytest.raises(InvalidInput) as no_rectification:
        decide(world, finished, False, opinion="性能不达标", rectification=" ")
    assert no_rectification.value.field == "rectification"
    assert_still_open(finished)


def test_failed_then_reapplied_keeps_the_first_round(finished: Project, world: World) -> None:
    applied(world, finished)
    add_mlps(world, finished)
    add_crypto(world, finished)
    first = decide(
        world, finished, False, opinion="并发性能不达标", rectification="优化数据库索引后复测"
    )
    assert first.outcome == AcceptanceApplication.Outcome.FAILED
    project = fresh(finished)
    assert (project.state, project.accepted_on) == ("completed", None)
    transition = Event.objects.get(action="project.fail_acceptance")
    assert "优化数据库索引后复测" in transition.reason

    second = applied(world, finished)

    assert second.round_no == 2
    assert AcceptanceApplication.objects.get(round_no=1).rectification == "优化数据库索引后复测"
    # The results of the first round judged the first delivery: the new round needs its own.
    with pytest.raises(RuleViolation) as refused:
        decide(world, finished, True)
    assert "缺少等级保护测评结果和密码应用安全性评估结果" in refused.value.message
    add_mlps(world, finished)
    add_crypto(world, finished)
    assert decide(world, finished, True).round_no == 2
    assert fresh(finished).state == "accepted"


# --- filing and go-live --------------------------------------------------------------------------
def accepted_on_september_10(world: World, project: Project) -> None:
    with time_machine.travel(at(2025, 9, 10), tick=False):
        accepted(world, project)


def test_filing_puts_the_system_in_operation(finished: Project, world: World) -> None:
    accepted_on_september_10(world, finished)

    filing = filing_record(
        project=fresh(finished),
        filing_number="菏大数验备〔2025〕12号",
        filed_on=date(2025, 9, 12),
        go_live_on=date(2025, 9, 15),
        by=world.bdb_staff,
    )

    project = fresh(finished)
    assert (project.state, project.go_live_on) == ("in_operation", date(2025, 9, 15))
    assert filing.application.outcome == AcceptanceApplication.Outcome.PASSED
    event = Event.objects.get(action="acceptance.filing_record")
    assert event.after["go_live_on"] == "2025-09-15"
    assert Event.objects.filter(action="project.go_live").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"go_live_on": date(2025, 9, 9)}, "go_live_on", "不能早于验收通过日期（2025-09-10）"),
        ({"go_live_on": date(2025, 9, 16)}, "go_live_on", "不能晚于今天"),
        ({"filed_on": date(2025, 9, 1)}, "filed_on", "不能早于验收通过日期"),
        ({"filing_number": ""}, "filing_number", "请填写备案编号"),
    ],
)
def test_bad_filing_input_is_refused_and_nothing_saved(
    finished: Project, world: World, changes: dict[str, object], field: str, message: str
) -> None:
    accepted_on_september_10(world, finished)
    values: dict[str, object] = {
        "filing_number": "菏大数验备〔2025〕12号",
        "filed_on": date(2025, 9, 12),
        "go_live_on": date(2025, 9, 15),
        **changes,
    }
    with pytest.raises(InvalidInput) as refused:
        filing_record(project=fresh(finished), by=world.bdb_staff, **values)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert message in refused.value.message
    project = fresh(finished)
    assert (project.state, project.go_live_on) == ("accepted", None)
    assert not Filing.objects.exists()


def test_only_bdb_staff_file_the_acceptance(finished: Project, world: World) -> None:
    accepted(world, finished)
    with pytest.raises(RuleViolation) as refused:
        filing_record(
            project=fresh(finished),
            filing_number="菏大数验备〔2025〕12号",
            filed_on=TODAY,
            go_live_on=TODAY,
            by=world.bdb_leader,
        )
    assert "需要以下角色之一" in refused.value.message
    assert not Filing.objects.exists()
