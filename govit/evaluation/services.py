"""Writes of the post-evaluation stage: one transaction each, validated first, audited.

- ``self_evaluation_submit``: the owning unit's self-evaluation (Art. 8, 24) → ``self_evaluate``;
- ``assignment_commission``: BDB commissions a third-party evaluator (Art. 24);
- ``assignment_submit``: the evaluator records score, conclusion and report → ``evaluate``.

Events are recorded on the project, so that its history tells the whole story; the lifecycle
engine writes its own transition event next to ours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.applications.models import DocumentKind, Indicator
from govit.applications.reports import parse_report, store_report
from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.inputs import optional_text, parse_date, required_text
from govit.obligations.services import key_of, obligation_fulfil
from govit.projects.models import Project
from govit.projects.workflow import PROJECT_MACHINE

from .models import EvaluationAssignment, IndicatorResult, SelfEvaluation
from .selectors import EVALUABLE_STATES, is_bdb
from .windows import ARTICLE, self_evaluation_window

MAX_TEXT = 5000
_INTEGER = re.compile(r"[+-]?[0-9]{1,6}", re.ASCII)


# --- parsing ------------------------------------------------------------------------------
def parse_score(value: Any, *, field: str, label: str) -> int:
    """An integer score 0–100 (``"85"`` and ``85`` alike; ``85.5``, ``-1``, ``101`` refused)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"请填写{label}", message_en=f"{field} is required", field=field)
    text = str(value).strip()
    if isinstance(value, bool) or not isinstance(value, str | int) or not _INTEGER.fullmatch(text):
        raise InvalidInput(
            f"{label}应为 0–100 的整数",
            message_en=f"{field} must be an integer from 0 to 100",
            field=field,
        )
    score = int(text)
    if not 0 <= score <= 100:
        raise InvalidInput(
            f"{label}应在 0–100 之间（填写的是 {score}）",
            message_en=f"{field} must be between 0 and 100",
            field=field,
        )
    return score


YES = {"yes", "true", "1", "是", "达到", "met"}
NO = {"no", "false", "0", "否", "未达到", "not_met"}


def parse_met(value: Any, *, field: str, label: str) -> bool:
    """Whether an indicator met its target: a bool, or yes/no in words."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in YES:
        return True
    if text in NO:
        return False
    raise InvalidInput(
        f"请选择「{label}」是否达到目标值",
        message_en=f"{field}: say whether the target was met (yes/no)",
        field=field,
    )


# --- shared checks ------------------------------------------------------------------------
def _locked(project: Project) -> Project:
    """The project row, locked for the rest of the transaction."""
    return Project.objects.with_owner().select_for_update(of=("self",)).get(pk=project.pk)


def _require_state(project: Project, states: Sequence[str], action: str) -> None:
    if project.state not in states:
        wanted = "、".join(PROJECT_MACHINE.states[s].label for s in states)
        raise RuleViolation(
            deny(
                f"项目当前状态为「{project.state_label}」，只有「{wanted}」的项目可以{action}",
                ARTICLE,
                en=f"Not possible in state {project.state!r} (needs {', '.join(states)})",
            )
        )


def _require_transition(project: Project, by: User, code: str) -> None:
    """The engine's own check (roles and guards), before anything is written."""
    decision = PROJECT_MACHINE.check(project, by, code)
    if not decision.allowed:
        raise RuleViolation(decision)


# --- self-evaluation (Art. 8, 24) ---------------------------------------------------------
@dataclass(frozen=True)
class ResultInput:
    """What the unit typed for one pre-performance indicator."""

    indicator_id: Any
    actual_value: Any
    met: Any
    note: Any = ""


@dataclass(frozen=True)
class _ParsedResult:
    indicator: Indicator
    actual_value: str
    met: bool
    note: str


def indicators_of(project: Project) -> list[Indicator]:
    """The project's pre-performance indicators (Art. 8), in the order they were written."""
    return list(Indicator.objects.filter(pre_evaluation__project=project).order_by("id"))


