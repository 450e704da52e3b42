"""The list of obligations (期限事项台账): the drill-down of the compliance map and the Excel
export, declared once (``govit.core.listing``).  The query parameters are those the map's
links use: ``state``, ``kind``, ``article``, ``responsible``, ``project``."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from govit.core.listing import Column, Filter, Listing

from .models import ObligationKind, ObligationQuerySet, ObligationState
from .selectors import STATE_FILTERS, UNFINISHED


def _state(queryset: ObligationQuerySet, value: str) -> ObligationQuerySet:
    return queryset.unfinished() if value == UNFINISHED else queryset.filter(state=value)


def _article(raw: str) -> int:
    article = int(raw)
    if not 1 <= article <= 99:
        raise ValueError(raw)
    return article


def _positive(raw: str) -> int:
    number = int(raw)
    if number < 1:
        raise ValueError(raw)
    return number


# Overdue first, then by due date: what needs doing now comes first.
URGENCY = (
    Case(
        When(state=ObligationState.OVERDUE, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    ),
    "due_on",
)

OBLIGATIONS = Listing(
    key="obligations",
    title=_("期限事项台账"),
    export_name="期限事项台账",
    columns=(
        Column("kind", _("事项"), lambda o: o.get_kind_display(), sort="kind", width=14),
        Column("title", _("事项说明"), lambda o: o.title, page=False, width=36),
        Column(
            "project_code",
            _("项目编码"),
            lambda o: o.project.code if o.project else "",
            page=False,
            width=22,
        ),
        Column(
            "project",
            _("项目"),
            lambda o: o.project.name if o.project else "",
            sort="project__code",
            width=30,
        ),
        Column(
            "responsible",
            _("责任单位"),
            lambda o: o.responsible.name,
            sort="responsible__name",
            width=22,
        ),
        Column("article", _("依据"), lambda o: o.article_text, sort="article", width=10),
        Column("opened", _("产生日期"), lambda o: o.opened_on, page=False),
        Column("due", _("截止日期"), lambda o: o.due_on, sort="due_on"),
        Column("provisional", _("截止日期暂定"), lambda o: o.due_provisional, page=False),
        Column("left", _("剩余/逾期"), export=False),
        Column("state", _("状态"), lambda o: o.get_state_display(), sort="state", width=10),
        Column("fulfilled", _("履行日期"), lambda o: o.fulfilled_on, page=False),
        Column(
            "days_late",
            _("逾期天数"),
            lambda o: o.days_late,
            page=False,
            width=10,
        ),
        Column("day_count", _("逾期计算"), lambda o: o.get_day_count_display(), page=False),
        Column("step", _("办理"), export=False),
    ),
    default_sort="urgency",
    sorts={"urgency": URGENCY},
    filters=(
        Filter("state", _("状态"), choices=list(STATE_FILTERS.items()), apply=_state),
        Filter("kind", _("事项"), choices=ObligationKind.choices),
        Filter("article", _("依据条款（第几条）"), parse=_article, input_type="number"),
        Filter(
            "responsible",
            _("仅显示所选责任部门的事项"),
            parse=_positive,
            lookup="responsible_id",
            hidden=True,
        ),
        Filter(
            "project", _("仅显示所选项目的事项"), parse=_positive, lookup="project_id", hidden=True
        ),
    ),
    search=("title", "project__name", "project__code", "responsible__name"),
    search_hint=_("事项说明、项目名称、编码或责任单位"),
)
