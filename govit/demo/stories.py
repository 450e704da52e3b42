"""Writing a batch of sample projects with everything their state implies, in bulk.

For each batch (one transaction): plan items, projects (codes from ``reserve_serials``), one
``project.create`` history event each (``record_many``), then the dossier (budget lines,
pre-evaluation with indicators, catalogue, security profile with products, co-builders,
county participants, documents) and the review records (intake rounds, expert draws computed
with ``govit.reviews.draw`` from the pool snapshot, assignments with scores, budget cuts,
opinions with their lines numbered like ``reviews.effects.opinion_number``, plan exceptions,
NDRC decisions, Secrecy confirmations), then the delivery records of the projects past
procurement (``delivery.write``).  Every row is written with ``bulk_create``; nothing is
queried per project (policy rules and working-day answers are asked once per pack period and
date, see ``Context``).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import JSONField, Q, Value
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation
from govit.applications.files import StoredFile
from govit.applications.models import (
    BudgetLine,
    CatalogueEntry,
    CoBuilder,
    CountyParticipant,
    Document,
    DocumentKind,
    Indicator,
    PreEvaluation,
    ProductItem,
    SecurityProfile,
)
from govit.audit.services import PendingEvent, record_many
from govit.planning.models import PlanItem
from govit.policy.calendar import (
    WorkdayAnswer,
    WorkdayCount,
    add_working_days,
    working_days_between,
)
from govit.policy.models import PolicyPack
from govit.policy.packs import RuleValue, rule
from govit.projects.codes import ProjectCode
from govit.projects.models import Project, SecrecyStatus
from govit.projects.services import project_serial_key, reserve_serials
from govit.reviews import draw as drawing
from govit.reviews.effects import OPINION_NUMBER_RULE, opinion_serial_key
from govit.reviews.models import (
    ApprovalOpinion,
    BudgetCut,
    ExpertDraw,
    IntakeRound,
    NdrcDecision,
    OpinionLine,
    PlanException,
    ReviewAssignment,
    SecrecyConfirmation,
)
from govit.reviews.services import pool_snapshot

from . import content, delivery
from .actors import Actors
from .content import Line, Story
from .data import DEMO_REASON
from .names import SampleProject

CREATE_ACTION = "project.create"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ROWS = 1000  # bulk_create batch size (Django lowers it further for SQLite's parameter limit)


@dataclass
class Context:
    """What every batch needs, read once per load."""

    actors: Actors
    plans: dict[tuple[int, int], int]  # (organisation id, year) → approved annual plan id
    organisation_names: dict[int, str]
    jurisdictions: dict[int, Jurisdiction]
    cobuilder_candidates: dict[int, list[int]]  # jurisdiction id → organisations with staff
    counties: dict[int, list[int]]  # jurisdiction id → its counties' ids
    files: dict[str, StoredFile]
    now: datetime = field(default_factory=timezone.now)
    _pools: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    _rules: dict[tuple[int, str], list[tuple[date, date | None, RuleValue]]] = field(
        default_factory=dict
    )
    _due: dict[tuple[date, int], WorkdayAnswer] = field(default_factory=dict)
    _between: dict[tuple[date, date], WorkdayCount] = field(default_factory=dict)

    def pool(self, jurisdiction_id: int) -> list[dict[str, Any]]:
        """The jurisdiction's expert pool as a draw snapshots it (``reviews.services``)."""
        if jurisdiction_id not in self._pools:
            self._pools[jurisdiction_id] = pool_snapshot(Project(jurisdiction_id=jurisdiction_id))
        return self._pools[jurisdiction_id]

    def rule(self, jurisdiction_id: int, key: str, on: date) -> RuleValue:
        """``policy.packs.rule(jurisdiction, key, on=on)``, asked once per pack period.

        The answer is reused for the rest of the pack's period when no other pack of the
        jurisdiction or of a level up to the pack's own overlaps that period (so the same pack
        would be found for those days).
        """
        known = self._rules.setdefault((jurisdiction_id, key), [])
        for start, end, answer in known:
            if start <= on and (end is None or on <= end):
                return answer
        found = rule(self.jurisdictions[jurisdiction_id], key, on=on)
        start, end = on, on
        if not self._overlapped(jurisdiction_id, found.pack):
            start, end = found.pack.effective_from, found.pack.effective_to
        known.append((start, end, found))
        return found

    def opinion_format(self, jurisdiction_id: int, on: date) -> tuple[str, str]:
        """(number format, code of the jurisdiction whose pack supplies it) on ``on``, as
        ``opinion_number`` asks ``policy.packs.rule``."""
        found = self.rule(jurisdiction_id, OPINION_NUMBER_RULE, on)
        return found.as_text(), found.pack.jurisdiction.code

    def add_working_days(self, start: date, n: int) -> WorkdayAnswer:
        """``policy.calendar.add_working_days``, asked once per (date, n) of a load."""
        key = (start, n)
        if key not in self._due:
            self._due[key] = add_working_days(start, n)
        return self._due[key]

    def working_days_between(self, start: date, end: date) -> WorkdayCount:
        """``policy.calendar.working_days_between``, asked once per pair of dates of a load."""
        key = (start, end)
        if key not in self._between:
            self._between[key] = working_days_between(start, end)
        return self._between[key]

    def _overlapped(self, jurisdiction_id: int, pack: PolicyPack) -> bool:
        levels = []
        current: Jurisdiction | None = self.jurisdictions[jurisdiction_id]
        while current is not None and current.pk not in levels:
            levels.append(current.pk)
            if current.pk == pack.jurisdiction_id:
                break
            current = self.jurisdictions.get(current.parent_id) if current.parent_id else None
        others = PolicyPack.objects.filter(jurisdiction_id__in=levels).exclude(pk=pack.pk)
        others = others.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=pack.effective_from)
        )
        if pack.effective_to is not None:
            others = others.filter(effective_from__lte=pack.effective_to)
        return others.exists()


