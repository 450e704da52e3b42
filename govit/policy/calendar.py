"""The working-day calendar: "签订正式采购合同5个工作日内" (Art. 16) on the official schedule.

The rule, applied to each day:

1. an adjusted working day (调休上班) is a working day;
2. otherwise a holiday (法定节假日) is not;
3. otherwise Monday–Friday are working days and Saturday–Sunday are not.

Holidays and adjusted working days come from the ``Holiday`` table, seeded from
``chinese-calendar`` and extended by administrators each year (the State Council publishes
next year's schedule every autumn).  A day of a year that has no ``CalendarYear`` row is
judged on weekends only (rule 3) and any answer that relied on such a day is *provisional*
(暂定): it lists those years in ``provisional_years``.

Every call loads what it needs for its whole range with one query; never one per day.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta

from django.db.models import FilteredRelation, Q

from govit.core.errors import InvalidInput

from .models import CalendarYear, Holiday

WEEKDAY_LABELS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# Bounds that keep every call cheap (the API is open to every signed-in user).
MAX_WORKING_DAYS = 5000  # about twenty years of working days
MAX_SPAN_DAYS = 100 * 366


def weekday_label(day: date) -> str:
    """``星期一`` … ``星期日``."""
    return WEEKDAY_LABELS[day.weekday()]


def provisional_note(years: tuple[int, ...]) -> str:
    """``暂定：2027 年节假日安排尚未录入，按周末推算`` (empty when ``years`` is empty)."""
    if not years:
        return ""
    return f"暂定：{'、'.join(str(y) for y in years)} 年节假日安排尚未录入，按周末推算"


def provisional_note_en(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    listed = ", ".join(str(y) for y in years)
    return (
        f"provisional: the holiday schedule for {listed} has not been entered yet; "
        "counted on weekends only"
    )


@dataclass(frozen=True, kw_only=True)
class _Provisional:
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        """True when a day of a year without an entered schedule was judged (暂定)."""
        return bool(self.provisional_years)

    @property
    def note(self) -> str:
        return provisional_note(self.provisional_years)

    @property
    def note_en(self) -> str:
        return provisional_note_en(self.provisional_years)


@dataclass(frozen=True, kw_only=True)
class WorkdayAnswer(_Provisional):
    """The Nth working day after a date."""

    date: date

    @property
    def weekday(self) -> str:
        return weekday_label(self.date)


@dataclass(frozen=True, kw_only=True)
class WorkdayCount(_Provisional):
    """How many working days lie between two dates (see ``working_days_between``)."""

    count: int


@dataclass(frozen=True)
class WorkingCalendar:
    """The schedule of ``first``..``last`` (inclusive), loaded with one query.

    For bulk work (a scan of many deadlines): load once, ask ``is_working_day`` many times.
    """

    first: date
    last: date
    known_years: frozenset[int]
    holidays: frozenset[date]
    workdays: frozenset[date]

    @classmethod
    def load(cls, first: date, last: date) -> WorkingCalendar:
        first, last = _plain_date(first), _plain_date(last)
        if last < first:
            first, last = last, first
        # One LEFT JOIN: each entered year of the range with its special days in the range
        # (a year with none in the range still comes back once, with NULLs).
        rows = (
            CalendarYear.objects.filter(year__gte=first.year, year__lte=last.year)
            .annotate(
                special=FilteredRelation(
                    "days", condition=Q(days__date__gte=first, days__date__lte=last)
                )
            )
            .values_list("year", "special__date", "special__kind")
        )
        known: set[int] = set()
        holidays: set[date] = set()
        workdays: set[date] = set()
        for year, day, kind in rows:
            known.add(year)
            if day is None:
                continue
            (workdays if kind == Holiday.Kind.WORKDAY else holidays).add(day)
        return cls(first, last, frozenset(known), frozenset(holidays), frozenset(workdays))

    def is_known(self, day: date) -> bool:
        """Whether ``day``'s year has an entered schedule (else it is judged on weekends only)."""
        return day.year in self.known_years

    def is_working_day(self, day: date) -> bool:
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} is outside the loaded range {self.first}..{self.last}")
        if day.year in self.known_years:
            if day in self.workdays:
                return True
            if day in self.holidays:
                return False
        return day.weekday() < 5


