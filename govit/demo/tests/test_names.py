"""Sample project names: reproducible, realistic, within the model's limits."""

from __future__ import annotations

from govit.demo.names import Owner, sample_projects
from govit.projects.models import SystemCategory

POLICE = Owner(
    organisation_id=1,
    organisation_name="菏泽市公安局",
    jurisdiction_id=1,
    division="371700",
    department="101",
    place="菏泽市",
    topics=("警务", "治安防控"),
)
YOUTH = Owner(
    organisation_id=2,
    organisation_name="共青团菏泽市委",
    jurisdiction_id=1,
    division="371700",
    department="208",
    place="菏泽市",
    topics=("志愿服务",),
)


def test_the_same_seed_gives_the_same_projects() -> None:
    first = sample_projects([POLICE, YOUTH], 50, seed=7)
    again = sample_projects([POLICE, YOUTH], 50, seed=7)
    other = sample_projects([POLICE, YOUTH], 50, seed=8)
    assert [p.name for p in first] == [p.name for p in again]
    assert [p.name for p in first] != [p.name for p in other]


def test_names_read_like_real_project_names() -> None:
    for project in sample_projects([POLICE, YOUTH], 500, seed=1):
        assert project.name.startswith(f"{project.year}年菏泽市")
        assert project.name.endswith("项目") and len(project.name) <= 200
        assert "服务服务" not in project.name
        assert project.system_category in SystemCategory.values
        assert 2021 <= project.year <= 2026
        assert project.created_at.year == project.year