def load_context(
    organisation_ids: Sequence[int],
    actors: Actors,
    plans: dict[tuple[int, int], int],
    files: dict[str, StoredFile],
) -> Context:
    organisations = list(
        Organisation.objects.filter(pk__in=list(organisation_ids)).select_related("jurisdiction")
    )
    jurisdictions = {j.pk: j for j in Jurisdiction.objects.select_related("parent")}
    candidates: dict[int, list[int]] = defaultdict(list)
    for org in sorted(organisations, key=lambda o: o.pk):
        if org.pk in actors.unit_staff:
            candidates[org.jurisdiction_id].append(org.pk)
    counties: dict[int, list[int]] = defaultdict(list)
    for j in sorted(jurisdictions.values(), key=lambda j: j.code):
        if j.parent_id is not None:
            counties[j.parent_id].append(j.pk)
    return Context(
        actors=actors,
        plans=plans,
        organisation_names={org.pk: org.name for org in organisations},
        jurisdictions=jurisdictions,
        cobuilder_candidates=dict(candidates),
        counties=dict(counties),
        files=files,
    )


# --- what one project gets, decided before anything is written -------------------------------
@dataclass
class Review:
    expert_id: int
    scores: content.Scores | None  # None: not yet submitted
    submitted_at: datetime | None
    cuts: list[tuple[int, Decimal, str]]  # (line index, amount, reason)


@dataclass
class Draw:
    seed: int
    count: int
    snapshot: list[dict[str, Any]]
    parties: dict[str, Any]
    exclusions: list[dict[str, Any]]
    result: list[int]
    reviews: list[Review]


@dataclass
class Plan:
    """A sample with its records' contents."""

    sample: SampleProject
    story: Story
    lines: list[Line]
    requested: Decimal
    outside_plan: bool
    plan_id: int | None
    cobuilders: list[int] = field(default_factory=list)
    draw: Draw | None = None
    approved_lines: list[tuple[Decimal, str]] = field(default_factory=list)  # per line
    opinion_number: str = ""
    opinion_date: date | None = None
    ndrc_number: str = ""

    @property
    def approved_amount(self) -> Decimal | None:
        if self.story.opinion != "signed":
            return None
        return sum((approved for approved, _ in self.approved_lines), ZERO)

    @property
    def secrecy_status(self) -> str:
        if self.story.secrecy is None:
            return SecrecyStatus.PENDING
        return SecrecyStatus.CLASSIFIED if self.story.secrecy else SecrecyStatus.NOT_CLASSIFIED


