"""The unit asks for money: construction batches per budget line, O&M per year.

Each refusal names its field or its article, and nothing is saved (no batch, no line, no
event, no document).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govit.applications.models import BudgetLine, Document, DocumentKind
from govit.applications.testing import pdf_bytes
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.funds import services
from govit.funds.models import BatchState, FundBatch, FundBatchLine, FundKind
from govit.funds.testing import lines_of
from govit.projects.testing import put_in_state

from .conftest import Funded


def nothing_saved() -> None:
    assert not FundBatch.objects.exists()
    assert not FundBatchLine.objects.exists()
    assert not Event.objects.filter(action="funds.request").exists()
    assert not Document.objects.filter(kind=DocumentKind.PROGRESS_EVIDENCE).exists()


def ask(funded: Funded, lines: list[tuple[Any, Any]], **kwargs: Any) -> FundBatch:
    values: dict[str, Any] = {
        "project": funded.project,
        "stage": "第一期",
        "progress_note": "服务器已到货",
        "lines": [services.LineRequest(line, amount) for line, amount in lines],
        "by": funded.world.police_staff,
    }
    values.update(kwargs)
    return services.fund_batch_request(**values)


# --- happy path -------------------------------------------------------------------------------
def test_unit_requests_a_construction_batch_per_budget_line(funded: Funded) -> None:
    evidence = SimpleUploadedFile("到货验收单.pdf", pdf_bytes("arrival"))
    batch = ask(
        funded,
        [(funded.server.pk, "300000"), (funded.development.pk, "480000.50")],
        evidence=evidence,
    )
    assert batch.number == 1
    assert batch.kind == FundKind.CONSTRUCTION
    assert batch.state == BatchState.REQUESTED
    assert batch.amount == Decimal("780000.50")
    assert batch.payer is None and batch.budget_source == "本级财政资金"
    assert {(line.budget_line_id, line.amount) for line in batch.lines.all()} == {
        (funded.server.pk, Decimal("300000.00")),
        (funded.development.pk, Decimal("480000.50")),
    }
    assert batch.evidence is not None
    assert batch.evidence.kind == DocumentKind.PROGRESS_EVIDENCE
    event = Event.objects.get(action="funds.request")
    assert event.object_id == str(funded.project.pk)
    assert event.after["amount"] == "780000.50"
    assert event.after["batch_number"] == 1


def test_batches_are_numbered_per_project(funded: Funded) -> None:
    first = ask(funded, [(funded.server.pk, "1000")])
    second = ask(funded, [(funded.server.pk, "1000")], stage="第二期")
    assert (first.number, second.number) == (1, 2)


def test_the_whole_approved_amount_may_be_requested(funded: Funded) -> None:
    batch = ask(funded, [(funded.server.pk, "340000"), (funded.development.pk, "1200000")])
    assert batch.amount == Decimal("1540000.00")


# --- bad input: nothing saved -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-100", "不能为负数"),
        ("0", "应大于 0"),
        ("0.00", "应大于 0"),
        ("abc", "须为数字"),
        ("1,000", "须为数字"),
        ("1e5", "须为数字"),
        ("12.345", "最多保留两位小数"),
        ("", "请填写"),
        (None, "请填写"),
        ("99999999999999", "超出上限"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_saved(
    funded: Funded, amount: Any, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(funded, [(funded.server.pk, amount)])
    assert message in refused.value.message
    assert "服务器" in refused.value.message
    assert refused.value.field == f"line_{funded.server.pk}"
    nothing_saved()


def test_a_batch_without_any_line_is_refused(funded: Funded) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(funded, [])
    assert "请至少填写一项预算明细" in refused.value.message
    nothing_saved()


def test_the_same_line_twice_is_refused(funded: Funded) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(funded, [(funded.server.pk, "100"), (funded.server.pk, "200")])
    assert "只能填写一次" in refused.value.message
    nothing_saved()


@pytest.mark.parametrize("field", ["stage", "progress_note"])
def test_stage_and_progress_are_required(funded: Funded, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(funded, [(funded.server.pk, "100")], **{field: "  "})
    assert refused.value.field == field
    nothing_saved()


def test_batch_above_a_budget_line_is_refused(funded: Funded) -> None:
    ask(funded, [(funded.server.pk, "300000")])
    with pytest.raises(RuleViolation) as refused:
        ask(funded, [(funded.server.pk, "40000.01"), (funded.development.pk, "1000")])
    error = refused.value
    assert error.decision.article == 38
    assert "「服务器」本批 40000.01 元超过该预算明细剩余可申请金额 40000.00 元" in error.message
    assert "在途 300000.00 元" in error.message
    assert error.field == f"line_{funded.server.pk}"
    assert FundBatch.objects.count() == 1
    assert FundBatchLine.objects.count() == 1


def test_batch_above_the_remaining_approved_amount_is_refused(funded: Funded) -> None:
    # The opinion approves 1,500,000 in total while its lines add up to 1,540,000.
    from govit.reviews.models import ApprovalOpinion

    ApprovalOpinion.objects.filter(project=funded.project).update(
        approved_amount=Decimal("1500000")
    )
    ask(funded, [(funded.development.pk, "1200000")])
    with pytest.raises(RuleViolation) as refused:
        ask(funded, [(funded.server.pk, "300000.01")])
    error = refused.value
    assert error.decision.article == 13
    assert "本批 300000.01 元超过剩余可申请金额 300000.00 元" in error.message
    assert "批复金额 1500000.00 元" in error.message
    assert FundBatch.objects.count() == 1


def test_a_line_of_another_project_is_refused(funded: Funded) -> None:
    other = BudgetLine.objects.create(
        project=funded.world.project("education"),
        category="hardware",
        name="教育服务器",
        quantity=Decimal(1),
        unit="台",
        unit_price=Decimal(1000),
        amount=Decimal(1000),
    )
    with pytest.raises(RuleViolation) as refused:
        ask(funded, [(funded.server.pk, "100"), (other.pk, "100")])
    assert refused.value.decision.article == 38
    assert "不属于本项目" in refused.value.message
    nothing_saved()


def test_a_garbage_line_id_is_refused(funded: Funded) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(funded, [("abc", "100")])
    assert refused.value.field == "lines"
    nothing_saved()


def test_a_payer_that_is_not_a_participant_is_refused(funded: Funded) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(funded, [(funded.server.pk, "100")], payer=999)
    assert refused.value.field == "payer"
    nothing_saved()


def test_a_bad_evidence_file_saves_nothing(funded: Funded) -> None:
    with pytest.raises(InvalidInput):
        ask(
            funded,
            [(funded.server.pk, "100")],
            evidence=SimpleUploadedFile("x.exe", b"MZ\x90\x00not a document"),
        )
    nothing_saved()


def test_only_staff_of_the_owning_unit_request(funded: Funded) -> None:
    for persona in ("police_leader", "education_staff", "bdb_staff", "finance"):
        with pytest.raises(RuleViolation) as refused:
            ask(funded, [(funded.server.pk, "100")], by=funded.world.persona(persona))
        assert "只有项目建设单位的经办人" in refused.value.message
    nothing_saved()


def test_a_project_without_approval_cannot_request(world: Any) -> None:
    project = world.under_review("police")
    line = lines_of(project)["服务器"]
    with pytest.raises(RuleViolation) as refused:
        services.fund_batch_request(
            project=project,
            stage="第一期",
            progress_note="进度",
            lines=[services.LineRequest(line.pk, "100")],
            by=world.police_staff,
        )
    assert refused.value.decision.article == 11
    nothing_saved()


def test_a_suspended_project_cannot_request(funded: Funded) -> None:
    put_in_state(funded.project, "suspended")
    with pytest.raises(RuleViolation) as refused:
        ask(funded, [(funded.server.pk, "100")], project=funded.refresh())
    assert refused.value.decision.article == 20
    nothing_saved()


# --- O&M --------------------------------------------------------------------------------------
def test_om_funds_are_for_running_systems_only(funded: Funded) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.om_funds_request(
            project=funded.project,
            year=2026,
            stage="全年",
            progress_note="系统运行平稳",
            amount="200000",
            by=funded.world.police_staff,
        )
    assert refused.value.decision.article == 13
    assert "运行中的系统" in refused.value.message
    nothing_saved()


def test_om_request_of_a_running_system_is_one_batch_without_lines(funded: Funded) -> None:
    project = put_in_state(funded.project, "in_operation")
    [batch] = services.om_funds_request(
        project=project,
        year="2026",
        stage="全年",
        progress_note="系统运行平稳",
        amount="200000",
        by=funded.world.police_staff,
    )
    assert (batch.kind, batch.year, batch.amount) == (FundKind.OM, 2026, Decimal("200000.00"))
    assert not batch.lines.exists()
    assert Event.objects.filter(action="funds.request").count() == 1


@pytest.mark.parametrize(
    ("year", "message"),
    [("abc", "请填写运维年度"), ("1999", "运维年度应在"), ("2099", "运维年度应在")],
)
def test_om_year_must_be_a_sensible_year(funded: Funded, year: str, message: str) -> None:
    project = put_in_state(funded.project, "in_operation")
    with pytest.raises(InvalidInput) as refused:
        services.om_funds_request(
            project=project,
            year=year,
            stage="全年",
            progress_note="运行平稳",
            amount="100",
            by=funded.world.police_staff,
        )
    assert message in refused.value.message
    nothing_saved()


def test_om_funds_are_blocked_after_completion_before_acceptance(funded: Funded) -> None:
    project = put_in_state(funded.project, "completed")
    with pytest.raises(RuleViolation) as refused:
        services.om_funds_request(
            project=project,
            year="2026",
            stage="全年",
            progress_note="试运行",
            amount="100",
            by=funded.world.police_staff,
        )
    assert refused.value.decision.article == 23
    nothing_saved()
