"""Extensions of the acceptance application due date (Art. 23): the unit applies before or
after the due date; a BDB leader approves a later date or rejects with a reason."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from govit.acceptance.models import Extension
from govit.acceptance.selectors import acceptance_due
from govit.acceptance.services import extension_apply, extension_decide
from govit.acceptance.testing import applied, fresh
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import DUE_ON, at

REASONS = "等保测评机构排期推迟，测评报告预计 5 月出具"


def apply(world: World, project: Project, requested: object) -> Extension:
    return extension_apply(
        project=project, requested_due_on=requested, reasons=REASONS, by=world.police_staff
    )


def test_the_unit_applies_for_an_extension_before_the_due_date(
    finished: Project, world: World
) -> None:
    extension = apply(world, finished, date(2026, 5, 31))

    assert extension.state == Extension.State.PENDING
    assert (extension.previous_due_on, extension.requested_due_on) == (DUE_ON, date(2026, 5, 31))
    assert acceptance_due(finished) == DUE_ON  # not before BDB approves
    event = Event.objects.get(action="acceptance.extension_apply")
    assert event.reason == REASONS
    assert event.after["requested_due_on"] == "2026-05-31"


@pytest.mark.parametrize("requested", [date(2026, 1, 31), DUE_ON])
def test_an_extension_to_a_date_not_later_than_the_current_due_date_is_refused(
    finished: Project, world: World, requested: date
) -> None:
    with pytest.raises(InvalidInput) as refused:
        apply(world, finished, requested)

    assert refused.value.field == "requested_due_on"
    assert "须晚于当前验收申请截止日期（2026-02-28）" in refused.value.message
    assert "第二十三条" in refused.value.message
    assert not Extension.objects.exists()
    assert not Event.objects.filter(action="acceptance.extension_apply").exists()


def test_an_extension_needs_reasons(finished: Project, world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        extension_apply(
            project=finished, requested_due_on=date(2026, 5, 31), reasons=" ", by=world.police_staff
        )
    assert refused.value.field == "reasons"
    assert not Extension.objects.exists()


def test_the_unit_may_apply_after_the_due_date(finished: Project, world: World) -> None:
    with time_machine.travel(at(2026, 3, 10), tick=False):
        with pytest.raises(InvalidInput) as past:
            apply(world, finished, date(2026, 3, 5))
        extension = apply(world, finished, date(2026, 4, 30))
    assert "不能早于今天（2026-03-10）" in past.value.message
    assert extension.previous_due_on == DUE_ON


def test_a_leader_approves_the_requested_date(finished: Project, world: World) -> None:
    apply(world, finished, date(2026, 5, 31))

    extension = extension_decide(project=finished, approve=True, reason="同意", by=world.bdb_leader)

    assert extension.state == Extension.State.APPROVED
    assert extension.approved_due_on == date(2026, 5, 31)
    assert acceptance_due(finished) == date(2026, 5, 31)
    event = Event.objects.get(action="acceptance.extension_decide")
    assert event.before["acceptance_due_on"] == "2026-02-28"
    assert event.after["acceptance_due_on"] == "2026-05-31"


def test_a_leader_may_approve_another_later_date(finished: Project, world: World) -> None:
    apply(world, finished, date(2026, 5, 31))
    extension_decide(
        project=finished,
        approve=True,
        approved_due_on=date(2026, 4, 30),
        reason="同意延期两个月",
        by=world.bdb_leader,
    )
    assert acceptance_due(finished) == date(2026, 4, 30)


def test_a_leader_cannot_approve_a_date_not_later_than_the_current_one(
    finished: Project, world: World
) -> None:
    apply(world, finished, date(2026, 5, 31))

    with pytest.raises(InvalidInput) as refused:
        extension_decide(
            project=finished,
            approve=True,
            approved_due_on=date(2026, 2, 1),
            reason="同意",
            by=world.bdb_leader,
        )

    assert refused.value.field == "approved_due_on"
    assert "须晚于当前验收申请截止日期（2026-02-28）" in refused.value.message
    assert Extension.objects.get().state == Extension.State.PENDING
    assert acceptance_due(finished) == DUE_ON


def test_a_rejection_needs_a_reason_and_keeps_the_due_date(finished: Project, world: World) -> None:
    apply(world, finished, date(2026, 5, 31))
    with pytest.raises(InvalidInput) as no_reason:
        extension_decide(project=finished, approve=False, reason="", by=world.bdb_leader)
    assert no_reason.value.field == "reason"

    extension = extension_decide(
        project=finished, approve=False, reason="理由不充分", by=world.bdb_leader
    )

    assert extension.state == Extension.State.REJECTED
    assert extension.approved_due_on is None
    assert acceptance_due(finished) == DUE_ON


def test_only_a_bdb_leader_decides_extensions(finished: Project, world: World) -> None:
    apply(world, finished, date(2026, 5, 31))
    for persona in ("bdb_staff", "police_staff", "finance"):
        with pytest.raises(RuleViolation) as refused:
            extension_decide(
                project=finished, approve=True, reason="同意", by=world.persona(persona)
            )
        assert "只有大数据局领导可以审批延期申请" in refused.value.message
    with pytest.raises(RuleViolation) as county:
        extension_decide(project=finished, approve=True, reason="同意", by=world.caoxian_bdb_staff)
    assert Extension.objects.get().state == Extension.State.PENDING
    assert "大数据局领导" in county.value.message


def test_one_request_at_a_time_and_each_later_than_the_last_approved(
    finished: Project, world: World
) -> None:
    apply(world, finished, date(2026, 5, 31))
    with pytest.raises(RuleViolation) as waiting:
        apply(world, finished, date(2026, 6, 30))
    assert "已有待审批的延期申请" in waiting.value.message
    assert waiting.value.decision.article == 23

    extension_decide(project=finished, approve=True, reason="同意", by=world.bdb_leader)
    with pytest.raises(InvalidInput) as earlier:
        apply(world, finished, date(2026, 4, 30))
    assert "当前验收申请截止日期（2026-05-31）" in earlier.value.message
    assert apply(world, finished, date(2026, 8, 31)).previous_due_on == date(2026, 5, 31)


def test_no_extension_once_acceptance_is_applied_for(finished: Project, world: World) -> None:
    applied(world, finished)
    with pytest.raises(RuleViolation) as refused:
        apply(world, fresh(finished), date(2026, 5, 31))
    assert "已提交验收申请" in refused.value.message


def test_only_the_owning_unit_applies_for_an_extension(finished: Project, world: World) -> None:
    with pytest.raises(RuleViolation) as refused:
        extension_apply(
            project=finished,
            requested_due_on=date(2026, 5, 31),
            reasons=REASONS,
            by=world.education_staff,
        )
    assert "只有建设单位经办人可以申请延期验收" in refused.value.message


def test_no_extension_before_completion(building: Project, world: World) -> None:
    with pytest.raises(RuleViolation) as refused:
        apply(world, building, date(2026, 5, 31))
    assert "尚未登记建设完成" in refused.value.message