def _plan(rng: random.Random, sample: SampleProject, ctx: Context) -> Plan:
    story = content.story(rng, sample, ctx.now)
    county = ctx.jurisdictions[sample.owner.jurisdiction_id].parent_id is not None
    lines = content.budget_lines(rng, sample, county=county) if story.budget else []
    plan_id = (
        None if sample.outside_plan else ctx.plans.get((sample.owner.organisation_id, sample.year))
    )
    plan = Plan(
        sample=sample,
        story=story,
        lines=lines,
        requested=content.total(lines),
        outside_plan=plan_id is None,
        plan_id=plan_id,
    )
    if story.dossier and rng.random() < 0.12:
        others = [
            pk
            for pk in ctx.cobuilder_candidates.get(sample.owner.jurisdiction_id, [])
            if pk != sample.owner.organisation_id
        ]
        if others:
            plan.cobuilders = sorted(rng.sample(others, min(len(others), rng.choice([1, 1, 1, 2]))))
    if story.draw:
        plan.draw = _draw(rng, plan, ctx)
    if story.opinion:
        plan.approved_lines = _line_decisions(plan)
    return plan


def _draw(rng: random.Random, plan: Plan, ctx: Context) -> Draw | None:
    owner = plan.sample.owner
    snapshot = ctx.pool(owner.jurisdiction_id)
    parties = {
        "applicant": {"id": owner.organisation_id, "name": owner.organisation_name},
        "cobuilders": [{"id": pk, "name": ctx.organisation_names[pk]} for pk in plan.cobuilders],
        "already_drawn": [],
    }
    exclusions = drawing.exclusions_for(
        snapshot,
        applicant_id=owner.organisation_id,
        cobuilder_ids=plan.cobuilders,
        already_drawn=[],
    )
    eligible = drawing.eligible_ids(snapshot, exclusions)
    count = min(rng.randint(3, 5), len(eligible))
    if count == 0:
        return None
    seed = rng.getrandbits(drawing.SEED_BITS)
    result = drawing.pick(eligible, seed=seed, count=count)
    story = plan.story
    if story.reviews == "all":
        submitted = set(result)
    elif story.reviews == "some":
        submitted = set(rng.sample(result, rng.randint(0, count - 1)))
    else:
        submitted = set()
    drawn_at = story.at("draw")
    reviews = []
    for expert_id in result:
        if expert_id not in submitted:
            reviews.append(Review(expert_id, None, None, []))
            continue
        at = story.times.get("reviewed") or min(
            drawn_at + timedelta(days=rng.uniform(2, 10)), ctx.now
        )
        cuts = []
        if plan.lines and rng.random() < 0.3:
            index = rng.randrange(len(plan.lines))
            amount = content.cut_amount(rng, plan.lines[index].amount)
            cuts.append((index, amount, rng.choice(content.CUT_REASONS)))
        reviews.append(
            Review(expert_id, content.scores(rng, favourable=story.favourable), at, cuts)
        )
    return Draw(seed, count, snapshot, parties, exclusions, result, reviews)


def _line_decisions(plan: Plan) -> list[tuple[Decimal, str]]:
    """Each line minus the mean of the submitted reviews' cuts (``carried_over_lines``)."""
    reviews = [r for r in (plan.draw.reviews if plan.draw else []) if r.submitted_at]
    decisions = []
    for index, line in enumerate(plan.lines):
        cuts = [(amount, reason) for r in reviews for i, amount, reason in r.cuts if i == index]
        cut_total = sum((amount for amount, _ in cuts), ZERO)
        mean = (cut_total / len(reviews)).quantize(CENT, ROUND_HALF_UP) if reviews else ZERO
        mean = min(mean, line.amount)
        reason = "；".join(f"专家意见：{reason}" for _, reason in cuts)
        decisions.append((line.amount - mean, reason))
    return decisions


