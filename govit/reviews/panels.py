"""The review panel of the project page: ``project_panel(project, user)`` → context or None.

Each reader sees their part: BDB (and Audit) the review status and mean scores; an expert the
link to their review; NDRC and Secrecy their pending decision; the owning unit its intake
rounds and the signed opinion.  Nobody but BDB and Audit sees who the experts are.
"""

from __future__ import annotations

from typing import Any

from govit.accounts.roles import Role

from .models import IntakeRound, PlanException
from .rules import plan_or_exception, reviews_complete
from .selectors import can_read_reviews, is_bdb, my_assignments, review_overview, signed_opinion


def project_panel(project: Any, user: Any) -> dict[str, Any] | None:
    sections: dict[str, Any] = {}
    same_jurisdiction = (
        user.organisation is not None
        and user.organisation.jurisdiction_id == project.jurisdiction_id
    )
    if can_read_reviews(user, project):
        overview = review_overview(project)
        sections["bdb"] = {
            "overview": overview,
            "can_open_workspace": True,
            "is_bdb": is_bdb(user, project),
            "reviews_complete": reviews_complete(project, user),
            "plan": plan_or_exception(project, user),
            "exception": PlanException.objects.filter(project=project).first(),
        }
    if user.has_role(Role.EXPERT):
        mine = list(my_assignments(user).filter(project=project))
        if mine:
            sections["expert"] = {"assignments": mine}
    if user.has_role(Role.NDRC) and same_jurisdiction and project.is_fixed_asset:
        sections["ndrc"] = {
            "pending": project.state == "ndrc_review",
            "decisions": list(project.ndrc_decisions.order_by("id")),
        }
    if user.has_role(Role.SECRECY) and same_jurisdiction and project.is_classified_candidate:
        sections["secrecy"] = {"pending": not project.secrecy_status}
    owner = (
        user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER)
        and user.organisation_id == project.organisation_id
    )
    if owner and "bdb" not in sections:
        sections["unit"] = {
            "intake_rounds": list(IntakeRound.objects.filter(project=project).order_by("round_no")),
        }
    # The signed opinion is the basis of funding (Art. 11, 13): everyone who sees the project
    # sees its number, date and amount.
    opinion = signed_opinion(project) if project.opinion_number else None
    if not sections and opinion is None:
        return None
    return {"project": project, "sections": sections, "opinion": opinion}
