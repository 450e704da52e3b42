"""Post-evaluation (Art. 8, 24, 37): the unit's self-evaluation in its window, with a result
for each pre-performance indicator, and the third-party evaluation BDB commissions."""

from __future__ import annotations

from datetime import timedelta

from govit.applications.models import DocumentKind
from govit.evaluation.models import EvaluationAssignment, IndicatorResult, SelfEvaluation

from . import texts
from .base import Builder, day
from .rows import Facts


class EvaluationSteps(Builder):
    """The self-evaluation and the third-party evaluation."""

    def self_evaluation(self) -> None:
        rng = self.rng
        at = self.at("self_evaluated")
        submitted_on = day(at)
        window, _ = self.self_evaluation_window(submitted_on)
        if submitted_on < window.opens:  # the guard would refuse; the story leaves room
            raise RuntimeError("demo: a self-evaluation before its window opens")
        report = self.document(DocumentKind.SELF_EVALUATION_REPORT, "绩效自评价报告", at)
        conclusion = rng.choice(texts.SELF_CONCLUSIONS)
        evaluation = SelfEvaluation(
            project_id=self.project.pk,
            conclusion=conclusion,
            self_score=rng.randint(70, 98),
            report=report,
            window_opens_on=window.opens,
            window_closes_on=window.closes,
            submitted_on=submitted_on,
            days_late=window.days_late,
            by=self.staff,
            at=at,
        )
        self.rows.self_evaluations.append(evaluation)
        results = []
        for indicator in self.indicators:
            actual, met, note = texts.indicator_result(
                rng, indicator.name, indicator.target_value, indicator.unit
            )
            results.append(
                IndicatorResult(
                    self_evaluation=evaluation,
                    indicator=indicator,
                    indicator_name=indicator.name,
                    target_value=indicator.target_value,
                    unit=indicator.unit,
                    actual_value=actual,
                    met=met,
                    note=note,
                )
            )
        self.rows.results += results
        self.event(
            at,
            "evaluation.self_evaluation_submit",
            self.staff,
            lambda: {
                "self_evaluation_id": evaluation.pk,
                "self_score": evaluation.self_score,
                "report_id": report.pk,
                "window_opens_on": window.opens,
                "window_closes_on": window.closes,
                "submitted_on": submitted_on,
                "days_late": window.days_late,
                "results": [
                    {
                        "indicator_id": r.indicator_id,
                        "target_value": r.target_value,
                        "actual_value": r.actual_value,
                        "met": r.met,
                    }
                    for r in results
                ],
            },
            reason=conclusion,
        )
        # The window opened at go-live is fulfilled (late by calendar days after it closed).
        if self.self_evaluation_obligation is not None:
            self.fulfil(self.self_evaluation_obligation, at=at, on=submitted_on, by=self.staff)
        self.transition(
            at, "self_evaluate", self.staff, "in_operation", "self_evaluated",
            reason=conclusion, self_evaluation_id=lambda: evaluation.pk,
            self_score=evaluation.self_score, days_late=window.days_late,
        )  # fmt: skip

    def evaluation(self) -> None:
        if self.evaluator is None:
            return
        rng = self.rng
        organisation_id, evaluator = self.evaluator
        commissioned = self.at("commissioned")
        by = self.bdb if rng.random() < 0.7 else self.leader
        assignment = EvaluationAssignment(
            project_id=self.project.pk,
            evaluator_id=organisation_id,
            scope=texts.EVALUATION_SCOPE,
            due_on=day(commissioned) + timedelta(days=rng.randint(60, 120)),
            commissioned_by=by,
            commissioned_at=commissioned,
        )
        self.rows.assignments.append(assignment)
        evaluator_name = evaluator.organisation.name if evaluator.organisation else ""

        def facts(open_: bool) -> Facts:
            """``_assignment_facts`` of the evaluation service: before or after submission."""
            submitted = not open_ and assignment.state == EvaluationAssignment.State.SUBMITTED
            return {
                "assignment_id": assignment.pk,
                "evaluator": evaluator_name,
                "scope": assignment.scope,
                "due_on": assignment.due_on,
                "state": assignment.state if submitted else EvaluationAssignment.State.COMMISSIONED,
                "score": assignment.score if submitted else None,
                "report_id": assignment.report.pk if submitted and assignment.report else None,
                "submitted_on": assignment.submitted_on if submitted else None,
            }

        self.event(commissioned, "evaluation.assignment_commission", by, lambda: facts(open_=True))
        if self.d.evaluation != "submitted":
            return
        submitted = self.at("evaluated")
        report = self.document(
            DocumentKind.EVALUATION_REPORT, "第三方绩效评价报告", submitted, evaluator
        )
        conclusion = rng.choice(texts.EVALUATION_CONCLUSIONS)
        score = rng.randint(62, 96)
        assignment.state = EvaluationAssignment.State.SUBMITTED
        assignment.score, assignment.conclusion, assignment.report = score, conclusion, report
        assignment.submitted_on = day(submitted)
        assignment.submitted_by, assignment.submitted_at = evaluator, submitted
        source = "self_evaluated" if self.d.self_evaluated else "in_operation"
        self.transition(
            submitted, "evaluate", evaluator, source, "evaluated",
            reason=conclusion, assignment_id=lambda: assignment.pk, score=score,
        )  # fmt: skip
        self.event(
            submitted,
            "evaluation.assignment_submit",
            evaluator,
            lambda: {**facts(open_=False), "days_late": assignment.days_late},
            before=lambda: facts(open_=True),
            reason=conclusion,
        )
