"""The records documents are issued from: how to name one, find what a project can have
issued now (one query), load one, and say whether it is ready.

| source              | record                           | ready when                         |
|---------------------|----------------------------------|------------------------------------|
| opinion             | reviews.ApprovalOpinion          | signed (it carries the 文号)       |
| contract            | contracts.Contract               | filed (备案日期 recorded, Art. 16) |
| acceptance_filing   | acceptance.Filing                | always (the row is the filing)     |
| registration        | reviews.IntakeRound (passed)     | the project is 备案类 or 上级项目  |
| supervision_order   | supervision.RectificationOrder   | always (the row is the order)      |
| incident            | construction.Incident            | a rectification was ordered        |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import CharField, DateField, F, QuerySet, Value
from django.db.models.functions import TruncDate

from govit.acceptance.models import Filing
from govit.construction.models import Incident
from govit.contracts.models import Contract
from govit.core.decisions import ALLOW, Decision, deny
from govit.core.errors import InvalidInput
from govit.projects.models import Procedure, Project
from govit.reviews.models import ApprovalOpinion, IntakeRound
from govit.supervision.models import RectificationOrder

from .models import KIND_OF, DocumentKind, SourceType


@dataclass(frozen=True)
class SourceRef:
    """``contract:12``: a source type and the id of its record."""

    type: str
    id: int

    def __str__(self) -> str:
        return f"{self.type}:{self.id}"

    @property
    def kind(self) -> str:
        return KIND_OF[SourceType(self.type)]

    @classmethod
    def parse(cls, value: Any) -> SourceRef:
        if isinstance(value, SourceRef):
            return value
        text = str(value or "").strip()
        type_, _, number = text.partition(":")
        if type_ not in SourceType.values or not number.isdigit() or not number.isascii():
            raise InvalidInput(
                f"公文来源「{text}」无效，应为“来源类型:记录编号”，如 contract:12",
                message_en="source must be '<type>:<id>', e.g. contract:12",
                field="source",
            )
        return cls(type_, int(number))


@dataclass(frozen=True)
class Candidate:
    """A record of the project a document can be issued from now."""

    ref: SourceRef
    label: str  # e.g. the contract number or the inspection's title
    on: date | None  # the day it happened (filed, registered) or its deadline

    @property
    def kind(self) -> str:
        return self.ref.kind

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.kind).label

    @property
    def source_label(self) -> str:
        return SourceType(self.ref.type).label


def _row(queryset: QuerySet[Any], source: str, label: Any, on: Any) -> QuerySet[Any]:
    return (
        queryset.order_by()
        .annotate(
            doc_source=Value(source, output_field=CharField()),
            doc_label=label,
            doc_on=on,
        )
        .values_list("doc_source", "pk", "doc_label", "doc_on")
    )


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def candidates_of(project: Project) -> list[Candidate]:
    """Every record of ``project`` a document can be issued from: one query (a UNION)."""
    parts = [
        _row(
            ApprovalOpinion.objects.filter(
                project=project, state=ApprovalOpinion.State.SIGNED, number__gt=""
            ),
            SourceType.OPINION,
            F("number"),
            F("date"),
        ),
        _row(
            Contract.objects.filter(project=project, filed_on__isnull=False),
            SourceType.CONTRACT,
            F("number"),
            F("filed_on"),
        ),
        _row(
            Filing.objects.filter(project=project),
            SourceType.ACCEPTANCE_FILING,
            F("filing_number"),
            F("filed_on"),
        ),
        _row(
            RectificationOrder.objects.filter(project=project),
            SourceType.SUPERVISION_ORDER,
            F("finding__inspection__title"),
            F("deadline"),
        ),
        _row(
            Incident.objects.filter(project=project, rectification_deadline__isnull=False),
            SourceType.INCIDENT,
            F("kind"),
            F("rectification_deadline"),
        ),
    ]
    if project.procedure == Procedure.FILING or project.upper_level:
        parts.append(
            _row(
                IntakeRound.objects.filter(project=project, outcome=IntakeRound.Outcome.PASSED),
                SourceType.REGISTRATION,
                _text(""),
                TruncDate("at", output_field=DateField()),
            )
        )
    first, *others = parts
    rows = list(first.union(*others, all=True))
    found = [_candidate(source, pk, label, on) for source, pk, label, on in rows]
    # A project registered twice (returned and registered again) has one registration now.
    registrations = [c for c in found if c.ref.type == SourceType.REGISTRATION]
    if len(registrations) > 1:
        latest = max(registrations, key=lambda c: c.ref.id)
        found = [c for c in found if c.ref.type != SourceType.REGISTRATION or c is latest]
    order = list(SourceType.values)
    return sorted(found, key=lambda c: (order.index(c.ref.type), c.ref.id))


def _candidate(source: str, pk: int, label: str | None, on: Any) -> Candidate:
    if source == SourceType.INCIDENT and label in Incident.Kind.values:
        label = Incident.Kind(label).label
    if isinstance(on, str):  # SQLite returns TruncDate of a UNION member as text
        on = date.fromisoformat(on[:10])
    return Candidate(SourceRef(source, pk), label or "", on)


# --- loading one ------------------------------------------------------------------------------
def _querysets() -> dict[str, QuerySet[Any]]:
    return {
        SourceType.OPINION: ApprovalOpinion.objects.prefetch_related("lines"),
        SourceType.CONTRACT: Contract.objects.all(),
        SourceType.ACCEPTANCE_FILING: Filing.objects.select_related("application"),
        SourceType.REGISTRATION: IntakeRound.objects.all(),
        SourceType.SUPERVISION_ORDER: RectificationOrder.objects.select_related(
            "finding__inspection"
        ),
        SourceType.INCIDENT: Incident.objects.all(),
    }


def load(ref: SourceRef) -> Any:
    """The source record (its ``project_id`` names the project), or InvalidInput."""
    found = _querysets()[ref.type].filter(pk=ref.id).first()
    if found is None:
        raise InvalidInput(
            f"找不到{SourceType(ref.type).label}记录 #{ref.id}",
            message_en=f"No {ref.type} record #{ref.id}",
            field="source",
        )
    return found


def ready(ref: SourceRef, record: Any, project: Project) -> Decision:
    """Whether ``record`` can have its document now, with the reason when not."""
    if ref.type == SourceType.OPINION and record.state != ApprovalOpinion.State.SIGNED:
        return deny(
            "审核意见尚未经大数据局领导签发，签发后才能生成审核意见书",
            11,
            en="The approval opinion is not signed yet",
        )
    if ref.type == SourceType.CONTRACT and record.filed_on is None:
        return deny(
            "该合同尚未备案，建设单位登记备案后才能出具备案回执",
            16,
            en="The contract has not been filed yet",
        )
    if ref.type == SourceType.REGISTRATION:
        if record.outcome != IntakeRound.Outcome.PASSED:
            return deny(
                "该轮形式审查未通过，不能出具备案回执", 3, en="This intake round did not pass"
            )
        if project.procedure != Procedure.FILING and not project.upper_level:
            return deny(
                "审批类项目经评审批复，出具审核意见书而不是备案回执",
                3,
                en="Approval projects get an approval opinion, not a filing receipt",
            )
    if ref.type == SourceType.INCIDENT and record.rectification_deadline is None:
        return deny(
            "该情况报告未责令整改，没有可出具的整改通知书",
            20,
            en="No rectification was ordered for this incident",
        )
    return ALLOW
