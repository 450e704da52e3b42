"""The demo's plans (Art. 5–7) and expert pools (Art. 10), loaded once each.

- The city's informatization plans (2021–2025, 2026–2030) and an annual guidance plan per year,
  published by 菏泽市大数据局.
- For every in-scope department of the demo: an **approved** annual construction plan per demo
  year (a few items not yet applied for; the sample projects add one item each), with its BDB
  review rounds; next year's plan in draft, submitted or returned for about a third of them; and
  for the city's departments their informatization plans.
- Each jurisdiction's expert pool with a few declared conflicts.

Rows are identified by their natural keys (plan kind and years per organisation, expert name
and organisation per pool), so loading again creates only what is missing.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation, User
from govit.accounts.roles import Role
from govit.audit.services import PendingEvent, record_many
from govit.planning.models import CityPlan, DepartmentPlan, PlanItem, PlanReview, PlanState, as_yuan
from govit.reviews.models import Expert, ExpertConflict

from . import content
from .actors import Actors
from .data import CONFLICTS, DEMO_REASON, EXPERTS, HEZE, INFORMATIZATION_PLANS, guidance_plan
from .names import ACTIONS, FIRST_YEAR, LAST_YEAR, MODIFIERS, OBJECTS, Owner

ANNUAL = DepartmentPlan.Kind.ANNUAL_CONSTRUCTION
INFORMATIZATION = DepartmentPlan.Kind.INFORMATIZATION

APPROVAL_OPINIONS = (
    "同意。请按计划组织项目申报，严格控制投资规模。",
    "经审核，同意该计划。计划内项目须完成事前绩效评估和政务信息资源目录编制后申报。",
    "同意。计划项目应优先依托政务云和市级共享平台建设，避免重复投资。",
)
RETURN_OPINIONS = (
    "部分项目与市级平台功能重复，请与市大数据局对接后修改。",
    "项目估算投资依据不足，请补充测算说明后重新报送。",
    "计划项目未与本年度指导计划的重点任务对应，请调整后重新报送。",
)


def demo_years(now: datetime) -> list[int]:
    return list(range(FIRST_YEAR, min(LAST_YEAR, timezone.localdate(now).year) + 1))


def _moment(day: date, rng: random.Random, now: datetime) -> datetime:
    moment = timezone.make_aware(
        datetime.combine(day, time(rng.randrange(9, 17), rng.randrange(60)))
    )
    return min(moment, now)


# --- city plans -------------------------------------------------------------------------------
def _load_city_plans(actors: Actors, now: datetime) -> list[CityPlan]:
    heze = Jurisdiction.objects.filter(code=HEZE).first()
    if heze is None:
        return []
    existing = set(CityPlan.objects.filter(jurisdiction=heze).values_list("kind", "start_year"))
    specs = [
        *INFORMATIZATION_PLANS,
        *(guidance_plan(y) for y in [*demo_years(now), demo_years(now)[-1] + 1]),
    ]
    author = actors.bdb_staff.get(heze.pk)
    published = actors.has_bdb(heze.pk)
    rng = random.Random("govit-demo-city-plans")  # noqa: S311 - sample data
    plans = []
    for spec in specs:
        if (spec.kind, spec.start_year) in existing:
            continue
        created = _moment(date(spec.start_year - 1, 9, rng.randint(1, 20)), rng, now)
        issued = _moment(date(spec.start_year - 1, 10, rng.randint(10, 28)), rng, now)
        plans.append(
            CityPlan(
                jurisdiction=heze,
                kind=spec.kind,
                title=spec.title,
                start_year=spec.start_year,
                end_year=spec.end_year,
                summary=spec.summary,
                state=PlanState.PUBLISHED if published else PlanState.DRAFT,
                created_by=author,
                created_at=created,
                updated_at=max(created, issued),
            )
        )
    return CityPlan.objects.bulk_create(plans)


# --- department plans -------------------------------------------------------------------------
@dataclass
class _PlanDraft:
    plan: DepartmentPlan
    items: list[PlanItem]
    rounds: list[tuple[str, str, User, datetime]] = field(default_factory=list)


def base_item(rng: random.Random, owner: Owner, *, large: bool = False) -> PlanItem:
    """A plan item nobody has applied for yet (name, category, estimate, reason)."""
    objects = [(name, category) for name, category, _ in OBJECTS]
    thing, category = rng.choices(objects, weights=[weight for _, _, weight in OBJECTS])[0]
    topic = rng.choice(owner.topics) if owner.topics else ""
    if topic.endswith("服务") and thing.startswith("服务"):
        thing = thing.removeprefix("服务")
    action = rng.choices([a for a, _ in ACTIONS], weights=[w for _, w in ACTIONS])[0]
    county = owner.division != HEZE
    top = 300 if not county else 120
    budget = Decimal(rng.randint(5, top * (3 if large else 1)) * 10_000)
    return PlanItem(
        name=f"{owner.place}{rng.choice(MODIFIERS)}{topic}{thing}{action}项目",
        category=category,
        estimated_budget=as_yuan(budget),
        reason=content.plan_reason(rng, topic),
    )


def _department_plan(
    rng: random.Random,
    owner: Owner,
    *,
    kind: str,
    years: tuple[int, int],
    state: str,
    author: User | None,
    actors: Actors,
    now: datetime,
) -> _PlanDraft:
    start, end = years
    if kind == ANNUAL:
        title = f"{owner.organisation_name}{start}年度政务信息化项目建设计划"
        summary = f"{start}年度本部门拟申报的政务信息化项目及估算投资，依据市{start}年度政务信息化建设指导计划编制。"
        items = [base_item(rng, owner) for _ in range(rng.randint(2, 4))]
    else:
        title = f"{owner.organisation_name}政务信息化建设规划（{start}—{end}年）"
        summary = f"本部门{start}—{end}年政务信息化建设目标、重点任务和项目安排。"
        items = [base_item(rng, owner, large=True) for _ in range(rng.randint(3, 6))]
    created = _moment(date(start - 1, 9, rng.randint(1, 25)), rng, now)
    plan = DepartmentPlan(
        organisation_id=owner.organisation_id,
        kind=kind,
        title=title[:200],
        start_year=start,
        end_year=end,
        summary=summary,
        state=state,
        created_by=author,
        created_at=created,
        updated_at=created,
    )
    draft = _PlanDraft(plan, items)
    staff = actors.bdb_staff.get(owner.jurisdiction_id)
    leaders = actors.bdb_leaders.get(owner.jurisdiction_id, [])
    returned_first = state == PlanState.RETURNED or (
        state in (PlanState.APPROVED, PlanState.SUBMITTED) and rng.random() < 0.25
    )
    if returned_first and staff is not None:
        day = date(start - 1, 11, rng.randint(1, 12))
        draft.rounds.append(
            (
                PlanReview.Outcome.RETURNED,
                rng.choice(RETURN_OPINIONS),
                staff,
                _moment(day, rng, now),
            )
        )
    if state == PlanState.APPROVED and leaders:
        day = date(start - 1, 12, rng.randint(10, 28))
        decided_at = _moment(day, rng, now)
        draft.rounds.append(
            (
                PlanReview.Outcome.APPROVED,
                rng.choice(APPROVAL_OPINIONS),
                rng.choice(leaders),
                decided_at,
            )
        )
    if draft.rounds:
        plan.bdb_opinion = draft.rounds[-1][1]
        plan.updated_at = max(created, draft.rounds[-1][3])
    return draft


def _load_department_plans(
    owners: Sequence[Owner], actors: Actors, now: datetime
) -> list[DepartmentPlan]:
    years = demo_years(now)
    existing = set(
        DepartmentPlan.objects.filter(
            organisation_id__in=[o.organisation_id for o in owners]
        ).values_list("organisation_id", "kind", "start_year")
    )
    drafts: list[_PlanDraft] = []
    for owner in owners:
        rng = random.Random(f"govit-demo-plans-{owner.division}-{owner.department}")  # noqa: S311
        author = actors.unit_staff.get(owner.organisation_id)
        decided = (
            PlanState.APPROVED if actors.has_bdb(owner.jurisdiction_id) else PlanState.SUBMITTED
        )
        wanted: list[tuple[str, tuple[int, int], str]] = [(ANNUAL, (y, y), decided) for y in years]
        # Next year's plan is being prepared by about a third of the departments.
        if rng.random() < 0.35:
            preparing: str = rng.choices(
                [PlanState.DRAFT, PlanState.SUBMITTED, PlanState.RETURNED], weights=[4, 3, 3]
            )[0]
            wanted.append((ANNUAL, (years[-1] + 1, years[-1] + 1), preparing))
        if owner.division == HEZE:
            wanted.append((INFORMATIZATION, (2021, 2025), decided))
            later: str = rng.choices(
                [decided, PlanState.SUBMITTED, PlanState.RETURNED, PlanState.DRAFT],
                weights=[3, 2, 1, 2],
            )[0]
            wanted.append((INFORMATIZATION, (2026, 2030), later))
        for kind, span, state in wanted:
            # Draw every plan's contents, created or not, so that the others stay the same.
            draft = _department_plan(
                rng,
                owner,
                kind=kind,
                years=span,
                state=state,
                author=author,
                actors=actors,
                now=now,
            )
            if (owner.organisation_id, kind, span[0]) not in existing:
                drafts.append(draft)
    plans = DepartmentPlan.objects.bulk_create([d.plan for d in drafts], batch_size=500)
    items: list[PlanItem] = []
    for draft in drafts:
        for item in draft.items:
            item.plan = draft.plan
            items.append(item)
    PlanItem.objects.bulk_create(items, batch_size=500)
    reviews = []
    for draft in drafts:
        snapshot = [item.snapshot() for item in draft.items]
        total = as_yuan(sum((item.estimated_budget for item in draft.items), Decimal(0)))
        for number, (outcome, opinion, user, at) in enumerate(draft.rounds, start=1):
            reviews.append(
                PlanReview(
                    plan=draft.plan,
                    round=number,
                    outcome=outcome,
                    opinion=opinion,
                    items_snapshot=snapshot,
                    total_budget=total,
                    decided_by=user,
                    decided_at=at,
                )
            )
    PlanReview.objects.bulk_create(reviews, batch_size=500)
    return plans


def load_plans(owners: Sequence[Owner], actors: Actors) -> int:
    """The city's plans and the departments' plans that are missing; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        city_plans = _load_city_plans(actors, now)
        department_plans = _load_department_plans(owners, actors, now)
        names = {o.organisation_id: o.organisation_name for o in owners}
        record_many(
            [
                *(
                    PendingEvent(
                        action="planning.city_plan_create",
                        obj=plan,
                        after=_plan_facts(plan, {"jurisdiction": HEZE}),
                        reason=DEMO_REASON,
                    )
                    for plan in city_plans
                ),
                *(
                    PendingEvent(
                        action="planning.department_plan_create",
                        obj=plan,
                        after=_plan_facts(plan, {"organisation": names[plan.organisation_id]}),
                        reason=DEMO_REASON,
                    )
                    for plan in department_plans
                ),
            ]
        )
    return len(city_plans) + len(department_plans)


