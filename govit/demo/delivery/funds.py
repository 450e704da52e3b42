"""Fund batches (Art. 11, 13, 20, 23, 25, 38): an advance, progress payments, the balance after
acceptance, a county's share, a year's O&M funds — each within the ledger's limits."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from govit.applications.models import CountyParticipant
from govit.funds import ledger
from govit.funds.eligibility import baseline_reason
from govit.funds.models import BatchState, FundBatch, FundKind

from . import texts
from .base import RUNNING_STATES, ZERO, Builder, day
from .rows import Facts
from .texts import cents_down, round_down


class FundSteps(Builder):
    """The fund batches of a project, counted as ``funds.ledger`` counts them."""

    def construction_funds(self) -> None:
        """Batches against the approved budget lines: an advance after the contract, progress
        payments while building, a payment after acceptance; a county's share (Art. 25)."""
        rng, d = self.rng, self.d
        total, _ = self.original
        shares = ledger.construction_shares(None, total, self.participants)
        signed = self.at("contract_signed")
        first = self.later(signed, 1, 10)
        if d.started:
            first = min(first, self.at("construction_started"))
        own = shares[0]
        # (stage, requested at, share of each line's limit, how far it went, payer, lines: 0 = all)
        planned: list[tuple[str, datetime, float, str, ledger.PayerShare, int]] = [
            ("第一期（合同预付款）", first, 0.3, self.fund_fate(), own, 2)
        ]
        if d.started:
            saved, end = self.at("schedule_saved"), self.work_end()

            def point(share: float) -> datetime:
                return saved + (end - saved) * share

            if "funds" in d.features:
                planned += [
                    ("第二期（进度款）", point(0.3), 0.2, "refused", own, 0),
                    ("第二期（进度款）", point(0.55), 0.2, "confirmed", own, 0),
                    ("第三期（进度款）", point(0.97), 0.2, "requested", own, 0),
                ]
            else:
                progress = point(rng.uniform(0.3, 0.8))
                planned.append(("第二期（进度款）", progress, 0.4, self.fund_fate(), own, 0))
                live = self.sample.state in ("in_construction", "rectifying")
                if live and rng.random() < 0.4:
                    recent = max(self.now - timedelta(days=rng.uniform(0, 20)), progress)
                    planned.append(("第三期（进度款）", recent, 0.2, "released", own, 0))
        accepted = self.accepted_at()
        if accepted is not None and rng.random() < 0.7:
            after = self.later(accepted, 5, 40)
            planned.append(("第三期（验收后）", after, 0.25, "released", own, 0))
        if len(shares) > 1:
            county = self.later(first, 3, 15)
            planned.append(("第一期（县区分担）", county, 0.3, "released", shares[1], 0))
        # In the order they were asked for: each is judged on what was asked before it.
        for stage, requested, fraction, furthest, payer, widest in sorted(
            planned, key=lambda entry: entry[1]
        ):
            self.construction_batch(stage, requested, fraction, furthest, payer, widest)

    def fund_fate(self) -> str:
        return "refused" if self.rng.random() < 0.06 else "released"

    def construction_batch(
        self,
        stage: str,
        requested: datetime,
        fraction: float,
        furthest: str,
        payer: ledger.PayerShare,
        widest: int,
    ) -> None:
        """A construction batch of ``fraction`` of each line's limit (the payer's part of it),
        on the ``widest`` largest lines (0: all of them)."""
        if self.blocked(requested):
            return  # the request service refuses it (or it has not happened)
        total, limits = self.original
        pct = payer.pct / 100
        used_by_payer = self.ledger_payers.get(payer.payer_id, ledger.Sums())
        room = payer.cap - used_by_payer.committed
        chosen = sorted(limits.items(), key=lambda item: (-item[1], item[0]))
        parts: list[tuple[int, Decimal]] = []
        for line_id, limit in sorted(chosen[:widest] if widest else chosen):
            used = self.ledger_lines.get(line_id, ledger.Sums())
            wanted = cents_down(limit * pct * Decimal(str(fraction)))
            part = min(wanted, limit - used.committed, room - sum((p for _, p in parts), ZERO))
            if part > 0:
                parts.append((line_id, part))
        amount = sum((part for _, part in parts), ZERO)
        if amount <= 0:
            return
        refusal = baseline_reason(
            approved=total,
            released=self.ledger_total.released,
            pending=self.ledger_total.pending,
            amount=amount,
            releasing=False,
        )
        if refusal is not None:  # cannot happen with the parts above; the service's own check
            return
        self.fund_batch(
            FundKind.CONSTRUCTION, stage, amount, requested, furthest, payer.participant, parts
        )

    def fund_batch(
        self,
        kind: str,
        stage: str,
        amount: Decimal,
        requested: datetime,
        furthest: str,
        participant: CountyParticipant | None,
        parts: list[tuple[int, Decimal]],
        *,
        year: int | None = None,
        year_request: Decimal | None = None,
    ) -> None:
        rng = self.rng
        payer_jurisdiction = (
            participant.jurisdiction_id if participant else self.project.jurisdiction_id
        )
        payer_name = self.ctx.jurisdictions[payer_jurisdiction].name if participant else None
        batch = FundBatch(
            project_id=self.project.pk,
            number=0,  # numbered in the order they were asked for, see ``number_batches``
            kind=kind,
            year=year,
            stage=stage,
            payer=participant,
            amount=amount,
            progress_note=(
                f"{stage}：项目按计划推进，申请拨付相应资金。"
                if kind == FundKind.CONSTRUCTION
                else f"{year}年度系统运行正常，申请拨付运维经费。"
            ),
            requested_by=self.staff,
            requested_at=requested,
            updated_at=requested,
        )
        self.rows.batches.append((batch, parts))
        self.batches.append(batch)

        def keyed() -> Facts:
            return {"batch_id": batch.pk, "batch_number": batch.number}

        def requested_facts() -> Facts:
            found: Facts = {
                "batch_id": batch.pk,
                "batch_number": batch.number,
                "kind": kind,
                "year": year,
                "stage": stage,
                "payer": payer_name,
                "amount": amount,
                "lines": [{"budget_line_id": pk, "amount": part} for pk, part in parts],
                "evidence_id": None,
            }
            if year_request is not None:
                found["year_request"] = year_request
            return found

        self.event(requested, "funds.request", self.staff, requested_facts)
        state = BatchState.REQUESTED
        confirmed = self.later(requested, 1, 7)
        terminated = self.times.get("terminated")
        acted = confirmed <= self.now and (terminated is None or confirmed < terminated)
        if furthest == "refused" and acted:
            reason = rng.choice(texts.REFUSAL_REASONS)
            batch.state = state = BatchState.REFUSED
            batch.refusal_reason = reason
            batch.refused_by, batch.refused_at, batch.updated_at = self.bdb, confirmed, confirmed
            self.event(
                confirmed, "funds.refuse", self.bdb,
                lambda: {**keyed(), "amount": amount, "state": BatchState.REFUSED},
                before=lambda: {**keyed(), "state": BatchState.REQUESTED}, reason=reason,
            )  # fmt: skip
        elif furthest in ("confirmed", "released") and acted:
            note = rng.choice(texts.CONFIRMATION_NOTES)
            batch.state = state = BatchState.CONFIRMED
            batch.confirmed_by, batch.confirmed_at = self.bdb, confirmed
            batch.confirmation_note, batch.updated_at = note, confirmed
            self.event(
                confirmed, "funds.confirm", self.bdb,
                lambda: {**keyed(), "amount": amount, "state": BatchState.CONFIRMED,
                         "confirmation_note": note},
                before=lambda: {**keyed(), "state": BatchState.REQUESTED},
            )  # fmt: skip
            released = self.later(confirmed, 2, 12)
            finance = self.finance.get(payer_jurisdiction)
            open_for_money = not (
                self.blocked(released) if kind == FundKind.CONSTRUCTION else released > self.now
            )
            if furthest == "released" and finance is not None and open_for_money:
                released_on = day(released)
                short = self.ctx.jurisdictions[payer_jurisdiction].name[:1]
                code = "建" if kind == FundKind.CONSTRUCTION else "运"
                reference = f"{short}财{code}拨〔{released_on.year}〕{rng.randint(1, 3000)}号"
                batch.state = state = BatchState.RELEASED
                batch.released_on, batch.reference = released_on, reference
                batch.released_by, batch.released_at, batch.updated_at = finance, released, released
                self.event(
                    released, "funds.release", finance,
                    lambda: {**keyed(), "amount": amount, "state": BatchState.RELEASED,
                             "released_on": released_on.isoformat(), "reference": reference},
                    before=lambda: {**keyed(), "state": BatchState.CONFIRMED},
                )  # fmt: skip
        if state == BatchState.REFUSED:
            return
        if kind != FundKind.CONSTRUCTION:
            return  # O&M has no approved baseline here (funds.eligibility)
        self.ledger_total = self.ledger_total.plus(state, amount)
        payer_id = participant.pk if participant else None
        payer_sums = self.ledger_payers.get(payer_id, ledger.Sums())
        self.ledger_payers[payer_id] = payer_sums.plus(state, amount)
        for line_id, part in parts:
            self.ledger_lines[line_id] = self.ledger_lines.get(line_id, ledger.Sums()).plus(
                state, part
            )

    def om_funds(self) -> None:
        """A running system's O&M funds for a year, split between the payers (Art. 13, 25)."""
        if self.sample.state not in RUNNING_STATES:
            return
        if "om" not in self.d.features and self.rng.random() < 0.6:
            return  # asked for by some units only
        total, _ = self.original
        went = self.at("went_live")
        moment = self.later(went, 30, 120)
        if "om" in self.d.features and moment > self.now:
            moment = self.between(went, self.now)
        amount = round_down(total * self.share(0.05, 0.1))
        if moment > self.now or amount <= 0:
            return
        year = day(moment).year
        for participant, part in ledger.om_split(None, amount, self.participants):
            self.fund_batch(
                FundKind.OM, f"{year}年度运维经费", part, moment, "released", participant, [],
                year=year, year_request=amount,
            )  # fmt: skip

    def number_batches(self) -> None:
        """Batch numbers 1, 2, … in the order the batches were asked for (``_next_number``)."""
        for number, batch in enumerate(
            sorted(self.batches, key=lambda batch: batch.requested_at), start=1
        ):
            batch.number = number
