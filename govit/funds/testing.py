"""Test helpers: a world project brought to procurement with a signed opinion, county
participants, and batches at each step.

``in_procurement(world, "police")``: the police project reviewed (two experts, no cuts),
approved by ``bdb_leader`` (opinion signed, 1,540,000 yuan: 服务器 340,000 + 业务系统开发
1,200,000) and moved to procurement by ``police_staff`` — the journey of
``govit/projects/tests/test_api_journey.py`` through the services.  Later states (in
construction, completed, suspended …) are set with ``put_in_state``: other stage apps own the
steps that reach them.
"""

from __future__ import annotations

from decimal import Decimal

from govit.accounts.models import Jurisdiction, User
from govit.applications.models import BudgetLine, CountyParticipant
from govit.projects.models import Project
from govit.projects.testing import put_in_state
from govit.testing.world import World

from . import services
from .models import FundBatch


def owner_staff(world: World, project: Project) -> User:
    """The unit_staff persona of the project's organisation."""
    return world.staff_of(project)


def in_procurement(world: World, key: str = "police") -> Project:
    """Reviewed, approved (signed opinion) and in procurement."""
    return world.in_procurement(key)


def lines_of(project: Project) -> dict[str, BudgetLine]:
    """The project's budget lines by name (服务器, 业务系统开发)."""
    return {line.name: line for line in BudgetLine.objects.filter(project=project)}


def add_county(
    project: Project,
    jurisdiction: Jurisdiction,
    *,
    construction_pct: str = "30",
    om_pct: str = "40",
) -> CountyParticipant:
    return CountyParticipant.objects.create(
        project=project,
        jurisdiction=jurisdiction,
        content="县级部署与数据对接",
        construction_share_pct=Decimal(construction_pct),
        om_share_pct=Decimal(om_pct),
    )


def request_batch(
    world: World,
    project: Project,
    amounts: dict[str, str],
    *,
    payer: CountyParticipant | None = None,
    stage: str = "第一期",
) -> FundBatch:
    """A construction batch requested by the owning unit's staff, amounts by line name."""
    lines = lines_of(project)
    return services.fund_batch_request(
        project=project,
        stage=stage,
        progress_note="服务器已到货安装，平台开发完成 40%",
        lines=[services.LineRequest(lines[name].pk, amount) for name, amount in amounts.items()],
        payer=payer.pk if payer else None,
        by=owner_staff(world, project),
    )


def confirmed_batch(
    world: World,
    project: Project,
    amounts: dict[str, str],
    *,
    payer: CountyParticipant | None = None,
) -> FundBatch:
    """Requested and its progress confirmed by BDB staff: waiting for Finance."""
    batch = request_batch(world, project, amounts, payer=payer)
    return services.fund_batch_confirm(batch=batch, note="进度属实", by=world.bdb_staff)


def filed_in_procurement(world: World, key: str, amounts: dict[str, str]) -> Project:
    """A filing-procedure (备案) project in procurement whose budget is its baseline (Art. 3):
    a second fundable project without another expert review.  ``amounts``: line name → yuan.
    """
    project = world.project(key)
    total = Decimal("0.00")
    for name, amount in amounts.items():
        BudgetLine.objects.create(
            project=project,
            category="hardware",
            name=name,
            quantity=Decimal(1),
            unit="项",
            unit_price=Decimal(amount),
            amount=Decimal(amount),
        )
        total += Decimal(amount)
    return put_in_state(project, "procurement", procedure="filing", requested_amount=total)
