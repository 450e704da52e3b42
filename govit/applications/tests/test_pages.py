"""The dossier page: sections, the submission checklist, read-only for readers, the panel."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from govit.applications.models import BudgetLine
from govit.applications.panels import project_panel
from govit.applications.testing import fill_dossier
from govit.projects.models import Project


def _get(world, persona: str, project_key: str = "police"):
    client = Client()
    client.force_login(world.persona(persona))
    return client.get(reverse("applications:dossier", args=[world.projects[project_key].pk]))


def test_the_owner_sees_every_section_with_its_forms(world) -> None:
    page = _get(world, "police_staff").content.decode()
    for section in (
        "documents",
        "budget",
        "pre-evaluation",
        "catalogue",
        "security",
        "cobuilders",
        "counties",
    ):
        assert f'id="{section}"' in page
    assert 'name="budget-unit_price"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'data-testid="read-only"' not in page


def test_the_checklist_shows_each_blocked_rule_with_its_article(world) -> None:
    page = _get(world, "police_staff").content.decode()
    assert "未完成事前绩效评估（第八条）" in page
    assert "未编制政务信息资源目录（第二十七条）" in page
    assert "未上传建设方案（第九条）" in page
    assert "未填写投资预算（第九条）" in page
    assert "第三十三条" in page


def test_a_filled_dossier_shows_every_check_satisfied(world) -> None:
    fill_dossier(world.project("police"), world.police_staff)
    page = _get(world, "police_staff").content.decode()
    assert 'data-allowed="false"' not in page
    assert "1,540,000.00" in page  # 4 × 85,000 + 1,200,000


@pytest.mark.parametrize("persona", ["bdb_staff", "auditor", "police_leader"])
def test_readers_see_the_dossier_read_only(world, persona: str) -> None:
    fill_dossier(world.project("police"), world.police_staff)
    response = _get(world, persona)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="read-only"' in page
    assert "<form" not in page.split('id="documents"', 1)[1].split("</section>", 1)[0]
    assert 'name="budget-unit_price"' not in page
    assert "下载" in page  # documents are still downloadable


def test_a_submitted_dossier_is_read_only_for_its_staff_with_the_reason(world) -> None:
    Project.objects.filter(pk=world.projects["police"].pk).update(state="submitted")
    page = _get(world, "police_staff").content.decode()
    assert 'data-testid="read-only"' in page and "不能修改" in page


def test_a_reader_posting_a_form_is_refused_and_nothing_is_saved(world) -> None:
    client = Client()
    client.force_login(world.bdb_staff)
    response = client.post(
        reverse("applications:budget_line_add", args=[world.projects["police"].pk]),
        {
            "budget-category": "hardware",
            "budget-name": "x",
            "budget-quantity": "1",
            "budget-unit": "台",
            "budget-unit_price": "1",
        },
    )
    assert response.status_code == 403
    assert BudgetLine.objects.count() == 0


def test_a_posted_form_on_a_submitted_dossier_says_why(world) -> None:
    Project.objects.filter(pk=world.projects["police"].pk).update(state="submitted")
    client = Client()
    client.force_login(world.police_staff)
    response = client.post(
        reverse("applications:budget_line_add", args=[world.projects["police"].pk]),
        {
            "budget-category": "hardware",
            "budget-name": "x",
            "budget-quantity": "1",
            "budget-unit": "台",
            "budget-unit_price": "1",
        },
    )
    assert response.status_code == 409
    assert "不能修改" in response.content.decode()
    assert BudgetLine.objects.count() == 0


def test_the_dossier_page_query_count_does_not_grow_with_rows(world) -> None:
    fill_dossier(
        world.project("police"), world.police_staff, cobuilder_confirmer=world.education_staff
    )
    client = Client()
    client.force_login(world.police_staff)
    url = reverse("applications:dossier", args=[world.projects["police"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    from govit.applications import services

    for index in range(5):
        services.budget_line_add(
            project=world.project("police"),
            category="other",
            name=f"项{index}",
            quantity="1",
            unit="项",
            unit_price="1",
            by=world.police_staff,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_project_panel_summarises_the_dossier(world) -> None:
    project = world.project("police")
    context = project_panel(project, world.police_staff)
    assert context is not None
    assert context["check_count"] == 7 and context["can_edit"] is True
    html = render_to_string("applications/partials/project_panel.html", {"panel": context})
    assert "未完成事前绩效评估（第八条）" in html
    assert reverse("applications:dossier", args=[project.pk]) in html


def test_the_panel_for_a_reader_links_to_view_only(world) -> None:
    context = project_panel(world.project("police"), world.auditor)
    assert context is not None and context["can_edit"] is False
    assert "查看申报材料" in render_to_string(
        "applications/partials/project_panel.html", {"panel": context}
    )


def test_the_api_summary_lists_each_rule_with_its_article(world) -> None:
    api = APIClient()
    api.force_authenticate(world.bdb_staff)
    body = api.get(reverse("api:application-summary", args=[world.projects["police"].pk])).json()
    by_code = {item["code"]: item for item in body["readiness"]}
    assert by_code["pre_evaluation_complete"]["article"] == 8
    assert by_code["pre_evaluation_complete"]["message"] == "未完成事前绩效评估（第八条）"
    assert by_code["upper_approval_uploaded"]["allowed"] is True
    assert body["editable"] is False


def test_the_schema_documents_the_dossier_endpoints(world) -> None:
    api = APIClient()
    api.force_authenticate(world.bdb_staff)
    schema = api.get(reverse("schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/projects/{project_pk}/budget-lines/" in paths
    upload = paths["/api/v1/projects/{project_pk}/documents/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
