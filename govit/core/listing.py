"""Lists: filters, sorting, Chinese text search, keyset pages and the Excel 台账 of any list.

A list is declared once, as a ``Listing``: its columns (Chinese header, how to read a row,
which database expression sorts it), its filters and the fields its text search looks in.
``list_response`` takes a request and a queryset that a selector has already scoped to the
user and answers with one page of rows or, for ``?export=xlsx``, with every matching row as
an .xlsx — the same filters, the same search, the same order, the same scope.

Pages are keyset (seek) pages: the next page is "the rows after the last row's (sort values,
id)", carried in a signed, opaque cursor ``after=`` (``before=`` goes back).  A deep page
costs what the first page costs; the total is counted only up to ``COUNT_CAP`` (ADR 0009).

Query parameters: ``q`` (search), one per filter key, ``sort`` (a key, ``-key`` descending),
``size`` (20/50/100), ``after``/``before`` (cursors), ``export=xlsx``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import BaseExpression, OrderBy
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .excel import Column as SheetColumn
from .excel import workbook_bytes, xlsx_response

SIZES = (20, 50, 100)
DEFAULT_SIZE = 50
COUNT_CAP = 10_000  # "超过 10,000 条": counting further would cost what paging saves
EXPORT_CAP = 100_000  # one .xlsx; more than this is not a 台账 anybody reads
MAX_TERMS = 5
NAVIGATION_PARAMS = ("after", "before", "export", "page")

Sort = str | BaseExpression  # a field path ("organisation__name") or an expression
Text = str | Promise  # a label: a lazy translation is read in the user's language
Choices = Sequence[tuple[str, Text]]


@dataclass(frozen=True)
class Column:
    """One column: a header of the page's table and/or a column of the Excel 台账.

    ``value`` reads the cell from a row (dates as ``date``, money as ``Decimal``: the sheet
    formats them); ``sort`` names the database field(s) or expression(s) that order the
    column, nothing when the column does not sort.
    """

    key: str
    header: Text
    value: Callable[[Any], Any] = lambda row: ""
    sort: Sort | tuple[Sort, ...] = ()
    money: bool = False
    width: int = 16
    page: bool = True
    export: bool = True

    @property
    def sort_keys(self) -> tuple[Sort, ...]:
        return self.sort if isinstance(self.sort, tuple) else (self.sort,)


@dataclass(frozen=True)
class Filter:
    """A condition chosen on the page: from ``choices`` (fixed, or a function of the user),
    or typed and read by ``parse`` (raises ``ValueError`` on a bad value).

    ``apply(queryset, value)`` narrows the list; by default ``filter(<lookup>=value)``.
    ``hidden`` filters come from links (a drill-down) and have no field on the form.
    ``everything`` is the value that means "no condition" (the first option, 全部).
    """

    key: str
    label: Text
    choices: Choices | Callable[[Any], Choices] | None = None
    parse: Callable[[str], Any] | None = None
    apply: Callable[[Any, Any], QuerySet[Any]] | None = None  # (queryset, value)
    lookup: str = ""
    hidden: bool = False
    everything: str = ""
    input_type: str = "text"

    def narrow(self, queryset: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if self.apply is not None:
            return self.apply(queryset, value)
        return queryset.filter(**{self.lookup or self.key: value})


@dataclass(frozen=True)
class Listing:
    key: str  # names the list for saved filters and cursors ("projects")
    title: Text  # the sheet's title
    export_name: str  # "项目台账" → 项目台账-2026-11-27.xlsx
    columns: tuple[Column, ...]
    default_sort: str  # a sort key, "-" in front for descending
    filters: tuple[Filter, ...] = ()
    search: tuple[str, ...] = ()  # fields the text search looks in (icontains)
    search_hint: Text = ""
    # Orders that no header offers (the obligations' "overdue first, then by due date").
    sorts: Mapping[str, tuple[Sort, ...]] = field(default_factory=dict)

    def sort_expressions(self, key: str) -> tuple[Sort, ...] | None:
        if key in self.sorts:
            return self.sorts[key]
        column = next((c for c in self.columns if c.key == key and c.sort_keys), None)
        return column.sort_keys if column else None


# --- what the request asks for ---------------------------------------------------------------
@dataclass(frozen=True)
class BoundFilter:
    """A filter as the form shows it."""

    key: str
    label: Text
    value: str
    choices: Choices
    hidden: bool
    everything: str
    input_type: str


@dataclass(frozen=True)
class Header:
    label: Text
    href: str  # empty: the column does not sort
    aria_sort: str  # "ascending" / "descending" on the sorted column, else empty


@dataclass
class ListRequest:
    """The parsed query string.  Anything malformed is ignored with a message, never a 500."""

    listing: Listing
    params: QueryDict
    user: Any
    sort: str = ""
    descending: bool = False
    terms: list[str] = field(default_factory=list)
    chosen: list[tuple[Filter, Any]] = field(default_factory=list)
    bound: list[BoundFilter] = field(default_factory=list)
    size: int = DEFAULT_SIZE
    errors: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, listing: Listing, params: QueryDict, user: Any) -> ListRequest:
        state = cls(listing=listing, params=params, user=user)
        requested = params.get("sort", "")
        sort = requested if listing.sort_expressions(requested.lstrip("-")) else ""
        sort = sort or listing.default_sort  # an unknown key: the default order
        state.sort, state.descending = sort.lstrip("-"), sort.startswith("-")
        state.terms = params.get("q", "").split()[:MAX_TERMS]
        size = params.get("size", "")
        state.size = int(size) if size in {str(s) for s in SIZES} else DEFAULT_SIZE
        for item in listing.filters:
            state._bind(item, params.get(item.key, "").strip())
        return state

    def _bind(self, item: Filter, raw: str) -> None:
        choices: Choices = ()
        if item.choices is not None:
            choices = item.choices(self.user) if callable(item.choices) else item.choices
        self.bound.append(
            BoundFilter(
                item.key, item.label, raw, choices, item.hidden, item.everything, item.input_type
            )
        )
        if raw in ("", item.everything):
            return
        try:
            if item.choices is not None:
                if raw not in {value for value, _label in choices}:
                    raise ValueError(raw)
                value: Any = raw
            else:
                value = item.parse(raw) if item.parse else raw
        except (ValueError, TypeError):
            self.errors.append(
                _(
                    "筛选条件“%(label)s”的值“%(value)s”无效，已忽略该条件；请从列表中选择或重新填写。"
                )
                % {"label": item.label, "value": raw[:40]}
            )
            return
        self.chosen.append((item, value))

    @property
    def sort_param(self) -> str:
        return ("-" if self.descending else "") + self.sort

    def url(self, **changes: str | None) -> str:
        """``?…`` of this list with ``changes`` (None removes a parameter) and no cursor."""
        query = self.params.copy()
        for name in NAVIGATION_PARAMS:
            query.pop(name, None)
        for name, value in changes.items():
            query.pop(name, None)
            if value is not None:
                query[name] = value
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def saved_query(self) -> str:
        """The query string a saved filter keeps: everything but the cursor and the export."""
        return self.url()[1:]

    def headers(self) -> list[Header]:
        result = []
        for column in self.listing.columns:
            if not column.page:
                continue
            if not column.sort_keys:
                result.append(Header(str(column.header), "", ""))
                continue
            current = column.key == self.sort
            flip = current and not self.descending
            aria = ("descending" if self.descending else "ascending") if current else ""
            href = self.url(sort=("-" if flip else "") + column.key)
            result.append(Header(str(column.header), href, aria))
        return result

    # --- the queryset ----------------------------------------------------------------------
    def filter(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The scoped queryset narrowed by the chosen filters and the search terms."""
        for item, value in self.chosen:
            queryset = item.narrow(queryset, value)
        for term in self.terms:
            matches = Q()
            for path in self.listing.search:
                matches |= Q(**{f"{path}__icontains": term})
            queryset = queryset.filter(matches)
        return queryset

    def sorted(self, queryset: QuerySet[Any]) -> tuple[QuerySet[Any], list[tuple[str, bool]]]:
        """``queryset`` with its sort values annotated as ``listing_sort_<n>``, and those
        names with whether each may be NULL."""
        expressions = self.listing.sort_expressions(self.sort) or ()
        names = [f"listing_sort_{index}" for index in range(len(expressions))]
        annotated = queryset.annotate(
            **{
                name: F(expr) if isinstance(expr, str) else expr
                for name, expr in zip(names, expressions, strict=True)
            }
        )
        return annotated, [
            (name, _nullable(queryset.model, expr))
            for name, expr in zip(names, expressions, strict=True)
        ]