def _number_opinions(plans: list[Plan], ctx: Context) -> None:
    """Numbers in the pack's format from the same counter as ``opinion_number``, by date."""
    signed = [p for p in plans if p.story.opinion == "signed"]
    keyed: dict[str, list[tuple[date, int, Plan, str]]] = defaultdict(list)
    for index, plan in enumerate(signed):
        on = timezone.localdate(plan.story.at("opinion"))
        number_format, pack_code = ctx.opinion_format(plan.sample.owner.jurisdiction_id, on)
        keyed[opinion_serial_key(pack_code, on.year)].append((on, index, plan, number_format))
    for key in sorted(keyed):
        entries = sorted(keyed[key], key=lambda entry: (entry[0], entry[1]))
        serial = reserve_serials(key, len(entries))
        for on, _, plan, number_format in entries:
            plan.opinion_number = number_format.format(year=on.year, seq=serial)
            plan.opinion_date = on
            serial += 1


def _number_ndrc(plans: list[Plan]) -> None:
    approved = [p for p in plans if p.story.ndrc]
    years = Counter(timezone.localdate(p.story.at("ndrc")).year for p in approved)
    serials = {year: reserve_serials(f"demo:ndrc:{year}", n) for year, n in sorted(years.items())}
    for plan in approved:
        year = timezone.localdate(plan.story.at("ndrc")).year
        plan.ndrc_number = f"菏发改投资〔{year}〕{serials[year]}号"
        serials[year] += 1


# --- writing ----------------------------------------------------------------------------------
def write_batch(samples: Sequence[SampleProject], ctx: Context, rng: random.Random) -> None:
    """Write ``samples`` with their records, in one transaction."""
    with transaction.atomic():
        plans = [_plan(rng, sample, ctx) for sample in samples]
        _number_opinions(plans, ctx)
        _number_ndrc(plans)
        items = _plan_items(rng, plans)
        projects = _projects(plans, items)
        _events(plans, projects)
        lines = _budget(plans, projects)
        dossiers = _dossier(rng, plans, projects, ctx)
        _reviews(rng, plans, projects, lines, ctx)
        delivery.write(rng, plans, projects, lines, dossiers, ctx)


def _plan_items(rng: random.Random, plans: list[Plan]) -> dict[int, PlanItem]:
    items: dict[int, PlanItem] = {}
    for index, plan in enumerate(plans):
        if plan.plan_id is None:
            continue
        sample = plan.sample
        basis = plan.requested or Decimal(rng.randint(20, 500) * 10_000)
        items[index] = PlanItem(
            plan_id=plan.plan_id,
            name=sample.item_name[:200],
            category=sample.system_category,
            estimated_budget=content.estimate(rng, basis),
            reason=content.plan_reason(rng, sample.topic),
        )
    PlanItem.objects.bulk_create(list(items.values()), batch_size=ROWS)
    return items


def _projects(plans: list[Plan], items: dict[int, PlanItem]) -> list[Project]:
    wanted = Counter((p.sample.year, p.sample.owner.division) for p in plans)
    next_serial = {
        key: reserve_serials(project_serial_key(*key), count)
        for key, count in sorted(wanted.items())
    }
    projects = []
    for index, plan in enumerate(plans):
        sample = plan.sample
        key = (sample.year, sample.owner.division)
        serial, next_serial[key] = next_serial[key], next_serial[key] + 1
        code = ProjectCode(
            sample.year,
            sample.owner.division,
            sample.owner.department,
            sample.system_category,
            serial,
        )
        item = items.get(index)
        projects.append(
            Project(
                code=str(code),
                name=sample.name,
                year=sample.year,
                organisation_id=sample.owner.organisation_id,
                jurisdiction_id=sample.owner.jurisdiction_id,
                system_category=sample.system_category,
                state=sample.state,
                funding_mode=sample.funding_mode,
                procedure=sample.procedure,
                upper_level=sample.upper_level,
                plan_item_id=item.pk if item else None,
                outside_plan=plan.outside_plan,
                requested_amount=plan.requested,
                approved_amount=plan.approved_amount,
                opinion_number=plan.opinion_number,
                opinion_date=plan.opinion_date,
                is_fixed_asset=sample.is_fixed_asset,
                is_classified_candidate=sample.is_classified_candidate,
                secrecy_status=plan.secrecy_status,
                created_by=None,
                created_at=sample.created_at,
                updated_at=content.last_step(plan.story, sample),
                **delivery.lifecycle_dates(plan.story),
            )
        )
    # SQLite ≥ 3.35 and PostgreSQL return the new primary keys, which the records need.
    Project.objects.bulk_create(projects, batch_size=ROWS)
    if any(project.pk is None for project in projects):
        raise RuntimeError("数据库未返回新项目的主键，无法写入历史 / bulk insert returned no keys")
    return projects


