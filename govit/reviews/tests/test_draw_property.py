"""Property tests (hypothesis) over random pools: the draw never picks an excluded expert,
never repeats one, has the requested size, and is reproducible from its record.

Two levels: the pure functions over many random pools, and the service over random pools
written to the database (fewer examples: each one is a transaction).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from govit.accounts.models import Jurisdiction, Organisation, User, UserRole
from govit.accounts.roles import Role
from govit.applications.models import CoBuilder
from govit.core.errors import InvalidInput
from govit.projects.models import Project
from govit.reviews import draw as drawing
from govit.reviews.models import Expert, ExpertConflict, ExpertDraw, ReviewAssignment
from govit.reviews.services import draw_check, expert_draw, redo_draw

ORGS = 6  # organisation ids 1..6 in the pure test; the applicant is drawn among them


@st.composite
def pools(draw: Any) -> dict[str, Any]:
    size = draw(st.integers(min_value=0, max_value=40))
    ids = sorted(draw(st.sets(st.integers(1, 10_000), min_size=size, max_size=size)))
    snapshot = [
        {
            "id": expert_id,
            "name": f"专家{expert_id}",
            "organisation_id": draw(st.integers(1, ORGS)),
            "organisation": "",
            "is_active": draw(st.booleans()),
            "conflicts": [
                {"organisation_id": org, "reason": "声明"}
                for org in draw(st.sets(st.integers(1, ORGS), max_size=3))
            ],
        }
        for expert_id in ids
    ]
    applicant = draw(st.integers(1, ORGS))
    cobuilders = draw(st.lists(st.integers(1, ORGS), max_size=3))
    already = draw(st.lists(st.sampled_from(ids), max_size=3)) if ids else []
    return {
        "snapshot": snapshot,
        "applicant": applicant,
        "cobuilders": cobuilders,
        "already": already,
        "seed": draw(st.integers(0, 2**64 - 1)),
        "count": draw(st.integers(1, 12)),
    }


@settings(max_examples=400, deadline=None)
@given(pools())
def test_pure_draw_never_picks_excluded_never_repeats_and_redoes_identically(
    case: dict[str, Any],
) -> None:
    snapshot = case["snapshot"]
    exclusions = drawing.exclusions_for(
        snapshot,
        applicant_id=case["applicant"],
        cobuilder_ids=case["cobuilders"],
        already_drawn=case["already"],
    )
    eligible = drawing.eligible_ids(snapshot, exclusions)
    if len(eligible) < case["count"]:
        return  # the service refuses these (tested below and in test_draw.py)
    result = drawing.pick(eligible, seed=case["seed"], count=case["count"])

    excluded = {item["expert_id"] for item in exclusions}
    parties = {case["applicant"], *case["cobuilders"]}
    by_id = {entry["id"]: entry for entry in snapshot}
    assert len(result) == case["count"]
    assert len(set(result)) == len(result)
    for expert_id in result:
        entry = by_id[expert_id]
        assert expert_id not in excluded
        assert entry["is_active"]
        assert entry["organisation_id"] not in parties
        assert not {c["organisation_id"] for c in entry["conflicts"]} & parties
        assert expert_id not in case["already"]
    # every excluded expert has a reason, and every expert with a reason is excluded
    for entry in snapshot:
        should = (
            not entry["is_active"]
            or entry["organisation_id"] in parties
            or bool({c["organisation_id"] for c in entry["conflicts"]} & parties)
            or entry["id"] in case["already"]
        )
        assert (entry["id"] in excluded) == should
    assert drawing.redo(snapshot, exclusions, seed=case["seed"], count=case["count"]) == result


class TestDrawOverRandomPoolsInTheDatabase(TestCase):
    """The service itself, over random organisations, pools, conflicts, co-builders and seeds."""

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        experts=st.lists(
            st.tuples(
                st.integers(0, 4),  # organisation index
                st.booleans(),  # active
                st.sets(st.integers(0, 4), max_size=2),  # declared conflicts
            ),
            max_size=15,
        ),
        applicant=st.integers(0, 4),
        cobuilders=st.sets(st.integers(0, 4), max_size=2),
        count=st.integers(1, 6),
        seed=st.one_of(st.none(), st.integers(0, 2**64 - 1)),
    )
    def test_draw_respects_avoidance_and_is_reproducible_from_its_record(
        self,
        experts: list[tuple[int, bool, set[int]]],
        applicant: int,
        cobuilders: set[int],
        count: int,
        seed: int | None,
    ) -> None:
        heze, _ = Jurisdiction.objects.get_or_create(
            code="371700", defaults={"name": "菏泽市", "level": "city"}
        )
        orgs = [
            Organisation.objects.create(
                jurisdiction=heze,
                code=f"{300 + i}",
                name=f"随机单位{i}",
                org_type=Organisation.Type.ADMINISTRATIVE,
            )
            for i in range(5)
        ]
        staff = User.objects.create_user(username="bdb", organisation=orgs[0])
        UserRole.objects.create(user=staff, role=Role.BDB_STAFF)
        staff = User.objects.get(pk=staff.pk)
        project = Project.objects.create(
            code="P-RANDOM",
            name="随机项目",
            year=2026,
            organisation=orgs[applicant],
            jurisdiction=heze,
            state="under_review",
        )
        for index in cobuilders:
            if index != applicant:
                CoBuilder.objects.create(project=project, organisation=orgs[index])
        for n, (org_index, active, conflicts) in enumerate(experts):
            expert = Expert.objects.create(
                jurisdiction=heze,
                name=f"专家{n}",
                organisation=orgs[org_index],
                expertise="大数据",
                is_active=active,
            )
            for conflict in conflicts:
                ExpertConflict.objects.create(
                    expert=expert, organisation=orgs[conflict], reason="声明", declared_by=staff
                )

        parties = {orgs[applicant].pk} | {orgs[i].pk for i in cobuilders}
        try:
            draw = expert_draw(project=project, count=count, seed=seed, by=staff)
        except InvalidInput as refused:
            eligible = [
                e
                for e in Expert.objects.filter(is_active=True).prefetch_related("conflicts")
                if e.organisation_id not in parties
                and not {c.organisation_id for c in e.conflicts.all()} & parties
            ]
            assert len(eligible) < count
            assert f"只有 {len(eligible)} 位" in refused.message
            assert not ExpertDraw.objects.exists()
            return

        drawn = list(Expert.objects.filter(pk__in=draw.result).prefetch_related("conflicts"))
        assert len(draw.result) == count == len(set(draw.result)) == len(drawn)
        excluded = {item["expert_id"] for item in draw.exclusions}
        for expert in drawn:
            assert expert.pk not in excluded
            assert expert.is_active
            assert expert.organisation_id not in parties
            assert not {c.organisation_id for c in expert.conflicts.all()} & parties
        assert ReviewAssignment.objects.filter(draw=draw).count() == count
        stored = ExpertDraw.objects.get(pk=draw.pk)
        assert redo_draw(stored) == stored.result
        assert draw_check(stored).ok
