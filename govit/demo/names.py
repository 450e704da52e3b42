"""Sample projects: realistic names, categories, years, procedures and states, from fixed lists.

Pure functions of a seeded random generator, so that a given demo database is reproducible
(the generator is seeded with the number of demo projects already loaded).

Each sample takes one of three paths through the lifecycle (``projects/workflow.py``):

- ``approval`` (审批): submitted → unit_signed → under_review → approved / rejected, then
  NDRC for fixed-asset projects (ndrc_review) and procurement;
- ``filing`` (备案): submitted → unit_signed → filed → procurement;
- ``upper`` (上级项目, Art. 12): consent_requested → consented → submitted → … → filed.

A project that reached procurement goes on with delivery (issue 4, Art. 15–24): in construction
(sometimes rectifying or suspended), completed, acceptance applied, accepted, in operation,
self-evaluated, evaluated — the older the project, the further (``DELIVERY_BY_AGE``).

The first demo projects ever loaded (``SHOWCASE``) belong to 菏泽市公安局 (whose staff have demo
accounts) and visit every state once, so that even a small demo shows the whole lifecycle.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from govit.projects.models import FundingMode, Procedure, SystemCategory, UpperLevel

FIRST_YEAR = 2021
LAST_YEAR = 2026

C = SystemCategory

MODIFIERS = ("智慧", "数字", "一体化", "综合", "协同", "智能", "")

# (what is built, its system category of Art. 2, weight)
OBJECTS: tuple[tuple[str, str, int], ...] = (
    ("业务平台", C.BUSINESS_SYSTEM, 6),
    ("服务平台", C.BUSINESS_SYSTEM, 6),
    ("应用系统", C.BUSINESS_SYSTEM, 5),
    ("监管平台", C.BUSINESS_SYSTEM, 4),
    ("指挥调度平台", C.BUSINESS_SYSTEM, 2),
    ("管理信息系统", C.BUSINESS_SYSTEM, 4),
    ("移动应用", C.BUSINESS_SYSTEM, 2),
    ("数据中心", C.RESOURCE_DATABASE, 3),
    ("主题数据库", C.RESOURCE_DATABASE, 3),
    ("数据资源目录", C.RESOURCE_DATABASE, 1),
    ("业务专网", C.NETWORK, 2),
    ("视频传输网络", C.NETWORK, 1),
    ("网络安全防护体系", C.SECURITY_INFRASTRUCTURE, 2),
    ("密码应用改造", C.SECURITY_INFRASTRUCTURE, 1),
    ("数据标准规范体系", C.STANDARDS, 1),
    ("运行保障体系", C.SUPPORT, 1),
)

OPERATION = "运维"
ACTIONS: tuple[tuple[str, int], ...] = (
    ("建设", 8),
    ("升级改造", 4),
    ("二期建设", 2),
    (OPERATION, 4),
    ("扩容", 1),
)

APPROVAL, FILING, UPPER = "approval", "filing", "upper"

# States a demo project may be in, weighted per path: recent projects are still on their way,
# older ones have mostly been decided.
APPROVAL_RECENT: tuple[tuple[str, int], ...] = (
    ("draft", 16),
    ("submitted", 10),
    ("unit_signed", 8),
    ("under_review", 16),
    ("returned", 7),
    ("approved", 16),
    ("rejected", 3),
    ("ndrc_review", 3),
    ("procurement", 12),
    ("terminated", 4),
)
APPROVAL_OLDER: tuple[tuple[str, int], ...] = (
    ("draft", 2),
    ("submitted", 1),
    ("unit_signed", 1),
    ("under_review", 2),
    ("returned", 2),
    ("approved", 28),
    ("rejected", 10),
    ("ndrc_review", 2),
    ("procurement", 44),
    ("terminated", 8),
)
FILING_RECENT: tuple[tuple[str, int], ...] = (
    ("draft", 18),
    ("submitted", 12),
    ("unit_signed", 10),
    ("returned", 5),
    ("filed", 30),
    ("procurement", 20),
    ("terminated", 3),
)
FILING_OLDER: tuple[tuple[str, int], ...] = (
    ("draft", 2),
    ("submitted", 1),
    ("unit_signed", 1),
    ("returned", 2),
    ("filed", 30),
    ("procurement", 56),
    ("terminated", 8),
)
UPPER_STATES: tuple[tuple[str, int], ...] = (
    ("draft", 8),
    ("consent_requested", 16),
    ("consented", 10),
    ("submitted", 8),
    ("unit_signed", 6),
    ("filed", 20),
    ("procurement", 20),
    ("rejected", 6),
    ("terminated", 6),
)
# Delivery (issue 4): the main line after procurement, and the two states of Art. 20 beside it.
DELIVERY_LINE = (
    "in_construction", "completed", "acceptance_applied", "accepted", "in_operation",
    "self_evaluated", "evaluated",
)  # fmt: skip
DELIVERY_STATES = frozenset({*DELIVERY_LINE, "rectifying", "suspended"})
# Procurement and every state after it: the project has its opinion (or filing) and NDRC's yes.
PROCUREMENT_ONWARD = frozenset({"procurement", *DELIVERY_STATES})
# States whose records hold documents the platform stores (acceptance, evaluation reports):
# a classified candidate (metadata only, Art. 4) never gets there in the demo.
DOCUMENT_STATES = frozenset(
    {"acceptance_applied", "accepted", "in_operation", "self_evaluated", "evaluated"}
)
# How far a project that reached procurement has got, by its age (years before the last demo
# year): recent ones are building, old ones run and have been evaluated.  Most stay in
# procurement: a delivered project writes some 60 records and history events, and
# ``govit demo --projects 50000`` should take about as long as it did before issue 4 (about
# one project in twenty-five is delivered; the showcase has every state regardless).
DELIVERY_BY_AGE: tuple[tuple[tuple[str, int], ...], ...] = (
    (("procurement", 190), ("in_construction", 8), ("rectifying", 1), ("suspended", 1)),
    (("procurement", 176), ("in_construction", 10), ("rectifying", 2), ("suspended", 1),
     ("completed", 5), ("acceptance_applied", 2), ("accepted", 2), ("in_operation", 2)),
    (("procurement", 176), ("in_construction", 4), ("rectifying", 1), ("suspended", 1),
     ("completed", 3), ("acceptance_applied", 2), ("accepted", 2), ("in_operation", 7),
     ("self_evaluated", 2), ("evaluated", 2)),
    (("procurement", 172), ("in_construction", 2), ("suspended", 1), ("completed", 2),
     ("acceptance_applied", 1), ("accepted", 1), ("in_operation", 7), ("self_evaluated", 7),
     ("evaluated", 7)),
)  # fmt: skip
# A self-evaluation opens 12 months after acceptance and go-live (Art. 24): a project created
# less than this many days ago cannot have one yet (the rest of its story needs room too).
SELF_EVALUATION_ROOM = 760

# Where a terminated project was when BDB terminated it.
TERMINATED_FROM: dict[str, tuple[tuple[str, int], ...]] = {
    APPROVAL: (
        ("submitted", 3),
        ("unit_signed", 2),
        ("under_review", 4),
        ("returned", 3),
        ("approved", 3),
        ("procurement", 1),
        ("in_construction", 2),
        ("suspended", 1),
    ),
    FILING: (
        ("submitted", 2),
        ("unit_signed", 2),
        ("returned", 2),
        ("filed", 3),
        ("in_construction", 1),
    ),
    UPPER: (("consent_requested", 3), ("consented", 2), ("submitted", 1), ("filed", 2)),
}
# States that need the jurisdiction's Big Data Bureau (staff and leader) to have acted.
BDB_STATES = frozenset(
    {"under_review", "returned", "approved", "rejected", "ndrc_review", "procurement", "filed",
     "consented", "terminated", *DELIVERY_STATES}
)  # fmt: skip

# Share of fixed-asset investment among approval projects, by system category.
FIXED_ASSET_SHARE: dict[str, float] = {
    C.NETWORK: 0.4,
    C.SECURITY_INFRASTRUCTURE: 0.25,
    C.RESOURCE_DATABASE: 0.2,
    C.BUSINESS_SYSTEM: 0.12,
}


@dataclass(frozen=True)
class Owner:
    """An in-scope department that may own demo projects.

    ``bdb``, ``ndrc``, ``secrecy``: whether the department's jurisdiction has demo users in
    those bureaus (the counties have no NDRC or Secrecy bureau in the demo), which decides the
    states its projects can have reached.
    """

    organisation_id: int
    organisation_name: str
    jurisdiction_id: int
    division: str  # 6-digit code of the jurisdiction
    department: str  # 3-digit code of the organisation
    place: str  # jurisdiction name, the start of each project name
    topics: tuple[str, ...]
    bdb: bool = True
    ndrc: bool = True
    secrecy: bool = True
    evaluator: bool = True  # a third-party evaluator with a demo user exists (Art. 24)


@dataclass(frozen=True)
class SampleProject:
    owner: Owner
    name: str
    year: int
    system_category: str
    state: str
    is_fixed_asset: bool
    is_classified_candidate: bool
    created_at: datetime
    topic: str = ""
    thing: str = ""
    action: str = "建设"
    path: str = APPROVAL
    funding_mode: str = FundingMode.GOVERNMENT_INVESTMENT
    procedure: str = Procedure.APPROVAL
    upper_level: str = UpperLevel.NONE
    outside_plan: bool = False
    # For a terminated project: the state it was terminated in.
    terminated_from: str = ""
    # For a rejected project: "review" (BDB after the experts), "ndrc", or "consent" (Art. 12).
    rejected_by: str = ""
    # What the story must contain (showcase projects), e.g. "late_filing", "extension"; see
    # ``content.FEATURES``.
    features: frozenset[str] = frozenset()

    @property
    def reached(self) -> str:
        """The furthest state of the project's story (for a terminated one, where it stopped)."""
        return self.terminated_from or self.state

    @property
    def item_name(self) -> str:
        """The name of the annual plan item the project is made from (no year prefix)."""
        return self.name.removeprefix(f"{self.year}年")