def _events(plans: list[Plan], projects: list[Project]) -> None:
    record_many(
        [
            PendingEvent(
                action=CREATE_ACTION,
                obj=project,
                by=None,
                after={
                    "code": project.code,
                    "name": project.name,
                    "year": project.year,
                    "organisation": plan.sample.owner.organisation_name,
                    "system_category": project.system_category,
                    "funding_mode": project.funding_mode,
                    "procedure": project.procedure,
                    "upper_level": project.upper_level,
                    "plan_item": project.plan_item_id,
                    "outside_plan": project.outside_plan,
                    "is_fixed_asset": project.is_fixed_asset,
                    "is_classified_candidate": project.is_classified_candidate,
                    "state": project.state,
                },
                reason=DEMO_REASON,
            )
            for project, plan in zip(projects, plans, strict=True)
        ]
    )


def _budget(plans: list[Plan], projects: list[Project]) -> list[list[BudgetLine]]:
    rows: list[list[BudgetLine]] = []
    for plan, project in zip(plans, projects, strict=True):
        at = plan.story.times.get("dossier", plan.sample.created_at)
        rows.append(
            [
                BudgetLine(
                    project_id=project.pk,
                    category=line.category,
                    name=line.name,
                    quantity=line.quantity,
                    unit=line.unit,
                    unit_price=line.unit_price,
                    amount=line.amount,
                    created_at=at,
                )
                for line in plan.lines
            ]
        )
    BudgetLine.objects.bulk_create([line for lines in rows for line in lines], batch_size=ROWS)
    return rows


@dataclass
class Dossiers:
    """What the delivery records of a batch need from its dossiers, by plan index."""

    indicators: dict[int, list[Indicator]] = field(default_factory=dict)
    participants: dict[int, list[CountyParticipant]] = field(default_factory=dict)
    mlps_levels: dict[int, int] = field(default_factory=dict)