def _nullable(model: type[Model], expr: Sort) -> bool:
    """Whether a sort value may be NULL (a nullable field on the path; any expression)."""
    if not isinstance(expr, str):
        return True
    current: Any = model
    for part in expr.split("__"):
        try:
            found = current._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            return True
        if getattr(found, "null", False):
            return True
        current = getattr(found, "related_model", None)
    return False


# --- keyset pages ------------------------------------------------------------------------------
def _ordering(keys: list[tuple[str, bool]], *, descending: bool, backward: bool) -> list[OrderBy]:
    """The list's order (NULLs last, ``pk`` breaks ties), or its exact reverse."""
    down = descending != backward
    order = []
    for name, nullable in [*keys, ("pk", False)]:
        nulls = {}
        if nullable:
            nulls = {"nulls_first": True} if backward else {"nulls_last": True}
        order.append(F(name).desc(**nulls) if down else F(name).asc(**nulls))
    return order


def _seek(
    keys: list[tuple[str, bool]], values: list[Any], *, descending: bool, backward: bool
) -> Q:
    """The rows after (or, ``backward``, before) the row whose sort values are ``values``.

    For keys k1, k2 and the pk: k1 beyond v1, or k1 = v1 and k2 beyond v2, or … .  NULL sorts
    after every value, so "after NULL" exists only on a later key.
    """
    greater = descending == backward
    condition = Q(pk__in=[])
    same = Q()
    for (name, nullable), value in zip([*keys, ("pk", False)], values, strict=True):
        if value is None:
            beyond = Q(**{f"{name}__isnull": False}) if backward else None
            equal = Q(**{f"{name}__isnull": True})
        else:
            beyond = Q(**{f"{name}__{'gt' if greater else 'lt'}": value})
            if nullable and not backward:
                beyond |= Q(**{f"{name}__isnull": True})
            equal = Q(**{name: value})
        if beyond is not None:
            condition |= same & beyond
        same &= equal
    return condition