@dataclass(frozen=True)
class Showcase:
    state: str
    path: str = APPROVAL
    fixed_asset: bool = False
    classified: bool = False
    outside_plan: bool = False
    terminated_from: str = ""
    rejected_by: str = ""
    recent: bool = True
    age: int | None = None  # years before the last demo year (overrides ``recent``)
    features: frozenset[str] = frozenset()


def _f(*features: str) -> frozenset[str]:
    return frozenset(features)


SHOWCASE: tuple[Showcase, ...] = (
    Showcase("draft"),
    Showcase("submitted"),
    Showcase("unit_signed"),
    Showcase("under_review"),
    Showcase("returned"),
    Showcase("approved"),
    Showcase("rejected", rejected_by="review"),
    Showcase("ndrc_review", fixed_asset=True),
    Showcase("procurement", fixed_asset=True, recent=False),
    Showcase("procurement", recent=False),
    Showcase("filed", path=FILING),
    Showcase("procurement", path=FILING, recent=False),
    Showcase("consent_requested", path=UPPER),
    Showcase("consented", path=UPPER),
    Showcase("filed", path=UPPER, recent=False),
    Showcase("terminated", terminated_from="under_review"),
    Showcase("approved", outside_plan=True),
    Showcase("approved", classified=True),
    # Delivery (issue 4), old enough for each step to fit before today.
    Showcase("in_construction", age=1, features=_f("late_filing", "unfiled", "change", "funds")),
    Showcase("rectifying", age=1),
    Showcase("suspended", age=1),
    Showcase("completed", age=3, features=_f("overdue")),
    Showcase("completed", age=2, features=_f("extension")),
    Showcase("acceptance_applied", age=2, features=_f("crypto_missing")),
    Showcase("accepted", age=2, features=_f("failed_round", "rectified")),
    Showcase("in_operation", age=3, features=_f("om", "county")),
    Showcase("self_evaluated", age=4, features=_f("commissioned")),
    Showcase("evaluated", age=4, features=_f("via_self_evaluation")),
    Showcase("terminated", terminated_from="suspended", age=2),
)
SHOWCASE_OWNER = ("371700", "101")  # 菏泽市公安局


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


