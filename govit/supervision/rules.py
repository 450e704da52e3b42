"""Rules of supervision, ``(project, user) -> Decision`` or plain predicates, citing articles.

Pure reads.  The services call them on the locked rows; the pages call them to decide which
forms to show and to say why one is missing.

- who: ``is_bdb`` / ``is_bdb_staff`` / ``is_bdb_leader`` (BDB of the jurisdiction),
  ``is_owner_staff`` (the owning unit's 经办人, who answers rectification orders);
- ``sanction_basis``: Art. 35 allows a sanction only after a unit refused to rectify (an order
  open past its deadline) or rectified and still failed (an answer rejected);
- ``construction_suspendable`` / ``terminable``: the project states the transitions accept.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from govit.accounts.roles import JURISDICTION_READERS, Role
from govit.accounts.selectors import jurisdiction_id_of
from govit.core.decisions import ALLOW, Decision, deny

from .models import RectificationOrder

ARTICLE = 35
INSPECTION_READERS = frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT, Role.OVERSEER})
# Who reads a project's supervision record (Art. 34): the jurisdiction's readers and the unit.
PROJECT_READERS = frozenset({*JURISDICTION_READERS, Role.UNIT_STAFF, Role.UNIT_LEADER})
SUSPENDABLE_STATES = ("in_construction", "rectifying")


def _same_jurisdiction(jurisdiction_id: int, user: Any) -> bool:
    return jurisdiction_id_of(user) == jurisdiction_id


def is_bdb(jurisdiction_id: int, user: Any) -> bool:
    return bool(
        user.has_any_role(Role.BDB_STAFF, Role.BDB_LEADER)
        and _same_jurisdiction(jurisdiction_id, user)
    )


def is_bdb_staff(jurisdiction_id: int, user: Any) -> bool:
    return bool(user.has_role(Role.BDB_STAFF) and _same_jurisdiction(jurisdiction_id, user))


def is_bdb_leader(jurisdiction_id: int, user: Any) -> bool:
    return bool(user.has_role(Role.BDB_LEADER) and _same_jurisdiction(jurisdiction_id, user))


def can_read_inspections(user: Any) -> bool:
    return bool(user.effective_roles & INSPECTION_READERS) and jurisdiction_id_of(user) is not None


def can_read_project(user: Any) -> bool:
    """The caller scoped the project (``project_get``); this checks the role."""
    return bool(user.effective_roles & PROJECT_READERS)


# --- the ladder (Art. 35) -------------------------------------------------------------------
def failed_orders(project: Any, today: date | None = None) -> Any:
    """Orders the unit refused (open past the deadline) or failed (an answer rejected)."""
    today = today or timezone.localdate()
    return RectificationOrder.objects.filter(project=project).filter(
        Q(state=RectificationOrder.State.OPEN, deadline__lt=today)
        | (Q(rejections__gt=0) & ~Q(state=RectificationOrder.State.ACCEPTED))
    )


def sanction_basis(project: Any, user: Any) -> Decision:
    """Art. 35: 对拒不整改或整改后仍不符合要求的 — only then a sanction."""
    if not failed_orders(project).exists():
        return deny(
            "只有对拒不整改（整改通知逾期未整改）或整改后仍不符合要求（整改情况未通过审核）的项目，"
            "才能作出通报批评、暂缓拨付、暂停建设或终止项目的决定；请先下达整改通知并待其逾期或审核不通过",
            ARTICLE,
            en="A sanction needs a rectification order the unit refused (overdue) or failed "
            "(answer rejected)",
        )
    return ALLOW


def construction_suspendable(project: Any, user: Any) -> Decision:
    if project.state in SUSPENDABLE_STATES:
        return ALLOW
    return deny(
        f"项目当前状态为「{project.state_label}」，只有建设中或整改中的项目可以暂停建设",
        ARTICLE,
        en="Only a project in construction or rectifying can be suspended",
    )


def terminable(project: Any, user: Any) -> Decision:
    from govit.projects.workflow import PROJECT_MACHINE

    if project.state in PROJECT_MACHINE.transitions["terminate"].sources:
        return ALLOW
    return deny(
        f"项目当前状态为「{project.state_label}」，不能终止",
        ARTICLE,
        en="The project cannot be terminated in its current state",
    )


def no_construction_suspension_in_force(project: Any, user: Any) -> Decision:
    """A guard of the ``lift_suspension`` transition: a suspension decided as a sanction
    (Art. 35) is lifted only by lifting that sanction, so
    closing a construction incident cannot resume a project the sanction still holds."""
    from .models import Sanction, SanctionKind

    held = (
        Sanction.objects.in_force()
        .filter(project=project, kind=SanctionKind.CONSTRUCTION_SUSPENSION)
        .first()
    )
    if held is None:
        return ALLOW
    return deny(
        f"项目已于 {held.decided_on:%Y-%m-%d} 被大数据局领导作为监督检查处理决定暂停建设，"
        "须在「监督检查与处理」页解除该决定后才能恢复建设",
        ARTICLE,
        en="A construction suspension decided as a sanction holds the project: lift the sanction",
    )
