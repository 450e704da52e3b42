"""Schedule and cost variance of a progress report, and its 绿/黄/红 colour (Art. 15, 19).

Pure functions: no database, no clock.  The service feeds them the baseline, the report and
the thresholds of the policy pack in force on the report date.

- planned percent = elapsed days since construction started / days from the start to the
  baseline's planned completion × 100, kept within 0–100;
- schedule variance (percentage points) = planned percent − percent complete: positive means
  behind schedule;
- cost variance (%) = (spend to date − percent complete × baseline total) / baseline total
  × 100: positive means more was spent than the work done is worth.

Only lateness and overspending turn a badge amber or red: a project ahead of schedule or under
its earned value is green.  Each variance is rounded half-up to two decimals and the colour is
judged on the rounded value, so that the number shown and its colour always agree; a variance
equal to a threshold takes that threshold's colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

GREEN, AMBER, RED, UNKNOWN = "green", "amber", "red", "unknown"


@dataclass(frozen=True)
class Thresholds:
    """Amber from ``*_amber`` upwards, red from ``*_red`` upwards (percent / points)."""

    schedule_amber: Decimal
    schedule_red: Decimal
    cost_amber: Decimal
    cost_red: Decimal


@dataclass(frozen=True)
class Variance:
    planned_percent: Decimal | None
    schedule_variance: Decimal | None
    cost_variance: Decimal | None
    schedule_colour: str
    cost_colour: str


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def colour(value: Decimal | None, amber: Decimal, red: Decimal) -> str:
    """``green`` below ``amber``, ``amber`` from it, ``red`` from ``red``; unknown for None."""
    if value is None:
        return UNKNOWN
    if value >= red:
        return RED
    if value >= amber:
        return AMBER
    return GREEN


def planned_percent(
    started_on: date | None, planned_completion: date | None, on: date
) -> Decimal | None:
    """How much should be done by ``on`` if work went evenly from start to planned completion."""
    if started_on is None or planned_completion is None:
        return None
    if on <= started_on:
        return Decimal(0).quantize(CENT)
    if on >= planned_completion:
        return HUNDRED.quantize(CENT)
    elapsed = Decimal((on - started_on).days)
    span = Decimal((planned_completion - started_on).days)
    return _round(elapsed / span * HUNDRED)


def schedule_variance(planned: Decimal | None, percent_complete: Decimal) -> Decimal | None:
    if planned is None:
        return None
    return _round(planned - percent_complete)


def cost_variance(
    spend_to_date: Decimal, percent_complete: Decimal, total: Decimal
) -> Decimal | None:
    """Overspend against the earned value, in percent of the baseline total (None for 0)."""
    if total <= 0:
        return None
    earned = percent_complete / HUNDRED * total
    return _round((spend_to_date - earned) / total * HUNDRED)


def compute(
    *,
    started_on: date | None,
    planned_completion: date | None,
    report_date: date,
    percent_complete: Decimal,
    spend_to_date: Decimal,
    baseline_total: Decimal,
    thresholds: Thresholds,
) -> Variance:
    planned = planned_percent(started_on, planned_completion, report_date)
    schedule = schedule_variance(planned, percent_complete)
    cost = cost_variance(spend_to_date, percent_complete, baseline_total)
    return Variance(
        planned_percent=planned,
        schedule_variance=schedule,
        cost_variance=cost,
        schedule_colour=colour(schedule, thresholds.schedule_amber, thresholds.schedule_red),
        cost_colour=colour(cost, thresholds.cost_amber, thresholds.cost_red),
    )