def _dossier(
    rng: random.Random, plans: list[Plan], projects: list[Project], ctx: Context
) -> Dossiers:
    evaluations: list[tuple[int, PreEvaluation, list[tuple[str, str, str]]]] = []
    entries: list[CatalogueEntry] = []
    profiles: list[tuple[SecurityProfile, content.Security]] = []
    cobuilders: list[CoBuilder] = []
    participants: list[tuple[int, CountyParticipant]] = []
    documents: list[Document] = []
    found = Dossiers()
    for index, (plan, project) in enumerate(zip(plans, projects, strict=True)):
        if not plan.story.dossier:
            continue
        sample, at = plan.sample, plan.story.at("dossier")
        goals, conclusion = content.pre_evaluation(rng, sample)
        evaluations.append(
            (
                index,
                PreEvaluation(
                    project_id=project.pk,
                    goals=goals,
                    conclusion=conclusion,
                    completed_at=at,
                    updated_at=at,
                ),
                content.indicators(rng),
            )
        )
        entries += [
            CatalogueEntry(
                project_id=project.pk,
                name=entry.name,
                data_source=entry.data_source,
                data_format=entry.data_format,
                update_cycle=entry.update_cycle,
                sharing_attribute=entry.sharing_attribute,
                sharing_condition=entry.sharing_condition,
                opening_attribute=entry.opening_attribute,
            )
            for entry in content.catalogue(rng, sample)
        ]
        security = content.security(rng, sample)
        found.mlps_levels[index] = security.mlps_level
        profiles.append(
            (
                SecurityProfile(
                    project_id=project.pk,
                    mlps_level=security.mlps_level,
                    crypto_plan=security.crypto_plan,
                    crypto_planned=True,
                    crypto_built=True,
                    crypto_run=True,
                    updated_at=at,
                ),
                security,
            )
        )
        for organisation_id in plan.cobuilders:
            topic = sample.topic or "相关业务"
            cobuilders.append(
                CoBuilder(
                    project_id=project.pk,
                    organisation_id=organisation_id,
                    scope=f"负责本单位{topic}相关业务需求确认和数据提供，参与系统部署和测试",
                    duties="按约定提供数据接口，参与联调测试和验收，承担本单位使用部分的日常运维",
                    sharing_needs=f"共享{topic}业务办理数据，接口方式，每日更新",
                    confirmed_at=at,
                    confirmed_by=ctx.actors.unit_staff[organisation_id],
                )
            )
        counties = ctx.counties.get(sample.owner.jurisdiction_id, [])
        if counties and ("county" in sample.features or rng.random() < 0.06):
            for county in sorted(rng.sample(counties, rng.randint(1, min(2, len(counties))))):
                participants.append(
                    (
                        index,
                        CountyParticipant(
                            project_id=project.pk,
                            jurisdiction_id=county,
                            content="部署县级节点并对接本县区业务系统，承担县级数据归集和推广应用",
                            construction_share_pct=Decimal(rng.choice([10, 15, 20, 25])).quantize(
                                CENT
                            ),
                            om_share_pct=Decimal(rng.choice([20, 30, 40, 50])).quantize(CENT),
                        ),
                    )
                )
        documents += _documents(rng, plan, project, ctx)
    PreEvaluation.objects.bulk_create([e for _, e, _ in evaluations], batch_size=ROWS)
    indicators = [
        (
            index,
            Indicator(pre_evaluation_id=evaluation.pk, name=name, target_value=value, unit=unit),
        )
        for index, evaluation, chosen in evaluations
        for name, value, unit in chosen
    ]
    Indicator.objects.bulk_create([i for _, i in indicators], batch_size=ROWS)
    for index, indicator in indicators:
        found.indicators.setdefault(index, []).append(indicator)
    CatalogueEntry.objects.bulk_create(entries, batch_size=ROWS)
    SecurityProfile.objects.bulk_create([p for p, _ in profiles], batch_size=ROWS)
    ProductItem.objects.bulk_create(
        [
            ProductItem(
                profile_id=profile.pk,
                name=name,
                kind=kind,
                vendor=vendor,
                origin=origin,
                controllability=note,
            )
            for profile, security in profiles
            for name, kind, vendor, origin, note in security.products
        ],
        batch_size=ROWS,
    )
    CoBuilder.objects.bulk_create(cobuilders, batch_size=ROWS)
    CountyParticipant.objects.bulk_create([p for _, p in participants], batch_size=ROWS)
    for index, participant in participants:
        found.participants.setdefault(index, []).append(participant)
    Document.objects.bulk_create(documents, batch_size=ROWS)
    return found


