"""Who did what in the demo's records: the users of each jurisdiction's bureaus and departments.

Resolved by role and organisation (not by username), so that a renamed or pre-existing
account never ends up signing an opinion it could not have signed.  A jurisdiction without
Big Data Bureau staff and leader, NDRC or Secrecy users has demo projects only in the states
that need none of them (``names.Owner``); without a Finance user its fund batches wait for
release; without an evaluator user (any jurisdiction) no project gets to ``evaluated``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govit.accounts.models import Organisation, User, UserRole
from govit.accounts.roles import ADMIN_ROLES, Role

F = Organisation.Function


@dataclass
class Actors:
    bdb_staff: dict[int, User] = field(default_factory=dict)  # by jurisdiction id
    bdb_leaders: dict[int, list[User]] = field(default_factory=dict)
    ndrc: dict[int, User] = field(default_factory=dict)
    secrecy: dict[int, User] = field(default_factory=dict)
    finance: dict[int, User] = field(default_factory=dict)  # by jurisdiction id
    unit_staff: dict[int, User] = field(default_factory=dict)  # by organisation id
    evaluators: dict[int, User] = field(default_factory=dict)  # by evaluator organisation id

    def has_bdb(self, jurisdiction_id: int) -> bool:
        return jurisdiction_id in self.bdb_staff and bool(self.bdb_leaders.get(jurisdiction_id))


# (role, the function of the organisation its holder must work in)
BUREAU_ROLES = {
    Role.BDB_STAFF: F.BDB,
    Role.BDB_LEADER: F.BDB,
    Role.NDRC: F.NDRC,
    Role.SECRECY: F.SECRECY,
    Role.FINANCE: F.FINANCE,
    Role.EVALUATOR: F.EVALUATOR,
    Role.UNIT_STAFF: F.DEPARTMENT,
}


def load_actors() -> Actors:
    """Two queries: every holder of the roles above, earliest account first.

    Bureau users must be active; a department's staff may be the disabled staff account the
    demo creates for departments without a demo login (active accounts are preferred).
    """
    administrators = set(
        UserRole.objects.filter(role__in=list(ADMIN_ROLES)).values_list("user_id", flat=True)
    )
    assignments = (
        UserRole.objects.filter(role__in=list(BUREAU_ROLES), user__organisation__isnull=False)
        .exclude(user_id__in=administrators)  # 三员 never act on projects
        .select_related("user__organisation")
        .order_by("user_id")
    )
    actors = Actors()
    for assignment in sorted(assignments, key=lambda a: (not a.user.is_active, a.user_id)):
        user = assignment.user
        organisation = user.organisation
        if organisation is None or organisation.function != BUREAU_ROLES[Role(assignment.role)]:
            continue
        if assignment.role == Role.UNIT_STAFF:
            actors.unit_staff.setdefault(organisation.pk, user)
            continue
        if not user.is_active:
            continue
        if assignment.role == Role.EVALUATOR:
            actors.evaluators.setdefault(organisation.pk, user)
            continue
        place = organisation.jurisdiction_id
        if assignment.role == Role.BDB_STAFF:
            actors.bdb_staff.setdefault(place, user)
        elif assignment.role == Role.BDB_LEADER:
            actors.bdb_leaders.setdefault(place, []).append(user)
        elif assignment.role == Role.NDRC:
            actors.ndrc.setdefault(place, user)
        elif assignment.role == Role.SECRECY:
            actors.secrecy.setdefault(place, user)
        elif assignment.role == Role.FINANCE:
            actors.finance.setdefault(place, user)
    return actors