def _parse_results(
    indicators: list[Indicator], results: Sequence[ResultInput]
) -> list[_ParsedResult]:
    by_id: dict[int, ResultInput] = {}
    known = {indicator.pk for indicator in indicators}
    for item in results:
        try:
            indicator_id = int(item.indicator_id)
        except (TypeError, ValueError):
            indicator_id = -1
        if indicator_id not in known:
            raise InvalidInput(
                "绩效指标不属于本项目的事前绩效评估",
                message_en="The indicator is not one of this project's (Art. 8)",
                field="results",
            )
        if indicator_id in by_id:
            raise InvalidInput(
                "同一绩效指标填写了两次", message_en="An indicator appears twice", field="results"
            )
        by_id[indicator_id] = item
    parsed = []
    for indicator in indicators:
        prefix = f"indicator_{indicator.pk}"
        given = by_id.get(indicator.pk)
        if given is None or given.actual_value is None or not str(given.actual_value).strip():
            raise InvalidInput(
                f"请填写绩效指标「{indicator.name}」的实际完成值（目标值 "
                f"{indicator.target_value}{indicator.unit}，第八、二十四条）",
                message_en=f"Every indicator needs its result: {indicator.name!r} has none",
                field=f"{prefix}_actual",
            )
        parsed.append(
            _ParsedResult(
                indicator=indicator,
                actual_value=required_text(
                    given.actual_value,
                    field=f"{prefix}_actual",
                    label=f"「{indicator.name}」实际完成值",
                    max_length=100,
                ),
                met=parse_met(given.met, field=f"{prefix}_met", label=indicator.name),
                note=optional_text(
                    given.note, field=f"{prefix}_note", label="说明", max_length=MAX_TEXT
                ),
            )
        )
    return parsed


def _require_owner_staff(by: User, project: Project) -> None:
    if not by.has_role(Role.UNIT_STAFF) or by.organisation_id != project.organisation_id:
        raise RuleViolation(
            deny(
                "只有项目建设单位的经办人可以提交绩效自评价",
                ARTICLE,
                en="Only staff of the owning unit submit the self-evaluation",
            )
        )


def self_evaluation_submit(
    *,
    project: Project,
    conclusion: Any,
    self_score: Any,
    results: Sequence[ResultInput],
    report: Any = None,
    report_number: Any = "",
    report_date: Any = None,
    by: User,
) -> SelfEvaluation:
    """The owning unit submits its self-evaluation (Art. 24): every pre-performance indicator's
    target against its result (Art. 8), a conclusion, a self score 0–100 and the report — for
    a classified candidate (Art. 4) the report's ``report_number`` and ``report_date`` instead.

    Refused before the window opens (with the opening date); after it closes it is accepted
    and marked late with the calendar days late.  The project moves to ``self_evaluated``.
    """
    _require_owner_staff(by, project)
    conclusion = required_text(
        conclusion, field="conclusion", label="自评价结论", max_length=MAX_TEXT
    )
    score = parse_score(self_score, field="self_score", label="自评得分")
    parsed_report = parse_report(
        project=project,
        file=report,
        number=report_number,
        dated=report_date,
        field="report",
        label="绩效自评价报告",
        label_en="self-evaluation report",
    )
    with transaction.atomic():
        locked = _locked(project)
        _require_state(locked, ["in_operation"], "提交绩效自评价")
        _require_transition(locked, by, "self_evaluate")
        parsed = _parse_results(indicators_of(locked), results)
        window = self_evaluation_window(locked)
        if window is None:  # pragma: no cover - the guard refused already
            raise RuleViolation(deny("自评价时间无法确定", ARTICLE))
        document = store_report(
            parsed_report,
            project=locked,
            kind=DocumentKind.SELF_EVALUATION_REPORT,
            title="绩效自评价报告",
            by=by,
        )
        evaluation = SelfEvaluation.objects.create(
            project=locked,
            conclusion=conclusion,
            self_score=score,
            report=document,
            window_opens_on=window.opens,
            window_closes_on=window.closes,
            submitted_on=window.today,
            days_late=window.days_late,
            by=by,
        )
        IndicatorResult.objects.bulk_create(
            [
                IndicatorResult(
                    self_evaluation=evaluation,
                    indicator=item.indicator,
                    indicator_name=item.indicator.name,
                    target_value=item.indicator.target_value,
                    unit=item.indicator.unit,
                    actual_value=item.actual_value,
                    met=item.met,
                    note=item.note,
                )
                for item in parsed
            ]
        )
        # The window opened at go-live is fulfilled (late by calendar days after it closed).
        obligation_fulfil(key=key_of(locked, "self_evaluation"), on=window.today, by=by)
        record(
            action="evaluation.self_evaluation_submit",
            obj=locked,
            by=by,
            after={
                "self_evaluation_id": evaluation.pk,
                "self_score": score,
                "report_id": document.pk,
                "window_opens_on": window.opens,
                "window_closes_on": window.closes,
                "submitted_on": window.today,
                "days_late": window.days_late,
                "results": [
                    {
                        "indicator_id": item.indicator.pk,
                        "target_value": item.indicator.target_value,
                        "actual_value": item.actual_value,
                        "met": item.met,
                    }
                    for item in parsed
                ],
            },
            reason=conclusion,
        )
        PROJECT_MACHINE.execute(
            locked,
            "self_evaluate",
            by=by,
            reason=conclusion,
            data={
                "self_evaluation_id": evaluation.pk,
                "self_score": score,
                "days_late": window.days_late,
            },
        )
    return evaluation


