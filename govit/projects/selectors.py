"""Reads of projects, always scoped to the user (deny by default)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from govit.accounts.models import User
from govit.accounts.roles import JURISDICTION_READERS, Role

from .models import Project, ProjectQuerySet


def projects_for(user: User, action: str = "view") -> ProjectQuerySet:
    """The projects ``user`` may ``view``.

    - unit staff and leaders: their own organisation's projects and those it co-builds;
    - BDB, Audit, Finance, the crypto authority and the leading group: every project of their
      jurisdiction (Art. 4, 34, 36);
    - NDRC: fixed-asset projects of its jurisdiction; Secrecy: classified candidates;
    - experts: the projects they were drawn to review;
    - third-party evaluators: exactly the projects their organisation is commissioned to
      evaluate (Art. 24); the three administrators: none.
    """
    if action != "view":
        raise ValueError(f"unknown action {action!r}")
    base = Project.objects.with_owner()
    if not user.is_authenticated or not user.is_active or user.organisation is None:
        return base.none()
    organisation = user.organisation
    condition = Q(pk__in=[])
    if user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER):
        # Own projects, and projects this organisation co-builds (Art. 9, 17).
        condition |= Q(organisation=organisation) | Q(cobuilders__organisation=organisation)
    if user.effective_roles & JURISDICTION_READERS:
        condition |= Q(jurisdiction_id=organisation.jurisdiction_id)
    if user.has_role(Role.EXPERT):
        # Experts read the dossiers of the reviews they were drawn for (Art. 10).
        condition |= Q(review_assignments__expert__user=user)
    if user.has_role(Role.EVALUATOR):
        # Third-party evaluators read the projects BDB commissioned them for (Art. 24).
        # One Q, so both conditions hold for the same commission; a withdrawn one gives none.
        condition |= Q(
            evaluation_assignments__evaluator=organisation,
            evaluation_assignments__state__in=("commissioned", "submitted"),
        )
    if user.has_role(Role.NDRC):
        condition |= Q(jurisdiction_id=organisation.jurisdiction_id, is_fixed_asset=True)
    if user.has_role(Role.SECRECY):
        condition |= Q(jurisdiction_id=organisation.jurisdiction_id, is_classified_candidate=True)
    # The co-builder join can match a project twice.
    return base.filter(condition).distinct()


def project_get(user: User, pk: int, action: str = "view") -> Project:
    """One project within scope; anything else is a 404 (never reveal that it exists)."""
    try:
        return projects_for(user, action).get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404("项目不存在，或不在您的权限范围内") from None
