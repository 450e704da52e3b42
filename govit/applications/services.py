"""Writes on the application dossier: keyword-only, one transaction each, audited.

Every service first locks the project row and checks ``projects.rules.dossier_editable``
against it (only the owning unit's staff, only while the dossier is with them), then validates
its input — raising ``InvalidInput`` naming the field before anything is saved — then saves and
records one history event.  Co-builder confirmation is the one write made by another
organisation (``cobuilder_confirm``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation, User
from govit.accounts.roles import Role
from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.money import yuan
from govit.projects.models import Project
from govit.projects.rules import EDITABLE_STATES, dossier_editable

from . import files
from .models import (
    DOSSIER_KINDS,
    BudgetCategory,
    BudgetLine,
    CatalogueEntry,
    CoBuilder,
    CountyParticipant,
    Document,
    DocumentKind,
    Indicator,
    MlpsLevel,
    OpeningAttribute,
    PreEvaluation,
    ProductItem,
    ProductKind,
    ProductOrigin,
    SecurityProfile,
    SharingAttribute,
)
from .rules import pre_evaluation_gaps
from .values import CENT, choice, line_amount, optional_text, parse_decimal, required_text

AMOUNT_LIMIT = Decimal(10) ** 12  # DecimalField(max_digits=14, decimal_places=2)
HUNDRED = Decimal(100)


# --- shared -----------------------------------------------------------------------------------
def _editable(project: Project, by: User) -> Project:
    """The project row, locked, after checking that ``by`` may edit its dossier now."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    decision = dossier_editable(locked, by)
    if not decision:
        raise RuleViolation(decision)
    return locked


def _touch(project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())