def _created_at(rng: random.Random, year: int, now: datetime) -> datetime:
    """A working-hours moment in ``year``, never in the future."""
    today = timezone.localdate(now)
    last_day = today if year == today.year else date(year, 12, 31)
    day = date(year, 1, 1) + timedelta(days=rng.randrange((last_day - date(year, 1, 1)).days + 1))
    moment = datetime.combine(day, time(rng.randrange(8, 18), rng.randrange(60)))
    return min(timezone.make_aware(moment), now)


def _path(rng: random.Random, action: str) -> str:
    if rng.random() < 0.03:
        return UPPER
    return FILING if rng.random() < (0.35 if action == OPERATION else 0.06) else APPROVAL


def _funding_mode(rng: random.Random, action: str) -> str:
    F = FundingMode
    if action == OPERATION:
        table = ((F.GOVERNMENT_OM, 75), (F.PURCHASED_SERVICE, 20), (F.GOVERNMENT_INVESTMENT, 5))
    else:
        table = (
            (F.GOVERNMENT_INVESTMENT, 80),
            (F.PURCHASED_SERVICE, 10),
            (F.GOVERNMENT_ENTERPRISE, 10),
        )
    return _weighted(rng, tuple((str(mode), weight) for mode, weight in table))


def _state(rng: random.Random, path: str, recent: bool, age: int) -> str:
    if path == UPPER:
        state = _weighted(rng, UPPER_STATES)
    elif path == FILING:
        state = _weighted(rng, FILING_RECENT if recent else FILING_OLDER)
    else:
        state = _weighted(rng, APPROVAL_RECENT if recent else APPROVAL_OLDER)
    if state == "procurement":
        state = _weighted(rng, DELIVERY_BY_AGE[min(age, len(DELIVERY_BY_AGE) - 1)])
    return state


