"""Sample projects: realistic names, categories, years and states, drawn from fixed lists.

Pure functions of a seeded random generator, so that a given demo database is reproducible
(the generator is seeded with the number of demo projects already loaded).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from govit.projects.models import SystemCategory

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

ACTIONS: tuple[tuple[str, int], ...] = (
    ("建设", 8),
    ("升级改造", 4),
    ("二期建设", 2),
    ("运维", 4),
    ("扩容", 1),
)

# States a demo project may be in, weighted: recent projects are still on their way, older
# ones have mostly been decided.
RECENT_STATES: tuple[tuple[str, int], ...] = (
    ("draft", 20),
    ("submitted", 12),
    ("unit_signed", 10),
    ("under_review", 16),
    ("returned", 8),
    ("approved", 26),
    ("rejected", 4),
    ("terminated", 4),
)
OLDER_STATES: tuple[tuple[str, int], ...] = (
    ("draft", 3),
    ("submitted", 1),
    ("unit_signed", 1),
    ("under_review", 3),
    ("returned", 3),
    ("approved", 70),
    ("rejected", 11),
    ("terminated", 8),
)


@dataclass(frozen=True)
class Owner:
    """An in-scope department that may own demo projects."""

    organisation_id: int
    organisation_name: str
    jurisdiction_id: int
    division: str  # 6-digit code of the jurisdiction
    department: str  # 3-digit code of the organisation
    place: str  # jurisdiction name, the start of each project name
    topics: tuple[str, ...]


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


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


def _created_at(rng: random.Random, year: int, now: datetime) -> datetime:
    """A working-hours moment in ``year``, never in the future."""
    today = timezone.localdate(now)
    last_day = today if year == today.year else date(year, 12, 31)
    day = date(year, 1, 1) + timedelta(days=rng.randrange((last_day - date(year, 1, 1)).days + 1))
    moment = datetime.combine(day, time(rng.randrange(8, 18), rng.randrange(60)))
    return min(timezone.make_aware(moment), now)


def sample_projects(owners: list[Owner], count: int, *, seed: int) -> list[SampleProject]:
    """``count`` projects spread over ``owners``, reproducible for a given ``seed``."""
    if not owners:
        raise ValueError("no department to own demo projects")
    rng = random.Random(f"govit-demo-{seed}")  # noqa: S311 - sample data, not security
    now = timezone.now()
    years = list(range(FIRST_YEAR, min(LAST_YEAR, timezone.localdate(now).year) + 1))
    objects = [(name, category) for name, category, _ in OBJECTS]
    object_weights = [weight for _, _, weight in OBJECTS]
    samples: list[SampleProject] = []
    for _ in range(count):
        owner = rng.choice(owners)
        year = rng.choice(years)
        thing, category = rng.choices(objects, weights=object_weights)[0]
        topic = rng.choice(owner.topics) if owner.topics else ""
        if topic.endswith("服务") and thing.startswith("服务"):
            thing = thing.removeprefix("服务")  # 志愿服务平台, not 志愿服务服务平台
        name = f"{year}年{owner.place}{rng.choice(MODIFIERS)}{topic}{thing}{_weighted(rng, ACTIONS)}项目"
        states = RECENT_STATES if year >= years[-1] - 1 else OLDER_STATES
        samples.append(
            SampleProject(
                owner=owner,
                name=name,
                year=year,
                system_category=category,
                state=_weighted(rng, states),
                is_fixed_asset=rng.random() < 0.15,
                is_classified_candidate=rng.random() < 0.02,
                created_at=_created_at(rng, year, now),
            )
        )
    return samples
