"""One project's delivery, step after step, as far as its story went."""

from __future__ import annotations

from . import texts
from .acceptance import AcceptanceSteps
from .construction import ConstructionSteps
from .evaluation import EvaluationSteps
from .funds import FundSteps


class ProjectDelivery(ConstructionSteps, FundSteps, AcceptanceSteps, EvaluationSteps):
    """The delivery records and history of one sample project (``Story.delivery``)."""

    def build(self) -> None:
        self.contracts()
        d = self.d
        if d.started:
            self.start()
            self.schedule()
            if d.change:
                self.change_request()
            self.incident()
            self.milestone_actuals()
            self.progress()
            self.construction_funds()  # the advance is asked for once work starts
        passed = None
        if d.completed:
            due = self.completion()
            if d.extension:
                due = self.extension(due)
            passed = self.acceptance(due)
        if d.live:
            if passed is None:  # cannot happen: a live project passed its last round
                raise RuntimeError("demo: a live project without a passed acceptance round")
            self.filing(passed)
            self.om_funds()
        if d.self_evaluated:
            self.self_evaluation()
        if d.evaluation:
            self.evaluation()
        if self.sample.terminated_from:
            self.transition(
                self.at("terminated"),
                "terminate",
                self.leader,
                self.sample.terminated_from,
                "terminated",
                reason=self.rng.choice(texts.TERMINATION_REASONS),
            )
        self.number_batches()
        self.rows.events.append((self.project, self.events))
