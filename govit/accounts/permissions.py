"""Who may do what with their own account settings."""

from __future__ import annotations

from govit.core.decisions import ALLOW, Decision, deny

from .models import User


def can_save_filters(user: User) -> Decision:
    """Saved filters belong to the business lists, which the three administrators do not use
    (三员分立: they run the system and see no business records)."""
    if user.is_administrator:
        return deny(
            "系统管理员、安全管理员和安全审计员不使用业务列表，不能保存常用筛选",
            en="Administrators do not use the business lists and cannot save filters",
        )
    return ALLOW
