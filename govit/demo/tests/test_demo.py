"""``govit demo``: a demo Heze that loads once, tops up, and keeps the history intact."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, RequestFactory, override_settings

from govit.accounts.models import Jurisdiction, Organisation, User, UserRole
from govit.accounts.roles import Role
from govit.audit.models import Event
from govit.audit.services import verify
from govit.core.errors import RuleViolation
from govit.demo.data import ACCOUNTS, DEMO_PASSWORD, ORGANISATIONS, organisation_spec
from govit.demo.loader import count_demo_projects
from govit.projects.codes import parse_project_code
from govit.projects.models import Project
from govit.projects.services import project_create

T = Organisation.Type
F = Organisation.Function


def demo(*args: str, **options: object) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    return {
        "jurisdictions": Jurisdiction.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": sorted(User.objects.values_list("username", "password", "is_staff")),
        "roles": sorted(UserRole.objects.values_list("user__username", "role", "granted_at")),
        "permissions": User.user_permissions.through.objects.count(),
        "projects": Project.objects.count(),
        "events": Event.objects.count(),
    }


@pytest.fixture
def loaded(db: None) -> None:
    demo(projects=0, verbosity=0)


def test_running_the_demo_twice_changes_nothing(db: None) -> None:
    first_output = demo(projects=30)
    first = snapshot()
    second_output = demo(projects=30)
    assert snapshot() == first
    assert "组织 68 个（新建 68）" in first_output and "账户 31 个（新建 31）" in first_output
    assert "演示项目 30 个（新建 30）" in first_output
    assert "演示项目 30 个（新建 0）" in second_output
    assert second_output.count("\n") == 1  # one line of summary, in Chinese


def test_heze_and_its_three_counties_have_their_real_division_codes(loaded: None) -> None:
    heze = Jurisdiction.objects.get(code="371700")
    assert heze.name == "菏泽市" and heze.parent is None
    counties = {j.code: j.name for j in Jurisdiction.objects.filter(parent=heze)}
    assert counties == {"371702": "牡丹区", "371721": "曹县", "371722": "单县"}


def test_an_existing_heze_is_reused_not_duplicated(db: None) -> None:
    Jurisdiction.objects.get_or_create(code="371700", defaults={"name": "菏泽市", "level": "city"})
    demo(projects=0, verbosity=0)
    assert Jurisdiction.objects.filter(code="371700").count() == 1


def test_heze_has_twenty_departments_and_every_organ_type_of_article_2(loaded: None) -> None:
    heze = Organisation.objects.filter(jurisdiction__code="371700")
    departments = [o for o in heze.filter(function=F.DEPARTMENT) if o.in_scope]
    assert len(departments) >= 20
    in_scope_types = {t for t in T if t not in Organisation.OUT_OF_SCOPE_TYPES}
    assert {o.org_type for o in departments} == in_scope_types
    assert heze.get(name="中共菏泽市委办公室").org_type == T.PARTY
    assert heze.get(name="菏泽市中级人民法院").org_type == T.COURT
    assert heze.get(name="菏泽市保密局").function == F.SECRECY


def test_the_bureaus_of_article_4_exist_once_each_in_heze(loaded: None) -> None:
    heze = Organisation.objects.filter(jurisdiction__code="371700")
    for function in F:
        if function != F.DEPARTMENT:
            assert heze.filter(function=function).count() == 1, function
    assert heze.get(function=F.BDB).name == "菏泽市大数据局"
    assert heze.get(function=F.EVALUATOR).org_type == T.ENTERPRISE


def test_each_county_has_its_own_big_data_bureau_and_four_departments(loaded: None) -> None:
    for code in ("371702", "371721", "371722"):
        orgs = Organisation.objects.filter(jurisdiction__code=code)
        assert orgs.filter(function=F.BDB).count() == 1
        assert orgs.filter(function=F.FINANCE).count() == 1  # releases county funds (Art. 25)
        assert orgs.filter(function=F.DEPARTMENT).count() >= 4


def test_department_codes_are_three_digits_and_unique_per_jurisdiction() -> None:
    keys = [(spec.jurisdiction, spec.code) for spec in ORGANISATIONS]
    assert len(keys) == len(set(keys))
    names = [(spec.jurisdiction, spec.name) for spec in ORGANISATIONS]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"\d{3}", spec.code) for spec in ORGANISATIONS)


def test_the_university_and_the_hospital_are_known_but_out_of_scope(loaded: None) -> None:
    university = Organisation.objects.get(name="菏泽学院")
    hospital = Organisation.objects.get(name="菏泽市立医院")
    assert university.org_type == T.UNIVERSITY and not university.in_scope
    assert hospital.org_type == T.PUBLIC_HOSPITAL and not hospital.in_scope


def test_university_staff_are_refused_when_they_open_a_project(loaded: None) -> None:
    with pytest.raises(RuleViolation) as refusal:
        project_create(name="菏泽学院智慧校园建设项目", by=User.objects.get(username="hzxy_jbr"))
    assert "不属于本办法适用范围" in refusal.value.message


def test_police_staff_open_a_real_project_from_the_demo(loaded: None) -> None:
    project = project_create(name="智慧警务平台", by=User.objects.get(username="gongan_jbr"))
    assert project.organisation.name == "菏泽市公安局"


def test_every_role_has_a_demo_user(loaded: None) -> None:
    held = set(UserRole.objects.values_list("role", flat=True))
    assert held == set(Role.values)


EXPECTED_PLACE: dict[str, str] = {
    # role: the function of the organisation its demo users work in
    Role.BDB_STAFF: F.BDB,
    Role.BDB_LEADER: F.BDB,
    Role.EXPERT: F.DEPARTMENT,
    Role.NDRC: F.NDRC,
    Role.FINANCE: F.FINANCE,
    Role.AUDIT: F.AUDIT,
    Role.SECRECY: F.SECRECY,
    Role.CRYPTO: F.CRYPTO,
    Role.EVALUATOR: F.EVALUATOR,
    Role.OVERSEER: F.LEADING_GROUP,
    Role.SYSADMIN: F.BDB,
    Role.SECADMIN: F.BDB,
    Role.AUDITADMIN: F.AUDIT,
}


def test_each_user_works_in_the_organisation_their_role_belongs_to(loaded: None) -> None:
    for assignment in UserRole.objects.select_related("user__organisation"):
        organisation = assignment.user.organisation
        assert organisation is not None
        if assignment.role in EXPECTED_PLACE:
            assert organisation.function == EXPECTED_PLACE[assignment.role], assignment
    unit_orgs = set(
        UserRole.objects.filter(role__in=[Role.UNIT_STAFF, Role.UNIT_LEADER]).values_list(
            "user__organisation__name", flat=True
        )
    )
    assert {"菏泽市公安局", "菏泽市教育局", "曹县公安局", "菏泽学院"} <= unit_orgs
    county_staff = User.objects.get(username="caoxian_dsj_jbr")
    assert county_staff.jurisdiction is not None and county_staff.jurisdiction.code == "371721"


def test_only_the_system_administrator_is_staff_and_manages_accounts_and_policy(
    loaded: None,
) -> None:
    assert list(User.objects.filter(is_staff=True).values_list("username", flat=True)) == ["xtgly"]
    sysadmin = User.objects.get(username="xtgly")
    assert sysadmin.has_perm("accounts.change_user")
    assert sysadmin.has_perm("accounts.add_organisation")
    assert sysadmin.has_perm("policy.change_policypack")
    assert not sysadmin.has_perm("projects.change_project")
    assert not sysadmin.has_perm("audit.view_event")
    assert not sysadmin.is_superuser
    assert not User.objects.get(username="dsj_ld").has_perm("accounts.change_user")


def test_the_accounts_are_printed_one_tab_separated_line_each(db: None) -> None:
    before_loading = demo("--accounts")
    lines = before_loading.splitlines()
    assert len(lines) == len(ACCOUNTS)
    usernames = []
    for line in lines:
        fields = line.split("\t")
        assert len(fields) == 3, line
        username, roles, organisation = fields
        assert roles and set(roles.split(",")) <= set(Role.values), line
        assert Organisation.objects.filter(name=organisation).exists()
        usernames.append(username)
    assert len(set(usernames)) == len(usernames)
    assert Project.objects.count() == 0  # --accounts loads the accounts, never projects
    demo(projects=5, verbosity=0)
    assert demo("--accounts") == before_loading


def test_500_projects_get_valid_codes_and_an_intact_history(db: None) -> None:
    demo(projects=500, verbosity=0)
    projects = list(Project.objects.select_related("organisation", "jurisdiction"))
    assert len(projects) == 500
    for project in projects:
        code = parse_project_code(project.code)
        assert code.year == project.year and 2021 <= project.year <= 2026
        assert code.division == project.jurisdiction.code
        assert code.department == project.organisation.code
        assert code.category == project.system_category
        assert project.organisation.in_scope
        assert project.organisation.function == F.DEPARTMENT
        assert project.created_by is None
        assert "服务服务" not in project.name and project.name.endswith("项目")
    states = {p.state for p in projects}
    assert {"draft", "submitted", "under_review", "approved", "rejected", "terminated"} <= states
    assert len({p.jurisdiction.code for p in projects}) == 4
    events = Event.objects.filter(action="project.create")
    assert events.count() == 500
    event = events.first()
    assert event is not None and event.actor is None and event.actor_name == "系统"
    assert event.reason == "演示数据" and event.after and event.after["code"]
    assert verify().intact


def test_asking_for_more_projects_tops_up_rather_than_adding(db: None) -> None:
    demo(projects=50, verbosity=0)
    real = project_create(name="智慧警务平台", by=User.objects.get(username="gongan_jbr"))
    demo(projects=80, verbosity=0)
    assert count_demo_projects() == 80
    assert Project.objects.count() == 81  # the real project is not a demo project
    demo(projects=10, verbosity=0)  # fewer than loaded: nothing is removed
    assert Project.objects.count() == 81
    codes = list(Project.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes) and real.code in codes
    assert verify().intact


def test_the_demo_password_passes_the_password_rules_for_every_account() -> None:
    for spec in ACCOUNTS:
        validate_password(
            DEMO_PASSWORD, user=User(username=spec.username, full_name=spec.full_name)
        )


def test_a_demo_user_can_log_in(loaded: None) -> None:
    client = Client()
    # django-axes needs the request that Client.login does not pass by itself.
    request = RequestFactory().post("/accounts/login/")
    assert client.login(request=request, username="dsj_jbr", password=DEMO_PASSWORD)
    assert not Client().login(request=request, username="dsj_jbr", password="wrong-Password1")


def test_a_demo_user_signs_in_through_the_login_page(loaded: None) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "gongan_jbr", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "菏泽市公安局" in client.get("/").content.decode()


@override_settings(DEBUG=False, TESTING=False)
def test_a_production_configuration_refuses_the_demo_unless_forced(db: None) -> None:
    with pytest.raises(CommandError, match="公开"):
        demo(projects=0)
    assert not User.objects.exists()
    demo(projects=0, force=True, verbosity=0)
    assert User.objects.filter(username="xtgly").exists()


def test_a_negative_project_count_is_refused(db: None) -> None:
    with pytest.raises(CommandError):
        demo(projects=-1)


def test_an_existing_user_with_a_demo_username_is_left_alone(db: None) -> None:
    User.objects.create_user(username="fgw", password="Other#Pass2026", full_name="另一个人")
    demo(projects=0, verbosity=0)
    someone = User.objects.get(username="fgw")
    assert someone.full_name == "另一个人" and someone.organisation is None
    assert not someone.role_assignments.exists()


def test_the_user_guide_lists_every_demo_account_and_the_password() -> None:
    guide = (settings.BASE_DIR / "docs" / "user-guide" / "demo.md").read_text(encoding="utf-8")
    assert DEMO_PASSWORD in guide
    for spec in ACCOUNTS:
        organisation = organisation_spec(spec.jurisdiction, spec.organisation_code).name
        row = f"| `{spec.username}` | {spec.full_name} | {spec.roles[0]} "
        assert row in guide and f"| {organisation} |" in guide, spec.username