def _plan_facts(plan: CityPlan | DepartmentPlan, extra: dict[str, str]) -> dict[str, object]:
    return {
        "kind": plan.kind,
        **extra,
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "state": plan.state,
    }


def approved_annual_plans(organisation_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """``(organisation id, year) → plan id`` of the approved annual construction plans."""
    return {
        (organisation_id, year): pk
        for pk, organisation_id, year in DepartmentPlan.objects.filter(
            organisation_id__in=list(organisation_ids), kind=ANNUAL, state=PlanState.APPROVED
        ).values_list("pk", "organisation_id", "start_year")
    }


def refresh_approval_rounds(plan_ids: Iterable[int]) -> None:
    """The approving round of each plan lists every item it holds, with their total.

    Sample projects add their items to the approved plans they are made from; the approval
    round is then made to list them too, as if they had been in the plan when it was approved.
    """
    ids = sorted(set(plan_ids))
    if not ids:
        return
    snapshots: dict[int, list[dict[str, str | int]]] = {pk: [] for pk in ids}
    totals: dict[int, Decimal] = dict.fromkeys(ids, Decimal(0))
    for item in PlanItem.objects.filter(plan_id__in=ids).order_by("plan_id", "id"):
        snapshots[item.plan_id].append(item.snapshot())
        totals[item.plan_id] += item.estimated_budget
    latest: dict[int, PlanReview] = {}
    for review in PlanReview.objects.filter(
        plan_id__in=ids, outcome=PlanReview.Outcome.APPROVED
    ).order_by("plan_id", "round"):
        latest[review.plan_id] = review
    changed = []
    for review in latest.values():
        snapshot, total = snapshots[review.plan_id], as_yuan(totals[review.plan_id])
        if review.items_snapshot != snapshot or review.total_budget != total:
            review.items_snapshot, review.total_budget = snapshot, total
            changed.append(review)
    PlanReview.objects.bulk_update(changed, ["items_snapshot", "total_budget"], batch_size=100)


# --- expert pools -----------------------------------------------------------------------------
def load_experts(actors: Actors) -> int:
    """Each jurisdiction's pool: the demo expert accounts and experts without a login."""
    codes = {spec.pool for spec in EXPERTS} | {spec.jurisdiction for spec in EXPERTS}
    jurisdictions = {j.code: j for j in Jurisdiction.objects.filter(code__in=codes)}
    organisations = {
        (org.jurisdiction.code, org.code): org
        for org in Organisation.objects.select_related("jurisdiction").filter(
            jurisdiction__code__in=codes
        )
    }
    existing = {
        (e.jurisdiction_id, e.name, e.organisation_id): e
        for e in Expert.objects.filter(jurisdiction__code__in=codes)
    }
    logins = {
        user.username: user
        for user in User.objects.filter(
            username__in=[s.username for s in EXPERTS if s.username], expert_profile__isnull=True
        )
        if user.has_role(Role.EXPERT)
    }
    created: list[Expert] = []
    with transaction.atomic():
        for spec in EXPERTS:
            pool = jurisdictions.get(spec.pool)
            organisation = organisations.get((spec.jurisdiction, spec.organisation_code))
            if pool is None or organisation is None:
                continue
            if (pool.pk, spec.name, organisation.pk) in existing:
                continue
            expert = Expert(
                jurisdiction=pool,
                user=logins.get(spec.username) if spec.username else None,
                name=spec.name,
                organisation=organisation,
                expertise=spec.expertise,
                created_at=timezone.make_aware(datetime(FIRST_YEAR - 1, 12, 1, 10, 0)),
            )
            created.append(expert)
            existing[(pool.pk, spec.name, organisation.pk)] = expert
        Expert.objects.bulk_create(created)
        new = {id(e) for e in created}
        conflicts = []
        for conflict in CONFLICTS:
            place = jurisdictions.get(conflict.pool)
            party = organisations.get((conflict.jurisdiction, conflict.organisation_code))
            if place is None or party is None or place.pk not in actors.bdb_staff:
                continue
            declaring = next(
                (
                    e
                    for key, e in existing.items()
                    if key[0] == place.pk and key[1] == conflict.expert and id(e) in new
                ),
                None,
            )
            if declaring is not None:
                conflicts.append(
                    ExpertConflict(
                        expert=declaring,
                        organisation=party,
                        reason=conflict.reason,
                        declared_by=actors.bdb_staff[place.pk],
                        declared_at=declaring.created_at,
                    )
                )
        ExpertConflict.objects.bulk_create(conflicts)
        record_many(
            [
                PendingEvent(
                    action="reviews.expert_create",
                    obj=expert,
                    after={
                        "name": expert.name,
                        "organisation": expert.organisation.name,
                        "expertise": expert.expertise,
                        "user": expert.user.username if expert.user else None,
                        "is_active": expert.is_active,
                        "conflicts": [c.organisation.name for c in conflicts if c.expert is expert],
                    },
                    reason=DEMO_REASON,
                )
                for expert in created
            ]
        )
    return len(created)
