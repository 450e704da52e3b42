"""Test helpers: a world project brought to procurement or into construction, and its schedule.

``in_procurement(world)``: the police project reviewed, approved by a BDB leader (opinion
菏大数审〔YYYY〕1号, 1,540,000 yuan: 服务器 340,000 + 业务系统开发 1,200,000) and moved to
procurement by its staff.  ``in_construction(world, started_on=...)`` then puts it in
construction with a queryset update (the real ``start_construction`` guard belongs to the
contracts app).  ``with_schedule`` saves a schedule, writing baseline version 1.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from govit.projects.models import Project

from . import services
from .models import Baseline


def in_procurement(world: Any, key: str = "police") -> Project:
    """Reviewed, approved (signed opinion) and in procurement."""
    return world.in_procurement(key)


def in_construction(world: Any, key: str = "police", *, started_on: date | None = None) -> Project:
    """In procurement, then in construction since ``started_on`` (default: today)."""
    project = in_procurement(world, key)
    Project.objects.filter(pk=project.pk).update(
        state="in_construction", construction_started_on=started_on or timezone.localdate()
    )
    return world.project(key)


DEFAULT_MILESTONES = (("需求调研完成", 30), ("系统上线试运行", 150), ("初步验收", 170))


def with_schedule(
    world: Any,
    project: Project,
    *,
    planned_completion: date | None = None,
    milestones: tuple[tuple[str, int], ...] = DEFAULT_MILESTONES,
    scope: str = "建设智慧公安大数据平台：数据汇聚、治理与共享",
) -> Baseline:
    """The owning unit's schedule: milestones ``(name, days after today)``; completion in 180
    days unless given.  Writes baseline version 1."""
    today = timezone.localdate()
    completion = planned_completion or today + timedelta(days=180)
    return services.schedule_save(
        project=project,
        planned_completion=completion,
        scope=scope,
        milestones=[
            services.MilestoneInput(name, min(today + timedelta(days=days), completion))
            for name, days in milestones
        ],
        by=_owner_staff(world, project),
    )


def _owner_staff(world: Any, project: Project) -> Any:
    return world.staff_of(project)
