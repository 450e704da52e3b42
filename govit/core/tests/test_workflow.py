"""The lifecycle engine: declared as data, explains refusals, one event per transition."""

from __future__ import annotations

import pytest

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.workflow import State, StateMachine, Transition
from govit.projects.services import project_transition
from govit.projects.workflow import PROJECT_MACHINE


def test_a_machine_with_an_undeclared_state_is_refused_at_import() -> None:
    with pytest.raises(ValueError, match="unknown states"):
        StateMachine(
            name="x",
            states=[State("a", "甲", "A")],
            initial="a",
            history=lambda **kw: None,
            transitions=[Transition("go", "走", "Go", ("a",), "b", frozenset({"r"}))],
        )


def test_options_say_why_each_action_is_blocked(world) -> None:
    project = world.project("police")
    options = {
        o.transition.code: o for o in PROJECT_MACHINE.options(project, world.education_staff)
    }
    assert set(options) == {"submit", "request_consent"}
    assert not options["submit"].allowed
    assert options["submit"].decision.reason == "只能办理本单位的项目"


def test_options_name_the_roles_needed(world) -> None:
    project = world.project("police")
    decision = PROJECT_MACHINE.check(project, world.bdb_staff, "submit")
    assert not decision.allowed
    assert "建设单位经办人" in decision.reason


def test_an_out_of_scope_applicant_is_refused_with_article_2(world) -> None:
    from govit.projects.models import Project

    project = world.project("police")
    # A university may be known to the system but never applies (Art. 2).
    Project.objects.filter(pk=project.pk).update(organisation=world.organisations["university"])
    decision = PROJECT_MACHINE.check(world.project("police"), world.university_staff, "submit")
    assert not decision.allowed
    assert decision.article == 2
    assert decision.message.endswith("（第二条）")


def test_a_transition_writes_exactly_one_event_with_before_and_after(world) -> None:
    project = world.ready_to_submit("police")
    before = Event.objects.count()
    project_transition(project=project, transition="submit", by=world.police_staff)
    events = list(Event.objects.order_by("seq")[before:])
    assert len(events) == 1
    event = events[0]
    assert event.action == "project.submit"
    assert event.before == {"state": "draft"}
    assert event.after == {"state": "submitted"}
    assert event.actor_id == world.users["police_staff"].pk
    assert event.organisation_id == world.organisations["police"].pk


def test_a_refused_transition_changes_nothing_and_writes_nothing(world) -> None:
    project = world.project("police")
    before = Event.objects.count()
    with pytest.raises(RuleViolation):
        project_transition(project=project, transition="approve", by=world.bdb_leader)
    assert world.project("police").state == "draft"
    assert Event.objects.count() == before


def test_a_reason_is_required_where_the_table_says_so(world) -> None:
    project = world.ready_to_submit("police")
    project_transition(project=project, transition="submit", by=world.police_staff)
    with pytest.raises(InvalidInput) as error:
        project_transition(
            project=world.project("police"), transition="send_back", by=world.police_leader
        )
    assert error.value.field == "reason"
    project = project_transition(
        project=world.project("police"),
        transition="send_back",
        by=world.police_leader,
        reason="预算说明不完整",
    )
    assert project.state == "draft"


def test_the_full_application_path_to_a_numbered_opinion(world) -> None:
    p = world.reviewed_with_opinion("police")
    p = project_transition(project=p, transition="approve", by=world.bdb_leader)
    assert p.state == "approved"
    assert p.state_label == "已批复"
    assert p.opinion_number.startswith("菏大数审〔") and p.opinion_number.endswith("号")
    assert p.approved_amount == p.requested_amount


def test_county_bdb_cannot_handle_a_city_project(world) -> None:
    p = world.ready_to_submit("police")
    p = project_transition(project=p, transition="submit", by=world.police_staff)
    p = project_transition(project=p, transition="sign_off", by=world.police_leader)
    decision = PROJECT_MACHINE.check(p, world.caoxian_bdb_staff, "accept_intake")
    assert not decision.allowed
    assert decision.reason == "只能办理本行政区域的项目"


def test_every_transition_of_the_table_is_documented_with_roles() -> None:
    table = PROJECT_MACHINE.as_table()
    assert {row["code"] for row in table} == set(PROJECT_MACHINE.transitions)
    assert all(row["roles"] and row["label"] for row in table)


def test_every_guard_and_effect_named_by_path_imports() -> None:
    assert PROJECT_MACHINE.check_refs() == []


def test_a_broken_guard_path_is_reported() -> None:
    machine = StateMachine(
        name="x",
        states=[State("a", "甲", "A"), State("b", "乙", "B")],
        initial="a",
        history=lambda **kw: None,
        transitions=[
            Transition("go", "走", "Go", ("a",), "b", frozenset({"r"}), ("govit.nowhere.rule",))
        ],
    )
    assert machine.check_refs() == ["go: govit.nowhere.rule"]
