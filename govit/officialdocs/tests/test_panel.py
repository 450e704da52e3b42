"""The project page's official documents section: what each reader sees, the 生成 buttons for
BDB, refusals with their reason, and a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from govit.officialdocs import testing
from govit.officialdocs.panels import project_panel
from govit.officialdocs.services import official_document_issue
from govit.projects.models import Project, SecrecyStatus

pytestmark = pytest.mark.django_db


def rendered(project: Project, user: Any) -> str:
    panel = project_panel(project, user)
    return (
        ""
        if panel is None
        else render_to_string("officialdocs/partials/project_panel.html", {"panel": panel})
    )


def issue_versions(world: Any, source: Any, count: int) -> list[Any]:
    return [
        official_document_issue(kind=source.kind, source=source, by=world.bdb_staff)
        for _ in range(count)
    ]


def test_the_unit_sees_its_documents_with_numbers_digests_and_downloads(world) -> None:  # type: ignore[no-untyped-def]
    project, source = testing.opinion_source(world)
    first, second = issue_versions(world, source, 2)
    html = rendered(world.project("police"), world.police_staff)
    assert project.opinion_number in html
    assert "第1版" in html and "第2版" in html
    for document in (first, second):
        assert document.docx_sm3 in html and document.pdf_sm3 in html
        assert reverse("officialdocs:download", args=[document.pk, "pdf"]) in html
        assert reverse("officialdocs:download", args=[document.pk, "docx"]) in html
    assert "<form" not in html and 'data-testid="issuable"' not in html  # no button for the unit


def test_a_reader_with_nothing_generated_sees_no_section(world) -> None:  # type: ignore[no-untyped-def]
    testing.opinion_source(world)
    assert project_panel(world.project("police"), world.police_staff) is None


def test_bdb_gets_a_button_for_each_ready_source_and_regenerate_after(world) -> None:  # type: ignore[no-untyped-def]
    project, contract = testing.filed_contract(world)
    html = rendered(project, world.bdb_staff)
    assert 'data-testid="issuable-opinion-' in html
    assert f'data-testid="issuable-contract-{contract.id}"' in html
    assert f'value="{contract}"' in html
    issue_versions(world, contract, 1)
    html = rendered(world.project("police"), world.bdb_staff)
    assert "重新生成（第2版）" in html


def test_bdb_sees_why_a_classified_candidate_gets_no_button(world) -> None:  # type: ignore[no-untyped-def]
    project, _ = testing.opinion_source(world)
    Project.objects.filter(pk=project.pk).update(
        is_classified_candidate=True, secrecy_status=SecrecyStatus.PENDING
    )
    html = rendered(world.project("police"), world.bdb_staff)
    assert 'data-testid="issue-refused"' in html
    assert "只登记元数据" in html and "第四条" in html
    assert "<form" not in html


@pytest.mark.parametrize(("persona", "queries"), [("police_staff", 1), ("bdb_staff", 2)])
def test_the_section_costs_the_same_queries_whatever_the_number_of_documents(  # type: ignore[no-untyped-def]
    world, django_assert_num_queries, persona: str, queries: int
) -> None:
    project, source = testing.opinion_source(world)
    user = world.persona(persona)
    assert user.effective_roles  # roles are read once per request, before the panels
    issue_versions(world, source, 1)
    with django_assert_num_queries(queries):
        one = rendered(project, user)
    issue_versions(world, source, 2)
    with django_assert_num_queries(queries):
        three = rendered(project, user)
    assert one.count('data-testid="official-document-') == 1
    assert three.count('data-testid="official-document-') == 3


def test_the_project_page_shows_the_section(client, world) -> None:  # type: ignore[no-untyped-def]
    project, source = testing.opinion_source(world)
    issue_versions(world, source, 1)
    client.force_login(world.police_staff)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200
    assert 'data-testid="officialdocs-panel"' in response.content.decode()


def test_a_refused_generation_comes_back_with_its_reason(client, world) -> None:  # type: ignore[no-untyped-def]
    from govit.contracts.testing import record_contract

    project = world.in_procurement("police")
    contract = record_contract(world, project)
    client.force_login(world.bdb_staff)
    response = client.post(
        reverse("officialdocs:issue", args=[project.pk]),
        {"kind": "filing_receipt", "source": f"contract:{contract.pk}", "return_to": "documents"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("officialdocs:list", args=[project.pk])
    assert "该合同尚未备案" in response.content.decode()


def test_generating_from_the_page_says_what_was_made(client, world) -> None:  # type: ignore[no-untyped-def]
    project, source = testing.opinion_source(world)
    client.force_login(world.bdb_leader)
    response = client.post(
        reverse("officialdocs:issue", args=[project.pk]),
        {"kind": "approval_opinion", "source": str(source)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("projects:detail", args=[project.pk])
    assert f"已生成审核意见书 {project.opinion_number}（第1版）" in response.content.decode()


def test_the_download_is_the_stored_file_under_its_chinese_name(client, world) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    _, source = testing.opinion_source(world)
    (document,) = issue_versions(world, source, 1)
    client.force_login(world.police_staff)
    response = client.get(reverse("officialdocs:download", args=[document.pk, "pdf"]))
    body = b"".join(response.streaming_content)
    assert hashlib.new("sm3", body).hexdigest() == document.pdf_sm3
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "%E5%AE%A1%E6%A0%B8%E6%84%8F%E8%A7%81%E4%B9%A6" in disposition  # 审核意见书


def test_an_altered_file_is_not_served(client, world, media) -> None:  # type: ignore[no-untyped-def]
    project, source = testing.opinion_source(world)
    (document,) = issue_versions(world, source, 1)
    (media / document.docx_path).write_bytes(b"PK\x03\x04 not the generated file")
    client.force_login(world.police_staff)
    response = client.get(reverse("officialdocs:download", args=[document.pk, "docx"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("officialdocs:list", args=[project.pk])
    assert "SM3 摘要不符" in response.content.decode()


def test_an_unknown_format_is_not_found(client, world) -> None:  # type: ignore[no-untyped-def]
    _, source = testing.opinion_source(world)
    (document,) = issue_versions(world, source, 1)
    client.force_login(world.police_staff)
    assert (
        client.get(reverse("officialdocs:download", args=[document.pk, "odt"])).status_code == 404
    )
