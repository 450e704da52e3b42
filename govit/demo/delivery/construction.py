"""Contracts and construction (Art. 15, 16, 19, 20): contracts and their filing, the start,
the schedule with baseline v1, a change request (v2), incidents, milestones and progress."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from govit.applications.models import DocumentKind
from govit.construction import variance
from govit.construction.models import (
    Baseline,
    ChangeRequest,
    Colour,
    Incident,
    Milestone,
    ProgressReport,
)
from govit.contracts.models import Contract, ContractKind
from govit.obligations.models import DayCount, ObligationKind
from govit.obligations.services import key_of

from . import texts
from .base import FILING_RULE, LATE_BY, THRESHOLD_RULES, ZERO, Builder, Version, day, iso
from .rows import Facts
from .texts import cents_down, round_down


class ConstructionSteps(Builder):
    """The steps from the contract to the last progress report."""

    def contracts(self) -> None:
        total, limits = self.original
        signed = self.at("contract_signed")
        wanted = self.d.features
        until = self.times.get("schedule_saved", signed + timedelta(days=20))
        kinds: list[tuple[str, Decimal, datetime]] = [
            (ContractKind.CONSTRUCTION, round_down(total * self.share(0.78, 0.92)), signed)
        ]
        if "unfiled" in wanted or self.rng.random() < 0.4:
            amount = round_down(total * self.share(0.015, 0.03))
            kinds.append((ContractKind.SUPERVISION, amount, self.between(signed, until)))
        if self.rng.random() < 0.15:
            amount = round_down(total * self.share(0.01, 0.02))
            kinds.append((ContractKind.TESTING, amount, self.between(signed, until)))
        line_ids = sorted(pk for pk, limit in limits.items() if limit > 0)
        supervision_lines = [
            line.pk
            for line in self.budget_lines
            if line.name == "工程监理服务" and limits.get(line.pk, ZERO) > 0
        ]
        for number, (kind, amount, at) in enumerate(kinds, start=1):
            if amount <= 0:
                continue
            if kind == ContractKind.CONSTRUCTION:
                fate = "late" if "late_filing" in wanted else self.fate(0.65, 0.25)
                covered = [pk for pk in line_ids if pk not in supervision_lines]
            else:
                unfiled = "unfiled" in wanted and kind == ContractKind.SUPERVISION
                fate = "unfiled" if unfiled else self.fate(0.7, 0.15)
                covered = supervision_lines if kind == ContractKind.SUPERVISION else []
            self.contract(kind, number, amount, at, fate, covered)

    def contract(
        self, kind: str, index: int, amount: Decimal, at: datetime, fate: str, covered: list[int]
    ) -> None:
        sample, rng, ctx = self.sample, self.rng, self.ctx
        signed_on = day(at)
        number = (
            f"{sample.owner.division}-{signed_on.year}-{texts.CONTRACT_CODES[kind]}"
            f"{rng.randint(100, 999)}-{index:02d}"
        )
        supplier = rng.choice(texts.SUPPLIERS[kind])
        filing = ctx.rule(self.project.jurisdiction_id, FILING_RULE, signed_on)
        working_days = filing.as_int()
        due = ctx.add_working_days(signed_on, working_days)
        filed_on: date | None = None
        days_late: int | None = None
        if fate == "on_time":
            span = (due.date - signed_on).days
            filed_on = min(signed_on + timedelta(days=rng.randint(0, span)), self.today)
            days_late = 0  # filed by the due date: working_days_between(due, filed_on) <= 0
        elif fate == "late":
            filed_on = due.date + timedelta(days=rng.choice(LATE_BY))
            if filed_on <= self.today:  # else not filed yet: overdue on BDB's register
                days_late = max(ctx.working_days_between(due.date, filed_on).count, 0)
            else:
                filed_on = None
        copy = None
        note = ""
        if self.metadata_only:
            note = texts.copy_note(sample.owner.organisation_name, number)
        else:
            copy = self.document(DocumentKind.CONTRACT_COPY, number, at)
        contract = Contract(
            project_id=self.project.pk,
            kind=kind,
            number=number,
            title=texts.CONTRACT_TITLES[kind].format(item=sample.item_name)[:200],
            supplier_name=supplier.name,
            supplier_uscc=supplier.uscc,
            amount=amount,
            procurement_method=texts.procurement_method(rng, amount),
            signed_on=signed_on,
            signed_copy=copy,
            copy_note=note,
            filing_working_days=working_days,
            filing_due=due.date,
            filing_due_provisional=due.provisional,
            filed_on=filed_on,
            filed_by=self.staff if filed_on else None,
            days_late=days_late,
            recorded_by=self.staff,
            recorded_at=at,
        )
        self.rows.contracts.append((contract, covered))
        # The filing is an obligation of the owning unit (Art. 16), on the working-day calendar.
        obligation = self.obligation(
            ObligationKind.CONTRACT_FILING,
            lambda: key_of(contract),
            lambda: f"合同「{number}」向市大数据局备案",
            at=at,
            by=self.staff,
            opened_on=signed_on,
            due_on=due.date,
            due_provisional=due.provisional,
            day_count=DayCount.WORKING,
            pack=filing.pack,
        )
        self.event(
            at,
            "contracts.record",
            self.staff,
            lambda: {
                "contract_id": contract.pk,
                "kind": contract.kind,
                "number": contract.number,
                "title": contract.title,
                "supplier_name": contract.supplier_name,
                "supplier_uscc": contract.supplier_uscc,
                "amount": contract.amount,
                "procurement_method": contract.procurement_method,
                "signed_on": contract.signed_on,
                "budget_lines": covered,
                "signed_copy": contract.signed_copy.pk if contract.signed_copy else None,
                "copy_note": contract.copy_note,
                "filing_working_days": contract.filing_working_days,
                "filing_due": contract.filing_due,
                "filing_due_provisional": contract.filing_due_provisional,
            },
        )
        if filed_on is not None:
            filed_at = max(at, self.working_hours(filed_on))
            self.fulfil(obligation, at=filed_at, on=filed_on, by=self.staff)
            self.event(
                filed_at,
                "contracts.file",
                self.staff,
                lambda: {
                    "contract_id": contract.pk,
                    "number": contract.number,
                    "filed_on": contract.filed_on,
                    "filing_due": contract.filing_due,
                    "days_late": contract.days_late,
                },
                before=lambda: {"contract_id": contract.pk, "filed_on": None},
            )

    def start(self) -> None:
        at = self.at("construction_started")
        self.transition(
            at,
            "start_construction",
            self.staff,
            "procurement",
            "in_construction",
            construction_started_on=day(at).isoformat(),
        )

    def schedule(self) -> None:
        rng = self.rng
        started_on = day(self.at("construction_started"))
        at = self.at("schedule_saved")
        planned = max(started_on, day(at)) + timedelta(days=rng.randint(180, 420))
        span = (planned - started_on).days
        scope = texts.scope(self.sample)
        for order, (name, share) in enumerate(
            zip(texts.MILESTONES, texts.MILESTONE_SHARES, strict=True), start=1
        ):
            milestone = Milestone(
                project_id=self.project.pk,
                order=order,
                name=name,
                planned_on=started_on + timedelta(days=int(span * share)),
                created_by=self.staff,
                created_at=at,
            )
            self.milestones.append(milestone)
            self.rows.milestones.append(milestone)
        total, lines = self.original
        version = Version(1, total, lines, planned, scope, at)
        self.versions.append(version)
        first_plan = [(m, m.planned_on) for m in self.milestones]
        baseline = Baseline(
            project_id=self.project.pk,
            version=1,
            total_amount=total,
            line_amounts={str(key): str(value) for key, value in lines.items()},
            planned_completion=planned,
            scope=scope,
            reason="建设单位首次保存进度计划，确立项目基线",
            created_by=self.staff,
            created_at=at,
        )
        self.rows.baselines.append(baseline)

        def plan_json() -> None:
            baseline.milestones = [
                {"id": m.pk, "name": m.name, "planned_on": planned_on.isoformat()}
                for m, planned_on in first_plan
            ]

        self.rows.after_milestones.append(plan_json)
        self.event(
            at,
            "construction.schedule_save",
            self.staff,
            lambda: {
                "baseline_version": 1,
                "planned_completion": planned,
                "scope": scope,
                "total": total,
                "milestones": [
                    {"id": m.pk, "name": m.name, "planned_on": planned_on}
                    for m, planned_on in first_plan
                ],
            },
        )

    def change_request(self) -> None:
        rng = self.rng
        current = self.versions[-1]
        submitted = self.at("change_submitted")
        decided = self.at("change_decided")
        approved = self.d.change == "approved"
        reason = rng.choice(texts.CHANGE_REASONS)
        new_planned = max(current.planned_completion, day(submitted)) + timedelta(
            days=rng.randint(60, 180)
        )
        shift = new_planned - current.planned_completion
        moved = [m for m in self.milestones if m.planned_on >= day(submitted)]
        new_dates = {id(m): m.planned_on + shift for m in moved}
        changes_budget = rng.random() < 0.5 and any(v > 0 for v in current.lines.values())
        new_lines = dict(current.lines)
        if changes_budget:
            line_id = rng.choice(sorted(pk for pk, v in current.lines.items() if v > 0))
            new_lines[line_id] = round_down(
                current.lines[line_id] * (1 + self.share(0.03, 0.08)), Decimal("0.01")
            )
        new_total = sum(new_lines.values(), ZERO)
        changes_scope = rng.random() < 0.3
        new_scope = current.scope + rng.choice(texts.SCOPE_ADDITIONS) if changes_scope else ""
        request = ChangeRequest(
            project_id=self.project.pk,
            base_version=current.number,
            changes_scope=changes_scope,
            changes_budget=changes_budget,
            changes_schedule=True,
            new_scope=new_scope,
            new_line_amounts=(
                {str(k): str(v) for k, v in new_lines.items()} if changes_budget else {}
            ),
            new_total=new_total if changes_budget else None,
            new_planned_completion=new_planned,
            reason=reason,
            state=ChangeRequest.State.APPROVED if approved else ChangeRequest.State.REJECTED,
            submitted_by=self.staff,
            submitted_at=submitted,
            decided_by=self.leader,
            decided_at=decided,
            decision_reason=rng.choice(
                texts.CHANGE_APPROVALS if approved else texts.CHANGE_REFUSALS
            ),
        )
        self.rows.change_requests.append(request)

        def dates_json() -> None:
            request.new_milestone_dates = {str(m.pk): new_dates[id(m)].isoformat() for m in moved}

        self.rows.after_milestones.append(dates_json)
        kinds = [
            label
            for label, flag in (
                ("建设内容", changes_scope),
                ("投资预算", changes_budget),
                ("进度计划", True),
            )
            if flag
        ]
        self.event(
            submitted,
            "construction.change_request_submit",
            self.staff,
            lambda: {
                "change_request_id": request.pk,
                "kinds": kinds,
                "new_scope": new_scope or None,
                "new_total": new_total if changes_budget else None,
                "new_lines": (
                    {str(k): v for k, v in new_lines.items()} if changes_budget else None
                ),
                "new_planned_completion": new_planned,
                "new_milestone_dates": request.new_milestone_dates or None,
                "document_id": None,
            },
            before=current.facts,
            reason=reason,
        )
        if not approved:
            self.event(
                decided,
                "construction.change_request_reject",
                request.decided_by,
                lambda: {"change_request_id": request.pk, "state": request.state},
                before=current.facts,
                reason=request.decision_reason,
            )
            return
        for milestone in moved:
            milestone.planned_on = new_dates[id(milestone)]
        version = Version(
            current.number + 1,
            new_total if changes_budget else current.total,
            new_lines,
            new_planned,
            new_scope or current.scope,
            decided,
        )
        self.versions.append(version)
        baseline = Baseline(
            project_id=self.project.pk,
            version=version.number,
            total_amount=version.total,
            line_amounts={str(key): str(value) for key, value in version.lines.items()},
            planned_completion=new_planned,
            scope=version.scope,
            reason=reason,
            change_request=request,
            created_by=request.decided_by,
            created_at=decided,
        )
        self.rows.baselines.append(baseline)
        plan = list(self.milestones)

        def plan_json() -> None:
            baseline.milestones = [
                {"id": m.pk, "name": m.name, "planned_on": m.planned_on.isoformat()} for m in plan
            ]

        self.rows.after_milestones.append(plan_json)
        self.event(
            decided,
            "construction.change_request_approve",
            request.decided_by,
            lambda: {"change_request_id": request.pk, "state": request.state, **version.facts()},
            before=current.facts,
            reason=request.decision_reason,
        )

    def incident(self) -> None:
        kind_of_end = self.d.incident
        if not kind_of_end:
            return
        rng = self.rng
        suspension = kind_of_end in ("suspended", "lifted")
        loss = rng.random() < (0.6 if suspension else 0.3)
        kind = Incident.Kind.MAJOR_LOSS if loss else Incident.Kind.SEVERE_DELAY
        by_unit = rng.random() < 0.7
        reported = self.at("incident_reported")
        decided = self.at("incident_decided")
        leader = self.leader
        incident = Incident(
            project_id=self.project.pk,
            kind=kind,
            description=rng.choice(texts.LOSS_DESCRIPTIONS if loss else texts.DELAY_DESCRIPTIONS),
            source=Incident.Source.UNIT if by_unit else Incident.Source.BDB,
            reported_by=self.staff if by_unit else self.bdb,
            reported_at=reported,
            decided_by=leader,
            decided_at=decided,
        )
        self.rows.incidents.append(incident)

        def facts(state: str) -> Callable[[], Facts]:
            return lambda: {
                "incident_id": incident.pk,
                "kind": incident.kind,
                "state": state,
                "rectification_deadline": iso(incident.rectification_deadline),
            }

        def opened() -> Facts:
            return {
                "incident_id": incident.pk,
                "kind": incident.kind,
                "state": Incident.State.OPEN,
                "rectification_deadline": None,
                "source": incident.source,
                "description": incident.description,
            }

        self.event(reported, "construction.incident_report", incident.reported_by, opened)
        S = Incident.State
        if suspension:
            reason = rng.choice(texts.SUSPENSION_REASONS)
            incident.state = S.SUSPENDED
            incident.decision_reason = incident.suspension_reason = reason
            incident.suspended_by, incident.suspended_at = leader, decided
            self.transition(
                decided, "suspend", leader, "in_construction", "suspended",
                reason=reason, incident_id=lambda: incident.pk,
            )  # fmt: skip
            self.event(
                decided,
                "construction.incident_suspension",
                leader,
                lambda: {**facts(S.SUSPENDED)(), "requirements": ""},
                reason=reason,
            )
            if kind_of_end == "lifted":
                lifted = self.at("suspension_lifted")
                lift_reason = rng.choice(texts.LIFT_REASONS)
                lifter = self.leader
                incident.state = S.LIFTED
                incident.close_reason = lift_reason
                incident.closed_by, incident.closed_at = lifter, lifted
                self.transition(
                    lifted, "lift_suspension", lifter, "suspended", "in_construction",
                    reason=lift_reason, incident_id=lambda: incident.pk,
                )  # fmt: skip
                self.event(
                    lifted, "construction.incident_lift", lifter, facts(S.LIFTED),
                    reason=lift_reason,
                )  # fmt: skip
            return
        reason = rng.choice(texts.RECTIFICATION_REASONS)
        requirements = rng.choice(texts.RECTIFICATION_REQUIREMENTS)
        incident.state = S.RECTIFYING
        incident.decision_reason = reason
        incident.rectification_deadline = day(decided) + timedelta(days=rng.randint(20, 60))
        incident.rectification_requirements = requirements
        self.transition(
            decided, "order_rectification", leader, "in_construction", "rectifying",
            reason=reason, incident_id=lambda: incident.pk,
            rectification_deadline=iso(incident.rectification_deadline),
        )  # fmt: skip
        self.event(
            decided,
            "construction.incident_rectification",
            leader,
            lambda: {**facts(S.RECTIFYING)(), "requirements": requirements},
            reason=reason,
        )
        # The rectification is the owning unit's obligation until it answers (Art. 20).
        obligation = self.obligation(
            ObligationKind.INCIDENT_RECTIFICATION,
            lambda: key_of(incident),
            lambda: f"重大情况整改（情况报告 #{incident.pk}）",
            at=decided,
            by=leader,
            opened_on=day(decided),
            due_on=incident.rectification_deadline,
            day_count=DayCount.CALENDAR,
            pack=None,
        )
        if kind_of_end == "rectifying":
            return
        answered = self.at("incident_answered")
        incident.state = S.ANSWERED
        incident.answer_note = rng.choice(texts.ANSWERS)
        incident.answered_by, incident.answered_at = self.staff, answered
        incident.answered_on = day(answered)
        self.fulfil(obligation, at=answered, on=incident.answered_on, by=self.staff)
        self.event(
            answered,
            "construction.incident_answer",
            self.staff,
            lambda: {
                **facts(S.ANSWERED)(),
                "answer_note": incident.answer_note,
                "answered_on": incident.answered_on,
                "late": incident.answered_late,
                "evidence_id": None,
            },
            before=lambda: {"state": S.RECTIFYING, "answer_note": ""},
        )
        if kind_of_end == "answered":
            return
        closed = self.at("incident_closed")
        close_reason = rng.choice(texts.CLOSE_REASONS)
        incident.state = S.CLOSED
        incident.close_reason = close_reason
        incident.closed_by, incident.closed_at = self.bdb, closed
        self.transition(
            closed, "close_rectification", self.bdb, "rectifying", "in_construction",
            reason=close_reason, incident_id=lambda: incident.pk,
        )  # fmt: skip
        self.event(
            closed,
            "construction.incident_close",
            self.bdb,
            lambda: {**facts(S.CLOSED)(), "project_back_in_construction": True},
            reason=close_reason,
        )

    def milestone_actuals(self) -> None:
        """Milestones reached before work stopped (completion, suspension, termination)."""
        saved = day(self.at("schedule_saved"))
        end = self.work_end()
        for milestone in self.milestones:
            reached = milestone.planned_on + timedelta(days=self.rng.randint(-10, 40))
            reached = max(reached, saved)
            if self.d.completed:
                reached = min(reached, day(self.at("completed")))
            if reached > day(end):
                continue
            milestone.actual_on = reached
            at = max(self.working_hours(reached), self.at("schedule_saved"))
            at = min(at, end)
            self.milestone_event(at, milestone)

    def milestone_event(self, at: datetime, milestone: Milestone) -> None:
        def facts(actual_on: date | None) -> Callable[[], Facts]:
            return lambda: {
                "milestone_id": milestone.pk,
                "name": milestone.name,
                "actual_on": actual_on,
            }

        self.event(
            at,
            "construction.milestone_actual",
            self.staff,
            facts(milestone.actual_on),
            before=facts(None),
        )

    def progress(self) -> None:
        """1–3 periodic reports while building, with the variance the service computes."""
        rng, ctx = self.rng, self.ctx
        start = self.at("schedule_saved")
        end = self.work_end()
        span = (end - start).total_seconds() / 86400
        if span < 20:
            return
        started_on = day(self.at("construction_started"))
        count = rng.randint(1, 2)
        percent, spend = Decimal(0), ZERO
        last: date | None = None
        for number in range(1, count + 1):
            at = start + (end - start) * ((number - rng.uniform(0.1, 0.6)) / count)
            on = day(at)
            if (last is not None and on <= last) or on < started_on:
                continue
            version = self.version_on(at)
            planned = variance.planned_percent(started_on, version.planned_completion, on)
            expected = float(planned or 0) + rng.uniform(-25, 5)
            percent = max(percent + 1, Decimal(str(round(min(max(expected, 1), 99), 2))))
            percent = min(percent, Decimal(100)).quantize(Decimal("0.01"))
            worth = version.total * percent / 100
            spend = max(spend, cents_down(worth * self.share(0.85, 1.2)))
            rules = {
                key: ctx.rule(self.project.jurisdiction_id, f"{key}_pct", on)
                for key in THRESHOLD_RULES
            }
            thresholds = variance.Thresholds(
                schedule_amber=rules["schedule_variance_amber"].as_decimal(),
                schedule_red=rules["schedule_variance_red"].as_decimal(),
                cost_amber=rules["cost_variance_amber"].as_decimal(),
                cost_red=rules["cost_variance_red"].as_decimal(),
            )
            result = variance.compute(
                started_on=started_on,
                planned_completion=version.planned_completion,
                report_date=on,
                percent_complete=percent,
                spend_to_date=spend,
                baseline_total=version.total,
                thresholds=thresholds,
            )
            report = ProgressReport(
                project_id=self.project.pk,
                report_date=on,
                percent_complete=percent,
                spend_to_date=spend,
                issues=rng.choice(texts.PROGRESS_ISSUES),
                baseline_version=version.number,
                baseline_total=version.total,
                planned_completion=version.planned_completion,
                planned_percent=result.planned_percent,
                schedule_variance=result.schedule_variance,
                cost_variance=result.cost_variance,
                schedule_colour=result.schedule_colour or Colour.UNKNOWN,
                cost_colour=result.cost_colour or Colour.UNKNOWN,
                thresholds={
                    "schedule_amber": str(thresholds.schedule_amber),
                    "schedule_red": str(thresholds.schedule_red),
                    "cost_amber": str(thresholds.cost_amber),
                    "cost_red": str(thresholds.cost_red),
                    "pack": rules["schedule_variance_amber"].pack.code,
                },
                reported_by=self.staff,
                reported_at=at,
            )
            self.rows.reports.append(report)
            last = on
            self.report_event(at, report)

    def report_event(self, at: datetime, report: ProgressReport) -> None:
        def facts() -> Facts:
            return {
                "progress_report_id": report.pk,
                "report_date": report.report_date,
                "percent_complete": report.percent_complete,
                "spend_to_date": report.spend_to_date,
                "schedule_variance": report.schedule_variance,
                "cost_variance": report.cost_variance,
                "schedule_colour": report.schedule_colour,
                "cost_colour": report.cost_colour,
                "baseline_version": report.baseline_version,
                "evidence_id": None,
            }

        self.event(at, "construction.progress_report", self.staff, facts)
