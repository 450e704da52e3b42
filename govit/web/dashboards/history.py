"""历史记录检索: the audit bureau's (and BDB's) search over the history — by object (type, id
or text of its name/code), by project, by actor, by action and by date range — newest first,
one keyset page at a time, and the filtered result as an Excel 台账.

Scope: the events of the people of the user's jurisdiction, and every event about a project
the user may see (which also brings in the system's own events, such as a deadline becoming
overdue, and a county's releases of its share of a city project).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govit.accounts.models import Organisation, User
from govit.audit.models import Event, EventQuerySet
from govit.core.errors import InvalidInput
from govit.core.excel import Column
from govit.core.inputs import parse_date
from govit.projects.selectors import projects_for

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
# ``audit.Event.project_id`` (the project an event concerns) is filled for new events; an
# older database without the column is searched by organisation only.
EVENTS_NAME_PROJECTS = any(field.name == "project_id" for field in Event._meta.get_fields())


def object_types() -> list[tuple[str, str]]:
    """Every record type of the platform (``projects.project`` → 项目), by its Chinese name."""
    return sorted(
        (
            (model._meta.label_lower, str(model._meta.verbose_name))
            for model in apps.get_models()
            if model.__module__.startswith("govit.")
        ),
        key=lambda item: item[0],
    )


TEXT = {"class": "form-control form-control-sm"}


class HistoryForm(forms.Form):
    """The query string of ``web:history_search``."""

    object_type = forms.ChoiceField(
        label=gettext_lazy("对象类型"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    object = forms.CharField(
        label=gettext_lazy("对象编号（数字）或名称、编码"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=TEXT),
    )
    project = forms.CharField(
        label=gettext_lazy("项目编码或编号"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs=TEXT),
    )
    actor = forms.CharField(
        label=gettext_lazy("操作人（姓名或用户名）"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs=TEXT),
    )
    action = forms.CharField(
        label=gettext_lazy("操作代码（前缀，如 funds.）"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs=TEXT),
    )
    since = forms.CharField(
        label=gettext_lazy("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )
    until = forms.CharField(
        label=gettext_lazy("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("全部")), *object_types()]
        self.fields["object_type"].choices = choices  # type: ignore[attr-defined]
        if not EVENTS_NAME_PROJECTS:
            del self.fields["project"]

    def _date(self, name: str, label: str) -> date | None:
        value = self.cleaned_data.get(name)
        if not value:
            return None
        try:
            return parse_date(value, field=name, label=label)
        except InvalidInput as error:
            raise forms.ValidationError(error.message) from None

    def clean_since(self) -> date | None:
        return self._date("since", _("起始日期"))

    def clean_until(self) -> date | None:
        return self._date("until", _("结束日期"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("结束日期不能早于起始日期，请调整日期范围"))
        return data

    def filters(self) -> HistoryFilter:
        """The parsed filter (empty when the form is invalid: the page shows the errors)."""
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return HistoryFilter(
            object_type=data.get("object_type") or "",
            object=(data.get("object") or "").strip(),
            project=(data.get("project") or "").strip(),
            actor=(data.get("actor") or "").strip(),
            action=(data.get("action") or "").strip(),
            since=data.get("since"),
            until=data.get("until"),
        )


@dataclass(frozen=True)
class HistoryFilter:
    object_type: str = ""
    object: str = ""
    project: str = ""
    actor: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None

    def description(self) -> list[str]:
        """The filter in words, for the export's 说明 sheet."""
        parts = [
            (_("对象类型"), self.object_type),
            (_("对象"), self.object),
            (_("项目"), self.project),
            (_("操作人"), self.actor),
            (_("操作"), self.action),
            (_("起始日期"), self.since.isoformat() if self.since else ""),
            (_("结束日期"), self.until.isoformat() if self.until else ""),
        ]
        return [f"{label}：{value}" for label, value in parts if value]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _project_pk(user: User, text: str) -> int | None:
    """The project named by its code or number, within the user's scope (one query)."""
    condition = Q(code=text)
    if text.isdigit():
        condition |= Q(pk=int(text))
    found = projects_for(user).filter(condition).values_list("pk", flat=True).first()
    return int(found) if found is not None else None


