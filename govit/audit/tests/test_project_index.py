"""Every event names the project it concerns (``Event.project_id``): filled when recorded,
backfilled for older events, and outside the HMAC-SM3 digest so the chain still verifies."""

from __future__ import annotations

from django.apps import apps
from django.db import connection

from govit.applications.models import Indicator, PreEvaluation
from govit.applications.services import indicator_add
from govit.audit.backfill import backfill_project_ids
from govit.audit.chain import event_fields
from govit.audit.models import Event
from govit.audit.services import record, verify
from govit.contracts.testing import in_construction
from govit.obligations.testing import open_for


def _clear_index() -> None:
    # As the events were before migration 0002: no index (raw SQL, past the append-only guard).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET project_id = NULL")


def test_events_of_the_project_and_of_its_records_name_the_project(world) -> None:
    from datetime import date

    project = world.project("police")
    obligation = open_for(world, "police", due_on=date(2027, 3, 1))

    own = record(action="test.project", obj=project, by=world.bdb_staff)
    of_record = Event.objects.filter(action="obligations.open").get(object_id=str(obligation.pk))
    unrelated = record(action="test.user", obj=world.bdb_staff, by=world.bdb_staff)

    assert own.project_id == project.pk
    assert of_record.project_id == project.pk
    assert unrelated.project_id is None


def test_a_record_without_its_own_project_id_names_it_through_its_service(world) -> None:
    project = world.project("police")
    indicator = indicator_add(
        project=project, name="响应时间", target_value="2", unit="秒", by=world.police_staff
    )
    event = Event.objects.get(action="applications.indicator_add")
    assert event.object_type == "applications.indicator"
    assert event.object_id == str(indicator.pk)
    assert event.project_id == project.pk


def test_the_project_index_is_outside_the_digest(world) -> None:
    assert "project_id" not in event_fields(Event.objects.first())
    project = world.project("police")
    record(action="test.project", obj=project, by=world.bdb_staff)
    _clear_index()
    assert verify().intact


def test_the_backfill_names_the_project_of_old_events_and_the_chain_still_verifies(world) -> None:
    project = in_construction(world)
    indicator_event_project = world.project("education")
    evaluation = PreEvaluation.objects.create(project=indicator_event_project)
    indicator = Indicator.objects.create(
        pre_evaluation=evaluation, name="覆盖率", target_value="90", unit="%"
    )
    # as the dossier services record it: the indicator's project given explicitly
    record(
        action="test.indicator",
        obj=indicator,
        by=world.education_staff,
        project=indicator_event_project,
    )
    record(action="test.user", obj=world.police_staff, by=world.bdb_staff)
    expected = dict(Event.objects.values_list("pk", "project_id"))
    assert any(value == project.pk for value in expected.values())
    _clear_index()
    assert not Event.objects.filter(project_id__isnull=False).exists()

    backfill_project_ids(apps)

    assert dict(Event.objects.values_list("pk", "project_id")) == expected
    assert Event.objects.get(action="test.indicator").project_id == indicator_event_project.pk
    assert Event.objects.get(action="test.user").project_id is None
    assert verify().intact


def test_the_backfill_is_set_based(world, django_assert_max_num_queries) -> None:
    """One UPDATE per record type, however many events there are."""
    in_construction(world)
    _clear_index()
    with django_assert_max_num_queries(len(apps.get_models()) + 2):
        backfill_project_ids(apps)
    assert Event.objects.filter(project_id__isnull=False).count() > 10


def test_the_reindex_command_fills_a_lost_index(world, capsys) -> None:
    from django.core.management import call_command

    project = world.project("police")
    _clear_index()
    call_command("history", "reindex")
    assert "已补填所属项目索引" in capsys.readouterr().out
    assert Event.objects.for_object(project).filter(project_id=project.pk).exists()
    call_command("history", "verify")