@dataclass
class _Shape:
    path: str
    state: str
    fixed_asset: bool
    classified: bool
    outside_plan: bool
    terminated_from: str = ""
    rejected_by: str = ""


def _fit(shape: _Shape, owner: Owner, rng: random.Random) -> _Shape:
    """Make the story consistent with the path and with the bureaus the jurisdiction has."""
    if shape.path != APPROVAL:
        shape.fixed_asset = shape.classified = False
    if not owner.secrecy:
        shape.classified = False  # nobody could confirm it
    if shape.state == "terminated" and not shape.terminated_from:
        shape.terminated_from = _weighted(rng, TERMINATED_FROM[shape.path])
    reached = shape.terminated_from or shape.state
    if reached == "ndrc_review":
        shape.fixed_asset = True
    if shape.state == "rejected" and not shape.rejected_by:
        if shape.path == UPPER:
            shape.rejected_by = "consent"
        elif shape.fixed_asset and owner.ndrc and rng.random() < 0.35:
            shape.rejected_by = "ndrc"
        else:
            shape.rejected_by = "review"
    if not owner.ndrc and shape.fixed_asset:
        # No NDRC in the demo jurisdiction: fixed-asset projects wait in ndrc_review.
        if shape.state in PROCUREMENT_ONWARD:
            shape.state = "ndrc_review"
        if shape.terminated_from in PROCUREMENT_ONWARD:
            shape.terminated_from = "ndrc_review"
        if shape.rejected_by == "ndrc":
            shape.rejected_by = "review"
    if shape.state == "evaluated" and not owner.evaluator:
        shape.state = "self_evaluated"  # nobody could have evaluated it
    if (shape.terminated_from or shape.state) in DOCUMENT_STATES:
        # Acceptance and evaluation store reports: not for a metadata-only project (Art. 4).
        shape.classified = False
    if not owner.bdb and (shape.state in BDB_STATES):
        shape.state, shape.terminated_from, shape.rejected_by = "unit_signed", "", ""
        if shape.path == UPPER:
            shape.state = "consent_requested"
    return shape