def events_for(user: User) -> EventQuerySet:
    """The events ``user`` may search (none for a role without history access)."""
    if user.organisation is None:
        return Event.objects.none()
    colleagues = Organisation.objects.filter(
        jurisdiction_id=user.organisation.jurisdiction_id
    ).values("pk")
    condition = Q(organisation_id__in=colleagues)
    if EVENTS_NAME_PROJECTS:
        condition |= Q(project_id__in=projects_for(user).values("pk"))
    return Event.objects.filter(condition)


def search(user: User, chosen: HistoryFilter) -> EventQuerySet:
    """The user's events matching ``chosen``, newest first."""
    events = events_for(user)
    if chosen.object_type:
        events = events.filter(object_type=chosen.object_type)
    if chosen.object.isdigit():
        events = events.filter(object_id=chosen.object)  # a record's number
    elif chosen.object:
        events = events.filter(object_repr__icontains=chosen.object)  # its name or code
    if chosen.project and EVENTS_NAME_PROJECTS:
        project_pk = _project_pk(user, chosen.project)
        # A project outside the user's scope (or no such project) matches nothing.
        events = events.filter(project_id=project_pk) if project_pk else events.none()
    if chosen.actor:
        events = events.filter(
            Q(actor_name__icontains=chosen.actor) | Q(actor__username=chosen.actor)
        )
    if chosen.action:
        events = events.filter(action__startswith=chosen.action)
    if chosen.since:
        events = events.filter(occurred_at__gte=_day_start(chosen.since))
    if chosen.until:
        events = events.filter(occurred_at__lt=_day_start(chosen.until + timedelta(days=1)))
    return events.order_by("-seq")


@dataclass(frozen=True)
class HistoryPage:
    events: list[Event]
    next_before: int | None  # the ``before`` of the next (older) page; None on the last page


def history_page(user: User, chosen: HistoryFilter, before: int | None) -> HistoryPage:
    """One page of results older than sequence number ``before`` (keyset: the cost of a deep
    page is the cost of the first)."""
    events = search(user, chosen).select_related("organisation")
    if before is not None:
        events = events.filter(seq__lt=before)
    found = list(events[: PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE
    shown = found[:PAGE_SIZE]
    return HistoryPage(shown, shown[-1].seq if more and shown else None)


EXPORT_COLUMNS = [
    Column("序号", 10),
    Column("时间", 18),
    Column("操作人", 14),
    Column("操作人组织", 22),
    Column("操作", 28),
    Column("对象类型", 22),
    Column("对象编号", 10),
    Column("对象", 40),
    Column("理由", 40),
    Column("请求编号", 20),
    Column("客户端地址", 16),
]


def export_rows(user: User, chosen: HistoryFilter) -> Iterator[list[Any]]:
    """The filtered events, newest first, at most ``EXPORT_LIMIT`` of them."""
    events = search(user, chosen).select_related("organisation")[:EXPORT_LIMIT]
    for event in events.iterator(chunk_size=2000):
        yield [
            event.seq,
            timezone.localtime(event.occurred_at),
            event.actor_name,
            event.organisation.name if event.organisation else "",
            event.action,
            event.object_type,
            event.object_id,
            event.object_repr,
            event.reason,
            event.request_id,
            event.client_ip,
        ]


def export_notes(chosen: HistoryFilter) -> list[str]:
    return [
        _("历史记录检索导出（按序号从新到旧）"),
        _("导出时间：%(now)s") % {"now": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        *chosen.description(),
        _("最多导出 %(limit)s 条；如需更多，请缩小日期范围后分批导出。")
        % {"limit": f"{EXPORT_LIMIT:,}"},
    ]
