"""Reads of obligations, scoped like projects: a department sees what it is responsible for,
BDB, Audit, Finance, the crypto authority and the leading group see their jurisdiction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, Q, When
from django.http import Http404

from govit.accounts.models import User
from govit.accounts.roles import JURISDICTION_READERS, Role
from govit.core.decisions import article_label
from govit.policy.calendar import WorkingCalendar

from .models import DayCount, Obligation, ObligationQuerySet, ObligationState


def obligations_for(user: User) -> ObligationQuerySet:
    base = Obligation.objects.select_related("project", "responsible")
    if not user.is_authenticated or not user.is_active or user.organisation is None:
        return base.none()
    condition = Q(pk__in=[])
    if user.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER):
        condition |= Q(responsible=user.organisation)
    if user.effective_roles & JURISDICTION_READERS:
        condition |= Q(jurisdiction_id=user.organisation.jurisdiction_id)
    return base.filter(condition)


# --- pages and API ------------------------------------------------------------------------
MAP_ROLES = frozenset({Role.BDB_STAFF, Role.BDB_LEADER, Role.AUDIT, Role.OVERSEER})
TODO_ROLES = frozenset({Role.UNIT_STAFF, Role.UNIT_LEADER})

# ``state`` filter values: the four states plus "unfinished" (open or overdue).
UNFINISHED = "unfinished"
STATE_FILTERS: dict[str, str] = {
    UNFINISHED: "未办结（未到期及已逾期）",
    **{state.value: str(state.label) for state in ObligationState},
}


def can_see_map(user: User) -> bool:
    return user.is_authenticated and bool(user.effective_roles & MAP_ROLES)


def obligation_get(user: User, pk: int) -> Obligation:
    """One obligation within scope; anything else is a 404."""
    try:
        return obligations_for(user).select_related("waived_by", "pack").get(pk=pk)
    except (Obligation.DoesNotExist, ValueError, TypeError):
        raise Http404("期限事项不存在，或不在您的权限范围内") from None


@dataclass(frozen=True)
class ObligationFilter:
    article: int | None = None
    responsible: int | None = None
    state: str = ""
    kind: str = ""
    project: int | None = None

    def apply(self, queryset: ObligationQuerySet) -> ObligationQuerySet:
        if self.article is not None:
            queryset = queryset.filter(article=self.article)
        if self.responsible is not None:
            queryset = queryset.filter(responsible_id=self.responsible)
        if self.project is not None:
            queryset = queryset.filter(project_id=self.project)
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.state == UNFINISHED:
            queryset = queryset.unfinished()
        elif self.state:
            queryset = queryset.filter(state=self.state)
        return queryset


def obligations_filtered(user: User, filters: ObligationFilter) -> ObligationQuerySet:
    """The list of ``obligations:list``: scoped, filtered, overdue first then by due date."""
    return filters.apply(obligations_for(user)).order_by(
        Case(When(state=ObligationState.OVERDUE, then=0), default=1), "due_on", "id"
    )


def todo_for(user: User) -> ObligationQuerySet:
    """What the user's organisation still has to do (open or overdue), by due date."""
    if user.organisation is None:
        return Obligation.objects.none()
    return (
        Obligation.objects.select_related("project", "responsible")
        .filter(responsible=user.organisation)
        .unfinished()
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class MapRow:
    key: int
    label: str
    open: int
    overdue: int

    @property
    def total(self) -> int:
        return self.open + self.overdue


@dataclass(frozen=True)
class ComplianceMap:
    by_article: list[MapRow]
    by_department: list[MapRow]

    @property
    def open(self) -> int:
        return sum(row.open for row in self.by_article)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.by_article)


def compliance_map(user: User) -> ComplianceMap:
    """Counts of open and overdue obligations by article and by department: two GROUP BY
    queries, whatever the number of obligations."""
    unfinished = obligations_for(user).unfinished().order_by()
    counts = {
        "open": Count("id", filter=Q(state=ObligationState.OPEN)),
        "overdue": Count("id", filter=Q(state=ObligationState.OVERDUE)),
    }
    by_article = [
        MapRow(row["article"], article_label(row["article"]), row["open"], row["overdue"])
        for row in unfinished.values("article").annotate(**counts).order_by("article")
    ]
    by_department = [
        MapRow(row["responsible_id"], row["responsible__name"], row["open"], row["overdue"])
        for row in unfinished.values("responsible_id", "responsible__name")
        .annotate(**counts)
        .order_by("-overdue", "responsible__name")
    ]
    return ComplianceMap(by_article=by_article, by_department=by_department)


@dataclass(frozen=True)
class Remaining:
    """Days left before the due date (``days`` ≥ 0) or days overdue (``overdue`` True)."""

    days: int
    overdue: bool
    unit: str  # DayCount value: "working" or "calendar"
    provisional: bool


def remaining(obligations: Iterable[Obligation], today: date) -> dict[int, Remaining]:
    """Days left / overdue of each unfinished obligation in its rule's unit (working days on
    the official calendar for working-day rules): one calendar query for all of them."""
    rows = [o for o in obligations if o.state in (ObligationState.OPEN, ObligationState.OVERDUE)]
    working = [o for o in rows if o.day_count == DayCount.WORKING]
    calendar = None
    if working:
        days = [today] + [o.due_on for o in working]
        calendar = WorkingCalendar.load(min(days), max(days))
    answer: dict[int, Remaining] = {}
    for obligation in rows:
        late = today > obligation.due_on
        low, high = (obligation.due_on, today) if late else (today, obligation.due_on)
        if calendar is not None and obligation.day_count == DayCount.WORKING:
            count, unknown = _working_days(calendar, low, high)
            unit = DayCount.WORKING.value
        else:
            count, unknown = (high - low).days, False
            unit = DayCount.CALENDAR.value
        answer[obligation.pk] = Remaining(
            days=count,
            overdue=late,
            unit=unit,
            provisional=unknown or obligation.due_provisional,
        )
    return answer


def _working_days(calendar: WorkingCalendar, low: date, high: date) -> tuple[int, bool]:
    """Working days in (low, high], and whether a day of a year not entered was judged."""
    count, unknown, day = 0, False, low
    while day < high:
        day += timedelta(days=1)
        unknown = unknown or not calendar.is_known(day)
        count += calendar.is_working_day(day)
    return count, unknown