def _fit_time(shape: _Shape, created_at: datetime, now: datetime) -> _Shape:
    """A self-evaluation needs 12 months after go-live (Art. 24): a younger project runs."""
    if shape.state == "self_evaluated" and (now - created_at).days < SELF_EVALUATION_ROOM:
        shape.state = "in_operation"
    return shape


def sample_projects(owners: list[Owner], count: int, *, seed: int) -> list[SampleProject]:
    """``count`` projects spread over ``owners``, reproducible for a given ``seed``.

    ``seed`` is also the number of demo projects loaded before: the first ever loaded are the
    showcase (every state once, for 菏泽市公安局).
    """
    if not owners:
        raise ValueError("no department to own demo projects")
    rng = random.Random(f"govit-demo-{seed}")  # noqa: S311 - sample data, not security
    now = timezone.now()
    years = list(range(FIRST_YEAR, min(LAST_YEAR, timezone.localdate(now).year) + 1))
    objects = [(name, category) for name, category, _ in OBJECTS]
    object_weights = [weight for _, _, weight in OBJECTS]
    showcase_owner = next(
        (o for o in owners if (o.division, o.department) == SHOWCASE_OWNER), owners[0]
    )
    samples: list[SampleProject] = []
    for index in range(seed, seed + count):
        showcase = SHOWCASE[index] if index < len(SHOWCASE) else None
        owner = showcase_owner if showcase else rng.choice(owners)
        if showcase and showcase.age is not None:
            year = years[max(0, len(years) - 1 - showcase.age)]
        elif showcase:
            year = years[-1] if showcase.recent or len(years) == 1 else years[-2]
        else:
            year = rng.choice(years)
        thing, category = rng.choices(objects, weights=object_weights)[0]
        topic = rng.choice(owner.topics) if owner.topics else ""
        if topic.endswith("服务") and thing.startswith("服务"):
            thing = thing.removeprefix("服务")  # 志愿服务平台, not 志愿服务服务平台
        action = _weighted(rng, ACTIONS)
        if showcase and action == OPERATION:
            action = "建设"
        name = f"{year}年{owner.place}{rng.choice(MODIFIERS)}{topic}{thing}{action}项目"
        recent = year >= years[-1] - 1
        if showcase:
            shape = _Shape(
                showcase.path, showcase.state, showcase.fixed_asset, showcase.classified,
                showcase.outside_plan, showcase.terminated_from, showcase.rejected_by,
            )  # fmt: skip
        else:
            path = _path(rng, action)
            shape = _Shape(
                path=path,
                state=_state(rng, path, recent, years[-1] - year),
                fixed_asset=(
                    action != OPERATION and rng.random() < FIXED_ASSET_SHARE.get(category, 0.05)
                ),
                classified=rng.random() < 0.02,
                outside_plan=rng.random() < 0.04,
            )
        shape = _fit(shape, owner, rng)
        upper_level = ""
        if shape.path == UPPER:
            upper_level = UpperLevel.PROVINCIAL if rng.random() < 0.75 else UpperLevel.NATIONAL
        created_at = _created_at(rng, year, now)
        shape = _fit_time(shape, created_at, now)
        samples.append(
            SampleProject(
                owner=owner,
                name=name,
                year=year,
                system_category=category,
                state=shape.state,
                is_fixed_asset=shape.fixed_asset,
                is_classified_candidate=shape.classified,
                created_at=created_at,
                topic=topic,
                thing=thing,
                action=action,
                path=shape.path,
                funding_mode=_funding_mode(rng, action),
                procedure=Procedure.APPROVAL if shape.path == APPROVAL else Procedure.FILING,
                upper_level=str(upper_level),
                outside_plan=shape.outside_plan,
                terminated_from=shape.terminated_from,
                rejected_by=shape.rejected_by,
                features=showcase.features if showcase else frozenset(),
            )
        )
    return samples
