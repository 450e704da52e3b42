"""The periodic obligations of a running system: sharing retrofit (Art. 29), O&M filing (Art. 3),
MLPS assessment (Art. 31) and cryptography evaluation (Art. 32) — opened with their due dates,
fulfilled on time or late, and the scan step idempotent."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.obligations.models import Obligation, ObligationKind, ObligationState
from govit.obligations.scan import SCAN_STEPS, run_scan
from govit.obligations.services import obligation_waive
from govit.projects.models import Project
from govit.systems import scan, services
from govit.systems.models import InformationSystem, SystemStatus
from govit.systems.testing import fields_of, fresh, make_sharing, register
from govit.testing.world import World

from .conftest import moment

pytestmark = pytest.mark.django_db

KINDS = (
    ObligationKind.SHARING_RETROFIT,
    ObligationKind.OM_FILING,
    ObligationKind.MLPS_ASSESSMENT,
    ObligationKind.CRYPTO_ASSESSMENT,
)


def of_kind(system: InformationSystem, kind: str) -> list[Obligation]:
    return list(
        Obligation.objects.filter(
            key__startswith=f"systems.informationsystem:{system.pk}:", kind=kind
        ).order_by("id")
    )


def one(system: InformationSystem, kind: str) -> Obligation:
    found = [o for o in of_kind(system, kind) if o.state in ("open", "overdue")]
    assert len(found) == 1, found
    return found[0]


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_a_running_level3_system_that_does_not_share_gets_four_obligations(
    world: World, project: Project
) -> None:
    system = register(world, project, running_since=date(2025, 6, 1), mlps_level=3)
    retrofit = one(system, ObligationKind.SHARING_RETROFIT)
    assert (retrofit.opened_on, retrofit.due_on, retrofit.article) == (
        date(2025, 11, 3),
        date(2026, 2, 3),  # three months from detection (policy sharing_retrofit_months)
        29,
    )
    assert retrofit.responsible_id == project.organisation_id
    assert retrofit.pack is not None and retrofit.project_id == project.pk
    assert "公安大数据平台" in retrofit.title
    # Counted from going live: O&M yearly (Art. 3), MLPS level 3 yearly, 密评 yearly.
    assert one(system, ObligationKind.OM_FILING).due_on == date(2026, 6, 1)
    assert one(system, ObligationKind.OM_FILING).article == 3
    assert one(system, ObligationKind.MLPS_ASSESSMENT).due_on == date(2026, 6, 1)
    assert one(system, ObligationKind.CRYPTO_ASSESSMENT).due_on == date(2026, 6, 1)
    assert fresh(system).not_sharing_since == date(2025, 11, 3)


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_level4_is_assessed_every_six_months_and_level2_not_periodically(
    world: World, project: Project
) -> None:
    level4 = register(
        world, project, name="指挥调度系统", mlps_level=4, running_since=date(2025, 8, 31)
    )
    assert one(level4, ObligationKind.MLPS_ASSESSMENT).due_on == date(2026, 2, 28)  # month end
    level2 = register(world, project, name="内部办公系统", mlps_level=2)
    assert of_kind(level2, ObligationKind.MLPS_ASSESSMENT) == []
    assert of_kind(level2, ObligationKind.CRYPTO_ASSESSMENT) == []
    assert len(of_kind(level2, ObligationKind.OM_FILING)) == 1


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_a_system_in_construction_has_no_obligations(world: World, project: Project) -> None:
    system = register(world, project, status=SystemStatus.BUILDING)
    assert not Obligation.objects.filter(
        key__startswith=f"systems.informationsystem:{system.pk}:"
    ).exists()


def test_sharing_on_time_fulfils_the_retrofit(world: World, project: Project) -> None:
    with time_machine.travel(moment(2025, 11, 3), tick=False):
        system = register(world, project)
    with time_machine.travel(moment(2026, 1, 20), tick=False):
        make_sharing(world, system)
    retrofit = of_kind(system, ObligationKind.SHARING_RETROFIT)[0]
    assert retrofit.state == ObligationState.FULFILLED
    assert (retrofit.fulfilled_on, retrofit.days_late) == (date(2026, 1, 20), 0)
    assert fresh(system).not_sharing_since is None


def test_sharing_late_counts_the_days_and_a_new_lapse_opens_a_new_retrofit(
    world: World, project: Project
) -> None:
    with time_machine.travel(moment(2025, 11, 3), tick=False):
        system = register(world, project)
    with time_machine.travel(moment(2026, 2, 10), tick=False):
        run_scan()
        assert one(system, ObligationKind.SHARING_RETROFIT).state == ObligationState.OVERDUE
        make_sharing(world, system)
    late = of_kind(system, ObligationKind.SHARING_RETROFIT)[0]
    assert (late.state, late.days_late) == (ObligationState.FULFILLED, 7)
    with time_machine.travel(moment(2026, 3, 2), tick=False):
        interface = fresh(system).interfaces.get()
        services.interface_set_status(
            interface=interface, status="suspended", by=world.police_staff
        )
    again = one(system, ObligationKind.SHARING_RETROFIT)
    assert again.pk != late.pk
    assert (again.opened_on, again.due_on) == (date(2026, 3, 2), date(2026, 6, 2))


def test_a_waived_retrofit_is_not_reopened_by_the_scan(world: World, project: Project) -> None:
    with time_machine.travel(moment(2025, 11, 3), tick=False):
        system = register(world, project)
        retrofit = one(system, ObligationKind.SHARING_RETROFIT)
        obligation_waive(obligation=retrofit, reason="系统年内下线，不再改造", by=world.bdb_leader)
    with time_machine.travel(moment(2025, 11, 4), tick=False):
        assert scan.open_obligations(date(2025, 11, 4))["system_obligations_opened"] == 0
    assert [o.state for o in of_kind(system, ObligationKind.SHARING_RETROFIT)] == ["waived"]


def test_mlps_assessment_fulfils_and_opens_the_next(world: World, project: Project) -> None:
    with time_machine.travel(moment(2025, 11, 3), tick=False):
        system = register(world, project)
    with time_machine.travel(moment(2026, 5, 20), tick=False):
        assessment = services.mlps_record(
            system=system,
            level="3",
            assessed_on="2026-05-20",
            conclusion="conforms",
            assessor="山东某测评中心",
            by=world.police_staff,
        )
    first, second = of_kind(system, ObligationKind.MLPS_ASSESSMENT)
    assert (first.state, first.fulfilled_on, first.days_late) == ("fulfilled", date(2026, 5, 20), 0)
    assert (second.state, second.due_on) == ("open", date(2027, 5, 20))
    assert assessment.next_due == date(2027, 5, 20)
    assert Event.objects.filter(action="systems.mlps_record").count() == 1


def test_mlps_assessment_late_and_at_level4(world: World, project: Project) -> None:
    with time_machine.travel(moment(2025, 11, 3), tick=False):
        system = register(world, project)
    with time_machine.travel(moment(2026, 6, 11), tick=False):
        services.mlps_record(
            system=system,
            level=4,
            assessed_on="2026-06-11",
            conclusion="basically",
            assessor="山东某测评中心",
            by=world.police_staff,
        )
    first, second = of_kind(system, ObligationKind.MLPS_ASSESSMENT)
    assert first.days_late == 10
    assert second.due_on == date(2026, 12, 11)  # level 4: six months
    assert fresh(system).mlps_level == 4


def test_crypto_evaluation_fulfils_and_opens_the_next(world: World, project: Project) -> None:
    with time_machine.travel(moment(2025, 11, 3), tick=False):
        system = register(world, project)
    with time_machine.travel(moment(2026, 4, 1), tick=False):
        evaluation = services.crypto_record(
            system=system,
            evaluated_on="2026-03-31",
            conclusion="conforms",
            evaluator="某密评机构",
            by=world.police_staff,
        )
    first, second = of_kind(system, ObligationKind.CRYPTO_ASSESSMENT)
    assert (first.state, first.fulfilled_on) == ("fulfilled", date(2026, 3, 31))
    assert second.due_on == date(2027, 3, 31) == evaluation.next_due


def test_om_filing_fulfils_and_the_scan_does_not_open_it_twice(
    world: World, project: Project
) -> None:
    with time_machine.travel(moment(2025, 11, 3), tick=False):
        system = register(world, project)
    with time_machine.travel(moment(2026, 6, 5), tick=False):
        filing = services.om_file(
            system=system,
            filed_on="2026-06-05",
            operator="菏泽某运维公司",
            contract_ref="YW-2026-01",
            by=world.police_staff,
        )
        scan.open_obligations(date(2026, 6, 5))
    first, second = of_kind(system, ObligationKind.OM_FILING)
    assert (first.state, first.days_late) == ("fulfilled", 4)
    assert (second.state, second.due_on) == (
        "open",
        date(2027, 6, 5),
    ) and filing.next_due == second.due_on
    event = Event.objects.filter(action="systems.om_file").get()
    assert event.after["contract_ref"] == "YW-2026-01"


def test_refusals_of_the_ledger_save_nothing(world: World, project: Project) -> None:
    with time_machine.travel(moment(2025, 11, 3), tick=False):
        building = register(world, project, name="在建系统", status=SystemStatus.BUILDING)
        running = register(world, project)
        with pytest.raises(RuleViolation) as not_running:
            services.om_file(
                system=building,
                filed_on="2025-11-03",
                operator="x",
                contract_ref="y",
                by=world.police_staff,
            )
        assert not_running.value.decision.article == 3
        with pytest.raises(InvalidInput) as future:
            services.mlps_record(
                system=running,
                level=3,
                assessed_on="2025-11-04",
                conclusion="conforms",
                assessor="x",
                by=world.police_staff,
            )
        assert future.value.field == "assessed_on"
        with pytest.raises(RuleViolation) as wrong_role:
            services.crypto_record(
                system=running,
                evaluated_on="2025-11-03",
                conclusion="conforms",
                evaluator="x",
                by=world.bdb_staff,
            )
        assert "只有项目建设单位的经办人" in wrong_role.value.message
        with pytest.raises(RuleViolation) as not_crypto:
            services.inspection_record(
                system=running,
                kind="inspection",
                held_on="2025-11-03",
                findings="x",
                by=world.bdb_staff,
            )
        assert not_crypto.value.decision.article == 32
    assert not running.mlps_assessments.exists() and not building.om_filings.exists()
    assert not Event.objects.filter(action__in=["systems.om_file", "systems.mlps_record"]).exists()


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_the_crypto_authority_records_an_inspection(world: World, project: Project) -> None:
    system = register(world, project)
    inspection = services.inspection_record(
        system=system,
        kind="inspection",
        held_on="2025-11-03",
        findings="密钥管理不规范，限期整改",
        by=world.crypto,
    )
    assert inspection.get_kind_display() == "检查"
    assert Event.objects.filter(action="systems.inspection_record").count() == 1


def test_the_scan_step_opens_once_however_often_it_runs(world: World, project: Project) -> None:
    assert "govit.systems.scan.open_obligations" in SCAN_STEPS
    with time_machine.travel(moment(2025, 11, 3), tick=False):
        # A running system entered before the scan existed (no obligations yet).
        system = InformationSystem.objects.create(
            project=project,
            name="存量系统",
            owner=project.organisation,
            status=SystemStatus.RUNNING,
            running_since=date(2025, 1, 10),
            mlps_level=3,
            registered_by=world.police_staff,
        )
        first = scan.open_obligations(date(2025, 11, 3))
        second = scan.open_obligations(date(2025, 11, 3))
        summary = run_scan(date(2025, 11, 3))
    assert first == {"systems_checked": 1, "system_obligations_opened": 4}
    assert second == {"systems_checked": 1, "system_obligations_opened": 0}
    assert summary.counts["system_obligations_opened"] == 0
    assert (
        Obligation.objects.filter(key__startswith=f"systems.informationsystem:{system.pk}:").count()
        == 4
    )
    assert Event.objects.filter(action="obligations.open").count() == 4


@time_machine.travel(moment(2025, 11, 3), tick=False)
def test_a_retired_system_is_left_out_of_the_scan(world: World, project: Project) -> None:
    system = register(world, project)
    services.system_update(
        system=system, by=world.police_staff, **fields_of(system, status="retired")
    )
    assert scan.open_obligations(date(2025, 11, 3)) == {
        "systems_checked": 0,
        "system_obligations_opened": 0,
    }
