"""The expert draw as pure functions of its record, so that anyone can re-run and check it.

A draw is fully determined by what ``ExpertDraw`` stores:

1. the pool snapshot — every expert of the jurisdiction's pool, ordered by id;
2. the parties — the applying organisation, the co-building organisations and the experts
   already drawn for the project (a supplementary draw never picks them again);
3. the exclusions derived from 1 and 2 (回避, with reasons);
4. the seed: ``eligible = snapshot ids − excluded ids`` (ascending), and the result is
   ``random.Random(seed).sample(eligible, count)``.

``random.Random`` is Python's Mersenne Twister: deterministic for a seed across platforms
and Python versions, which is the point (a check must reproduce the draw); the seed itself
comes from ``secrets`` so that nobody can predict or choose it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

APPLICANT = "回避：申报单位"
COBUILDER = "回避：共建单位"
CONFLICT = "回避：声明利益冲突"
INACTIVE = "不在库：已停用"
ALREADY_DRAWN = "已抽取：本项目前次抽取已选中"

SEED_BITS = 64


def exclusion_reasons(
    entry: Mapping[str, Any],
    *,
    applicant_id: int,
    cobuilder_ids: Iterable[int],
    already_drawn: Iterable[int] = (),
) -> list[str]:
    """Why expert ``entry`` (a snapshot row) may not be drawn; empty when eligible."""
    cobuilders = set(cobuilder_ids) - {applicant_id}
    reasons: list[str] = []
    if not entry.get("is_active", True):
        reasons.append(INACTIVE)
    if entry["id"] in set(already_drawn):
        reasons.append(ALREADY_DRAWN)
    organisation_id = entry["organisation_id"]
    if organisation_id == applicant_id:
        reasons.append(APPLICANT)
    elif organisation_id in cobuilders:
        reasons.append(COBUILDER)
    parties = {applicant_id, *cobuilders}
    for conflict in entry.get("conflicts", []):
        if conflict["organisation_id"] in parties:
            reasons.append(f"{CONFLICT}（{conflict['reason']}）")
    return reasons


def exclusions_for(
    snapshot: Sequence[Mapping[str, Any]],
    *,
    applicant_id: int,
    cobuilder_ids: Iterable[int],
    already_drawn: Iterable[int] = (),
) -> list[dict[str, Any]]:
    """``[{expert_id, reason}]`` for every excluded expert, in snapshot (id) order."""
    cobuilders, drawn = list(cobuilder_ids), list(already_drawn)
    exclusions = []
    for entry in snapshot:
        reasons = exclusion_reasons(
            entry, applicant_id=applicant_id, cobuilder_ids=cobuilders, already_drawn=drawn
        )
        if reasons:
            exclusions.append({"expert_id": entry["id"], "reason": "；".join(reasons)})
    return exclusions


def eligible_ids(
    snapshot: Sequence[Mapping[str, Any]], exclusions: Sequence[Mapping[str, Any]]
) -> list[int]:
    excluded = {item["expert_id"] for item in exclusions}
    return sorted(entry["id"] for entry in snapshot if entry["id"] not in excluded)


def pick(eligible: Sequence[int], *, seed: int, count: int) -> list[int]:
    """The draw itself: ``count`` distinct ids out of ``eligible``, in drawing order."""
    # Not for secrecy but for reproducibility: the seed is secret-random, the sampler is not.
    return random.Random(seed).sample(list(eligible), count)  # noqa: S311


def redo(
    snapshot: Sequence[Mapping[str, Any]],
    exclusions: Sequence[Mapping[str, Any]],
    *,
    seed: int,
    count: int,
) -> list[int]:
    """Recompute a draw's result from its stored snapshot, exclusions and seed."""
    return pick(eligible_ids(snapshot, exclusions), seed=seed, count=count)
