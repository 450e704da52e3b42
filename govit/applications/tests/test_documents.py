"""Documents: type by content, size limit, SM3, versions, metadata only for classified candidates,
downloads through the project scope."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from govit.applications import services
from govit.applications.models import Document, DocumentKind
from govit.applications.testing import (
    JPEG_BYTES,
    PNG_BYTES,
    docx_bytes,
    ofd_bytes,
    pdf_bytes,
    plain_zip_bytes,
    upload,
    xlsx_bytes,
)
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project


def _upload(world, name: str, content: bytes, *, title: str = "建设方案", key: str = "police"):
    return services.document_upload(
        project=world.project(key),
        kind=DocumentKind.CONSTRUCTION_PLAN,
        title=title,
        file=upload(name, content),
        by=world.police_staff if key == "police" else world.education_staff,
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("建设方案.pdf", pdf_bytes(), "application/pdf"),
        (
            "建设方案.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "预算表.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("公文.ofd", ofd_bytes(), "application/ofd"),
        ("拓扑图.png", PNG_BYTES, "image/png"),
        ("现场照片.JPG", JPEG_BYTES, "image/jpeg"),
    ],
)
def test_each_allowed_type_is_stored_with_its_detected_type_and_sm3(
    world, media: Path, name: str, content: bytes, content_type: str
) -> None:
    document = _upload(world, name, content)
    digest = hashlib.new("sm3", content).hexdigest()
    assert document.content_type == content_type
    assert document.sm3 == digest
    assert document.size == len(content)
    assert document.storage_path == f"documents/{digest[:2]}/{digest}"
    assert (media / document.storage_path).read_bytes() == content
    assert document.original_filename == name
    assert document.version == 1
    assert Event.objects.filter(action="applications.document_upload").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("建设方案.pdf", PNG_BYTES, "PNG 图片"),  # a PNG renamed .pdf
        ("建设方案.docx", plain_zip_bytes(), "无法识别"),  # a ZIP that is not DOCX
        ("建设方案.docx", xlsx_bytes(), "Excel"),  # a workbook renamed .docx
        ("图.png", JPEG_BYTES, "JPEG"),
        ("建设方案.pdf", b"just text, not a PDF", "无法识别"),
        ("建设方案.exe", b"MZ\x90\x00", "不在允许范围"),
        ("建设方案", pdf_bytes(), "不在允许范围"),
        ("建设方案.pdf", b"", "空文件"),
    ],
)
def test_content_not_of_its_claimed_type_is_refused_naming_the_file_and_nothing_is_saved(
    world, media: Path, name: str, content: bytes, reason: str
) -> None:
    before = Document.objects.count(), Event.objects.count()
    with pytest.raises(InvalidInput) as refused:
        _upload(world, name, content)
    assert refused.value.field == "file"
    assert name in refused.value.message and reason in refused.value.message
    assert (Document.objects.count(), Event.objects.count()) == before
    assert not (media / "documents").exists() or not any(
        p.is_file() and not p.name.startswith(".") for p in (media / "documents").rglob("*")
    )


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_saved(world, settings) -> None:
    settings.UPLOAD_MAX_MB = 1
    big = pdf_bytes() + b"0" * (1024 * 1024)
    before = Document.objects.count()
    with pytest.raises(InvalidInput) as refused:
        _upload(world, "大方案.pdf", big)
    assert refused.value.field == "file"
    assert "大方案.pdf" in refused.value.message and "1 MB" in refused.value.message
    assert Document.objects.count() == before


def test_a_new_upload_of_the_same_document_is_a_new_version_and_both_files_are_kept(
    world, media: Path
) -> None:
    first = _upload(world, "建设方案.pdf", pdf_bytes("v1"))
    second = _upload(world, "建设方案（修订）.pdf", pdf_bytes("v2"))
    other = _upload(world, "需求说明.pdf", pdf_bytes("other"), title="需求说明")
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert first.sm3 != second.sm3
    assert (media / first.storage_path).read_bytes() == pdf_bytes("v1")
    assert (media / second.storage_path).read_bytes() == pdf_bytes("v2")
    first.refresh_from_db()
    assert first.original_filename == "建设方案.pdf"  # the old row is untouched


def test_the_same_content_uploaded_twice_shares_one_stored_file(world, media: Path) -> None:
    first = _upload(world, "a.pdf", pdf_bytes())
    second = _upload(world, "b.pdf", pdf_bytes())
    assert first.storage_path == second.storage_path
    assert second.version == 2


def test_a_path_in_the_filename_is_dropped(world) -> None:
    document = _upload(world, "../../etc/建设方案.pdf", pdf_bytes())
    assert document.original_filename == "建设方案.pdf"


def test_a_classified_candidate_refuses_content_citing_article_4(world, media: Path) -> None:
    project = world.project("police")
    Project.objects.filter(pk=project.pk).update(is_classified_candidate=True)
    with pytest.raises(RuleViolation) as refused:
        _upload(world, "建设方案.pdf", pdf_bytes())
    assert refused.value.decision.article == 4
    assert "第四条" in refused.value.message
    assert Document.objects.count() == 0
    assert not (media / "documents").exists()


def test_a_classified_candidate_registers_number_date_and_title_only(world) -> None:
    project = world.project("police")
    Project.objects.filter(pk=project.pk).update(is_classified_candidate=True)
    document = services.document_metadata_add(
        project=world.project("police"),
        kind=DocumentKind.CONSTRUCTION_PLAN,
        title="建设方案",
        document_number="菏公〔2026〕3号",
        document_date=date(2026, 3, 1),
        by=world.police_staff,
    )
    assert not document.has_content and document.sm3 == "" and document.version == 1


def test_metadata_rows_are_refused_for_an_ordinary_project(world) -> None:
    with pytest.raises(RuleViolation):
        services.document_metadata_add(
            project=world.project("police"),
            kind=DocumentKind.CONSTRUCTION_PLAN,
            title="建设方案",
            document_number="菏公〔2026〕3号",
            document_date=date(2026, 3, 1),
            by=world.police_staff,
        )


def test_metadata_without_a_number_is_refused_naming_the_field(world) -> None:
    Project.objects.filter(pk=world.projects["police"].pk).update(is_classified_candidate=True)
    with pytest.raises(InvalidInput) as refused:
        services.document_metadata_add(
            project=world.project("police"),
            kind=DocumentKind.CONSTRUCTION_PLAN,
            title="建设方案",
            document_number=" ",
            document_date=date(2026, 3, 1),
            by=world.police_staff,
        )
    assert refused.value.field == "document_number"
    assert Document.objects.count() == 0


def test_only_the_owning_units_staff_may_upload(world) -> None:
    for persona in ("police_leader", "bdb_staff", "education_staff"):
        with pytest.raises(RuleViolation):
            services.document_upload(
                project=world.project("police"),
                kind=DocumentKind.CONSTRUCTION_PLAN,
                title="建设方案",
                file=upload("a.pdf", pdf_bytes()),
                by=world.persona(persona),
            )
    assert Document.objects.count() == 0


def test_a_submitted_dossier_takes_no_new_document(world) -> None:
    Project.objects.filter(pk=world.projects["police"].pk).update(state="submitted")
    with pytest.raises(RuleViolation) as refused:
        _upload(world, "建设方案.pdf", pdf_bytes())
    assert "已提交" in refused.value.message


# --- the page ---------------------------------------------------------------------------------
def _client(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.persona(persona))
    return client


def test_uploading_through_the_page_shows_the_version_and_a_download_link(world) -> None:
    project = world.projects["police"]
    client = _client(world, "police_staff")
    response = client.post(
        reverse("applications:document_upload", args=[project.pk]),
        {
            "document-kind": "construction_plan",
            "document-title": "建设方案",
            "document-file": upload("建设方案.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("applications:dossier", args=[project.pk])).content.decode()
    document = Document.objects.get()
    assert "第1版" in page
    assert reverse("applications:document_download", args=[project.pk, document.pk]) in page


def test_a_renamed_png_is_refused_on_the_page_next_to_the_file_field(world) -> None:
    project = world.projects["police"]
    response = _client(world, "police_staff").post(
        reverse("applications:document_upload", args=[project.pk]),
        {
            "document-kind": "construction_plan",
            "document-title": "建设方案",
            "document-file": upload("建设方案.pdf", PNG_BYTES),
        },
    )
    assert response.status_code == 400
    assert 'data-field="file"' in response.content.decode()
    assert "与扩展名 .pdf 不符" in response.content.decode()
    assert Document.objects.count() == 0


def test_download_streams_the_file_with_its_name_type_and_nosniff(world) -> None:
    document = _upload(world, "建设方案 2026.pdf", pdf_bytes())
    response = _client(world, "bdb_staff").get(
        reverse("applications:document_download", args=[document.project_id, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''%E5%BB%BA%E8%AE%BE%E6%96%B9%E6%A1%88%202026.pdf" in disposition


def test_download_outside_scope_is_404(world) -> None:
    document = _upload(world, "建设方案.pdf", pdf_bytes())
    url = reverse("applications:document_download", args=[document.project_id, document.pk])
    for persona in ("education_staff", "caoxian_bdb_staff", "sysadmin"):
        assert _client(world, persona).get(url).status_code == 404


def test_a_document_id_of_another_project_is_404(world) -> None:
    document = _upload(world, "建设方案.pdf", pdf_bytes())
    other = world.projects["education"]
    url = reverse("applications:document_download", args=[other.pk, document.pk])
    assert _client(world, "education_staff").get(url).status_code == 404


def test_a_metadata_row_has_nothing_to_download(world) -> None:
    Project.objects.filter(pk=world.projects["police"].pk).update(is_classified_candidate=True)
    document = services.document_metadata_add(
        project=world.project("police"),
        kind=DocumentKind.CONSTRUCTION_PLAN,
        title="建设方案",
        document_number="菏公〔2026〕3号",
        document_date=date(2026, 3, 1),
        by=world.police_staff,
    )
    url = reverse("applications:document_download", args=[document.project_id, document.pk])
    assert _client(world, "police_staff").get(url).status_code == 404


# --- the API ----------------------------------------------------------------------------------
def _api(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.persona(persona))
    return client


def test_the_api_uploads_multipart_and_lists_versions(world) -> None:
    project = world.projects["police"]
    url = reverse("api:application-document-list", args=[project.pk])
    api = _api(world, "police_staff")
    for version in (1, 2):
        response = api.post(
            url,
            {
                "kind": "construction_plan",
                "title": "建设方案",
                "file": upload("方案.docx", docx_bytes(f"v{version}")),
            },
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["version"] == version
    listed = api.get(url).json()["results"]
    assert [d["version"] for d in listed] == [2, 1]
    download = api.get(listed[0]["download_url"])
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_api_refuses_a_zip_posing_as_docx_with_the_field_named(world) -> None:
    project = world.projects["police"]
    response = _api(world, "police_staff").post(
        reverse("api:application-document-list", args=[project.pk]),
        {
            "kind": "construction_plan",
            "title": "建设方案",
            "file": upload("方案.docx", plain_zip_bytes()),
        },
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "file" and "方案.docx" in body["detail"]
    assert Document.objects.count() == 0


def test_the_api_refuses_content_for_a_classified_candidate_citing_article_4(world) -> None:
    project = world.projects["police"]
    Project.objects.filter(pk=project.pk).update(is_classified_candidate=True)
    api = _api(world, "police_staff")
    response = api.post(
        reverse("api:application-document-list", args=[project.pk]),
        {"kind": "construction_plan", "title": "建设方案", "file": upload("a.pdf", pdf_bytes())},
        format="multipart",
    )
    assert response.status_code == 409 and response.json()["article"] == 4
    metadata = api.post(
        reverse("api:application-document-metadata", args=[project.pk]),
        {
            "kind": "construction_plan",
            "title": "建设方案",
            "document_number": "菏公〔2026〕3号",
            "document_date": "2026-03-01",
        },
        format="json",
    )
    assert metadata.status_code == 201 and metadata.json()["download_url"] is None


def test_the_api_download_outside_scope_is_404(world) -> None:
    document = _upload(world, "建设方案.pdf", pdf_bytes())
    url = reverse("api:application-document-download", args=[document.project_id, document.pk])
    assert _api(world, "education_staff").get(url).status_code == 404
    assert _api(world, "auditor").get(url).status_code == 200