# --- third-party evaluation (Art. 24) -----------------------------------------------------
def _evaluator_organisation(value: Any) -> Organisation:
    # Read afresh: an organisation deactivated meanwhile is no longer commissioned.
    pk = value.pk if isinstance(value, Organisation) else value
    try:
        organisation = Organisation.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        organisation = None
    if (
        organisation is None
        or organisation.function != Organisation.Function.EVALUATOR
        or not organisation.is_active
    ):
        raise InvalidInput(
            "请选择第三方评价机构（须为在册、启用的评价机构）",
            message_en="Choose an active third-party evaluator organisation",
            field="evaluator",
        )
    return organisation


def _assignment_facts(assignment: EvaluationAssignment) -> dict[str, Any]:
    return {
        "assignment_id": assignment.pk,
        "evaluator": assignment.evaluator.name,
        "scope": assignment.scope,
        "due_on": assignment.due_on,
        "state": assignment.state,
        "score": assignment.score,
        "report_id": assignment.report_id,
        "submitted_on": assignment.submitted_on,
    }


def assignment_commission(
    *, project: Project, evaluator: Any, scope: Any, due_on: Any, by: User
) -> EvaluationAssignment:
    """BDB (staff or leader) commissions a third-party evaluator for a project in operation
    (Art. 24): scope and a due date after today; one open commission per project."""
    if not is_bdb(by, project):
        raise RuleViolation(
            deny(
                "只有本行政区域的大数据局可以委托第三方绩效评价",
                ARTICLE,
                en="Only the Big Data Bureau of the project's jurisdiction commissions evaluations",
            )
        )
    organisation = _evaluator_organisation(evaluator)
    scope = required_text(scope, field="scope", label="评价范围与要求", max_length=MAX_TEXT)
    due = parse_date(due_on, field="due_on", label="要求完成日期")
    today = timezone.localdate()
    if due <= today:
        raise InvalidInput(
            f"要求完成日期应晚于今天（{today.isoformat()}）",
            message_en="The due date must be after today",
            field="due_on",
        )
    with transaction.atomic():
        locked = _locked(project)
        _require_state(locked, EVALUABLE_STATES, "委托第三方绩效评价")
        current = (
            EvaluationAssignment.objects.filter(
                project=locked, state=EvaluationAssignment.State.COMMISSIONED
            )
            .select_related("evaluator")
            .first()
        )
        if current is not None:
            raise RuleViolation(
                deny(
                    f"本项目已委托「{current.evaluator.name}」开展绩效评价"
                    f"（要求 {current.due_on.isoformat()} 前完成），尚未提交，不能重复委托",
                    ARTICLE,
                    en="An open commission exists for this project",
                )
            )
        assignment = EvaluationAssignment.objects.create(
            project=locked,
            evaluator=organisation,
            scope=scope,
            due_on=due,
            commissioned_by=by,
        )
        record(
            action="evaluation.assignment_commission",
            obj=locked,
            by=by,
            after=_assignment_facts(assignment),
        )
    return assignment


