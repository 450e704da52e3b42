"""市公安局's staff record the signed contracts of the approved police project (Art. 15, 16, 19).

Every refusal says why and what to do next, cites its article where a rule of the measures
applies, and leaves nothing behind: no contract, no stored copy, no history event.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from govit.applications.models import BudgetLine, Document, DocumentKind
from govit.applications.testing import pdf_bytes, plain_zip_bytes, upload
from govit.audit.models import Event
from govit.contracts.models import Contract, ContractKind, ProcurementMethod
from govit.contracts.services import contract_record
from govit.contracts.testing import SUPPLIER_USCC, record_contract
from govit.core.errors import InvalidInput, RuleViolation, ServiceError
from govit.projects.models import Project
from govit.projects.testing import put_in_state
from govit.testing.world import World

from .conftest import APPROVED

CONTRACT_PDF = pdf_bytes("建设合同 HT-2026-001")


def details(project: Project, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "project": project,
        "kind": ContractKind.CONSTRUCTION,
        "number": "HT-2026-001",
        "title": "智慧公安大数据平台建设合同",
        "supplier_name": "山东某信息技术有限公司",
        "supplier_uscc": SUPPLIER_USCC,
        "amount": "1000000.00",
        "procurement_method": ProcurementMethod.OPEN_TENDER,
        "signed_on": timezone.localdate(),
        "budget_lines": list(project.budget_lines.values_list("pk", flat=True)),
        "signed_copy": upload("建设合同.pdf", CONTRACT_PDF),
    }
    values.update(overrides)
    return values


def refused(world: World, project: Project, by: Any = None, **overrides: Any) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        contract_record(by=by or world.police_staff, **details(project, **overrides))
    return caught.value


def assert_nothing_saved(media: Path) -> None:
    assert not Contract.objects.exists()
    assert not Document.objects.filter(kind=DocumentKind.CONTRACT_COPY).exists()
    assert not Event.objects.filter(action="contracts.record").exists()
    # The copy's content was not stored (the dossier's own files are there since application).
    for content in (CONTRACT_PDF, plain_zip_bytes()):
        sm3 = hashlib.new("sm3", content).hexdigest()
        assert not (media / "documents" / sm3[:2] / sm3).exists()


# --- the happy path -------------------------------------------------------------------------
def test_the_unit_records_its_construction_contract_with_the_signed_copy(
    world: World, procurement: Project
) -> None:
    contract = contract_record(by=world.police_staff, **details(procurement))

    assert contract.kind == ContractKind.CONSTRUCTION
    assert contract.amount == Decimal("1000000.00")
    assert contract.supplier_uscc == SUPPLIER_USCC
    assert sorted(contract.budget_lines.values_list("pk", flat=True)) == sorted(
        procurement.budget_lines.values_list("pk", flat=True)
    )
    assert contract.filing_working_days == 5
    assert contract.filed_on is None and contract.days_late is None
    copy = contract.signed_copy
    assert copy is not None and copy.kind == DocumentKind.CONTRACT_COPY and copy.has_content
    assert copy.project_id == procurement.pk


def test_recording_writes_one_history_event_on_the_project(
    world: World, procurement: Project
) -> None:
    contract = record_contract(world, procurement)

    event = Event.objects.get(action="contracts.record")
    assert (event.object_type, event.object_id) == ("projects.project", str(procurement.pk))
    assert event.actor_id == world.police_staff.pk
    assert event.after["contract_id"] == contract.pk
    assert event.after["amount"] == "1000000.00"
    assert event.after["filing_due"] == contract.filing_due.isoformat()


def test_third_party_service_contracts_are_recorded_too(world: World, procurement: Project) -> None:
    for number, kind in [
        ("JL-1", ContractKind.SUPERVISION),
        ("ZX-1", ContractKind.CONSULTING),
        ("ZJ-1", ContractKind.COST),
        ("CS-1", ContractKind.TESTING),
    ]:
        record_contract(world, procurement, kind=kind, number=number, amount="50000")
    assert set(Contract.objects.values_list("kind", flat=True)) == {
        "supervision",
        "consulting",
        "cost",
        "testing",
    }


def test_contracts_may_reach_the_approved_amount_exactly(
    world: World, procurement: Project
) -> None:
    record_contract(world, procurement, amount="1000000.00")
    record_contract(world, procurement, number="HT-2", amount=APPROVED - Decimal("1000000.00"))
    assert Contract.objects.count() == 2


# --- refusals -------------------------------------------------------------------------------
def test_a_signing_date_in_the_future_is_refused(
    world: World, procurement: Project, media: Path
) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    error = refused(world, procurement, signed_on=tomorrow)

    assert isinstance(error, InvalidInput) and error.field == "signed_on"
    assert error.message.startswith(f"合同签订日期（{tomorrow.isoformat()}）晚于今天")
    assert "请在合同签订后再登记" in error.message
    assert_nothing_saved(media)


def test_a_signing_date_before_the_approval_is_refused(
    world: World, procurement: Project, media: Path
) -> None:
    assert procurement.opinion_date is not None
    day_before = procurement.opinion_date - timedelta(days=1)
    error = refused(world, procurement, signed_on=day_before)

    assert isinstance(error, RuleViolation) and error.decision.article == 16
    assert error.field == "signed_on"
    assert f"早于项目批复日期（{procurement.opinion_date.isoformat()}）" in error.message
    assert error.message.endswith("（第十六条）")
    assert_nothing_saved(media)


def test_a_project_without_an_approval_date_cannot_record(
    world: World, procurement: Project, media: Path
) -> None:
    project = put_in_state(procurement, "procurement", opinion_date=None)
    error = refused(world, project)

    assert isinstance(error, RuleViolation) and error.decision.article == 16
    assert "项目没有批复（备案）日期" in error.message
    assert_nothing_saved(media)


def test_contracts_above_the_approved_amount_need_a_change_request(
    world: World, procurement: Project, media: Path
) -> None:
    record_contract(world, procurement, amount="1000000.00")
    with pytest.raises(RuleViolation) as caught:
        contract_record(
            by=world.police_staff,
            **details(procurement, number="HT-2", amount="540000.01"),
        )
    error = caught.value

    assert error.decision.article == 19 and error.field == "amount"
    assert "共 1,540,000.01 元，超过批复金额 1,540,000.00 元" in error.message
    assert "须先提出变更申请" in error.message
    assert Contract.objects.count() == 1
    assert Document.objects.filter(kind=DocumentKind.CONTRACT_COPY).count() == 1
    assert Event.objects.filter(action="contracts.record").count() == 1


def test_an_invalid_social_credit_code_is_refused(
    world: World, procurement: Project, media: Path
) -> None:
    wrong = SUPPLIER_USCC[:-1] + ("0" if SUPPLIER_USCC[-1] != "0" else "1")
    error = refused(world, procurement, supplier_uscc=wrong)

    assert isinstance(error, InvalidInput) and error.field == "supplier_uscc"
    assert error.message.startswith("供应商统一社会信用代码校验位不符")
    assert_nothing_saved(media)


def test_a_budget_line_of_another_project_is_refused(
    world: World, procurement: Project, media: Path
) -> None:
    foreign = BudgetLine.objects.create(
        project=world.project("education"),
        category="hardware",
        name="教育服务器",
        quantity=Decimal("1"),
        unit="台",
        unit_price=Decimal("1000"),
        amount=Decimal("1000"),
    )
    error = refused(world, procurement, budget_lines=[foreign.pk])

    assert isinstance(error, InvalidInput) and error.field == "budget_lines"
    assert error.message == f"预算明细 #{foreign.pk} 不属于本项目，请选择本项目的预算明细"
    assert_nothing_saved(media)


def test_a_contract_number_is_unique_within_the_project(world: World, procurement: Project) -> None:
    record_contract(world, procurement, number="HT-1", amount="1000")
    error = refused(world, procurement, number="HT-1", amount="1000")

    assert isinstance(error, InvalidInput) and error.field == "number"
    assert error.message == "本项目已登记编号为「HT-1」的合同，请核对合同编号"
    assert Contract.objects.count() == 1


def test_the_signed_copy_is_required(world: World, procurement: Project, media: Path) -> None:
    error = refused(world, procurement, signed_copy=None)

    assert isinstance(error, InvalidInput) and error.field == "signed_copy"
    assert error.message == "请上传签字盖章的合同文本"
    assert_nothing_saved(media)


def test_a_copy_whose_content_is_not_its_type_is_refused_and_not_stored(
    world: World, procurement: Project, media: Path
) -> None:
    error = refused(world, procurement, signed_copy=upload("合同.pdf", plain_zip_bytes()))

    assert isinstance(error, InvalidInput) and error.field == "signed_copy"
    assert "与扩展名 .pdf 不符" in error.message
    assert_nothing_saved(media)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "合同金额应大于 0"),
        ("-5", "合同金额不能为负数"),
        ("1,000", "合同金额须为数字"),
        ("12.345", "合同金额最多保留两位小数"),
    ],
)
def test_a_bad_amount_is_refused(
    world: World, procurement: Project, media: Path, amount: str, message: str
) -> None:
    error = refused(world, procurement, amount=amount)

    assert isinstance(error, InvalidInput) and error.field == "amount"
    assert error.message.startswith(message)
    assert_nothing_saved(media)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "", "请选择合同类型"),
        ("kind", "lease", "合同类型无效"),
        ("procurement_method", "auction", "采购方式无效"),
        ("number", " ", "请填写合同编号"),
        ("supplier_name", "", "请填写供应商名称"),
        ("signed_on", "2026-02-30", "签订日期「2026-02-30」不是有效日期"),
    ],
)
def test_missing_or_unknown_values_are_named(
    world: World, procurement: Project, media: Path, field: str, value: str, message: str
) -> None:
    error = refused(world, procurement, **{field: value})

    assert error.field == field and error.message.startswith(message)
    assert_nothing_saved(media)


def test_a_suspended_project_records_no_contract(
    world: World, procurement: Project, media: Path
) -> None:
    error = refused(world, put_in_state(procurement, "suspended"))

    assert isinstance(error, RuleViolation) and error.decision.article == 20
    assert "暂停期间不能登记新合同" in error.message
    assert_nothing_saved(media)


def test_a_project_not_yet_approved_records_no_contract(world: World, media: Path) -> None:
    draft = world.project("police")
    error = refused(world, draft, budget_lines=[])

    assert isinstance(error, RuleViolation) and error.decision.article == 16
    assert error.message.startswith("项目当前状态为「草稿」，只有「采购中、建设中、整改中")
    assert_nothing_saved(media)


@pytest.mark.parametrize("persona", ["bdb_staff", "police_leader", "education_staff"])
def test_only_the_owning_units_staff_record(
    world: World, procurement: Project, media: Path, persona: str
) -> None:
    error = refused(world, procurement, by=world.persona(persona))

    assert isinstance(error, RuleViolation) and error.decision.article == 16
    assert error.message == "只有项目建设单位的经办人可以登记合同（第十六条）"
    assert_nothing_saved(media)


# --- a classified candidate (Art. 4) --------------------------------------------------------
def test_a_classified_candidate_records_a_note_instead_of_the_file(
    world: World, procurement: Project, media: Path
) -> None:
    project = put_in_state(procurement, "procurement", is_classified_candidate=True)
    error = refused(world, project)
    assert isinstance(error, RuleViolation) and error.decision.article == 4
    assert error.field == "signed_copy"

    error = refused(world, project, signed_copy=None)
    assert isinstance(error, InvalidInput) and error.field == "copy_note"
    assert_nothing_saved(media)

    contract = contract_record(
        by=world.police_staff,
        **details(project, signed_copy=None, copy_note="菏公合〔2026〕3号，原件存市公安局机要室"),
    )
    assert contract.signed_copy is None
    assert contract.copy_note == "菏公合〔2026〕3号，原件存市公安局机要室"
