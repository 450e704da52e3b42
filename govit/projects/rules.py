"""Rules about the project itself that several stage apps apply."""

from __future__ import annotations

from typing import Any

from govit.accounts.roles import Role
from govit.core.decisions import ALLOW, Decision, deny

EDITABLE_STATES = frozenset({"draft", "returned", "consented"})


# --- who ----------------------------------------------------------------------------------
def is_owner_unit(user: Any, project: Any) -> bool:
    """Staff or leader of the organisation that owns the project."""
    return bool(
        user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER)
        and user.organisation_id is not None
        and user.organisation_id == project.organisation_id
    )


def is_owner_staff(user: Any, project: Any) -> bool:
    """Staff (经办人) of the organisation that owns the project: who files its records."""
    return bool(
        user.has_role(Role.UNIT_STAFF)
        and user.organisation_id is not None
        and user.organisation_id == project.organisation_id
    )


def dossier_editable(project: Any, user: Any) -> Decision:
    """The application dossier may be edited by the owning unit's staff while it is with them."""
    if not user.has_role(Role.UNIT_STAFF) or user.organisation_id != project.organisation_id:
        return deny(
            "只有本单位经办人可以修改申报材料",
            en="Only the owning unit's staff may edit the application",
        )
    if project.state not in EDITABLE_STATES:
        return deny(
            f"项目当前状态为「{project.state_label}」，申报材料已提交，不能修改",
            en="The application has been submitted and cannot be edited now",
        )
    return ALLOW