def _documents(rng: random.Random, plan: Plan, project: Project, ctx: Context) -> list[Document]:
    """The construction plan (a metadata row for an uncleared classified candidate), the upper
    approval of a higher-level project, sometimes a supplementary file; all share the demo PDFs."""
    uploader = ctx.actors.unit_staff.get(project.organisation_id)
    if uploader is None:
        return []
    sample, story = plan.sample, plan.story
    metadata_only = (
        sample.is_classified_candidate and plan.secrecy_status != SecrecyStatus.NOT_CLASSIFIED
    )
    wanted: list[tuple[str, str, str, datetime]] = [
        (
            DocumentKind.CONSTRUCTION_PLAN,
            "建设方案",
            f"{sample.item_name}建设方案.pdf",
            story.at("dossier"),
        )
    ]
    if story.upper_document:
        authority = content.UPPER_AUTHORITY.get(sample.upper_level, "上级部门")
        wanted.append(
            (
                DocumentKind.UPPER_APPROVAL,
                f"{authority}批复",
                f"{authority}关于{sample.item_name}的批复.pdf",
                story.at("upper_approved"),
            )
        )
    if rng.random() < 0.3:
        title = rng.choice(("可行性研究报告", "询价材料", "需求调研报告"))
        wanted.append((DocumentKind.SUPPLEMENTARY, title, f"{title}.pdf", story.at("dossier")))
    documents = []
    for kind, title, filename, at in wanted:
        if metadata_only:
            documents.append(
                Document(
                    project_id=project.pk,
                    kind=kind,
                    title=title,
                    version=1,
                    document_number=f"{sample.owner.organisation_name}〔{sample.year}〕{rng.randint(1, 60)}号",
                    document_date=timezone.localdate(at),
                    uploaded_by=uploader,
                    uploaded_at=at,
                )
            )
            continue
        stored = ctx.files[kind]
        documents.append(
            Document(
                project_id=project.pk,
                kind=kind,
                title=title,
                version=1,
                original_filename=filename[-255:],
                content_type="application/pdf",
                size=stored.size,
                sm3=stored.sm3,
                storage_path=stored.relative_path,
                uploaded_by=uploader,
                uploaded_at=at,
            )
        )
    return documents


