"""Who may open the acceptance pages that act (the services re-check and give the reason).

Reading the acceptance record follows the project's scope (``project_get``); acting needs the
role of the step: the owning unit's staff (completion, extension request, application and
results), BDB staff or leaders of the project's jurisdiction (decision), a BDB leader
(extension decision), BDB staff (filing and go-live).
"""

from __future__ import annotations

from typing import Any

from govit.accounts.models import User
from govit.accounts.roles import Role


def is_bdb(user: User, project: Any, *roles: str) -> bool:
    roles = roles or (Role.BDB_STAFF, Role.BDB_LEADER)
    return (
        user.has_any_role(*roles)
        and user.organisation is not None
        and user.organisation.jurisdiction_id == project.jurisdiction_id
    )


def can_decide_acceptance(user: User, project: Any) -> bool:
    return is_bdb(user, project, Role.BDB_STAFF, Role.BDB_LEADER)


def can_decide_extension(user: User, project: Any) -> bool:
    return is_bdb(user, project, Role.BDB_LEADER)


def can_file(user: User, project: Any) -> bool:
    return is_bdb(user, project, Role.BDB_STAFF)
