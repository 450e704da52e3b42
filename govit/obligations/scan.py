"""The daily compliance scan: ``govit scan`` on a terminal, the Celery beat task in production.

One run, for one day (``today``, Asia/Shanghai):

1. ``mark_overdue(today)``: every open obligation whose due date has passed becomes overdue,
   each exactly once, with one history event (claimed with ``select_for_update(skip_locked=
   True)`` and a conditional UPDATE, see ``services.mark_overdue``);
2. every step named in ``SCAN_STEPS``, in order: ``step(today) -> dict[str, int]``; the apps
   that own reminders, periodic security assessments and supervision plug their work in here
   (queue reminders and overdue notices, open the next periodic obligation, …).

Follow-ups.  The obligations mechanism itself opens nothing new when an obligation becomes
overdue: the overdue obligation *is* the follow-up — it stays on the department's to-do list
and on the BDB compliance map (red, with its days overdue) until the unit fulfils it (late, with
the days counted in the rule's own unit) or a BDB leader waives it with a reason.  The measures
attach no automatic consequence to a missed deadline; sanctions are explicit BDB leader
decisions (Art. 35), taken in the supervision app.  The steps open their own follow-ups, each
idempotent by the obligation key.

Idempotent: running the same scan twice, or two scans at once, changes each obligation once
and writes each history event once; every step must keep that promise too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Obligation, ObligationState
from .services import mark_overdue

# Dotted paths of ``step(today: date) -> dict[str, int]``; each app replaces its own marker line.
SCAN_STEPS: list[str] = [
    "govit.notifications.reminders.queue_notices",  # notifications: reminders, overdue notices
    "govit.systems.scan.open_obligations",  # systems: Art. 3, 29, 31, 32
    # supervision
]

# The count that ``mark_overdue`` contributes to the summary.
OVERDUE = "overdue"

# Progress: (stage label, done, total) — ``done``/``total`` count obligations for the overdue
# stage and steps for the rest.
Progress = Callable[[str, int, int], None]


@dataclass
class ScanSummary:
    on: date
    overdue: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)

    def merge(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.counts[key] = self.counts.get(key, 0) + int(value)

    def line(self) -> str:
        """``扫描完成（2026-11-27）：新增逾期 3 项；… / scan done (2026-11-27): 3 newly overdue; …``."""
        extra = "".join(f"，{key} {value}" for key, value in sorted(self.counts.items()))
        extra_en = "".join(f", {key} {value}" for key, value in sorted(self.counts.items()))
        return (
            f"扫描完成（{self.on.isoformat()}）：新增逾期 {self.overdue} 项{extra}，"
            f"执行步骤 {len(self.steps) + 1} 个"
            f" / scan done ({self.on.isoformat()}): {self.overdue} newly overdue{extra_en},"
            f" {len(self.steps) + 1} steps"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "on": self.on.isoformat(),
            OVERDUE: self.overdue,
            "counts": dict(self.counts),
            "steps": list(self.steps),
        }


def due_for_marking(today: date) -> int:
    """How many open obligations are past due on ``today`` (what the first stage will mark)."""
    return Obligation.objects.filter(state=ObligationState.OPEN, due_on__lt=today).count()


def run_scan(today: date | None = None, *, progress: Progress | None = None) -> ScanSummary:
    """Mark the overdue obligations, then run every step of ``SCAN_STEPS`` for ``today``."""
    today = today or timezone.localdate()
    summary = ScanSummary(on=today)
    total = due_for_marking(today) if progress is not None else 0

    def overdue_progress(done: int) -> None:
        if progress is not None:
            progress("标记逾期 / overdue", done, max(total, done))

    if progress is not None:
        progress("标记逾期 / overdue", 0, total)
    summary.overdue = mark_overdue(today, progress=overdue_progress)
    for index, path in enumerate(SCAN_STEPS, start=1):
        step = import_string(path)
        summary.merge(step(today) or {})
        summary.steps.append(path)
        if progress is not None:
            progress(path, index, len(SCAN_STEPS))
    return summary