def _reviews(
    rng: random.Random,
    plans: list[Plan],
    projects: list[Project],
    lines: list[list[BudgetLine]],
    ctx: Context,
) -> None:
    actors = ctx.actors
    rounds: list[IntakeRound] = []
    passed: dict[int, IntakeRound] = {}
    for index, (plan, project) in enumerate(zip(plans, projects, strict=True)):
        staff = actors.bdb_staff.get(project.jurisdiction_id)
        for number, outcome in enumerate(plan.story.intake, start=1):
            if staff is None:
                break
            row = IntakeRound(
                project_id=project.pk,
                round_no=number,
                outcome=outcome,
                reasons=rng.choice(content.INTAKE_RETURNS) if outcome == "returned" else "",
                by=staff,
                at=plan.story.at(f"intake_{number}"),
            )
            rounds.append(row)
            if outcome == "passed":
                passed[index] = row
    IntakeRound.objects.bulk_create(rounds, batch_size=ROWS)

    draws: dict[int, ExpertDraw] = {}
    for index, (plan, project) in enumerate(zip(plans, projects, strict=True)):
        staff = actors.bdb_staff.get(project.jurisdiction_id)
        if plan.draw is None or staff is None:
            continue
        d = plan.draw
        draws[index] = ExpertDraw(
            project_id=project.pk,
            intake_round=passed.get(index),
            seed=str(d.seed),
            count=d.count,
            # As an expression: PostgreSQL then inserts the rows with VALUES, not UNNEST, whose
            # text arrays escape every quote of the JSON (twice as slow for these large rows).
            pool_snapshot=Value(d.snapshot, output_field=JSONField()),
            parties=d.parties,
            exclusions=d.exclusions,
            result=d.result,
            by=staff,
            at=plan.story.at("draw"),
        )
    ExpertDraw.objects.bulk_create(list(draws.values()), batch_size=200)

    assignments: list[tuple[ReviewAssignment, Review, int]] = []
    for index, expert_draw in draws.items():
        plan, project = plans[index], projects[index]
        for review in plan.draw.reviews if plan.draw else []:
            s = review.scores
            requested = project.requested_amount
            cut_total = sum((amount for _, amount, _ in review.cuts), ZERO)
            assignments.append(
                (
                    ReviewAssignment(
                        project_id=project.pk,
                        draw=expert_draw,
                        expert_id=review.expert_id,
                        necessity_score=s.necessity if s else None,
                        necessity_comment=s.necessity_comment if s else "",
                        feasibility_score=s.feasibility if s else None,
                        feasibility_comment=s.feasibility_comment if s else "",
                        budget_score=s.budget if s else None,
                        budget_comment=s.budget_comment if s else "",
                        recommended_amount=(requested - cut_total) if s else None,
                        submitted_at=review.submitted_at,
                    ),
                    review,
                    index,
                )
            )
    ReviewAssignment.objects.bulk_create([a for a, _, _ in assignments], batch_size=ROWS)
    BudgetCut.objects.bulk_create(
        [
            BudgetCut(
                assignment_id=assignment.pk,
                budget_line_id=lines[index][line_index].pk,
                line_name=lines[index][line_index].name,
                line_amount=lines[index][line_index].amount,
                cut_amount=amount,
                reason=reason,
            )
            for assignment, review, index in assignments
            for line_index, amount, reason in review.cuts
        ],
        batch_size=ROWS,
    )

    opinions: list[tuple[ApprovalOpinion, int]] = []
    exceptions: list[PlanException] = []
    ndrc: list[NdrcDecision] = []
    secrecy: list[SecrecyConfirmation] = []
    for index, (plan, project) in enumerate(zip(plans, projects, strict=True)):
        story = plan.story
        staff = actors.bdb_staff.get(project.jurisdiction_id)
        leaders = actors.bdb_leaders.get(project.jurisdiction_id, [])
        if story.opinion and staff is not None and leaders:
            approved = sum((a for a, _ in plan.approved_lines), ZERO)
            signed = story.opinion == "signed"
            opinions.append(
                (
                    ApprovalOpinion(
                        project_id=project.pk,
                        requested_amount=project.requested_amount,
                        approved_amount=approved,
                        conditions=content.OPINION_CONDITIONS if signed else "",
                        state=ApprovalOpinion.State.SIGNED
                        if signed
                        else ApprovalOpinion.State.REJECTED,
                        drafted_by=staff,
                        drafted_at=story.at("drafted"),
                        number=plan.opinion_number,
                        date=plan.opinion_date,
                        signed_by=rng.choice(leaders),
                        rejection_reason="" if signed else rng.choice(content.REJECTIONS),
                    ),
                    index,
                )
            )
        if story.exception and leaders:
            last_intake = story.times.get(f"intake_{len(story.intake)}", story.at("signed"))
            exceptions.append(
                PlanException(
                    project_id=project.pk,
                    reason=rng.choice(content.EXCEPTION_REASONS),
                    by=rng.choice(leaders),
                    at=story.times.get("drafted", min(last_intake + timedelta(days=2), ctx.now)),
                )
            )
        if story.ndrc is not None and project.jurisdiction_id in actors.ndrc:
            at = story.at("ndrc")
            ndrc.append(
                NdrcDecision(
                    project_id=project.pk,
                    approved=story.ndrc,
                    document_number=plan.ndrc_number,
                    date=timezone.localdate(at),
                    comments="同意项目投资。" if story.ndrc else rng.choice(content.NDRC_REFUSALS),
                    by=actors.ndrc[project.jurisdiction_id],
                    at=at,
                )
            )
        if story.secrecy is not None and project.jurisdiction_id in actors.secrecy:
            secrecy.append(
                SecrecyConfirmation(
                    project_id=project.pk,
                    classified=story.secrecy,
                    reason=content.SECRECY_REASONS[story.secrecy],
                    by=actors.secrecy[project.jurisdiction_id],
                    at=story.times.get("opinion", story.at("signed")),
                )
            )
    ApprovalOpinion.objects.bulk_create([o for o, _ in opinions], batch_size=ROWS)
    OpinionLine.objects.bulk_create(
        [
            OpinionLine(
                opinion_id=opinion.pk,
                budget_line_id=line.pk,
                line_name=line.name,
                requested=line.amount,
                approved=approved,
                reason=reason,
            )
            for opinion, index in opinions
            for line, (approved, reason) in zip(
                lines[index], plans[index].approved_lines, strict=True
            )
        ],
        batch_size=ROWS,
    )
    PlanException.objects.bulk_create(exceptions, batch_size=ROWS)
    NdrcDecision.objects.bulk_create(ndrc, batch_size=ROWS)
    SecrecyConfirmation.objects.bulk_create(secrecy, batch_size=ROWS)
