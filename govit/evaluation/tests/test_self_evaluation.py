"""The unit's self-evaluation (Art. 8, 24): every indicator's target against its result, in the
window (refused before it, marked late after it), nothing partly saved, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from govit.applications.models import Document, DocumentKind
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.evaluation import services
from govit.evaluation.models import IndicatorResult, SelfEvaluation
from govit.evaluation.services import ResultInput
from govit.evaluation.testing import all_met, report
from govit.projects.models import Project

from .conftest import Setup, at

IN_WINDOW = date(2026, 11, 27)


def submit(setup: Setup, *, by: Any = None, **overrides: Any) -> SelfEvaluation:
    project = setup.refresh()
    values: dict[str, Any] = {
        "conclusion": "系统运行稳定，绩效目标基本实现",
        "self_score": "88",
        "results": all_met(project),
        "report": report("自评价报告.pdf"),
    }
    values.update(overrides)
    return services.self_evaluation_submit(
        project=project, by=by or setup.world.police_staff, **values
    )


def nothing_saved(setup: Setup) -> None:
    assert not SelfEvaluation.objects.exists()
    assert not IndicatorResult.objects.exists()
    assert not Document.objects.filter(kind=DocumentKind.SELF_EVALUATION_REPORT).exists()
    assert not Event.objects.filter(action="evaluation.self_evaluation_submit").exists()
    assert setup.refresh().state == "in_operation"


def test_staff_submit_in_the_window_and_the_project_is_self_evaluated(
    operating: Setup,
) -> None:
    indicators = list(operating.project.pre_evaluation.indicators.order_by("id"))
    results = [
        ResultInput(indicators[0].pk, "97", True, "网上办理率超过目标"),
        ResultInput(indicators[1].pk, "99.5", "no", "两次计划外停机"),
    ]
    with at(IN_WINDOW):
        evaluation = submit(operating, results=results)

    assert operating.refresh().state == "self_evaluated"
    assert (evaluation.self_score, evaluation.submitted_on, evaluation.days_late) == (
        88,
        IN_WINDOW,
        0,
    )
    assert (evaluation.window_opens_on, evaluation.window_closes_on) == (
        date(2026, 8, 31),
        date(2027, 8, 31),
    )
    rows = [
        (r.indicator_name, r.target_value, r.unit, r.actual_value, r.met, r.note)
        for r in evaluation.results.order_by("id")
    ]
    assert rows == [
        ("网上办理率", "95", "%", "97", True, "网上办理率超过目标"),
        ("系统可用率", "99.9", "%", "99.5", False, "两次计划外停机"),
    ]
    assert evaluation.report.kind == DocumentKind.SELF_EVALUATION_REPORT
    assert evaluation.report.project_id == operating.project.pk


def test_the_submission_and_the_transition_are_both_in_the_history(operating: Setup) -> None:
    with at(IN_WINDOW):
        evaluation = submit(operating)
    event = Event.objects.get(action="evaluation.self_evaluation_submit")
    assert event.object_id == str(operating.project.pk)
    assert event.after["self_evaluation_id"] == evaluation.pk
    assert event.after["self_score"] == 88
    assert event.after["window_opens_on"] == "2026-08-31"
    assert [r["met"] for r in event.after["results"]] == [True, True]
    transition = Event.objects.get(action="project.self_evaluate")
    assert transition.before == {"state": "in_operation"}
    assert transition.after["state"] == "self_evaluated"
    assert transition.after["days_late"] == 0


def test_a_submission_before_the_window_is_refused_with_the_opening_date_and_article_24(
    operating: Setup,
) -> None:
    with at(date(2026, 8, 30)), pytest.raises(RuleViolation) as refused:
        submit(operating)
    assert refused.value.decision.article == 24
    assert "2026-08-31 起方可提交" in refused.value.message
    nothing_saved(operating)


def test_a_submission_on_the_opening_day_is_accepted(operating: Setup) -> None:
    with at(date(2026, 8, 31)):
        assert submit(operating).days_late == 0


def test_a_submission_after_the_window_is_accepted_and_marked_late(operating: Setup) -> None:
    with at(date(2027, 9, 10)):
        evaluation = submit(operating)
    assert (evaluation.late, evaluation.days_late) == (True, 10)
    assert operating.refresh().state == "self_evaluated"
    event = Event.objects.get(action="evaluation.self_evaluation_submit")
    assert event.after["days_late"] == 10


def test_every_indicator_needs_its_result_and_nothing_is_saved_without(
    operating: Setup,
) -> None:
    first, second = operating.project.pre_evaluation.indicators.order_by("id")
    with at(IN_WINDOW), pytest.raises(InvalidInput) as refused:
        submit(operating, results=[ResultInput(first.pk, "97", True)])
    assert refused.value.field == f"indicator_{second.pk}_actual"
    assert "系统可用率" in refused.value.message and "99.9%" in refused.value.message
    nothing_saved(operating)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"self_score": "101"}, "self_score", "应在 0–100 之间"),
        ({"self_score": "-1"}, "self_score", "应在 0–100 之间"),
        ({"self_score": "85.5"}, "self_score", "0–100 的整数"),
        ({"self_score": ""}, "self_score", "请填写自评得分"),
        ({"conclusion": "  "}, "conclusion", "请填写自评价结论"),
        ({"report": None}, "report", "请上传绩效自评价报告"),
    ],
)
def test_bad_input_is_refused_naming_its_field(
    operating: Setup, change: dict[str, Any], field: str, message: str
) -> None:
    with at(IN_WINDOW), pytest.raises(InvalidInput) as refused:
        submit(operating, **change)
    assert refused.value.field == field
    assert message in refused.value.message
    nothing_saved(operating)


def test_a_blank_result_or_an_unanswered_met_is_refused(operating: Setup) -> None:
    first, second = operating.project.pre_evaluation.indicators.order_by("id")
    blank = [ResultInput(first.pk, " ", True), ResultInput(second.pk, "99.9", True)]
    with at(IN_WINDOW), pytest.raises(InvalidInput) as refused:
        submit(operating, results=blank)
    assert refused.value.field == f"indicator_{first.pk}_actual"
    unanswered = [ResultInput(first.pk, "97", None), ResultInput(second.pk, "99.9", True)]
    with at(IN_WINDOW), pytest.raises(InvalidInput) as refused:
        submit(operating, results=unanswered)
    assert refused.value.field == f"indicator_{first.pk}_met"
    assert "是否达到目标值" in refused.value.message
    nothing_saved(operating)


def test_an_indicator_of_another_project_is_refused(operating: Setup) -> None:
    from govit.applications.models import Indicator, PreEvaluation

    other = PreEvaluation.objects.create(project=operating.world.project("education"))
    foreign = Indicator.objects.create(pre_evaluation=other, name="x", target_value="1", unit="个")
    results = [*all_met(operating.project), ResultInput(foreign.pk, "1", True)]
    with at(IN_WINDOW), pytest.raises(InvalidInput) as refused:
        submit(operating, results=results)
    assert refused.value.field == "results"
    nothing_saved(operating)


def test_only_staff_of_the_owning_unit_submit(operating: Setup) -> None:
    for persona in ("police_leader", "education_staff", "bdb_staff"):
        with at(IN_WINDOW), pytest.raises(RuleViolation) as refused:
            submit(operating, by=operating.world.persona(persona))
        assert refused.value.decision.article == 24
        assert "建设单位的经办人" in refused.value.message
    nothing_saved(operating)


def test_a_project_not_in_operation_cannot_be_self_evaluated(operating: Setup) -> None:
    Project.objects.filter(pk=operating.project.pk).update(state="accepted")
    with at(IN_WINDOW), pytest.raises(RuleViolation) as refused:
        submit(operating)
    assert refused.value.decision.article == 24
    assert "只有「运行中」的项目可以提交绩效自评价" in refused.value.message
    assert not SelfEvaluation.objects.exists()


def test_a_second_self_evaluation_is_refused(operating: Setup) -> None:
    with at(IN_WINDOW):
        submit(operating)
        with pytest.raises(RuleViolation) as refused:
            submit(operating)
    assert "已自评" in refused.value.message
    assert SelfEvaluation.objects.count() == 1
