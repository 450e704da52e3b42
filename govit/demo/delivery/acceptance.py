"""Completion, extension, acceptance rounds with their security results, filing and go-live
(Art. 21–23, 31–33)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from govit.acceptance.models import (
    AcceptanceApplication,
    Completion,
    Conclusion,
    CryptoResult,
    Extension,
    Filing,
    MlpsResult,
)
from govit.applications.models import DocumentKind
from govit.obligations.models import DayCount, ObligationKind
from govit.obligations.services import key_of
from govit.policy.calendar import add_months

from . import texts
from .base import ACCEPTANCE_RULE, Builder, day, iso


class AcceptanceSteps(Builder):
    """From the completion to the system going live."""

    def completion(self) -> date:
        """The completion and its acceptance application due date (returned)."""
        at = self.at("completed")
        completed_on = day(at)
        months_rule = self.ctx.rule(self.project.jurisdiction_id, ACCEPTANCE_RULE, completed_on)
        months = months_rule.as_int()
        due = add_months(completed_on, months)
        completion = Completion(
            project_id=self.project.pk,
            completed_on=completed_on,
            months=months,
            due_on=due,
            pack_code=months_rule.pack.code,
            recorded_by=self.staff,
            recorded_at=at,
        )
        self.rows.completions.append(completion)
        # Applying for acceptance is an obligation of the owning unit (Art. 23, calendar months).
        self.acceptance_obligation = self.obligation(
            ObligationKind.ACCEPTANCE_APPLICATION,
            lambda: key_of(completion),
            lambda: f"「{self.project.name}」申请竣工验收",
            at=at,
            by=self.staff,
            opened_on=completed_on,
            due_on=due,
            day_count=DayCount.CALENDAR,
            pack=months_rule.pack,
        )
        self.event(
            at,
            "acceptance.completion_record",
            self.staff,
            lambda: {
                "completed_on": iso(completed_on),
                "months": months,
                "acceptance_due_on": iso(due),
                "pack": months_rule.pack.code,
                "article": months_rule.article,
            },
        )
        self.transition(
            at, "complete", self.staff, "in_construction", "completed",
            completed_on=iso(completed_on), acceptance_due_on=iso(due),
        )  # fmt: skip
        return due

    def extension(self, previous: date) -> date:
        """An extension of the due date ``previous``; returns the due date after BDB's decision."""
        rng = self.rng
        applied, decided = self.at("extension_applied"), self.at("extension_decided")
        approved = self.d.extension == "approved"
        base = max(previous, day(decided))
        if "extension" in self.d.features:
            base = max(base, self.today)  # the showcase: extended to a day still ahead
            requested = base + timedelta(days=rng.randint(60, 150))
        else:
            requested = base + timedelta(days=rng.randint(30, 120))
        reasons = rng.choice(texts.EXTENSION_REASONS)
        decision = rng.choice(texts.EXTENSION_APPROVALS if approved else texts.EXTENSION_REFUSALS)
        leader = self.leader
        extension = Extension(
            project_id=self.project.pk,
            previous_due_on=previous,
            requested_due_on=requested,
            reasons=reasons,
            state=Extension.State.APPROVED if approved else Extension.State.REJECTED,
            applied_by=self.staff,
            applied_at=applied,
            approved_due_on=requested if approved else None,
            decision_reason=decision,
            decided_by=leader,
            decided_at=decided,
        )
        self.rows.extensions.append(extension)
        self.event(
            applied,
            "acceptance.extension_apply",
            self.staff,
            lambda: {"extension_id": extension.pk, "requested_due_on": iso(requested)},
            before=lambda: {"acceptance_due_on": iso(previous)},
            reason=reasons,
        )
        new_due = requested if approved else previous
        if approved and self.acceptance_obligation is not None:
            self.reschedule(
                self.acceptance_obligation, at=decided, due_on=new_due, reason=decision, by=leader
            )
        self.event(
            decided,
            "acceptance.extension_decide",
            leader,
            lambda: {
                "extension_id": extension.pk,
                "extension_state": extension.state,
                "acceptance_due_on": iso(new_due),
            },
            before=lambda: {"acceptance_due_on": iso(previous), "extension_state": "pending"},
            reason=decision,
        )
        return new_due

    def acceptance(self, due: date) -> AcceptanceApplication | None:
        """The acceptance rounds; returns the round that passed, if any."""
        passed = None
        for number, outcome in enumerate(self.d.rounds, start=1):
            application = self.acceptance_round(number, outcome, due)
            if application.outcome == AcceptanceApplication.Outcome.PASSED:
                passed = application
        return passed

    def acceptance_round(self, number: int, outcome: str, due: date) -> AcceptanceApplication:
        rng = self.rng
        applied = self.at(f"applied_{number}")
        applied_on = day(applied)
        report = self.document(DocumentKind.ACCEPTANCE_REPORT, "验收报告", applied)
        tests = self.document(DocumentKind.TEST_REPORT, "测试报告", applied)
        application = AcceptanceApplication(
            project_id=self.project.pk,
            round_no=number,
            applied_on=applied_on,
            notes=rng.choice(texts.ACCEPTANCE_NOTES),
            acceptance_report=report,
            test_report=tests,
            applied_by=self.staff,
            applied_at=applied,
        )
        self.rows.applications.append(application)
        if self.acceptance_obligation is not None:  # the first round fulfils it
            self.fulfil(self.acceptance_obligation, at=applied, on=applied_on, by=self.staff)
        self.event(
            applied,
            "acceptance.apply",
            self.staff,
            lambda: {
                "application_id": application.pk,
                "round_no": number,
                "applied_on": iso(applied_on),
                "acceptance_due_on": iso(due),
                "acceptance_report_id": report.pk,
                "test_report_id": tests.pk,
            },
        )
        self.transition(
            applied, "apply_acceptance", self.staff, "completed", "acceptance_applied",
            round_no=number,
        )  # fmt: skip
        decided = self.times.get(f"decided_{number}")
        if outcome == "pending":
            roll = rng.random()
            if "crypto_missing" in self.d.features or 0.5 <= roll < 0.8:
                kinds: tuple[str, ...] = ("mlps",)
            else:
                kinds = ("mlps", "crypto") if roll < 0.5 else ()
        else:
            kinds = ("mlps", "crypto")
        failing = ""
        if outcome == "failed":
            failing = "crypto" if rng.random() < 0.7 else "mlps"
        for which in kinds:
            self.security_result(application, number, which, applied, decided, failing == which)
        if outcome == "pending" or decided is None:
            return application
        passed = outcome == "passed"
        decided_on = day(decided)
        if passed:
            opinion, rectification = rng.choice(texts.PASS_OPINIONS), ""
        elif failing == "crypto":
            opinion, rectification = texts.FAIL_OPINION, texts.FAIL_RECTIFICATION
        else:
            opinion, rectification = texts.FAIL_MLPS_OPINION, texts.FAIL_MLPS_RECTIFICATION
        A = AcceptanceApplication.Outcome
        application.outcome = A.PASSED if passed else A.FAILED
        application.decided_on = decided_on
        application.opinion, application.rectification = opinion, rectification
        application.decided_by, application.decided_at = self.bdb, decided
        self.event(
            decided,
            "acceptance.decide",
            self.bdb,
            lambda: {
                "application_id": application.pk,
                "round_no": number,
                "outcome": application.outcome,
                "decided_on": iso(decided_on),
                "rectification": rectification,
            },
            reason=opinion,
        )
        self.transition(
            decided,
            "pass_acceptance" if passed else "fail_acceptance",
            self.bdb,
            "acceptance_applied",
            "accepted" if passed else "completed",
            reason=opinion if passed else f"{opinion}\n整改要求：{rectification}",
            round_no=number,
            decided_on=iso(decided_on),
        )
        return application

    def security_result(
        self,
        application: AcceptanceApplication,
        number: int,
        which: str,
        applied: datetime,
        decided: datetime | None,
        failing: bool,
    ) -> None:
        """The MLPS assessment or the crypto evaluation of a round (Art. 31–33)."""
        rng = self.rng
        at = self.between(applied, decided or self.now)
        tested_on = day(applied) - timedelta(days=rng.randint(5, 40))
        if failing:
            conclusion = Conclusion.NOT_CONFORMS
        else:
            conclusion = rng.choice((Conclusion.CONFORMS, Conclusion.BASICALLY_CONFORMS))
        if which == "mlps":
            report = self.document(DocumentKind.MLPS_RESULT, "等级保护测评报告", at)
            mlps = MlpsResult(
                application=application,
                level=self.mlps_level,
                assessed_on=tested_on,
                conclusion=conclusion,
                report=report,
                recorded_by=self.staff,
                recorded_at=at,
            )
            self.rows.mlps.append(mlps)
            self.event(
                at,
                "acceptance.mlps_result_add",
                self.staff,
                lambda: {
                    "application_id": application.pk,
                    "round_no": number,
                    "mlps_result_id": mlps.pk,
                    "level": mlps.level,
                    "assessed_on": iso(tested_on),
                    "conclusion": conclusion,
                    "report_id": report.pk,
                },
            )
            return
        report = self.document(DocumentKind.CRYPTO_RESULT, "密码应用安全性评估报告", at)
        crypto = CryptoResult(
            application=application,
            evaluated_on=tested_on,
            conclusion=conclusion,
            report=report,
            recorded_by=self.staff,
            recorded_at=at,
        )
        self.rows.crypto.append(crypto)
        self.event(
            at,
            "acceptance.crypto_result_add",
            self.staff,
            lambda: {
                "application_id": application.pk,
                "round_no": number,
                "crypto_result_id": crypto.pk,
                "evaluated_on": iso(tested_on),
                "conclusion": conclusion,
                "report_id": report.pk,
            },
        )

    def filing(self, passed: AcceptanceApplication) -> None:
        """The acceptance report filed with BDB and the go-live date."""
        went, filed = self.at("went_live"), self.at("acceptance_filed")
        filed_on, go_live_on = day(filed), day(went)
        filing = Filing(
            project_id=self.project.pk,
            application=passed,
            filing_number="",
            filed_on=filed_on,
            go_live_on=go_live_on,
            recorded_by=self.bdb,
            recorded_at=filed,
        )
        self.rows.filings.append(filing)
        name = self.ctx.jurisdictions[self.project.jurisdiction_id].name
        self.rows.filing_numbers.append((filing, filed_on.year, texts.filing_prefix(name)))
        # Accepted and live: the self-evaluation window (Art. 24) becomes the unit's obligation.
        window, pack = self.self_evaluation_window(go_live_on)
        self.self_evaluation_obligation = self.obligation(
            ObligationKind.SELF_EVALUATION,
            lambda: key_of(self.project, "self_evaluation"),
            lambda: f"「{self.project.name}」开展绩效自评价",
            at=filed,
            by=self.bdb,
            opened_on=window.start,
            opens_on=window.opens,
            due_on=window.closes,
            day_count=DayCount.CALENDAR,
            pack=pack,
        )
        self.event(
            filed,
            "acceptance.filing_record",
            self.bdb,
            lambda: {
                "filing_id": filing.pk,
                "filing_number": filing.filing_number,
                "filed_on": iso(filed_on),
                "go_live_on": iso(go_live_on),
            },
        )
        self.transition(
            filed, "go_live", self.bdb, "accepted", "in_operation", go_live_on=iso(go_live_on)
        )
