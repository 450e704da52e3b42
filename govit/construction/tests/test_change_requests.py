"""Change requests (Art. 19): scope, budget and schedule changes need a BDB leader's approval;
each approval writes the next baseline version, which funds and contracts then read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govit.applications.models import DocumentKind
from govit.applications.testing import pdf_bytes
from govit.audit.models import Event
from govit.construction import services
from govit.construction.baselines import current_baseline
from govit.construction.models import Baseline, ChangeRequest, Milestone
from govit.construction.selectors import baseline_comparison
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.testing import put_in_state

from .conftest import COMPLETION, Building


def submit(building: Building, **overrides: Any) -> ChangeRequest:
    values: dict[str, Any] = {
        "project": building.project,
        "reason": "需求调整",
        "by": building.world.police_staff,
    }
    values.update(overrides)
    return services.change_request_submit(**values)


def budget_up(building: Building) -> ChangeRequest:
    return submit(
        building,
        changes_budget=True,
        new_line_amounts={str(building.server.pk): "440000"},
    )


def decide(
    change: ChangeRequest, building: Building, approve: bool = True, by: Any = None
) -> ChangeRequest:
    return services.change_request_decide(
        change_request=change,
        approve=approve,
        reason="同意" if approve else "理由不充分",
        by=by or building.world.bdb_leader,
    )


def test_an_approved_budget_increase_becomes_baseline_version_2(building: Building) -> None:
    change = budget_up(building)
    assert change.state == "submitted" and change.base_version == 1
    assert change.new_total == Decimal("1640000.00")
    assert current_baseline(building.project).version == 1  # nothing changes before approval

    decide(change, building)

    view = current_baseline(building.project)
    assert view.version == 2
    assert view.total == Decimal("1640000.00")
    assert view.line_limit(building.server.pk) == Decimal("440000.00")
    assert view.line_limit(building.development.pk) == Decimal("1200000.00")
    assert (
        view.planned_completion == COMPLETION
        and view.scope == "建设智慧公安大数据平台：数据汇聚、治理与共享"
    )
    row = Baseline.objects.get(project=building.project, version=2)
    assert row.change_request == change and row.created_by == building.world.bdb_leader
    approve = Event.objects.get(action="construction.change_request_approve")
    assert approve.before["total"] == "1540000.00" and approve.after["total"] == "1640000.00"
    assert Event.objects.filter(action="construction.change_request_submit").exists()


def test_a_combined_change_lowers_the_budget_moves_the_dates_and_rewrites_the_scope(
    building: Building,
) -> None:
    milestones = list(Milestone.objects.filter(project=building.project).order_by("order"))
    change = submit(
        building,
        changes_scope=True,
        changes_budget=True,
        changes_schedule=True,
        new_scope="数据汇聚与治理（共享模块移至二期）",
        new_line_amounts={str(building.development.pk): "1000000", str(building.server.pk): ""},
        new_planned_completion="2027-09-30",
        new_milestone_dates={str(milestones[-1].pk): "2027-09-15"},
        document=SimpleUploadedFile("变更.pdf", pdf_bytes("变更"), content_type="application/pdf"),
    )
    assert change.document is not None and change.document.kind == DocumentKind.CHANGE_REQUEST
    decide(change, building)

    view = current_baseline(building.project)
    assert view.total == Decimal("1340000.00")
    assert view.planned_completion == date(2027, 9, 30)
    assert view.scope == "数据汇聚与治理（共享模块移至二期）"
    assert Milestone.objects.get(pk=milestones[-1].pk).planned_on == date(2027, 9, 15)
    comparison = baseline_comparison(building.project)
    assert comparison.original.version == 1 and comparison.current.version == 2
    assert comparison.total_difference == Decimal("-200000.00")
    assert comparison.completion_shift_days == 113
    assert comparison.scope_changed
    by_name = {line.name: line.difference for line in comparison.lines}
    assert by_name == {"服务器": Decimal("0.00"), "业务系统开发": Decimal("-200000.00")}
    moved = next(m for m in comparison.milestones if m.current == date(2027, 9, 15))
    assert moved.shift_days is not None and moved.shift_days > 0
    assert [v.version for v in comparison.versions] == [1, 2]


def test_a_rejection_keeps_the_baseline(building: Building) -> None:
    change = decide(budget_up(building), building, approve=False)
    assert change.state == "rejected" and change.decision_reason == "理由不充分"
    assert current_baseline(building.project).version == 1
    assert Event.objects.filter(action="construction.change_request_reject").exists()


def test_change_requests_need_the_schedule_baseline(started: Building) -> None:
    with pytest.raises(RuleViolation) as refused:
        budget_up(started)
    assert refused.value.decision.article == 19 and "尚未保存进度计划" in refused.value.message


def test_one_pending_request_at_a_time(building: Building) -> None:
    first = budget_up(building)
    with pytest.raises(RuleViolation) as refused:
        budget_up(building)
    assert refused.value.decision.article == 19 and f"#{first.pk}" in refused.value.message
    decide(first, building)
    assert submit(building, changes_scope=True, new_scope="新的建设内容").pk


def test_change_requests_are_accepted_while_suspended_but_not_after_completion(
    building: Building,
) -> None:
    put_in_state(building.project, "suspended")
    change = budget_up(building)
    decide(change, building)
    put_in_state(building.project, "completed")
    with pytest.raises(RuleViolation) as refused:
        submit(building, changes_scope=True, new_scope="新的建设内容")
    assert refused.value.decision.article == 19 and "「建设完成」" in refused.value.message


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({}, "changes", "请至少选择一项变更"),
        ({"changes_scope": True, "new_scope": ""}, "new_scope", "请填写变更后建设内容"),
        (
            {"changes_scope": True, "new_scope": "建设智慧公安大数据平台：数据汇聚、治理与共享"},
            "new_scope",
            "建设内容没有变化",
        ),
        ({"changes_budget": True, "new_line_amounts": {}}, "new_line_amounts", "投资预算没有变化"),
        (
            {"changes_budget": True, "new_line_amounts": {"999999": "1"}},
            "new_line_amounts",
            "不属于本项目",
        ),
        (
            {"changes_schedule": True, "new_planned_completion": "2027-03-01"},
            "new_planned_completion",
            "须晚于今天",
        ),
        (
            {"changes_schedule": True, "new_planned_completion": "2027-06-09"},
            "new_planned_completion",
            "没有变化",
        ),
        ({"changes_scope": True, "new_scope": "x", "reason": ""}, "reason", "请填写变更理由"),
    ],
)
def test_bad_change_requests_are_refused_and_nothing_is_saved(
    building: Building, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        submit(building, **overrides)
    assert refused.value.field == field and message in refused.value.message
    assert not ChangeRequest.objects.exists()


def test_a_negative_line_amount_names_the_line(building: Building) -> None:
    with pytest.raises(InvalidInput) as refused:
        submit(building, changes_budget=True, new_line_amounts={str(building.server.pk): "-1"})
    assert refused.value.field == f"line_{building.server.pk}"
    assert "「服务器」变更后金额不能为负数" in refused.value.message


def test_an_earlier_completion_must_move_later_milestones_too(building: Building) -> None:
    with pytest.raises(InvalidInput) as refused:
        submit(building, changes_schedule=True, new_planned_completion="2027-05-01")
    assert "里程碑「系统上线试运行」的计划日期（2027-06-09）晚于变更后的计划完成日期" in (
        refused.value.message
    )
    assert "请一并调整该里程碑的计划日期" in refused.value.message
    moved = Milestone.objects.get(project=building.project, name="系统上线试运行")
    assert refused.value.field == f"milestone_{moved.pk}"


def test_a_bad_document_saves_nothing(building: Building) -> None:
    with pytest.raises(InvalidInput) as refused:
        submit(
            building,
            changes_scope=True,
            new_scope="新的建设内容",
            document=SimpleUploadedFile("x.pdf", b"junk"),
        )
    assert refused.value.field == "document"
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize("persona", ["bdb_staff", "police_staff", "caoxian_bdb_staff"])
def test_only_a_bdb_leader_decides(building: Building, persona: str) -> None:
    change = budget_up(building)
    with pytest.raises(RuleViolation) as refused:
        decide(change, building, by=building.world.persona(persona))
    assert refused.value.decision.article == 19
    change.refresh_from_db()
    assert change.state == "submitted"


@pytest.mark.parametrize("persona", ["police_leader", "bdb_staff", "education_staff"])
def test_only_the_owning_units_staff_submit(building: Building, persona: str) -> None:
    with pytest.raises(RuleViolation):
        submit(building, by=building.world.persona(persona), changes_scope=True, new_scope="x")


def test_a_request_is_decided_once(building: Building) -> None:
    change = decide(budget_up(building), building)
    with pytest.raises(RuleViolation) as refused:
        decide(change, building, approve=False)
    assert "该变更申请已审批（已批准），不能再次审批" in refused.value.message
    assert Baseline.objects.filter(project=building.project).count() == 2


def test_the_decision_needs_a_reason_and_a_choice(building: Building) -> None:
    change = budget_up(building)
    with pytest.raises(InvalidInput) as refused:
        services.change_request_decide(
            change_request=change, approve=False, reason="", by=building.world.bdb_leader
        )
    assert refused.value.field == "reason" and "不予批准的理由" in refused.value.message
    with pytest.raises(InvalidInput) as refused:
        services.change_request_decide(
            change_request=change, approve="", reason="x", by=building.world.bdb_leader
        )
    assert refused.value.field == "approve"


def test_a_stale_request_cannot_be_approved(building: Building) -> None:
    change = budget_up(building)
    ChangeRequest.objects.filter(pk=change.pk).update(base_version=0)  # as if the baseline moved on
    change.refresh_from_db()
    with pytest.raises(RuleViolation) as refused:
        decide(change, building)
    assert "已过时" in refused.value.message
    assert current_baseline(building.project).version == 1


# --- what other stages committed bounds a lower baseline (Art. 13, 19, 38) -------------------
def test_a_budget_cut_below_funds_already_requested_on_a_line_is_refused(
    building: Building,
) -> None:
    from govit.funds.testing import confirmed_batch

    confirmed_batch(building.world, building.project, {"服务器": "300000"})
    change = submit(
        building, changes_budget=True, new_line_amounts={str(building.server.pk): "100000"}
    )

    with pytest.raises(RuleViolation) as refused:
        decide(change, building)

    assert "预算明细「服务器」已申请或已拨付 300,000.00 元" in refused.value.message
    assert "（第三十八条）" in refused.value.message
    # Nothing of the decision stays: the request waits, the baseline is still version 1.
    assert ChangeRequest.objects.get(pk=change.pk).state == "submitted"
    assert current_baseline(building.project).version == 1
    assert not Event.objects.filter(action="construction.change_request_approve").exists()


def test_a_budget_cut_below_the_signed_contracts_is_refused(building: Building) -> None:
    from govit.contracts.testing import record_contract

    record_contract(building.world, building.project, amount="1000000")
    change = submit(
        building,
        changes_budget=True,
        new_line_amounts={str(building.development.pk): "500000"},
    )

    with pytest.raises(RuleViolation) as refused:
        decide(change, building)

    assert "已签订合同金额合计 1,000,000.00 元超过变更后的批复总额 840,000.00 元" in (
        refused.value.message
    )
    assert current_baseline(building.project).version == 1


def test_a_budget_cut_that_leaves_room_for_what_is_committed_is_approved(
    building: Building,
) -> None:
    from govit.contracts.testing import record_contract
    from govit.funds.testing import confirmed_batch

    confirmed_batch(building.world, building.project, {"服务器": "300000"})
    record_contract(building.world, building.project, amount="1000000")
    change = submit(
        building,
        changes_budget=True,
        new_line_amounts={str(building.development.pk): "900000"},
    )

    decide(change, building)

    assert current_baseline(building.project).total == Decimal("1240000.00")
