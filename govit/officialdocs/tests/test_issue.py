"""Issuing: versions, never-reused numbers, the history event, and every refusal with its reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.officialdocs import testing
from govit.officialdocs.models import OfficialDocument
from govit.officialdocs.services import official_document_issue
from govit.officialdocs.sources import SourceRef, candidates_of
from govit.officialdocs.testing import docx_text, stored_bytes
from govit.policy.models import PolicyRule
from govit.projects.models import Project, SecrecyStatus

pytestmark = pytest.mark.django_db


def issue(
    world: Any, kind: str, ref: Any, by: str = "bdb_staff", **kwargs: Any
) -> OfficialDocument:
    return official_document_issue(kind=kind, source=ref, by=world.persona(by), **kwargs)


def test_regenerating_writes_version_2_and_keeps_version_1_with_its_files(world) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.filed_contract(world)
    first = issue(world, "filing_receipt", ref)
    second = issue(world, "filing_receipt", ref, by="bdb_leader")
    assert (first.version, second.version) == (1, 2)
    # The same document re-rendered: same number and date, both versions kept.
    assert second.number == first.number
    assert second.issued_on == first.issued_on
    assert OfficialDocument.objects.filter(source_type="contract", source_id=ref.id).count() == 2
    first.refresh_from_db()
    assert stored_bytes(first.docx_path) and stored_bytes(first.pdf_path)
    assert second.generated_by == world.bdb_leader


def test_a_corrected_source_shows_in_the_next_version_only(world) -> None:  # type: ignore[no-untyped-def]
    from govit.contracts.models import Contract

    _, ref = testing.filed_contract(world)
    first = issue(world, "filing_receipt", ref)
    Contract.objects.filter(pk=ref.id).update(supplier_name="菏泽某科技有限公司")
    second = issue(world, "filing_receipt", ref)
    assert "山东某信息技术有限公司" in docx_text(first)
    assert "菏泽某科技有限公司" in docx_text(second)
    assert second.content["blocks"] != first.content["blocks"]


def test_receipt_numbers_run_on_and_are_never_reused(world) -> None:  # type: ignore[no-untyped-def]
    year = timezone.localdate().year
    project, first_contract = testing.filed_contract(world)
    _, second_contract = testing.filed_contract(
        world, number="HT-2026-002", amount="100000.00", already_in_procurement=True
    )
    one = issue(world, "filing_receipt", first_contract)
    two = issue(world, "filing_receipt", second_contract)
    assert (one.number, two.number) == (f"菏大数备〔{year}〕1号", f"菏大数备〔{year}〕2号")
    # Regenerating takes no new number.
    again = issue(world, "filing_receipt", first_contract)
    assert again.number == one.number
    from govit.supervision.testing import issued_order

    order = issued_order(world, project)
    notice = issue(world, "rectification_notice", SourceRef("supervision_order", order.pk))
    assert notice.number == f"菏大数整〔{year}〕1号"  # notices have their own sequence


def test_the_organs_prefix_comes_from_the_policy_pack_not_from_code(world) -> None:  # type: ignore[no-untyped-def]
    PolicyRule.objects.filter(key="filing_receipt_number_format").update(
        value="鲁菏数据备〔{year}〕第{seq}号"
    )
    _, ref = testing.filed_contract(world)
    document = issue(world, "filing_receipt", ref)
    assert document.number == f"鲁菏数据备〔{timezone.localdate().year}〕第1号"


def test_issuing_is_recorded_in_the_projects_history(world) -> None:  # type: ignore[no-untyped-def]
    project, ref = testing.opinion_source(world)
    document = issue(world, "approval_opinion", ref)
    event = Event.objects.filter(action="officialdocs.issue").get()
    assert event.object_id == str(project.pk)
    assert event.actor == world.bdb_staff
    assert event.after["document_id"] == document.pk
    assert event.after["number"] == project.opinion_number
    assert event.after["pdf_sm3"] == document.pdf_sm3
    assert event.after["source"] == f"opinion:{ref.id}"


def county_order(world: Any) -> SourceRef:
    """A rectification order of 曹县's own inspection of its project (rows written directly:
    the test world has no 曹县 leader to approve the inspection)."""
    from govit.supervision.models import Finding, Inspection, RectificationOrder

    project = world.project("caoxian")
    inspection = Inspection.objects.create(
        jurisdiction=project.jurisdiction,
        title="曹县2026年度项目专项检查",
        planned_on=timezone.localdate(),
        state=Inspection.State.APPROVED,
        planned_by=world.caoxian_bdb_staff,
        approved_at=timezone.now(),
    )
    finding = Finding.objects.create(
        inspection=inspection,
        project=project,
        article=16,
        rule_text="合同备案",
        description="合同未备案",
        recorded_by=world.caoxian_bdb_staff,
    )
    order = RectificationOrder.objects.create(
        finding=finding,
        project=project,
        requirements="补办备案",
        deadline=timezone.localdate(),
        ordered_by=world.caoxian_bdb_staff,
    )
    return SourceRef("supervision_order", order.pk)


def test_a_countys_bureau_issues_for_its_county_project_and_the_city_bureau_does_not(world) -> None:  # type: ignore[no-untyped-def]
    ref = county_order(world)
    with pytest.raises(RuleViolation, match="本行政区域"):
        issue(world, "rectification_notice", ref, by="bdb_staff")
    document = issue(world, "rectification_notice", ref, by="caoxian_bdb_staff")
    assert document.issuer_name == "曹县大数据局"
    assert "曹县大数据局" in docx_text(document)
    # 曹县 follows the city's pack (Art. 39), so it shares the city's sequence.
    assert document.number.startswith("菏大数整〔")


@pytest.mark.parametrize("persona", ["police_staff", "finance", "auditor", "ndrc"])
def test_only_the_big_data_bureau_issues_documents(world, persona: str) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.opinion_source(world)
    with pytest.raises(RuleViolation, match="只有大数据局经办人或领导可以生成公文"):
        issue(world, "approval_opinion", ref, by=persona)
    assert not OfficialDocument.objects.exists()


def test_a_classified_candidate_gets_no_generated_content(world) -> None:  # type: ignore[no-untyped-def]
    project, ref = testing.opinion_source(world)
    Project.objects.filter(pk=project.pk).update(
        is_classified_candidate=True, secrecy_status=SecrecyStatus.PENDING
    )
    with pytest.raises(RuleViolation, match="只登记元数据") as refused:
        issue(world, "approval_opinion", ref)
    assert refused.value.decision.article == 4
    assert not OfficialDocument.objects.exists()
    # Cleared by the Secrecy bureau (not classified): documents may be generated.
    Project.objects.filter(pk=project.pk).update(secrecy_status=SecrecyStatus.NOT_CLASSIFIED)
    assert issue(world, "approval_opinion", ref).version == 1


def test_an_unfiled_contract_has_no_receipt_yet(world) -> None:  # type: ignore[no-untyped-def]
    from govit.contracts.testing import record_contract

    project = world.in_procurement("police")
    contract = record_contract(world, project)
    with pytest.raises(RuleViolation, match="该合同尚未备案"):
        issue(world, "filing_receipt", SourceRef("contract", contract.pk))
    assert candidates_of(world.project("police"))[0].ref.type == "opinion"  # not the contract


def test_an_unsigned_opinion_has_no_approval_opinion_document(world) -> None:  # type: ignore[no-untyped-def]
    from govit.reviews.models import ApprovalOpinion

    world.reviewed_with_opinion("police")
    draft = ApprovalOpinion.objects.get(project=world.project("police"))
    with pytest.raises(RuleViolation, match="尚未经大数据局领导签发"):
        issue(world, "approval_opinion", SourceRef("opinion", draft.pk))


def test_the_kind_must_match_the_source(world) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.opinion_source(world)
    with pytest.raises(InvalidInput, match="审核意见只能生成审核意见书") as refused:
        issue(world, "filing_receipt", ref)
    assert refused.value.field == "source"
    with pytest.raises(InvalidInput) as unknown:
        issue(world, "memo", ref)
    assert unknown.value.field == "kind"


@pytest.mark.parametrize(
    "source", ["", "contract", "contract:", "nothing:1", "contract:x", "contract:１"]
)
def test_a_malformed_source_is_invalid_input_naming_the_field(world, source: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as refused:
        issue(world, "filing_receipt", source)
    assert refused.value.field == "source"


def test_a_source_of_another_project_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    _, ref = testing.opinion_source(world)
    with pytest.raises(InvalidInput, match="不属于此项目"):
        issue(world, "approval_opinion", ref, project=world.project("education"))


def test_candidates_list_every_ready_source_in_one_query(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    project, contract = testing.filed_contract(world)
    with django_assert_num_queries(1):
        found = candidates_of(project)
    assert [str(c.ref) for c in found] == [f"opinion:{found[0].ref.id}", str(contract)]
    assert found[1].label == "HT-2026-001"
    assert found[1].on == timezone.localdate()
    assert found[1].kind == "filing_receipt"


def test_a_registered_filing_project_offers_its_registration_once(world) -> None:  # type: ignore[no-untyped-def]
    project, ref = testing.registration(world)
    found = candidates_of(project)
    assert [c.ref for c in found] == [ref]
    assert found[0].on == timezone.localdate()
