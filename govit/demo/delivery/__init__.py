"""The delivery records of sample projects past procurement (issue 4, Art. 13, 15–25, 33, 37–38).

``write`` runs at the end of each batch (``stories.write_batch``, same transaction): contracts
and their filing, the construction start, the schedule with baseline v1 and milestones,
progress reports, incidents (rectification, suspension), change requests (an approved one
writes baseline v2), fund batches, the completion with its acceptance due date, extensions,
acceptance rounds with their MLPS and crypto results, the filing and go-live, self-evaluations
with their indicator results and third-party evaluations.  Each step also gets the history
events its service writes (the service's own ``<app>.<verb>`` event and, when the lifecycle
moves, the engine's ``project.<transition>`` event), in the order the steps happened.

The obligations the services open and fulfil are written too (``obligations.Obligation``, same
keys, titles, articles, packs and day counts, with their ``obligations.open`` / ``.fulfil`` /
``.reschedule`` events): each contract's filing (Art. 16, working days, fulfilled by the filing
with the contract's days late), each completion's acceptance application (Art. 23, moved by an
approved extension, fulfilled by the first round), the self-evaluation window opened at go-live
(Art. 24, fulfilled by the self-evaluation) and each ordered incident rectification (Art. 20,
fulfilled by the answer).  They are written open or fulfilled; ``demo.compliance`` then marks
the past-due ones overdue as the nightly scan would.

Built as the services would have built them, with their own rules, never re-implemented:

- filing due = ``add_working_days(signed_on, contract_filing_working_days)``; days late =
  ``working_days_between(due, filed_on)`` (``contracts.services``; asked once per date through
  ``Context``);
- acceptance due = ``add_months(completed_on, acceptance_application_months)``;
- self-evaluation window: ``evaluation.windows.Window`` from the rules on the start date;
- progress: ``construction.variance.compute`` against the baseline and the pack's thresholds;
- money: every batch within the baseline total (``funds.eligibility.baseline_reason``), each
  budget line's limit (Art. 38) and its payer's share (``funds.ledger.construction_shares``),
  counted with ``funds.ledger.Sums`` as the services count (requested, confirmed and released
  batches are live); O&M requests split with ``funds.ledger.om_split``; no release while
  suspended or between completion and acceptance (Art. 20, 23), each released by a Finance user
  of the payer's jurisdiction (Art. 25).

Every row is written with ``bulk_create``; nothing is queried per project (policy rules are asked
once per pack period and working-day answers once per date, see ``stories.Context``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from govit.applications.models import BudgetLine
from govit.projects.models import Project

from .base import lifecycle_dates
from .project import ProjectDelivery
from .rows import Rows, save

if TYPE_CHECKING:
    from ..stories import Context, Dossiers, Plan

__all__ = ["lifecycle_dates", "write"]


def write(
    rng: random.Random,
    plans: Sequence[Plan],
    projects: Sequence[Project],
    lines: Sequence[list[BudgetLine]],
    dossiers: Dossiers,
    ctx: Context,
) -> None:
    """Write the delivery records of the batch's projects past procurement."""
    rows = Rows()
    for index, (plan, project) in enumerate(zip(plans, projects, strict=True)):
        if not plan.story.delivery.contract:
            continue
        builder = ProjectDelivery(rng, plan, project, lines[index], dossiers, index, ctx, rows)
        if builder.ready():
            builder.build()
    save(rows)
