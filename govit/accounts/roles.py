"""Roles of SPEC.md.  Codes are stable; labels are what users read."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", "建设单位经办人"
    UNIT_LEADER = "unit_leader", "建设单位负责人"
    BDB_STAFF = "bdb_staff", "大数据局经办人"
    BDB_LEADER = "bdb_leader", "大数据局领导"
    EXPERT = "expert", "评审专家"
    NDRC = "ndrc", "发展改革委"
    FINANCE = "finance", "财政局"
    AUDIT = "audit", "审计局"
    SECRECY = "secrecy", "保密局"
    CRYPTO = "crypto", "密码管理部门"
    EVALUATOR = "evaluator", "第三方评价机构"
    OVERSEER = "overseer", "专项小组"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITADMIN = "auditadmin", "安全审计员"


ROLE_LABELS_EN = {
    Role.UNIT_STAFF: "Unit staff",
    Role.UNIT_LEADER: "Unit leader",
    Role.BDB_STAFF: "Big Data Bureau staff",
    Role.BDB_LEADER: "Big Data Bureau leader",
    Role.EXPERT: "Review expert",
    Role.NDRC: "NDRC",
    Role.FINANCE: "Finance",
    Role.AUDIT: "Audit",
    Role.SECRECY: "Secrecy bureau",
    Role.CRYPTO: "Crypto authority",
    Role.EVALUATOR: "Third-party evaluator",
    Role.OVERSEER: "Leading group",
    Role.SYSADMIN: "System administrator",
    Role.SECADMIN: "Security administrator",
    Role.AUDITADMIN: "Security auditor",
}

# 三员分立: the three administrators run the system and never touch business records.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})

# Roles that read every project of their jurisdiction (supervision, audit, portfolio).
JURISDICTION_READERS = frozenset(
    {Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT, Role.OVERSEER, Role.FINANCE, Role.CRYPTO}
)

# Which roles each organisational function may hold (a BDB leader works at the BDB, ...).
ROLE_LABELS = {role.value: role.label for role in Role}
