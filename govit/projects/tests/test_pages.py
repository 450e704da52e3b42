"""Project pages: what each persona sees and can do."""

from __future__ import annotations

from django.test import Client


def _client(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.persona(persona))
    return client


def test_the_project_page_shows_state_lifecycle_and_blocked_reasons(world) -> None:
    text = (
        _client(world, "police_leader")
        .get(f"/projects/{world.projects['police'].pk}/")
        .content.decode()
    )
    assert 'data-testid="project-state">草稿<' in text
    assert 'aria-current="step">草稿<' in text
    assert "提交单位审核：需要以下角色之一：建设单位经办人" in text


def test_the_owner_submits_from_the_page_and_it_is_recorded(world) -> None:
    client = _client(world, "police_staff")
    pk = world.ready_to_submit("police").pk
    response = client.post(f"/projects/{pk}/transitions/submit/")
    assert response.status_code == 302
    assert world.project("police").state == "submitted"
    page = client.get(f"/projects/{pk}/").content.decode()
    assert "已提交单位审核，当前状态：待单位审核" in page


def test_a_refusal_on_the_page_says_which_rule(world) -> None:
    client = _client(world, "police_leader")
    pk = world.projects["police"].pk
    client.post(f"/projects/{pk}/transitions/submit/")
    page = client.get(f"/projects/{pk}/").content.decode()
    assert "需要以下角色之一：建设单位经办人" in page
    assert world.project("police").state == "draft"


def test_auditor_sees_the_history_and_the_department_does_not(world) -> None:
    pk = world.projects["police"].pk
    assert "project.create" in _client(world, "auditor").get(f"/projects/{pk}/").content.decode()
    assert (
        "project.create"
        not in _client(world, "police_staff").get(f"/projects/{pk}/").content.decode()
    )


def test_creating_a_project_with_an_empty_name_keeps_the_form(world) -> None:
    client = _client(world, "police_staff")
    response = client.post("/projects/new/", {"name": "", "system_category": "02"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()


def test_a_university_cannot_create_a_project(world) -> None:
    client = _client(world, "university_staff")
    response = client.post(
        "/projects/new/",
        {
            "name": "智慧校园",
            "system_category": "02",
            "funding_mode": "gov_investment",
            "procedure": "approval",
        },
    )
    assert response.status_code == 200
    assert "不属于本办法适用范围，不能申报（第二条）" in response.content.decode()


def test_the_english_interface(world) -> None:
    user = world.persona("police_staff")
    user.language = "en"
    user.save()
    page = (
        _client(world, "police_staff")
        .get(f"/projects/{world.projects['police'].pk}/")
        .content.decode()
    )
    assert 'data-testid="project-state">Draft<' in page
    assert "Submit to unit leader" in page


def test_the_project_page_costs_the_same_queries_however_many_records_it_shows(
    world, django_assert_max_num_queries
) -> None:
    """Every stage adds its section; none may query per row (an N+1 fails here)."""
    from django.urls import reverse

    from govit.contracts.testing import in_construction, record_contract
    from govit.funds.testing import confirmed_batch

    project = in_construction(world)
    confirmed_batch(world, project, {"服务器": "10000"})
    client = _client(world, "bdb_staff")
    url = reverse("projects:detail", args=[project.pk])
    client.get(url)  # the session and caches are warm from here on
    with django_assert_max_num_queries(60):
        assert client.get(url).status_code == 200
    for number in range(4):
        confirmed_batch(world, project, {"服务器": "10000"})
        record_contract(world, project, number=f"HT-2026-1{number}", amount="1000")
    with django_assert_max_num_queries(60):
        assert client.get(url).status_code == 200
