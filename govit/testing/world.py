"""A small Heze: the personas and records the tests speak of.

Persona names say who they are: ``police_staff`` is 经办人 of 市公安局, ``education_staff`` of
市教育局, ``bdb_leader`` a leader of 市大数据局, ``caoxian_bdb_staff`` BDB staff of 曹县, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govit.accounts.models import Jurisdiction, Organisation, User, UserRole
from govit.accounts.roles import Role
from govit.projects.models import Project
from govit.projects.services import project_create

PASSWORD = "Heze#2026test"

T = Organisation.Type
F = Organisation.Function

ORGANISATIONS = {
    # key: (jurisdiction, code, name, type, function)
    "police": ("371700", "101", "菏泽市公安局", T.ADMINISTRATIVE, F.DEPARTMENT),
    "education": ("371700", "102", "菏泽市教育局", T.ADMINISTRATIVE, F.DEPARTMENT),
    "bdb": ("371700", "001", "菏泽市大数据局", T.ADMINISTRATIVE, F.BDB),
    "ndrc": ("371700", "002", "菏泽市发展和改革委员会", T.ADMINISTRATIVE, F.NDRC),
    "finance": ("371700", "003", "菏泽市财政局", T.ADMINISTRATIVE, F.FINANCE),
    "audit": ("371700", "004", "菏泽市审计局", T.ADMINISTRATIVE, F.AUDIT),
    "secrecy": ("371700", "005", "菏泽市保密局", T.PARTY, F.SECRECY),
    "crypto": ("371700", "006", "菏泽市密码管理局", T.PARTY, F.CRYPTO),
    "leading_group": ("371700", "007", "数字菏泽建设专项小组", T.ADMINISTRATIVE, F.LEADING_GROUP),
    "evaluator": ("371700", "901", "山东某信息技术评估有限公司", T.ENTERPRISE, F.EVALUATOR),
    "health": ("371700", "103", "菏泽市卫生健康委员会", T.ADMINISTRATIVE, F.DEPARTMENT),
    "university": ("371700", "801", "菏泽学院", T.UNIVERSITY, F.DEPARTMENT),
    "caoxian_bdb": ("371721", "001", "曹县大数据局", T.ADMINISTRATIVE, F.BDB),
    "caoxian_police": ("371721", "101", "曹县公安局", T.ADMINISTRATIVE, F.DEPARTMENT),
    "caoxian_finance": ("371721", "003", "曹县财政局", T.ADMINISTRATIVE, F.FINANCE),
}

PERSONAS = {
    # key: (organisation key, roles)
    "police_staff": ("police", [Role.UNIT_STAFF]),
    "police_leader": ("police", [Role.UNIT_LEADER]),
    "education_staff": ("education", [Role.UNIT_STAFF]),
    "education_leader": ("education", [Role.UNIT_LEADER]),
    "bdb_staff": ("bdb", [Role.BDB_STAFF]),
    "bdb_leader": ("bdb", [Role.BDB_LEADER]),
    "bdb_leader_2": ("bdb", [Role.BDB_LEADER]),
    "expert": ("education", [Role.EXPERT]),
    "health_expert": ("health", [Role.EXPERT]),
    "ndrc": ("ndrc", [Role.NDRC]),
    "finance": ("finance", [Role.FINANCE]),
    "auditor": ("audit", [Role.AUDIT]),
    "secrecy": ("secrecy", [Role.SECRECY]),
    "crypto": ("crypto", [Role.CRYPTO]),
    "evaluator": ("evaluator", [Role.EVALUATOR]),
    "overseer": ("leading_group", [Role.OVERSEER]),
    "sysadmin": ("bdb", [Role.SYSADMIN]),
    "secadmin": ("bdb", [Role.SECADMIN]),
    "auditadmin": ("audit", [Role.AUDITADMIN]),
    "university_staff": ("university", [Role.UNIT_STAFF]),
    "caoxian_bdb_staff": ("caoxian_bdb", [Role.BDB_STAFF]),
    "caoxian_police_staff": ("caoxian_police", [Role.UNIT_STAFF]),
    "caoxian_finance": ("caoxian_finance", [Role.FINANCE]),
}


@dataclass
class World:
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)

    def persona(self, key: str) -> User:
        # A fresh instance: role caches and organisation are read anew.
        return User.objects.get(pk=self.users[key].pk)

    def project(self, key: str) -> Project:
        return Project.objects.with_owner().get(pk=self.projects[key].pk)

    def ready_to_submit(self, key: str) -> Project:
        """Give project ``key`` an approved plan item and a complete dossier (every gate passes)."""
        from govit.applications.testing import fill_dossier

        project = self.project(key)
        item = approved_plan_item(project.organisation, name=project.name, year=project.year)
        Project.objects.filter(pk=project.pk).update(plan_item=item)
        owner_staff = next(
            self.persona(name)
            for name, (org_key, roles) in PERSONAS.items()
            if Role.UNIT_STAFF in roles
            and self.organisations[org_key].pk == project.organisation_id
        )
        fill_dossier(self.project(key), owner_staff)
        return self.project(key)

    def under_review(self, key: str) -> Project:
        """Submitted, signed off and through intake: ready for the expert draw."""
        from govit.projects.services import project_transition

        project = self.ready_to_submit(key)
        owner = project.organisation
        staff, leader = (
            next(
                self.persona(name)
                for name, (org_key, roles) in PERSONAS.items()
                if role in roles and self.organisations[org_key].pk == owner.pk
            )
            for role in (Role.UNIT_STAFF, Role.UNIT_LEADER)
        )
        project = project_transition(project=project, transition="submit", by=staff)
        project = project_transition(project=project, transition="sign_off", by=leader)
        return project_transition(
            project=project, transition="accept_intake", by=self.persona("bdb_staff")
        )

    def reviewed_with_opinion(self, key: str) -> Project:
        """Under review, two experts drawn and scored, the opinion drafted: ready to approve."""
        from govit.reviews import services as reviews

        project = self.under_review(key)
        bdb_staff = self.persona("bdb_staff")
        for persona in ("expert", "health_expert"):
            user = self.persona(persona)
            assert user.organisation is not None
            reviews.expert_create(
                name=user.full_name or persona,
                organisation=user.organisation,
                expertise="软件工程",
                user=user,
                by=bdb_staff,
            )
        draw = reviews.expert_draw(project=project, count=2, seed=20261127, by=bdb_staff)
        for assignment in draw.assignments.select_related("expert__user"):
            expert_user = assignment.expert.user
            assert expert_user is not None  # the world's experts all have logins
            reviews.review_submit(
                assignment=assignment,
                necessity_score=90,
                necessity_comment="必要",
                feasibility_score=85,
                feasibility_comment="可行",
                budget_score=80,
                budget_comment="基本合理",
                recommended_amount=project.requested_amount,
                by=expert_user,
            )
        reviews.opinion_draft(project=self.project(key), conditions="按批复内容建设", by=bdb_staff)
        return self.project(key)

    def staff_of(self, project: Project) -> User:
        """The unit_staff persona of the project's own organisation."""
        return next(
            self.persona(name)
            for name, (org_key, roles) in PERSONAS.items()
            if Role.UNIT_STAFF in roles
            and self.organisations[org_key].pk == project.organisation_id
        )

    def in_procurement(self, key: str) -> Project:
        """Reviewed, approved by the BDB leader (signed opinion) and moved to procurement by
        the unit's staff: where every delivery stage (issue 4) starts."""
        from govit.projects.services import project_transition

        project = self.reviewed_with_opinion(key)
        project = project_transition(project=project, transition="approve", by=self.bdb_leader)
        project_transition(
            project=project, transition="start_procurement", by=self.staff_of(project)
        )
        return self.project(key)

    def __getattr__(self, name: str) -> Any:
        if name in PERSONAS:
            return self.persona(name)
        raise AttributeError(name)


