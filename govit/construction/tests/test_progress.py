"""Progress reports (Art. 15): variance against the baseline, coloured with the thresholds of
the policy pack in force on the report date; refused while suspended (Art. 20)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govit.applications.models import Document, DocumentKind
from govit.applications.testing import pdf_bytes
from govit.audit.models import Event
from govit.construction import services
from govit.construction.models import ProgressReport
from govit.core.errors import InvalidInput, RuleViolation
from govit.policy.models import PolicyRule
from govit.projects.testing import put_in_state

from .conftest import DAY_50, START, Building, at


def report(building: Building, **overrides: Any) -> ProgressReport:
    values: dict[str, Any] = {
        "project": building.project,
        "report_date": DAY_50.isoformat(),
        "percent_complete": "50",
        "spend_to_date": "770000",
        "issues": "",
        "by": building.world.police_staff,
    }
    values.update(overrides)
    return services.progress_report_file(**values)


@pytest.fixture
def day_50(building: Building, time_machine: Any) -> Building:
    time_machine.move_to(at(DAY_50, 16), tick=False)
    return building


@pytest.mark.parametrize(
    ("percent", "spend", "schedule", "cost"),
    [
        ("50", "770000", "green", "green"),
        ("40", "770000", "amber", "amber"),
        ("30", "1078000", "red", "red"),
        ("45", "924000", "green", "amber"),
    ],
)
def test_a_report_on_day_50_is_coloured_by_the_pack_thresholds(
    day_50: Building, percent: str, spend: str, schedule: str, cost: str
) -> None:
    filed = report(day_50, percent_complete=percent, spend_to_date=spend)

    assert filed.planned_percent == Decimal("50.00")
    assert (filed.schedule_colour, filed.cost_colour) == (schedule, cost)
    assert filed.baseline_version == 1
    assert filed.thresholds == {
        "schedule_amber": "10",
        "schedule_red": "20",
        "cost_amber": "10",
        "cost_red": "20",
        "pack": "heze-2022-successor",
    }
    event = Event.objects.get(action="construction.progress_report")
    assert event.after["schedule_colour"] == schedule and event.after["cost_colour"] == cost


def test_thresholds_changed_by_bdb_change_the_colour(day_50: Building) -> None:
    PolicyRule.objects.filter(key="schedule_variance_amber_pct").update(value="5")
    assert report(day_50, percent_complete="44").schedule_colour == "amber"  # 6 points behind


def test_a_report_keeps_the_colour_it_was_filed_with(day_50: Building, time_machine: Any) -> None:
    first = report(day_50, percent_complete="30")
    PolicyRule.objects.filter(key="schedule_variance_red_pct").update(value="50")
    time_machine.move_to(at(date(2027, 4, 21)), tick=False)
    report(day_50, report_date="2027-04-21", percent_complete="31")
    first.refresh_from_db()
    assert first.schedule_colour == "red"


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        ("-1", "完成百分比应在 0 至 100 之间"),
        ("100.01", "完成百分比应在 0 至 100 之间"),
        ("150", "完成百分比应在 0 至 100 之间"),
        ("abc", "完成百分比须为数字"),
        ("", "请填写完成百分比"),
        ("50.123", "最多保留两位小数"),
    ],
)
def test_a_bad_percentage_is_refused_and_nothing_saved(
    day_50: Building, percent: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        report(day_50, percent_complete=percent)
    assert refused.value.field == "percent_complete"
    assert message in refused.value.message
    assert not ProgressReport.objects.exists()


def test_0_and_100_percent_are_accepted(day_50: Building, time_machine: Any) -> None:
    assert report(day_50, percent_complete="0").percent_complete == Decimal("0.00")
    time_machine.move_to(at(date(2027, 4, 21)), tick=False)
    assert report(day_50, report_date="2027-04-21", percent_complete="100").percent_complete == 100


def test_a_negative_spend_is_refused(day_50: Building) -> None:
    with pytest.raises(InvalidInput) as refused:
        report(day_50, spend_to_date="-5")
    assert refused.value.field == "spend_to_date" and "不能为负数" in refused.value.message


def test_progress_is_refused_while_suspended(day_50: Building) -> None:
    put_in_state(day_50.project, "suspended")
    with pytest.raises(RuleViolation) as refused:
        report(day_50)
    assert refused.value.decision.article == 20
    assert "暂停建设" in refused.value.message and "恢复建设" in refused.value.message
    assert not ProgressReport.objects.exists()


def test_progress_is_refused_during_procurement(day_50: Building) -> None:
    put_in_state(day_50.project, "procurement")
    with pytest.raises(RuleViolation) as refused:
        report(day_50)
    assert refused.value.decision.article == 15
    assert "只有「建设中、整改中」的项目可以报送建设进度" in refused.value.message


def test_progress_is_accepted_while_rectifying(day_50: Building) -> None:
    put_in_state(day_50.project, "rectifying")
    assert report(day_50).pk


def test_progress_needs_the_schedule_first(started: Building, time_machine: Any) -> None:
    time_machine.move_to(at(DAY_50), tick=False)
    with pytest.raises(RuleViolation) as refused:
        report(started)
    assert refused.value.decision.article == 15
    assert "请先保存进度计划" in refused.value.message


@pytest.mark.parametrize(
    ("report_date", "message"),
    [
        ("2027-04-21", "报告日期不能晚于今天"),
        ("2027-02-28", "报告日期不能早于开工日期（2027-03-01）"),
    ],
)
def test_report_dates_are_checked(day_50: Building, report_date: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        report(day_50, report_date=report_date)
    assert refused.value.field == "report_date" and message in refused.value.message


def test_each_report_follows_the_previous_one(day_50: Building) -> None:
    report(day_50)
    with pytest.raises(InvalidInput) as refused:
        report(day_50, report_date="2027-04-19")
    assert "须晚于上一期进度报告（2027-04-20）" in refused.value.message
    assert ProgressReport.objects.count() == 1


def test_only_the_owning_units_staff_report_progress(day_50: Building) -> None:
    with pytest.raises(RuleViolation):
        report(day_50, by=day_50.world.bdb_staff)


def test_evidence_is_stored_as_progress_evidence(day_50: Building) -> None:
    filed = report(
        day_50,
        evidence=SimpleUploadedFile("进度.pdf", pdf_bytes("进度"), content_type="application/pdf"),
    )
    assert filed.evidence is not None
    assert filed.evidence.kind == DocumentKind.PROGRESS_EVIDENCE
    assert filed.evidence.project_id == day_50.project.pk


def test_a_bad_evidence_file_saves_nothing(day_50: Building) -> None:
    with pytest.raises(InvalidInput) as refused:
        report(day_50, evidence=SimpleUploadedFile("x.pdf", b"not a pdf"))
    assert refused.value.field == "evidence"
    assert not ProgressReport.objects.exists()
    assert not Document.objects.filter(kind=DocumentKind.PROGRESS_EVIDENCE).exists()


def test_the_report_date_in_heze_not_utc(building: Building, time_machine: Any) -> None:
    time_machine.move_to("2027-04-19 17:00 +0000", tick=False)  # 2027-04-20 01:00 in Heze
    assert report(building).report_date == DAY_50


def test_the_start_date_is_used_for_the_planned_percent(day_50: Building) -> None:
    assert day_50.project.construction_started_on == START
    assert report(day_50).planned_percent == Decimal("50.00")
