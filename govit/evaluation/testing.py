"""Test helpers: a world project in operation, a second evaluator organisation, filled forms.

``in_operation`` drives the project through the real review and approval, then sets the
delivery steps in between with a queryset update (procurement … go-live are built by other
stage apps; their own tests drive them).  Point ``MEDIA_ROOT`` at a temporary directory
first (``govit/conftest.py`` does): uploads write files.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govit.accounts.models import Organisation, User, UserRole
from govit.accounts.roles import Role
from govit.applications.models import Indicator
from govit.applications.testing import pdf_bytes, upload
from govit.projects.models import Project
from govit.projects.services import project_transition
from govit.testing.world import PASSWORD

from .services import ResultInput


def in_operation(
    world: Any,
    key: str = "police",
    *,
    accepted_on: date = date(2025, 8, 31),
    go_live_on: date | None = None,
) -> Project:
    """World project ``key`` reviewed, approved by the BDB leader, then put in operation with
    its acceptance and go-live dates (go-live defaults to the acceptance day)."""
    project = world.reviewed_with_opinion(key)
    project_transition(project=project, transition="approve", by=world.persona("bdb_leader"))
    Project.objects.filter(pk=project.pk).update(
        state="in_operation",
        accepted_on=accepted_on,
        go_live_on=go_live_on or accepted_on,
    )
    return world.project(key)


def add_indicator(project: Project, name: str, target: str, unit: str) -> Indicator:
    """One more pre-performance indicator (Art. 8) on the project's completed evaluation."""
    return Indicator.objects.create(
        pre_evaluation=project.pre_evaluation, name=name, target_value=target, unit=unit
    )


def second_evaluator(world: Any) -> User:
    """Another evaluator organisation with its login (``other_evaluator``), registered in the
    world's personas so that ``world.persona("other_evaluator")`` works."""
    organisation = Organisation.objects.create(
        jurisdiction=world.jurisdictions["371700"],
        code="902",
        name="菏泽某绩效评价咨询有限公司",
        org_type=Organisation.Type.ENTERPRISE,
        function=Organisation.Function.EVALUATOR,
    )
    world.organisations["other_evaluator"] = organisation
    user = User.objects.create_user(
        username="other_evaluator",
        password=PASSWORD,
        full_name="other_evaluator",
        organisation=organisation,
    )
    UserRole.objects.create(user=user, role=Role.EVALUATOR)
    world.users["other_evaluator"] = user
    return User.objects.get(pk=user.pk)


def report(name: str = "报告.pdf") -> Any:
    return upload(name, pdf_bytes(name))


def all_met(project: Project, actual: str = "96") -> list[ResultInput]:
    """A result for every indicator of ``project``: achieved ``actual``, met."""
    return [
        ResultInput(indicator_id=indicator.pk, actual_value=actual, met=True)
        for indicator in Indicator.objects.filter(pre_evaluation__project=project).order_by("id")
    ]


def self_evaluation_post(
    project: Project, *, score: str = "88", actual: str = "96"
) -> dict[str, Any]:
    """The self-evaluation page's POST body with every indicator filled."""
    data: dict[str, Any] = {
        "conclusion": "系统运行稳定，绩效目标基本实现",
        "self_score": score,
        "report": report("自评价报告.pdf"),
    }
    for indicator in Indicator.objects.filter(pre_evaluation__project=project):
        data[f"indicator_{indicator.pk}_actual"] = actual
        data[f"indicator_{indicator.pk}_met"] = "yes"
        data[f"indicator_{indicator.pk}_note"] = ""
    return data