def approved_plan_item(organisation: Organisation, *, name: str, year: int) -> Any:
    """An item of an approved annual construction plan of ``organisation`` (Art. 7)."""
    from decimal import Decimal

    from govit.planning.models import DepartmentPlan, PlanItem, PlanState

    plan, _ = DepartmentPlan.objects.get_or_create(
        organisation=organisation,
        kind=DepartmentPlan.Kind.ANNUAL_CONSTRUCTION,
        start_year=year,
        end_year=year,
        defaults={"title": f"{organisation.name}{year}年度建设计划", "state": PlanState.APPROVED},
    )
    return PlanItem.objects.create(
        plan=plan, name=name, category="02", estimated_budget=Decimal("2000000")
    )


def build_world(*, with_projects: bool = True) -> World:
    world = World()
    # Heze itself may already exist: the policy data migration creates it for its packs.
    heze, _ = Jurisdiction.objects.get_or_create(
        code="371700", defaults={"name": "菏泽市", "level": Jurisdiction.Level.CITY}
    )
    caoxian, _ = Jurisdiction.objects.get_or_create(
        code="371721", defaults={"name": "曹县", "level": Jurisdiction.Level.COUNTY, "parent": heze}
    )
    world.jurisdictions = {"371700": heze, "371721": caoxian}
    for key, (jur, code, name, org_type, function) in ORGANISATIONS.items():
        world.organisations[key] = Organisation.objects.create(
            jurisdiction=world.jurisdictions[jur],
            code=code,
            name=name,
            org_type=org_type,
            function=function,
        )
    for key, (org_key, roles) in PERSONAS.items():
        user = User.objects.create_user(
            username=key,
            password=PASSWORD,
            full_name=key,
            organisation=world.organisations[org_key],
        )
        UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in roles])
        world.users[key] = user
    if with_projects:
        world.projects["police"] = project_create(
            name="智慧公安大数据平台", by=world.persona("police_staff")
        )
        world.projects["education"] = project_create(
            name="教育资源公共服务平台", by=world.persona("education_staff")
        )
        world.projects["caoxian"] = project_create(
            name="曹县雪亮工程", by=world.persona("caoxian_police_staff")
        )
    return world