def _plain_date(value: date) -> date:
    # A datetime is a date too, but comparing one with a date raises; and which calendar day
    # an aware datetime falls on depends on the time zone, so the caller must decide.
    if isinstance(value, datetime):
        raise TypeError("pass a date (e.g. timezone.localdate(moment)), not a datetime")
    return value


def _shift(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise InvalidInput(
            "日期超出可计算的范围", message_en="Date out of the supported range"
        ) from None


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day (weekends only for a year not yet entered)."""
    day = _plain_date(day)
    return WorkingCalendar.load(day, day).is_working_day(day)


def add_working_days(start: date, n: int) -> WorkdayAnswer:
    """The Nth working day after ``start`` (Art. 16: the signing day itself is not counted).

    ``n = 0`` returns ``start`` itself; ``n`` must be between 0 and ``MAX_WORKING_DAYS``.
    ``provisional_years`` lists the not-yet-entered years among the days after ``start`` up
    to the answer.
    """
    start = _plain_date(start)
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_WORKING_DAYS:
        raise InvalidInput(
            f"工作日数应为 0 至 {MAX_WORKING_DAYS} 之间的整数",
            message_en=f"n must be an integer between 0 and {MAX_WORKING_DAYS}",
            field="n",
        )
    if n == 0:
        return WorkdayAnswer(provisional_years=(), date=start)
    remaining, unknown_years = n, set()
    after = start
    # A window of 2n + 30 calendar days holds n working days in any real schedule (the
    # longest closures are about ten days); the loop is only a safety net.
    window = 2 * n + 30
    while True:
        first = _shift(after, 1)
        last = date.max if (date.max - after).days < window else after + timedelta(days=window)
        calendar = WorkingCalendar.load(first, last)
        day = first
        while day <= last:
            if not calendar.is_known(day):
                unknown_years.add(day.year)
            if calendar.is_working_day(day):
                remaining -= 1
                if remaining == 0:
                    return WorkdayAnswer(provisional_years=tuple(sorted(unknown_years)), date=day)
            day = _shift(day, 1)
        after = last


def working_days_between(start: date, end: date) -> WorkdayCount:
    """Working days in the half-open interval (``start``, ``end``]; negative when end < start.

    So ``add_working_days(a, n).date == b`` implies ``working_days_between(a, b).count == n``,
    and ``working_days_between(a, b).count == -working_days_between(b, a).count``.  Used for
    "days late": ``working_days_between(due_date, filed_on)`` is positive when filed late.
    """
    start, end = _plain_date(start), _plain_date(end)
    if start == end:
        return WorkdayCount(provisional_years=(), count=0)
    sign, low, high = (1, start, end) if start < end else (-1, end, start)
    if (high - low).days > MAX_SPAN_DAYS:
        raise InvalidInput(
            "两个日期相距不能超过 100 年",
            message_en="The two dates may be at most 100 years apart",
            field="end",
        )
    first = _shift(low, 1)
    calendar = WorkingCalendar.load(first, high)
    count, unknown_years = 0, set()
    day = first
    while True:
        if not calendar.is_known(day):
            unknown_years.add(day.year)
        if calendar.is_working_day(day):
            count += 1
        if day == high:
            break
        day = _shift(day, 1)
    return WorkdayCount(provisional_years=tuple(sorted(unknown_years)), count=sign * count)


def add_months(start: date, months: int) -> date:
    """Same day ``months`` calendar months later, clamped to the month's last day.

    For Art. 23 (半年 = 6 months) and Art. 24 (12–24 months): 2026-08-31 + 6 → 2027-02-28.
    """
    start = _plain_date(start)
    year, month_index = divmod(start.year * 12 + (start.month - 1) + months, 12)
    if not MINYEAR <= year <= MAXYEAR:
        raise InvalidInput("日期超出可计算的范围", message_en="Date out of the supported range")
    month = month_index + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


@dataclass(frozen=True)
class YearSchedule:
    """A year's entered schedule, for the calendar page."""

    year: int
    entry: CalendarYear | None
    days: tuple[Holiday, ...]

    @property
    def entered(self) -> bool:
        return self.entry is not None


def year_schedule(year: int) -> YearSchedule:
    entry = CalendarYear.objects.filter(year=year).first()
    days = tuple(Holiday.objects.filter(calendar_year_id=year).order_by("date")) if entry else ()
    return YearSchedule(year=year, entry=entry, days=days)
