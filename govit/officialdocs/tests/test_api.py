"""The official document endpoints: list, what can be issued, issue, download — and refusals."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from govit.officialdocs import testing
from govit.projects.models import Project, SecrecyStatus

pytestmark = pytest.mark.django_db


def test_bdb_issues_through_the_api_and_the_unit_lists_and_downloads(client, world) -> None:  # type: ignore[no-untyped-def]
    project, contract = testing.filed_contract(world)
    client.force_login(world.bdb_staff)
    issuable = client.get(reverse("api:officialdocs-issuable", args=[project.pk])).json()
    assert {item["source"] for item in issuable} >= {str(contract)}
    row = next(item for item in issuable if item["source"] == str(contract))
    assert (row["kind"], row["label"], row["next_version"]) == ("filing_receipt", "HT-2026-001", 1)

    created = client.post(
        reverse("api:officialdocs-project", args=[project.pk]),
        {"kind": "filing_receipt", "source": str(contract)},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["version"] == 1
    assert body["number"].startswith("菏大数备〔")
    assert body["issuer"] == "菏泽市大数据局"

    client.force_login(world.police_staff)
    listed = client.get(reverse("api:officialdocs-project", args=[project.pk])).json()
    assert [item["id"] for item in listed] == [body["id"]]
    download = client.get(listed[0]["pdf_url"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert hashlib.new("sm3", content).hexdigest() == listed[0]["pdf_sm3"]


def test_a_classified_candidate_is_refused_with_article_4(client, world) -> None:  # type: ignore[no-untyped-def]
    project, source = testing.opinion_source(world)
    Project.objects.filter(pk=project.pk).update(
        is_classified_candidate=True, secrecy_status=SecrecyStatus.PENDING
    )
    client.force_login(world.bdb_leader)
    response = client.post(
        reverse("api:officialdocs-project", args=[project.pk]),
        {"kind": "approval_opinion", "source": str(source)},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["article"] == 4
    assert client.get(reverse("api:officialdocs-issuable", args=[project.pk])).status_code == 409


def test_a_mismatched_kind_is_a_400_naming_the_field(client, world) -> None:  # type: ignore[no-untyped-def]
    project, source = testing.opinion_source(world)
    client.force_login(world.bdb_staff)
    response = client.post(
        reverse("api:officialdocs-project", args=[project.pk]),
        {"kind": "rectification_notice", "source": str(source)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "source"
