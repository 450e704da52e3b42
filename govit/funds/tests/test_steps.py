"""After the request: BDB confirms the progress, Finance releases (or BDB / Finance refuse, or
the unit withdraws).  Each step is one audit event on the project; each refusal says why."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.funds import services
from govit.funds.models import BatchState, FundBatch
from govit.funds.testing import confirmed_batch, request_batch

from .conftest import Funded

REFERENCE = "菏财建拨〔2026〕18号"


def test_bdb_staff_confirm_the_progress(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "100000"})
    done = services.fund_batch_confirm(batch=batch, note="现场核实到货", by=funded.world.bdb_staff)
    assert done.state == BatchState.CONFIRMED
    assert done.confirmed_by == funded.world.bdb_staff
    assert done.confirmation_note == "现场核实到货"
    event = Event.objects.get(action="funds.confirm")
    assert event.before == {"batch_id": batch.pk, "batch_number": 1, "state": "requested"}
    assert event.after["state"] == "confirmed"


@pytest.mark.parametrize(
    ("persona", "message"),
    [
        ("bdb_leader", "需要以下角色之一"),
        ("finance", "需要以下角色之一"),
        ("police_staff", "需要以下角色之一"),
        ("caoxian_bdb_staff", "只能办理本行政区域"),
    ],
)
def test_only_bdb_staff_of_the_jurisdiction_confirm(
    funded: Funded, persona: str, message: str
) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "100000"})
    with pytest.raises(RuleViolation) as refused:
        services.fund_batch_confirm(batch=batch, by=funded.world.persona(persona))
    assert message in refused.value.message
    assert FundBatch.objects.get().state == BatchState.REQUESTED
    assert not Event.objects.filter(action="funds.confirm").exists()


def test_finance_releases_a_confirmed_batch(funded: Funded) -> None:
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "100000"})
    today = timezone.localdate()
    done = services.fund_batch_release(
        batch=batch, released_on=today, reference=REFERENCE, by=funded.world.finance
    )
    assert done.state == BatchState.RELEASED
    assert (done.released_on, done.reference) == (today, REFERENCE)
    assert done.released_by == funded.world.finance
    event = Event.objects.get(action="funds.release")
    assert event.after["amount"] == "100000.00"
    assert event.after["released_on"] == today.isoformat()
    assert event.after["reference"] == REFERENCE


def test_a_requested_batch_is_not_released_before_bdb_confirms(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "100000"})
    with pytest.raises(RuleViolation) as refused:
        services.fund_batch_release(
            batch=batch,
            released_on=timezone.localdate(),
            reference=REFERENCE,
            by=funded.world.finance,
        )
    assert "不能执行「拨付」" in refused.value.message
    assert FundBatch.objects.get().state == BatchState.REQUESTED


@pytest.mark.parametrize(
    ("released_on", "field", "message"),
    [
        (lambda today: today + timedelta(days=1), "released_on", "不能晚于今天"),
        (lambda today: today - timedelta(days=1), "released_on", "不能早于大数据局确认建设进度"),
        (lambda today: "2026-13-45", "released_on", "拨付日期「2026-13-45」不是有效日期"),
        (lambda today: "明天", "released_on", "请按 YYYY-MM-DD 填写"),
        (lambda today: None, "released_on", "请填写拨付日期"),
    ],
)
def test_bad_release_dates_are_refused_and_nothing_changes(
    funded: Funded, released_on: object, field: str, message: str
) -> None:
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "100000"})
    value = released_on(timezone.localdate())  # type: ignore[operator]
    with pytest.raises(InvalidInput) as refused:
        services.fund_batch_release(
            batch=batch, released_on=value, reference=REFERENCE, by=funded.world.finance
        )
    assert refused.value.field == field
    assert message in refused.value.message
    fresh = FundBatch.objects.get()
    assert (fresh.state, fresh.released_on, fresh.reference) == (BatchState.CONFIRMED, None, "")
    assert not Event.objects.filter(action="funds.release").exists()


def test_the_reference_is_required(funded: Funded) -> None:
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "100000"})
    with pytest.raises(InvalidInput) as refused:
        services.fund_batch_release(
            batch=batch, released_on=timezone.localdate(), reference=" ", by=funded.world.finance
        )
    assert refused.value.field == "reference"
    assert FundBatch.objects.get().state == BatchState.CONFIRMED


def test_a_batch_is_released_once(funded: Funded) -> None:
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "100000"})
    today = timezone.localdate()
    services.fund_batch_release(
        batch=batch, released_on=today, reference=REFERENCE, by=funded.world.finance
    )
    with pytest.raises(RuleViolation):
        services.fund_batch_release(
            batch=batch, released_on=today, reference="另一凭证", by=funded.world.finance
        )
    assert FundBatch.objects.get().reference == REFERENCE
    assert Event.objects.filter(action="funds.release").count() == 1


def test_released_and_pending_batches_count_against_the_line(funded: Funded) -> None:
    first = confirmed_batch(funded.world, funded.project, {"服务器": "200000"})
    services.fund_batch_release(
        batch=first, released_on=timezone.localdate(), reference="1号", by=funded.world.finance
    )
    request_batch(funded.world, funded.project, {"服务器": "100000"})
    with pytest.raises(RuleViolation) as refused:
        request_batch(funded.world, funded.project, {"服务器": "40000.01"})
    assert "已拨付 200000.00 元，在途 100000.00 元" in refused.value.message


def test_bdb_refuses_with_a_reason(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "100000"})
    done = services.fund_batch_refuse(
        batch=batch, reason="进度证明与现场不符", by=funded.world.bdb_leader
    )
    assert done.state == BatchState.REFUSED
    assert done.refusal_reason == "进度证明与现场不符"
    assert done.refused_by == funded.world.bdb_leader
    event = Event.objects.get(action="funds.refuse")
    assert event.reason == "进度证明与现场不符"


def test_a_refusal_needs_a_reason(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "100000"})
    with pytest.raises(InvalidInput) as refused:
        services.fund_batch_refuse(batch=batch, reason="", by=funded.world.bdb_staff)
    assert refused.value.field == "reason"
    assert FundBatch.objects.get().state == BatchState.REQUESTED


def test_finance_refuses_only_after_the_progress_is_confirmed(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "100000"})
    with pytest.raises(RuleViolation) as refused:
        services.fund_batch_refuse(batch=batch, reason="预算未下达", by=funded.world.finance)
    assert "大数据局确认建设进度后" in refused.value.message
    confirmed = services.fund_batch_confirm(batch=batch, by=funded.world.bdb_staff)
    done = services.fund_batch_refuse(batch=confirmed, reason="预算未下达", by=funded.world.finance)
    assert done.state == BatchState.REFUSED


def test_refused_and_withdrawn_batches_free_their_amount(funded: Funded) -> None:
    first = request_batch(funded.world, funded.project, {"服务器": "340000"})
    services.fund_batch_refuse(batch=first, reason="材料不全", by=funded.world.bdb_staff)
    second = request_batch(funded.world, funded.project, {"服务器": "340000"})
    services.fund_batch_withdraw(batch=second, reason="重新申请", by=funded.world.police_staff)
    third = request_batch(funded.world, funded.project, {"服务器": "340000"})
    assert third.amount == Decimal("340000.00")


def test_the_unit_withdraws_its_request(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "100000"})
    done = services.fund_batch_withdraw(
        batch=batch, reason="金额有误", by=funded.world.police_staff
    )
    assert done.state == BatchState.WITHDRAWN
    assert done.withdrawal_reason == "金额有误"
    assert Event.objects.filter(action="funds.withdraw").count() == 1


def test_another_unit_cannot_withdraw(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "100000"})
    with pytest.raises(RuleViolation) as refused:
        services.fund_batch_withdraw(batch=batch, by=funded.world.education_staff)
    assert "只能撤回本单位" in refused.value.message
    assert FundBatch.objects.get().state == BatchState.REQUESTED


def test_a_released_batch_cannot_be_withdrawn_or_refused(funded: Funded) -> None:
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "100000"})
    services.fund_batch_release(
        batch=batch, released_on=timezone.localdate(), reference="1号", by=funded.world.finance
    )
    with pytest.raises(RuleViolation):
        services.fund_batch_withdraw(batch=batch, by=funded.world.police_staff)
    with pytest.raises(RuleViolation):
        services.fund_batch_refuse(batch=batch, reason="事后发现问题", by=funded.world.bdb_staff)
    assert FundBatch.objects.get().state == BatchState.RELEASED


def test_the_batch_table_is_complete() -> None:
    from govit.funds.workflow import FUND_BATCH_MACHINE

    assert FUND_BATCH_MACHINE.check_refs() == []
    assert {row["code"]: (row["from"], row["to"]) for row in FUND_BATCH_MACHINE.as_table()} == {
        "confirm": (["requested"], "confirmed"),
        "release": (["confirmed"], "released"),
        "refuse": (["requested", "confirmed"], "refused"),
        "withdraw": (["requested", "confirmed"], "withdrawn"),
    }
