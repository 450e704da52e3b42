"""The project API: scoped like the pages, refusals as JSON with reason and article."""

from __future__ import annotations

from django.test import Client

from govit.projects.models import Project


def _client(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.persona(persona))
    return client


def test_a_department_lists_only_its_own_projects(world) -> None:
    data = _client(world, "police_staff").get("/api/v1/projects/").json()
    codes = {row["code"] for row in data["results"]}
    assert codes == {world.projects["police"].code}


def test_the_representation_carries_state_label_and_amounts(world) -> None:
    row = (
        _client(world, "police_staff")
        .get(f"/api/v1/projects/{world.projects['police'].pk}/")
        .json()
    )
    assert row["state"] == "draft" and row["state_label"] == "草稿"
    assert row["organisation"]["name"] == "菏泽市公安局"
    assert row["requested_amount"] == "0.00" and row["approved_amount"] is None
    assert row["opinion_number"] == "" and row["opinion_date"] is None


def test_another_department_gets_404_not_403(world) -> None:
    response = _client(world, "education_staff").get(
        f"/api/v1/projects/{world.projects['police'].pk}/"
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "未找到，或不在您的权限范围内"
    assert response.json()["detail_en"]


def test_transitions_list_says_why_not(world) -> None:
    options = (
        _client(world, "bdb_staff")
        .get(f"/api/v1/projects/{world.projects['police'].pk}/transitions/")
        .json()
    )
    submit = next(o for o in options if o["code"] == "submit")
    assert submit["allowed"] is False
    assert "建设单位经办人" in submit["reason"]


def test_a_refused_transition_is_json_with_reason_and_article(world) -> None:
    Project.objects.filter(pk=world.projects["police"].pk).update(
        organisation=world.organisations["university"]
    )
    client = _client(world, "university_staff")
    response = client.post(
        f"/api/v1/projects/{world.projects['police'].pk}/transitions/submit/",
        {},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "rule_violation"
    assert body["article"] == 2
    assert "不属于本办法适用范围" in body["reason"]
    assert body["detail"].endswith("（第二条）")
    assert "(Art. 2)" in body["detail_en"]


def test_a_missing_reason_is_a_field_error(world) -> None:
    client = _client(world, "police_staff")
    pk = world.ready_to_submit("police").pk
    client.post(f"/api/v1/projects/{pk}/transitions/submit/", {}, content_type="application/json")
    leader = _client(world, "police_leader")
    response = leader.post(
        f"/api/v1/projects/{pk}/transitions/send_back/", {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    assert world.project("police").state == "submitted"


def test_create_assigns_a_valid_code_and_refuses_bad_input(world) -> None:
    from govit.projects.codes import parse_project_code

    client = _client(world, "police_staff")
    created = client.post(
        "/api/v1/projects/", {"name": "警务云升级"}, content_type="application/json"
    )
    assert created.status_code == 201
    code = parse_project_code(created.json()["code"])
    assert code.division == "371700" and code.department == "101"
    bad = client.post(
        "/api/v1/projects/", {"name": "", "system_category": "99"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"name", "system_category"}


def test_history_is_for_audit_and_bdb(world) -> None:
    pk = world.projects["police"].pk
    events = _client(world, "auditor").get(f"/api/v1/projects/{pk}/history/").json()
    assert [e["action"] for e in events] == ["project.create"]
    assert events[0]["digest"]
    assert _client(world, "police_staff").get(f"/api/v1/projects/{pk}/history/").status_code == 403


def test_the_schema_and_docs_are_served_locally_to_signed_in_users(world) -> None:
    client = _client(world, "police_staff")
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/projects/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
    assert Client().get("/api/schema/").status_code in (302, 401, 403)
    assert Client().get("/api/docs/").status_code in (302, 401, 403)
