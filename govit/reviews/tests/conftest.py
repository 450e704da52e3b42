"""A project under review with a budget, a co-builder and a small expert pool.

The pool of Heze (the police project's applicant is 市公安局, its co-builder 市审计局):

| key       | name | organisation       | login        | in the draw                      |
|-----------|------|--------------------|--------------|----------------------------------|
| wang      | 王芳 | 市教育局           | ``expert``   | eligible                         |
| li        | 李强 | 市财政局           | ``expert_2`` | eligible                         |
| zhao      | 赵敏 | 市公安局           | —            | 回避：申报单位                   |
| sun       | 孙丽 | 市审计局           | —            | 回避：共建单位                   |
| chen      | 陈刚 | 评估公司           | —            | 回避：声明利益冲突（公安局顾问） |
| liu       | 刘洋 | 菏泽学院（停用）   | —            | 不在库                           |
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from govit.accounts.models import Organisation, User, UserRole
from govit.accounts.roles import Role
from govit.applications.models import BudgetLine, CoBuilder
from govit.core.workflow import TransitionContext
from govit.projects.models import Project
from govit.projects.testing import put_in_state
from govit.projects.workflow import PROJECT_MACHINE
from govit.reviews.models import Expert, ExpertConflict, ReviewAssignment
from govit.testing.world import World

LINES = [
    # (category, name, quantity, unit, unit price)
    ("hardware", "服务器", "10", "台", "50000.00"),
    ("software", "数据库软件许可", "1", "套", "200000.00"),
    ("development", "平台开发", "1", "项", "300000.00"),
]


def add_expert_user(world: World, username: str, org_key: str) -> User:
    user = User.objects.create_user(
        username=username,
        password="Heze#2026test",
        full_name=username,
        organisation=world.organisations[org_key],
    )
    UserRole.objects.create(user=user, role=Role.EXPERT)
    return User.objects.get(pk=user.pk)


def add_budget(project: Project) -> list[BudgetLine]:
    lines = [
        BudgetLine.objects.create(
            project=project,
            category=category,
            name=name,
            quantity=Decimal(quantity),
            unit=unit,
            unit_price=Decimal(price),
            amount=(Decimal(quantity) * Decimal(price)).quantize(Decimal("0.01")),
        )
        for category, name, quantity, unit, price in LINES
    ]
    total = sum((line.amount for line in lines), Decimal("0"))
    Project.objects.filter(pk=project.pk).update(requested_amount=total)
    return lines


def context(transition: str, source: str, reason: str = "") -> TransitionContext:
    return TransitionContext(PROJECT_MACHINE.transitions[transition], source, reason, {})


@dataclass
class ReviewSetup:
    world: World
    project: Project
    lines: list[BudgetLine]
    experts: dict[str, Expert]
    expert_2: User

    def refresh(self) -> Project:
        self.project = Project.objects.with_owner().get(pk=self.project.pk)
        return self.project

    def assignment(self, key: str) -> ReviewAssignment:
        return ReviewAssignment.objects.select_related("expert", "project").get(
            project=self.project, expert=self.experts[key]
        )


def build_pool(world: World, expert_2: User) -> dict[str, Expert]:
    heze = world.jurisdictions["371700"]
    orgs = world.organisations

    def expert(name: str, org: str, user: User | None = None, active: bool = True) -> Expert:
        return Expert.objects.create(
            jurisdiction=heze,
            name=name,
            organisation=orgs[org],
            expertise="电子政务、大数据",
            user=user,
            is_active=active,
        )

    experts = {
        "wang": expert("王芳", "education", world.persona("expert")),
        "li": expert("李强", "finance", expert_2),
        "zhao": expert("赵敏", "police"),
        "sun": expert("孙丽", "audit"),
        "chen": expert("陈刚", "evaluator"),
        "liu": expert("刘洋", "university", active=False),
    }
    ExpertConflict.objects.create(
        expert=experts["chen"],
        organisation=orgs["police"],
        reason="近三年担任市公安局信息化顾问",
        declared_by=world.persona("bdb_staff"),
    )
    return experts


@pytest.fixture
def review(world: World) -> ReviewSetup:
    project = world.project("police")
    lines = add_budget(project)
    CoBuilder.objects.create(
        project=project,
        organisation=world.organisations["audit"],
        scope="审计数据对接",
        duties="提供审计数据接口",
        sharing_needs="共享审计整改数据",
    )
    project = put_in_state(project, "under_review")
    expert_2 = add_expert_user(world, "expert_2", "finance")
    return ReviewSetup(world, project, lines, build_pool(world, expert_2), expert_2)


@pytest.fixture
def drawn(review: ReviewSetup) -> ReviewSetup:
    """王芳 and 李强 drawn (the only two eligible experts)."""
    from govit.reviews.services import expert_draw

    expert_draw(project=review.project, count=2, seed=20261127, by=review.world.bdb_staff)
    return review


def organisation(world: World, key: str) -> Organisation:
    return world.organisations[key]