def assignment_withdraw(
    *, assignment: EvaluationAssignment, reason: Any, by: User
) -> EvaluationAssignment:
    """BDB withdraws a commission that is still open, with a reason (Art. 24); the evaluator
    no longer sees it, and BDB may commission again."""
    project = assignment.project
    if not is_bdb(by, project):
        raise RuleViolation(
            deny(
                "只有本行政区域的大数据局可以撤回第三方绩效评价委托",
                ARTICLE,
                en="Only the Big Data Bureau of the project's jurisdiction withdraws commissions",
            )
        )
    text = required_text(reason, field="reason", label="撤回理由", max_length=MAX_TEXT)
    with transaction.atomic():
        locked = _locked(project)
        row = (
            EvaluationAssignment.objects.select_for_update()
            .select_related("evaluator")
            .get(pk=assignment.pk, project=locked)
        )
        if row.state != EvaluationAssignment.State.COMMISSIONED:
            raise RuleViolation(
                deny(
                    f"该委托{row.get_state_display()}，只有待提交的委托可以撤回",
                    ARTICLE,
                    en="Only an open commission can be withdrawn",
                )
            )
        before = _assignment_facts(row)
        row.state = EvaluationAssignment.State.WITHDRAWN
        row.withdrawn_by, row.withdrawn_at, row.withdrawal_reason = by, timezone.now(), text
        row.save(update_fields=["state", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
        record(
            action="evaluation.assignment_withdraw",
            obj=locked,
            by=by,
            before=before,
            after=_assignment_facts(row),
            reason=text,
        )
    return row


def assignment_submit(
    *,
    assignment: EvaluationAssignment,
    score: Any,
    conclusion: Any,
    report: Any = None,
    report_number: Any = "",
    report_date: Any = None,
    by: User,
) -> EvaluationAssignment:
    """The commissioned evaluator records its score 0–100, conclusion and report (Art. 24) —
    for a classified candidate (Art. 4) the report's ``report_number`` and ``report_date``
    instead; the project moves to ``evaluated``.  A submission after the due date is kept,
    marked late."""
    if not by.has_role(Role.EVALUATOR) or by.organisation_id != assignment.evaluator_id:
        raise RuleViolation(
            deny(
                "只有受委托的第三方评价机构可以提交本项绩效评价",
                ARTICLE,
                en="Only the commissioned evaluator submits this evaluation",
            )
        )
    parsed_score = parse_score(score, field="score", label="评价得分")
    conclusion = required_text(
        conclusion, field="conclusion", label="评价结论", max_length=MAX_TEXT
    )
    parsed_report = parse_report(
        project=assignment.project,
        file=report,
        number=report_number,
        dated=report_date,
        field="report",
        label="第三方绩效评价报告",
        label_en="third-party evaluation report",
    )
    with transaction.atomic():
        locked = _locked(assignment.project)
        current = (
            EvaluationAssignment.objects.select_for_update(of=("self",))
            .select_related("evaluator")
            .get(pk=assignment.pk)
        )
        if not current.is_open:
            raise RuleViolation(
                deny(
                    "该项绩效评价已提交，不能重复提交",
                    ARTICLE,
                    en="This evaluation has been submitted already",
                )
            )
        _require_state(locked, EVALUABLE_STATES, "提交第三方绩效评价")
        _require_transition(locked, by, "evaluate")
        before = _assignment_facts(current)
        document = store_report(
            parsed_report,
            project=locked,
            kind=DocumentKind.EVALUATION_REPORT,
            title="第三方绩效评价报告",
            by=by,
        )
        # The transition first: its guard wants the commission still open.
        PROJECT_MACHINE.execute(
            locked,
            "evaluate",
            by=by,
            reason=conclusion,
            data={"assignment_id": current.pk, "score": parsed_score},
        )
        current.state = EvaluationAssignment.State.SUBMITTED
        current.score = parsed_score
        current.conclusion = conclusion
        current.report = document
        current.submitted_on = timezone.localdate()
        current.submitted_by = by
        current.submitted_at = timezone.now()
        current.save()
        record(
            action="evaluation.assignment_submit",
            obj=locked,
            by=by,
            before=before,
            after={**_assignment_facts(current), "days_late": current.days_late},
            reason=conclusion,
        )
    return current
