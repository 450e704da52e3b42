"""The history chain detects edits, deletions and reordering; verify names the first break."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from govit.audit.models import AppendOnlyError, Event
from govit.audit.services import record, verify
from govit.projects.services import project_transition


def _raw_sql(sql: str, params: list[object]) -> None:
    # Tampering as a database administrator would: bypassing the ORM's append-only guard.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_fresh_history_verifies(world) -> None:
    project_transition(
        project=world.ready_to_submit("police"), transition="submit", by=world.police_staff
    )
    result = verify()
    assert result.intact
    assert result.checked == Event.objects.count() >= 4


def test_the_orm_refuses_to_edit_or_delete_events(world) -> None:
    event = Event.objects.first()
    assert event is not None
    event.reason = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_an_edited_event_is_detected_at_its_sequence_number(world) -> None:
    target = Event.objects.order_by("seq")[1]
    _raw_sql("UPDATE audit_event SET reason = %s WHERE id = %s", ["悄悄修改", target.pk])
    result = verify()
    assert not result.intact
    assert result.first_break == target.seq
    assert "内容被修改" in result.problem


def test_a_deleted_event_is_detected(world) -> None:
    target = Event.objects.order_by("seq")[1]
    _raw_sql("DELETE FROM audit_event WHERE id = %s", [target.pk])
    result = verify()
    assert not result.intact
    assert result.first_break == target.seq + 1


def test_deleting_the_last_event_is_detected_by_the_chain_head(world) -> None:
    last = Event.objects.order_by("-seq").first()
    assert last is not None
    _raw_sql("DELETE FROM audit_event WHERE id = %s", [last.pk])
    assert not verify().intact


def test_swapped_events_are_detected(world) -> None:
    first, second = Event.objects.order_by("seq")[:2]
    _raw_sql("UPDATE audit_event SET seq = -1 WHERE id = %s", [first.pk])
    _raw_sql("UPDATE audit_event SET seq = %s WHERE id = %s", [first.seq, second.pk])
    _raw_sql("UPDATE audit_event SET seq = %s WHERE id = %s", [second.seq, first.pk])
    assert not verify().intact


def test_the_verify_command_reports_intact_and_broken(world, capsys) -> None:
    call_command("history", "verify")
    assert "历史链完整" in capsys.readouterr().out
    target = Event.objects.order_by("seq")[0]
    _raw_sql(
        "UPDATE audit_event SET after = %s WHERE id = %s", ['{"state": "approved"}', target.pk]
    )
    with pytest.raises(CommandError, match=f"第 {target.seq} 号事件"):
        call_command("history", "verify")


def test_an_event_records_request_facts_and_normalises_values(world) -> None:
    from decimal import Decimal

    from govit.core import context

    token = context.bind(context.RequestFacts(request_id="req-12345678", client_ip="10.1.2.3"))
    try:
        event = record(
            action="test.money",
            obj=world.project("police"),
            by=world.bdb_staff,
            after={"amount": Decimal("12.50")},
            reason="核对",
        )
    finally:
        context.reset(token)
    stored = Event.objects.get(pk=event.pk)
    assert stored.request_id == "req-12345678"
    assert stored.client_ip == "10.1.2.3"
    assert stored.after == {"amount": "12.50"}
    assert verify().intact
