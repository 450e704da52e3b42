"""Who may issue official documents: the Big Data Bureau of the project's own jurisdiction.

Reading is the project's scope (``project_get``): whoever sees the project may download its
documents.  Every refusal says why.
"""

from __future__ import annotations

from typing import Any

from govit.accounts.roles import Role
from govit.core.decisions import ALLOW, Decision, deny

ISSUER_ROLES = (Role.BDB_STAFF, Role.BDB_LEADER)


def is_issuer_role(user: Any) -> bool:
    """BDB staff or leader: the roles that issue documents at all (others get a 403)."""
    return bool(user.has_any_role(*ISSUER_ROLES))


def can_issue(user: Any, project: Any) -> Decision:
    """BDB staff or leader of the project's jurisdiction, for a project whose content the
    platform may keep (not a classified candidate, Art. 4)."""
    if not is_issuer_role(user):
        return deny(
            "只有大数据局经办人或领导可以生成公文",
            en="Only Big Data Bureau staff or leaders issue official documents",
        )
    if user.organisation is None or user.organisation.jurisdiction_id != project.jurisdiction_id:
        return deny(
            "只能为本行政区域的项目生成公文（县区项目由县区大数据局出具）",
            en="Only the Big Data Bureau of the project's own jurisdiction issues its documents",
        )
    if project.metadata_only:
        return deny(
            "拟定涉密项目在保密局确认不涉密之前，平台只登记元数据，不生成也不保存公文内容；"
            "请按保密规定线下制发",
            4,
            en="A classified candidate keeps metadata only: issue its documents offline",
        )
    return ALLOW