def _dump(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"D": str(value)}
    if isinstance(value, datetime):
        return {"T": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


_READERS: dict[str, Callable[[str], Any]] = {
    "D": Decimal,
    "T": datetime.fromisoformat,
    "d": date.fromisoformat,
}


def _load(value: Any) -> Any:
    if isinstance(value, dict):
        (tag, text), *_rest = value.items()
        return _READERS[tag](text)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError("not a sort value")


def _cursor(listing: Listing, sort: str, values: list[Any]) -> str:
    return signing.dumps([sort, [_dump(v) for v in values]], salt=f"govit.listing.{listing.key}")


def _read_cursor(listing: Listing, sort: str, token: str, width: int) -> list[Any] | None:
    """The sort values of a cursor, or None if it is not ours, is for another order or was
    altered (the list then starts from its first page)."""
    try:
        made_for, values = signing.loads(token, salt=f"govit.listing.{listing.key}")
        if made_for != sort or len(values) != width:
            return None
        return [_load(value) for value in values]
    except (signing.BadSignature, ValueError, TypeError, KeyError, ArithmeticError):
        return None


@dataclass
class Page:
    rows: list[Any]
    next_url: str = ""
    previous_url: str = ""
    first_url: str = ""


def keyset_page(state: ListRequest, filtered: QuerySet[Any]) -> Page:
    """One page of ``filtered`` in ``state``'s order, from its ``after``/``before`` cursor."""
    queryset, keys = state.sorted(filtered)
    width = len(keys) + 1
    backward = bool(state.params.get("before")) and not state.params.get("after")
    token = state.params.get("before" if backward else "after", "")
    values = _read_cursor(state.listing, state.sort_param, token, width) if token else None
    backward = backward and values is not None
    if values is not None:
        queryset = queryset.filter(
            _seek(keys, values, descending=state.descending, backward=backward)
        )
    queryset = queryset.order_by(*_ordering(keys, descending=state.descending, backward=backward))
    rows = list(queryset[: state.size + 1])
    more = len(rows) > state.size
    rows = rows[: state.size]
    if backward:
        rows.reverse()
    page = Page(rows)
    if not rows:
        page.first_url = state.url() if values is not None else ""
        return page

    def cursor_of(row: Any) -> str:
        return _cursor(
            state.listing,
            state.sort_param,
            [getattr(row, name) for name, _nullable in keys] + [row.pk],
        )

    has_previous = more if backward else values is not None
    has_next = True if backward else more
    if has_next:
        page.next_url = state.url(after=cursor_of(rows[-1]))
    if has_previous:
        page.previous_url = state.url(before=cursor_of(rows[0]))
        page.first_url = state.url()
    return page


def capped_count(filtered: QuerySet[Any], cap: int = COUNT_CAP) -> int:
    """How many rows match, counting no further than ``cap + 1`` (one bounded query)."""
    return filtered.order_by()[: cap + 1].count()


def count_text(count: int, cap: int = COUNT_CAP) -> str:
    if count > cap:
        return _("超过 %(n)s 条") % {"n": f"{cap:,}"}
    return _("共 %(n)s 条") % {"n": f"{count:,}"}


# --- the Excel 台账 ------------------------------------------------------------------------
class ExportTooLarge(Exception):
    pass


def _export_rows(columns: Sequence[Column], queryset: QuerySet[Any]) -> Iterator[list[Any]]:
    for row in queryset.iterator(chunk_size=2000):
        yield [column.value(row) for column in columns]


def _conditions(state: ListRequest) -> str:
    """The filters and search of an export, in words, for its 说明 sheet."""
    labels = {bound.key: dict(bound.choices) for bound in state.bound}
    parts = [f"{item.label}={labels[item.key].get(value, value)}" for item, value in state.chosen]
    if state.terms:
        parts.append(f"搜索={' '.join(state.terms)}")
    return "；".join(parts) or "无（全部记录）"


def export_response(
    state: ListRequest, filtered: QuerySet[Any], *, cap: int | None = None
) -> HttpResponse:
    """Every row of ``filtered`` as .xlsx; more than ``cap`` rows raise ``ExportTooLarge``
    (checked first, with a count that stops at ``cap + 1``: two queries in all).

    The 台账 is exchanged between offices: headers and labels are Chinese whatever the
    language of the person who exports it.
    """
    cap = EXPORT_CAP if cap is None else cap
    if capped_count(filtered, cap) > cap:
        raise ExportTooLarge
    listing = state.listing
    columns = [column for column in listing.columns if column.export]
    queryset, keys = state.sorted(filtered)
    queryset = queryset.order_by(*_ordering(keys, descending=state.descending, backward=False))
    now = timezone.localtime()
    with translation.override("zh-hans"):
        content = workbook_bytes(
            sheet_title=str(listing.title),
            columns=[SheetColumn(str(c.header), width=c.width, money=c.money) for c in columns],
            rows=_export_rows(columns, queryset),
            notes=[
                f"{listing.title}（导出时间：{now:%Y-%m-%d %H:%M}，导出人：{state.user}）",
                f"筛选条件：{_conditions(state)}",
                "仅包含导出人权限范围内的记录；金额单位为元。",
            ],
        )
    return xlsx_response(content, f"{listing.export_name}-{now:%Y-%m-%d}.xlsx")


# --- the page ---------------------------------------------------------------------------------
@dataclass
class ListView:
    """What a list template reads as ``listing``."""

    state: ListRequest
    page: Page
    rows: Iterable[Any]
    count: str

    @property
    def headers(self) -> list[Header]:
        return self.state.headers()

    @property
    def filters(self) -> list[BoundFilter]:
        return self.state.bound

    @property
    def errors(self) -> list[str]:
        return self.state.errors

    @property
    def q(self) -> str:
        return " ".join(self.state.terms)

    @property
    def search_hint(self) -> Text:
        return self.state.listing.search_hint

    @property
    def sort(self) -> str:
        return self.state.sort_param

    @property
    def size(self) -> int:
        return self.state.size

    @property
    def sizes(self) -> tuple[int, ...]:
        return SIZES

    @property
    def export_url(self) -> str:
        return self.state.url(export="xlsx")

    @property
    def key(self) -> str:
        return self.state.listing.key

    @property
    def saved_query(self) -> str:
        return self.state.saved_query


def list_response(
    request: HttpRequest,
    listing: Listing,
    queryset: QuerySet[Any],
    *,
    user: Any,
    template: str,
    context: dict[str, Any] | None = None,
    present: Callable[[list[Any]], Iterable[Any]] | None = None,
) -> HttpResponse:
    """The page of ``listing`` over the scoped ``queryset``, or its .xlsx for ``?export=xlsx``.

    ``present`` turns a page's rows into what the template iterates (days left, links …).
    """
    state = ListRequest.parse(listing, request.GET, user)
    filtered = state.filter(queryset)
    if request.GET.get("export") == "xlsx":
        try:
            return export_response(state, filtered)
        except ExportTooLarge:
            state.errors.append(
                _("符合条件的记录超过 %(n)s 条，无法导出；请增加筛选条件后再导出。")
                % {"n": f"{EXPORT_CAP:,}"}
            )
    page = keyset_page(state, filtered)
    view = ListView(
        state=state,
        page=page,
        rows=present(page.rows) if present else page.rows,
        count=count_text(capped_count(filtered)),
    )
    return render(request, template, {**(context or {}), "listing": view})