# --- documents --------------------------------------------------------------------------------
def _next_version(project: Project, kind: str, title: str) -> int:
    latest = (
        Document.objects.filter(project=project, kind=kind, title=title)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return (latest or 0) + 1


def _document_facts(document: Document) -> dict[str, Any]:
    return {
        "kind": document.kind,
        "title": document.title,
        "version": document.version,
        "original_filename": document.original_filename,
        "content_type": document.content_type,
        "size": document.size,
        "sm3": document.sm3,
        "document_number": document.document_number,
        "document_date": document.document_date,
    }


def document_upload(
    *, project: Project, kind: str, title: str, file: Any, by: User, filename: str | None = None
) -> Document:
    """Store a dossier document's content as the next version of its (kind, title) lineage.

    ``file`` is an uploaded file (anything with ``read``/``seek``, ``size`` and ``name``).  The
    type is detected from the content and must match the extension; the size is limited by
    ``settings.UPLOAD_MAX_MB``.  A classified candidate not cleared by the Secrecy bureau never
    receives content (Art. 4): only metadata rows (``document_metadata_add``).
    """
    with transaction.atomic():
        locked = _editable(project, by)
        if kind and kind not in DOSSIER_KINDS:
            raise InvalidInput(
                "该类材料随相应办理环节上传，不在申报材料中上传",
                message_en="This kind of document is uploaded with its own step",
                field="kind",
            )
        document = document_attach(
            project=locked, kind=kind, title=title, file=file, by=by, filename=filename
        )
        _touch(locked)
    return document


def document_attach(
    *, project: Project, kind: str, title: str, file: Any, by: User, filename: str | None = None
) -> Document:
    """Store a file of any stage (contract copy, acceptance report …) as a project document.

    The caller has checked that ``by`` may do its step and runs this inside its transaction;
    this checks the file (type from content, size) and the classified-candidate rule (Art. 4),
    stores it content-addressed and writes the history event.
    """
    if project.metadata_only:
        raise RuleViolation(
            deny(
                "拟定涉密项目（保密局确认前或确认涉密后）只登记文件元数据（文号、日期、标题），平台不接收文件内容",
                4,
                en="A classified candidate keeps metadata only; the platform never takes its content",
            )
        )
    kind = choice(kind, field="kind", label="材料类型", choices=DocumentKind)
    title = required_text(title, field="title", label="标题", max_length=200)
    if file is None:
        raise InvalidInput("请选择要上传的文件", message_en="file is required", field="file")
    name = files.clean_filename(filename or getattr(file, "name", "") or "")
    if not name:
        raise InvalidInput("文件名为空", message_en="file has no name", field="file")
    stream: IO[bytes] = getattr(file, "file", file)
    size = getattr(file, "size", None)
    if size is None:
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
    file_type = files.check_upload(filename=name, size=int(size), stream=stream)
    stored = files.store(stream)
    document = Document.objects.create(
        project=project,
        kind=kind,
        title=title,
        version=_next_version(project, kind, title),
        original_filename=name,
        content_type=file_type.content_type,
        size=stored.size,
        sm3=stored.sm3,
        storage_path=stored.relative_path,
        uploaded_by=by,
    )
    record(
        action="applications.document_upload",
        obj=document,
        by=by,
        after=_document_facts(document),
    )
    return document


def document_register(
    *,
    project: Project,
    kind: str,
    title: str,
    document_number: str,
    document_date: date | None,
    by: User,
) -> Document:
    """Register a document of a classified candidate by number, date and title only (Art. 4).

    The metadata-only counterpart of ``document_attach``: the caller has checked that ``by``
    may do its step and runs this inside its transaction (with the project row locked); this
    refuses a project that is not ``metadata_only`` (it uploads the file instead), checks the
    number, date and title, and writes the history event.
    """
    if not project.metadata_only:
        raise RuleViolation(
            deny(
                "只有拟定涉密项目登记文件元数据；本项目请上传文件",
                4,
                en="Only classified candidates register metadata; upload the file instead",
            )
        )
    kind = choice(kind, field="kind", label="材料类型", choices=DocumentKind)
    title = required_text(title, field="title", label="标题", max_length=200)
    number = required_text(document_number, field="document_number", label="文号", max_length=100)
    if not isinstance(document_date, date):
        raise InvalidInput(
            "请填写成文日期", message_en="document_date is required", field="document_date"
        )
    document = Document.objects.create(
        project=project,
        kind=kind,
        title=title,
        version=_next_version(project, kind, title),
        document_number=number,
        document_date=document_date,
        uploaded_by=by,
    )
    record(
        action="applications.document_metadata_add",
        obj=document,
        by=by,
        after=_document_facts(document),
    )
    return document


def document_metadata_add(
    *,
    project: Project,
    kind: str,
    title: str,
    document_number: str,
    document_date: date | None,
    by: User,
) -> Document:
    """Register a dossier document of a classified candidate by number, date and title only
    (Art. 4): ``document_register`` after the dossier-editable check."""
    with transaction.atomic():
        locked = _editable(project, by)
        document = document_register(
            project=locked,
            kind=kind,
            title=title,
            document_number=document_number,
            document_date=document_date,
            by=by,
        )
        _touch(locked)
    return document


# --- investment budget ------------------------------------------------------------------------
def _line_facts(line: BudgetLine) -> dict[str, Any]:
    return {
        "category": line.category,
        "name": line.name,
        "quantity": line.quantity,
        "unit": line.unit,
        "unit_price": line.unit_price,
        "amount": line.amount,
    }


def _clean_line(
    *, category: Any, name: Any, quantity: Any, unit: Any, unit_price: Any, amount: Any
) -> dict[str, Any]:
    category = choice(category, field="category", label="类别", choices=BudgetCategory)
    name = required_text(name, field="name", label="名称", max_length=200)
    qty = parse_decimal(quantity, field="quantity", label="数量", max_digits=12, positive=True)
    unit = required_text(unit, field="unit", label="单位", max_length=20)
    price = parse_decimal(unit_price, field="unit_price", label="单价")
    computed = line_amount(qty, price)
    if computed >= AMOUNT_LIMIT:
        raise InvalidInput(
            f"金额（数量 × 单价 = {yuan(computed)} 元）过大",
            message_en=f"amount (quantity × unit price = {computed}) is too large",
            field="amount",
        )
    if amount is not None and str(amount).strip() != "":
        given = parse_decimal(amount, field="amount", label="金额")
        if given != computed:
            raise InvalidInput(
                f"金额应等于数量 × 单价 = {yuan(computed)} 元，填写的是 {yuan(given)} 元",
                message_en=f"amount must equal quantity × unit price = {computed} (given {given})",
                field="amount",
            )
    return {
        "category": category,
        "name": name,
        "quantity": qty,
        "unit": unit,
        "unit_price": price,
        "amount": computed,
    }


def _recompute_requested(project: Project, by: User) -> Decimal:
    """requested_amount := the sum of the lines (same transaction), audited when it changes."""
    total = BudgetLine.objects.filter(project=project).aggregate(total=Sum("amount"))["total"]
    total = Decimal(total or 0).quantize(CENT)  # SQLite's SUM drops trailing zeros
    if total >= AMOUNT_LIMIT:
        raise InvalidInput(
            f"预算合计 {yuan(total)} 元过大",
            message_en="the budget total is too large",
            field="amount",
        )
    before = Decimal(project.requested_amount).quantize(CENT)
    Project.objects.filter(pk=project.pk).update(requested_amount=total, updated_at=timezone.now())
    project.requested_amount = total
    if before != total:
        record(
            action="applications.requested_amount_update",
            obj=project,
            by=by,
            before={"requested_amount": before},
            after={"requested_amount": total},
            reason="投资预算明细变更，申请金额按明细合计重算",
        )
    return total


def budget_line_add(
    *,
    project: Project,
    category: str,
    name: str,
    quantity: Decimal | str,
    unit: str,
    unit_price: Decimal | str,
    amount: Decimal | str | None = None,
    by: User,
) -> BudgetLine:
    """Add a budget line.  ``amount`` may be left out; if given it must be quantity × price."""
    with transaction.atomic():
        locked = _editable(project, by)
        values = _clean_line(
            category=category,
            name=name,
            quantity=quantity,
            unit=unit,
            unit_price=unit_price,
            amount=amount,
        )
        line = BudgetLine.objects.create(project=locked, **values)
        record(action="applications.budget_line_add", obj=line, by=by, after=_line_facts(line))
        _recompute_requested(locked, by)
    return line


def budget_line_update(
    *,
    line: BudgetLine,
    category: str,
    name: str,
    quantity: Decimal | str,
    unit: str,
    unit_price: Decimal | str,
    amount: Decimal | str | None = None,
    by: User,
) -> BudgetLine:
    with transaction.atomic():
        locked = _editable(line.project, by)
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        values = _clean_line(
            category=category,
            name=name,
            quantity=quantity,
            unit=unit,
            unit_price=unit_price,
            amount=amount,
        )
        before = _line_facts(line)
        for key, value in values.items():
            setattr(line, key, value)
        line.save()
        record(
            action="applications.budget_line_update",
            obj=line,
            by=by,
            before=before,
            after=_line_facts(line),
        )
        _recompute_requested(locked, by)
    return line


def budget_line_delete(*, line: BudgetLine, by: User) -> None:
    with transaction.atomic():
        locked = _editable(line.project, by)
        before = _line_facts(line)
        record(action="applications.budget_line_delete", obj=line, by=by, before=before)
        BudgetLine.objects.filter(pk=line.pk).delete()
        _recompute_requested(locked, by)


# --- pre-performance evaluation (Art. 8) ------------------------------------------------------
def _evaluation_of(project: Project) -> PreEvaluation:
    evaluation, _ = PreEvaluation.objects.get_or_create(project=project)
    return evaluation


def _reopen(evaluation: PreEvaluation) -> bool:
    """A change after completion reopens the evaluation: it must be completed again."""
    was_complete = evaluation.completed_at is not None
    evaluation.completed_at = None
    evaluation.updated_at = timezone.now()
    evaluation.save(update_fields=["completed_at", "updated_at"])
    return was_complete


def pre_evaluation_save(
    *, project: Project, goals: str, conclusion: str, by: User
) -> PreEvaluation:
    """Save goals and conclusion (either may still be empty while drafting)."""
    with transaction.atomic():
        locked = _editable(project, by)
        goals = optional_text(goals, field="goals", label="绩效目标", max_length=5000)
        conclusion = optional_text(
            conclusion, field="conclusion", label="评估结论", max_length=5000
        )
        evaluation = _evaluation_of(locked)
        before = {"goals": evaluation.goals, "conclusion": evaluation.conclusion}
        evaluation.goals, evaluation.conclusion = goals, conclusion
        evaluation.save(update_fields=["goals", "conclusion"])
        reopened = (
            _reopen(evaluation) if before != {"goals": goals, "conclusion": conclusion} else False
        )
        _touch(locked)
        record(
            action="applications.pre_evaluation_save",
            obj=evaluation,
            by=by,
            before=before,
            after={"goals": goals, "conclusion": conclusion, "reopened": reopened},
        )
    return evaluation


def _clean_indicator(*, name: Any, target_value: Any, unit: Any) -> dict[str, str]:
    return {
        "name": required_text(name, field="name", label="指标名称", max_length=200),
        "target_value": required_text(
            target_value, field="target_value", label="目标值", max_length=100
        ),
        "unit": required_text(unit, field="unit", label="计量单位", max_length=30),
    }


def indicator_add(
    *, project: Project, name: str, target_value: str, unit: str, by: User
) -> Indicator:
    with transaction.atomic():
        locked = _editable(project, by)
        values = _clean_indicator(name=name, target_value=target_value, unit=unit)
        evaluation = _evaluation_of(locked)
        indicator = Indicator.objects.create(pre_evaluation=evaluation, **values)
        reopened = _reopen(evaluation)
        _touch(locked)
        record(
            action="applications.indicator_add",
            obj=indicator,
            by=by,
            project=locked,
            after={**values, "reopened": reopened},
        )
    return indicator


def indicator_update(
    *, indicator: Indicator, name: str, target_value: str, unit: str, by: User
) -> Indicator:
    with transaction.atomic():
        locked = _editable(indicator.pre_evaluation.project, by)
        values = _clean_indicator(name=name, target_value=target_value, unit=unit)
        before = {k: getattr(indicator, k) for k in values}
        for key, value in values.items():
            setattr(indicator, key, value)
        indicator.save()
        reopened = _reopen(indicator.pre_evaluation) if before != values else False
        _touch(locked)
        record(
            action="applications.indicator_update",
            obj=indicator,
            by=by,
            project=locked,
            before=before,
            after={**values, "reopened": reopened},
        )
    return indicator


def indicator_delete(*, indicator: Indicator, by: User) -> None:
    with transaction.atomic():
        locked = _editable(indicator.pre_evaluation.project, by)
        evaluation = indicator.pre_evaluation
        record(
            action="applications.indicator_delete",
            obj=indicator,
            by=by,
            project=locked,
            before={
                "name": indicator.name,
                "target_value": indicator.target_value,
                "unit": indicator.unit,
            },
        )
        Indicator.objects.filter(pk=indicator.pk).delete()
        _reopen(evaluation)
        _touch(locked)


def pre_evaluation_complete(*, project: Project, by: User) -> PreEvaluation:
    """Mark the evaluation complete: goals, conclusion and at least one indicator (Art. 8)."""
    with transaction.atomic():
        locked = _editable(project, by)
        evaluation = _evaluation_of(locked)
        gaps = pre_evaluation_gaps(evaluation)
        if gaps:
            field = gaps[0][0]
            raise InvalidInput(
                f"事前绩效评估尚不完整：{'、'.join(lbl for _, lbl in gaps)}（第八条）",
                message_en=f"The pre-performance evaluation is incomplete: {field} (Art. 8)",
                field=field,
            )
        evaluation.completed_at = timezone.now()
        evaluation.save(update_fields=["completed_at"])
        _touch(locked)
        record(
            action="applications.pre_evaluation_complete",
            obj=evaluation,
            by=by,
            after={"completed_at": evaluation.completed_at},
        )
    return evaluation


# --- information resource catalogue (Art. 27) -------------------------------------------------
CATALOGUE_FIELDS = (
    "name",
    "data_source",
    "data_format",
    "update_cycle",
    "sharing_attribute",
    "sharing_condition",
    "opening_attribute",
)


def _clean_entry(**raw: Any) -> dict[str, str]:
    values = {
        "name": required_text(raw["name"], field="name", label="信息资源名称", max_length=200),
        "data_source": required_text(
            raw["data_source"], field="data_source", label="数据来源", max_length=200
        ),
        "data_format": required_text(
            raw["data_format"], field="data_format", label="数据格式", max_length=100
        ),
        "update_cycle": required_text(
            raw["update_cycle"], field="update_cycle", label="更新周期", max_length=50
        ),
        "sharing_attribute": choice(
            raw["sharing_attribute"],
            field="sharing_attribute",
            label="共享属性",
            choices=SharingAttribute,
        ),
    }
    condition = optional_text(
        raw["sharing_condition"], field="sharing_condition", label="共享条件", max_length=2000
    )
    if values["sharing_attribute"] != SharingAttribute.UNCONDITIONAL and not condition:
        label = SharingAttribute(values["sharing_attribute"]).label
        raise InvalidInput(
            f"共享属性为「{label}」时，请填写共享条件或不予共享的法律依据（第二十七条）",
            message_en="sharing_condition is required unless sharing is unconditional (Art. 27)",
            field="sharing_condition",
        )
    values["sharing_condition"] = condition
    values["opening_attribute"] = choice(
        raw["opening_attribute"],
        field="opening_attribute",
        label="开放属性",
        choices=OpeningAttribute,
    )
    return values


def catalogue_entry_add(
    *,
    project: Project,
    name: str,
    data_source: str,
    data_format: str,
    update_cycle: str,
    sharing_attribute: str,
    sharing_condition: str = "",
    opening_attribute: str,
    by: User,
) -> CatalogueEntry:
    with transaction.atomic():
        locked = _editable(project, by)
        values = _clean_entry(
            name=name,
            data_source=data_source,
            data_format=data_format,
            update_cycle=update_cycle,
            sharing_attribute=sharing_attribute,
            sharing_condition=sharing_condition,
            opening_attribute=opening_attribute,
        )
        entry = CatalogueEntry.objects.create(project=locked, **values)
        _touch(locked)
        record(action="applications.catalogue_entry_add", obj=entry, by=by, after=values)
    return entry


def catalogue_entry_update(
    *,
    entry: CatalogueEntry,
    name: str,
    data_source: str,
    data_format: str,
    update_cycle: str,
    sharing_attribute: str,
    sharing_condition: str = "",
    opening_attribute: str,
    by: User,
) -> CatalogueEntry:
    with transaction.atomic():
        locked = _editable(entry.project, by)
        values = _clean_entry(
            name=name,
            data_source=data_source,
            data_format=data_format,
            update_cycle=update_cycle,
            sharing_attribute=sharing_attribute,
            sharing_condition=sharing_condition,
            opening_attribute=opening_attribute,
        )
        before = {k: getattr(entry, k) for k in CATALOGUE_FIELDS}
        for key, value in values.items():
            setattr(entry, key, value)
        entry.save()
        _touch(locked)
        record(
            action="applications.catalogue_entry_update",
            obj=entry,
            by=by,
            before=before,
            after=values,
        )
    return entry


def catalogue_entry_delete(*, entry: CatalogueEntry, by: User) -> None:
    with transaction.atomic():
        locked = _editable(entry.project, by)
        record(
            action="applications.catalogue_entry_delete",
            obj=entry,
            by=by,
            before={k: getattr(entry, k) for k in CATALOGUE_FIELDS},
        )
        CatalogueEntry.objects.filter(pk=entry.pk).delete()
        _touch(locked)


# --- security profile (Art. 31–33) ------------------------------------------------------------
def _profile_of(project: Project) -> SecurityProfile:
    profile, _ = SecurityProfile.objects.get_or_create(project=project)
    return profile


def _mlps_level(value: Any) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or int(text) not in MlpsLevel.values:
        raise InvalidInput(
            "拟定等级保护级别应为第一级至第五级（1–5）",
            message_en="mlps_level must be 1 to 5",
            field="mlps_level",
        )
    return int(text)


def security_profile_save(
    *,
    project: Project,
    mlps_level: int | str | None,
    crypto_plan: str,
    crypto_planned: bool,
    crypto_built: bool,
    crypto_run: bool,
    by: User,
) -> SecurityProfile:
    """Save the planned MLPS level (Art. 31) and the cryptography plan with 三同步 (Art. 32)."""
    with transaction.atomic():
        locked = _editable(project, by)
        values = {
            "mlps_level": _mlps_level(mlps_level),
            "crypto_plan": optional_text(
                crypto_plan, field="crypto_plan", label="密码应用方案", max_length=5000
            ),
            "crypto_planned": bool(crypto_planned),
            "crypto_built": bool(crypto_built),
            "crypto_run": bool(crypto_run),
        }
        profile = _profile_of(locked)
        before = {k: getattr(profile, k) for k in values}
        for key, value in values.items():
            setattr(profile, key, value)
        profile.updated_at = timezone.now()
        profile.save()
        _touch(locked)
        record(
            action="applications.security_profile_save",
            obj=profile,
            by=by,
            before=before,
            after=values,
        )
    return profile


def _clean_product(**raw: Any) -> dict[str, str]:
    values = {
        "name": required_text(raw["name"], field="name", label="产品名称", max_length=200),
        "kind": choice(raw["kind"], field="kind", label="类别", choices=ProductKind),
        "vendor": required_text(raw["vendor"], field="vendor", label="厂商", max_length=200),
        "origin": choice(raw["origin"], field="origin", label="产地", choices=ProductOrigin),
        "controllability": optional_text(
            raw["controllability"], field="controllability", label="自主可控说明", max_length=5000
        ),
    }
    if values["origin"] == ProductOrigin.IMPORTED and not values["controllability"]:
        raise InvalidInput(
            "进口产品须说明其安全可靠、自主可控情况（第三十三条）",
            message_en="An imported product needs a controllability explanation (Art. 33)",
            field="controllability",
        )
    return values


def product_item_add(
    *,
    project: Project,
    name: str,
    kind: str,
    vendor: str,
    origin: str,
    controllability: str = "",
    by: User,
) -> ProductItem:
    with transaction.atomic():
        locked = _editable(project, by)
        values = _clean_product(
            name=name, kind=kind, vendor=vendor, origin=origin, controllability=controllability
        )
        product = ProductItem.objects.create(profile=_profile_of(locked), **values)
        _touch(locked)
        record(
            action="applications.product_item_add",
            obj=product,
            by=by,
            after=values,
            project=locked,
        )
    return product


def product_item_update(
    *,
    product: ProductItem,
    name: str,
    kind: str,
    vendor: str,
    origin: str,
    controllability: str = "",
    by: User,
) -> ProductItem:
    with transaction.atomic():
        locked = _editable(product.profile.project, by)
        values = _clean_product(
            name=name, kind=kind, vendor=vendor, origin=origin, controllability=controllability
        )
        before = {k: getattr(product, k) for k in values}
        for key, value in values.items():
            setattr(product, key, value)
        product.save()
        _touch(locked)
        record(
            action="applications.product_item_update",
            obj=product,
            by=by,
            project=locked,
            before=before,
            after=values,
        )
    return product


def product_item_delete(*, product: ProductItem, by: User) -> None:
    with transaction.atomic():
        locked = _editable(product.profile.project, by)
        record(
            action="applications.product_item_delete",
            obj=product,
            by=by,
            project=locked,
            before={"name": product.name, "vendor": product.vendor, "origin": product.origin},
        )
        ProductItem.objects.filter(pk=product.pk).delete()
        _touch(locked)


# --- co-builders (Art. 9, 17) -----------------------------------------------------------------
COBUILDER_TERMS = ("scope", "duties", "sharing_needs")


def _clean_terms(*, scope: Any, duties: Any, sharing_needs: Any) -> dict[str, str]:
    return {
        "scope": required_text(scope, field="scope", label="建设范围", max_length=5000),
        "duties": required_text(duties, field="duties", label="责任义务", max_length=5000),
        "sharing_needs": required_text(
            sharing_needs, field="sharing_needs", label="信息共享需求", max_length=5000
        ),
    }


def cobuilder_add(
    *,
    project: Project,
    organisation: Organisation | None,
    scope: str,
    duties: str,
    sharing_needs: str,
    by: User,
) -> CoBuilder:
    """The owner names a co-building organisation and what it builds, owes and shares (Art. 17)."""
    with transaction.atomic():
        locked = _editable(project, by)
        if organisation is None:
            raise InvalidInput(
                "请选择共建部门", message_en="organisation is required", field="organisation"
            )
        if organisation.pk == locked.organisation_id:
            raise InvalidInput(
                "牵头部门不能同时作为共建部门",
                message_en="The owning organisation cannot be its own co-builder",
                field="organisation",
            )
        if not organisation.in_scope or not organisation.is_active:
            raise InvalidInput(
                f"「{organisation.name}」不属于本办法适用范围的政务部门，不能作为共建部门（第二条）",
                message_en="The co-builder must be an active organisation within scope (Art. 2)",
                field="organisation",
            )
        if CoBuilder.objects.filter(project=locked, organisation=organisation).exists():
            raise InvalidInput(
                f"「{organisation.name}」已是本项目的共建部门",
                message_en="This organisation is already a co-builder",
                field="organisation",
            )
        terms = _clean_terms(scope=scope, duties=duties, sharing_needs=sharing_needs)
        cobuilder = CoBuilder.objects.create(project=locked, organisation=organisation, **terms)
        _touch(locked)
        record(
            action="applications.cobuilder_add",
            obj=cobuilder,
            by=by,
            after={"organisation": organisation.name, **terms},
        )
    return cobuilder


def cobuilder_update(
    *, cobuilder: CoBuilder, scope: str, duties: str, sharing_needs: str, by: User
) -> CoBuilder:
    """Change the terms; a confirmed co-builder must confirm again when they change."""
    with transaction.atomic():
        locked = _editable(cobuilder.project, by)
        cobuilder = CoBuilder.objects.select_for_update().get(pk=cobuilder.pk)
        terms = _clean_terms(scope=scope, duties=duties, sharing_needs=sharing_needs)
        before = {k: getattr(cobuilder, k) for k in COBUILDER_TERMS}
        changed = before != terms
        reset = changed and cobuilder.confirmed
        for key, value in terms.items():
            setattr(cobuilder, key, value)
        if reset:
            cobuilder.confirmed_at = None
            cobuilder.confirmed_by = None
        cobuilder.save()
        _touch(locked)
        record(
            action="applications.cobuilder_update",
            obj=cobuilder,
            by=by,
            before=before,
            after={**terms, "confirmation_reset": reset},
            reason="共建内容变更，需共建部门重新确认" if reset else "",
        )
    return cobuilder


def cobuilder_delete(*, cobuilder: CoBuilder, by: User) -> None:
    with transaction.atomic():
        locked = _editable(cobuilder.project, by)
        record(
            action="applications.cobuilder_delete",
            obj=cobuilder,
            by=by,
            before={
                "organisation": cobuilder.organisation.name,
                **{k: getattr(cobuilder, k) for k in COBUILDER_TERMS},
                "confirmed": cobuilder.confirmed,
            },
        )
        CoBuilder.objects.filter(pk=cobuilder.pk).delete()
        _touch(locked)


def cobuilder_confirm(*, cobuilder: CoBuilder, by: User) -> CoBuilder:
    """The co-building organisation's staff or leader confirms its scope, duties and needs."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=cobuilder.project_id)
        cobuilder = CoBuilder.objects.select_for_update().get(pk=cobuilder.pk)
        if (
            not by.has_any_role(Role.UNIT_STAFF, Role.UNIT_LEADER)
            or by.organisation_id != cobuilder.organisation_id
        ):
            raise RuleViolation(
                deny(
                    "只有共建部门的经办人或负责人可以确认共建内容",
                    17,
                    en="Only the co-building organisation's staff or leader may confirm",
                )
            )
        if project.state not in EDITABLE_STATES:
            raise RuleViolation(
                deny(
                    f"项目当前状态为「{project.state_label}」，申报材料已提交，不能再确认",
                    en="The application has been submitted; confirmation is closed",
                )
            )
        if cobuilder.confirmed:
            raise RuleViolation(
                deny("本单位已确认过共建内容", en="Your organisation has already confirmed")
            )
        cobuilder.confirmed_at = timezone.now()
        cobuilder.confirmed_by = by
        cobuilder.save(update_fields=["confirmed_at", "confirmed_by"])
        record(
            action="applications.cobuilder_confirm",
            obj=cobuilder,
            by=by,
            after={
                "organisation": cobuilder.organisation.name,
                **{k: getattr(cobuilder, k) for k in COBUILDER_TERMS},
                "confirmed_at": cobuilder.confirmed_at,
            },
        )
    return cobuilder


# --- county participants (Art. 25) ------------------------------------------------------------
def _clean_county(
    *,
    project: Project,
    jurisdiction: Jurisdiction | None,
    content: Any,
    construction_share_pct: Any,
    om_share_pct: Any,
    exclude_pk: int | None,
) -> dict[str, Any]:
    if jurisdiction is None:
        raise InvalidInput(
            "请选择县区", message_en="jurisdiction is required", field="jurisdiction"
        )
    if (
        jurisdiction.level != Jurisdiction.Level.COUNTY
        or jurisdiction.parent_id != project.jurisdiction_id
    ):
        raise InvalidInput(
            f"「{jurisdiction.name}」不是本市所辖县区（第二十五条）",
            message_en="jurisdiction must be a county of the project's city (Art. 25)",
            field="jurisdiction",
        )
    others = CountyParticipant.objects.filter(project=project)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.filter(jurisdiction=jurisdiction).exists():
        raise InvalidInput(
            f"「{jurisdiction.name}」已在参与县区中",
            message_en="This county already takes part",
            field="jurisdiction",
        )
    content = required_text(content, field="content", label="承担的建设内容", max_length=5000)
    construction = parse_decimal(
        construction_share_pct,
        field="construction_share_pct",
        label="建设资金分担比例",
        max_digits=5,
        maximum=HUNDRED,
    )
    om = parse_decimal(
        om_share_pct, field="om_share_pct", label="运维资金分担比例", max_digits=5, maximum=HUNDRED
    )
    sums = others.aggregate(c=Sum("construction_share_pct"), o=Sum("om_share_pct"))
    if (sums["c"] or 0) + construction > HUNDRED:
        raise InvalidInput(
            f"各县区建设资金分担比例合计不能超过 100%（其他县区已占 {sums['c'] or 0}%）",
            message_en="County construction shares may not exceed 100% in total",
            field="construction_share_pct",
        )
    if (sums["o"] or 0) + om > HUNDRED:
        raise InvalidInput(
            f"各县区运维资金分担比例合计不能超过 100%（其他县区已占 {sums['o'] or 0}%）",
            message_en="County O&M shares may not exceed 100% in total",
            field="om_share_pct",
        )
    return {
        "jurisdiction": jurisdiction,
        "content": content,
        "construction_share_pct": construction,
        "om_share_pct": om,
    }


def _county_facts(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "jurisdiction": values["jurisdiction"].code}


def county_participant_add(
    *,
    project: Project,
    jurisdiction: Jurisdiction | None,
    content: str,
    construction_share_pct: Decimal | str,
    om_share_pct: Decimal | str,
    by: User,
) -> CountyParticipant:
    with transaction.atomic():
        locked = _editable(project, by)
        values = _clean_county(
            project=locked,
            jurisdiction=jurisdiction,
            content=content,
            construction_share_pct=construction_share_pct,
            om_share_pct=om_share_pct,
            exclude_pk=None,
        )
        participant = CountyParticipant.objects.create(project=locked, **values)
        _touch(locked)
        record(
            action="applications.county_participant_add",
            obj=participant,
            by=by,
            after=_county_facts(values),
        )
    return participant


def county_participant_update(
    *,
    participant: CountyParticipant,
    jurisdiction: Jurisdiction | None,
    content: str,
    construction_share_pct: Decimal | str,
    om_share_pct: Decimal | str,
    by: User,
) -> CountyParticipant:
    with transaction.atomic():
        locked = _editable(participant.project, by)
        values = _clean_county(
            project=locked,
            jurisdiction=jurisdiction,
            content=content,
            construction_share_pct=construction_share_pct,
            om_share_pct=om_share_pct,
            exclude_pk=participant.pk,
        )
        before = _county_facts(
            {
                "jurisdiction": participant.jurisdiction,
                "content": participant.content,
                "construction_share_pct": participant.construction_share_pct,
                "om_share_pct": participant.om_share_pct,
            }
        )
        for key, value in values.items():
            setattr(participant, key, value)
        participant.save()
        _touch(locked)
        record(
            action="applications.county_participant_update",
            obj=participant,
            by=by,
            before=before,
            after=_county_facts(values),
        )
    return participant


def county_participant_delete(*, participant: CountyParticipant, by: User) -> None:
    with transaction.atomic():
        locked = _editable(participant.project, by)
        record(
            action="applications.county_participant_delete",
            obj=participant,
            by=by,
            before={
                "jurisdiction": participant.jurisdiction.code,
                "content": participant.content,
                "construction_share_pct": participant.construction_share_pct,
                "om_share_pct": participant.om_share_pct,
            },
        )
        CountyParticipant.objects.filter(pk=participant.pk).delete()
        _touch(locked)
