"""Rules of the construction stage, ``(project, user) -> Decision``, each citing its article.

Pure reads.  The services call them on the locked project row; the pages call them to decide
which forms to show and to say why a form is missing.

- who: ``is_owner_staff`` (the owning unit's 经办人), ``is_bdb`` / ``is_bdb_leader`` (BDB of the
  project's jurisdiction);
- when: ``schedule_open`` (milestones: procurement, in construction, rectifying — never while
  suspended, Art. 20), ``progress_open`` (progress reports: in construction or rectifying),
  ``incident_open`` (incidents: in construction or rectifying), ``change_open`` (change
  requests: from procurement until completion, suspension included);
- what first: ``baseline_set`` (the schedule was saved: baseline version 1 exists, Art. 19).
"""

from __future__ import annotations

from typing import Any

from govit.accounts.roles import Role
from govit.core.decisions import ALLOW, Decision, deny

from .models import Baseline

SCHEDULE_STATES = ("procurement", "in_construction", "rectifying")
PROGRESS_STATES = ("in_construction", "rectifying")
INCIDENT_STATES = ("in_construction", "rectifying")
CHANGE_STATES = ("procurement", "in_construction", "rectifying", "suspended")

SUSPENDED = deny(
    "项目已被大数据局暂停建设，暂停期间不能登记建设工作；请待大数据局领导决定恢复建设后再办理",
    20,
    en="The project is suspended by the Big Data Bureau: no work can be recorded until the "
    "suspension is lifted",
)


def _state_labels(states: tuple[str, ...]) -> str:
    from govit.projects.workflow import PROJECT_MACHINE

    return "、".join(PROJECT_MACHINE.states[state].label for state in states)


def _in_states(
    project: Any, states: tuple[str, ...], action: str, article: int, action_en: str
) -> Decision:
    if project.state in states:
        return ALLOW
    if project.state == "suspended":
        return SUSPENDED
    return deny(
        f"项目当前状态为「{project.state_label}」，只有「{_state_labels(states)}」的项目可以{action}",
        article,
        en=f"{action_en} is possible only in the states {', '.join(states)}",
    )


# --- who ----------------------------------------------------------------------------------


def _same_jurisdiction(project: Any, user: Any) -> bool:
    organisation = getattr(user, "organisation", None)
    return organisation is not None and organisation.jurisdiction_id == project.jurisdiction_id


def is_bdb(project: Any, user: Any) -> bool:
    return user.has_any_role(Role.BDB_STAFF, Role.BDB_LEADER) and _same_jurisdiction(project, user)


def is_bdb_leader(project: Any, user: Any) -> bool:
    return user.has_role(Role.BDB_LEADER) and _same_jurisdiction(project, user)


# --- when ---------------------------------------------------------------------------------
def schedule_open(project: Any, user: Any) -> Decision:
    """Art. 15, 20: milestones are recorded from procurement on, never while suspended."""
    return _in_states(
        project, SCHEDULE_STATES, "登记进度计划和里程碑", 15, "Recording the schedule"
    )


def progress_open(project: Any, user: Any) -> Decision:
    """Art. 15, 20: progress is reported while building (or rectifying), never while suspended."""
    return _in_states(project, PROGRESS_STATES, "报送建设进度", 15, "Reporting progress")


def incident_open(project: Any, user: Any) -> Decision:
    """Art. 20: severe delays and major losses are reported while the project is being built."""
    if project.state == "suspended":
        return deny(
            "项目已暂停建设，大数据局已作出处理决定；如有新情况请在恢复建设后报告",
            20,
            en="The project is already suspended; report new incidents after the suspension",
        )
    return _in_states(project, INCIDENT_STATES, "报告重大情况", 20, "Reporting an incident")


def change_open(project: Any, user: Any) -> Decision:
    """Art. 19: scope, budget or schedule change between procurement and completion."""
    if project.state in CHANGE_STATES:
        return ALLOW
    return deny(
        f"项目当前状态为「{project.state_label}」，只有「{_state_labels(CHANGE_STATES)}」的项目可以申请变更",
        19,
        en="Change requests are possible only between procurement and completion",
    )


def baseline_set(project: Any, user: Any) -> Decision:
    """Art. 19: changes are measured against a baseline: the saved schedule (version 1)."""
    if not Baseline.objects.filter(project=project).exists():
        return deny(
            "尚未保存进度计划（计划完成日期、建设内容和里程碑），项目基线未确立；请建设单位先在建设管理页面保存进度计划",
            19,
            en="No schedule saved yet, so there is no baseline: save the schedule first",
        )
    return ALLOW


def schedule_saved(project: Any, user: Any) -> Decision:
    """Art. 15: progress is reported against the saved schedule (its planned completion)."""
    if not Baseline.objects.filter(project=project).exists():
        return deny(
            "尚未保存进度计划，进度报告无法对照计划完成日期计算偏差；请先保存进度计划",
            15,
            en="Save the schedule first: progress is measured against its planned completion",
        )
    return ALLOW
