"""Importing plan items from the Excel template: the page queues, a Celery task checks and saves.

``plan_items_import_start`` (the upload page): may this person change the plan, is the file an
.xlsx; keep the file (named by its SM3 digest) and queue the check once the upload is committed.

``plan_items_import_run`` (the task): read every row, check every cell, write the progress every
``PROGRESS_EVERY`` rows outside any transaction (the import page polls it), then save all items
in one transaction — with the invariants of ``plan_item_add``: the plan locked and re-checked,
its ``updated_at`` touched, an event per item — or save none and keep the errors.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from govit.accounts.models import User
from govit.applications.files import clean_filename, store
from govit.audit.services import PendingEvent, record, record_many
from govit.core.errors import InvalidInput, RuleViolation
from govit.core.excel import NOT_XLSX, data_rows, open_sheet

from .item_rows import (
    CellError,
    ItemRow,
    check_row,
    duplicate_errors,
    file_error,
    header_errors,
    row_name,
)
from .item_sheet import COLUMNS, MAX_ROWS
from .models import DepartmentPlan, PlanItem, PlanItemImport
from .permissions import department_plan_editable
from .services import _lock_editable, _require, _touch

logger = logging.getLogger(__name__)

ERRORS_KEPT = 200  # the import page lists these; error_count says how many there were
PROGRESS_EVERY = 200  # rows between two progress writes
IMPORTS_DIR = "plan-imports"


# --- the uploaded file ------------------------------------------------------------------------
def _check_upload(content: IO[bytes], size: int) -> None:
    if size == 0:
        raise InvalidInput(
            "上传的是空文件。请下载导入模板，填写后另存为 .xlsx 再上传。",
            message_en="The file is empty. Download the template, fill it in and upload it again.",
            field="file",
        )
    limit_mb = int(settings.UPLOAD_MAX_MB)
    if size > limit_mb * 1024 * 1024:
        raise InvalidInput(
            f"文件大小 {size / 1024 / 1024:.1f} MB，超过 {limit_mb} MB 的上限；"
            f"请拆分成多个文件（每个不超过 {MAX_ROWS:,} 行）",
            message_en=f"The file exceeds the {limit_mb} MiB limit; split it into several files",
            field="file",
        )
    content.seek(0)
    open_sheet(content)  # NOT_XLSX for a PNG renamed .xlsx, a text file, an old .xls …


def _enqueue(import_id: int) -> None:
    from .tasks import run_plan_items_import  # the task module imports this one

    run_plan_items_import.delay(import_id)


def plan_items_import_start(
    *, plan: DepartmentPlan, file_name: str, content: IO[bytes], size: int, by: User
) -> PlanItemImport:
    """Accept an upload for ``plan`` and queue its check (it runs after the commit)."""
    _require(department_plan_editable(plan, by))
    _check_upload(content, size)
    stored = store(content, folder=IMPORTS_DIR, suffix=".xlsx")
    sm3, relative, stored_size = stored.sm3, stored.relative_path, stored.size
    with transaction.atomic():
        locked = _lock_editable(plan, by)
        job = PlanItemImport.objects.create(
            plan=locked,
            uploaded_by=by,
            file_name=clean_filename(file_name) or "upload.xlsx",
            file_sm3=sm3,
            file_size=stored_size,
            stored_path=relative,
        )
        record(
            action="planning.plan_items_import_upload",
            obj=locked,
            by=by,
            after={"import": job.pk, "file_name": job.file_name, "file_sm3": sm3},
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


# --- checking and saving (the task) -----------------------------------------------------------
def report_progress(import_id: int, checked_rows: int) -> None:
    """Write how many rows are checked; in autocommit, so the polling page sees it at once."""
    PlanItemImport.objects.filter(pk=import_id).update(checked_rows=checked_rows)


def _read_rows(job: PlanItemImport) -> tuple[list[tuple[int, tuple[object, ...]]], list[CellError]]:
    """The data rows of the stored file, or the reason the file as a whole is refused."""
    root = Path(settings.MEDIA_ROOT).resolve()
    with open(root / job.stored_path, "rb") as stream:
        try:
            sheet = open_sheet(stream)
        except InvalidInput:
            return [], [file_error(NOT_XLSX.message, NOT_XLSX.message_en)]
        header = next(sheet.iter_rows(max_row=1, max_col=len(COLUMNS), values_only=True), ())
        errors = header_errors(tuple(header))
        if errors:
            return [], errors
        rows = []
        for number, values in data_rows(sheet, width=len(COLUMNS)):
            rows.append((number, values))
            if len(rows) > MAX_ROWS:
                return [], [
                    file_error(
                        f"文件的数据超过 {MAX_ROWS:,} 行。一次最多导入 {MAX_ROWS:,} 行，"
                        "请拆分成多个文件分别导入",
                        f"The file has more than {MAX_ROWS:,} data rows; import at most "
                        f"{MAX_ROWS:,} rows at a time: split it into several files",
                    )
                ]
    if not rows:
        return [], [
            file_error(
                "文件中没有数据行。请从第 2 行起每行填写一个项目后再上传",
                "The file has no data rows. Fill in one item per row from row 2 and upload it "
                "again",
            )
        ]
    return rows, []


def _check_rows(
    job: PlanItemImport, rows: list[tuple[int, tuple[object, ...]]]
) -> tuple[list[ItemRow], list[CellError]]:
    """Every cell of every row; names against each other and against the plan's items."""
    items: list[ItemRow] = []
    errors: list[CellError] = []
    names: list[tuple[int, str]] = []
    for checked, (number, values) in enumerate(rows, start=1):
        item, row_errors = check_row(number, values)
        if item is not None:
            items.append(item)
        errors.extend(row_errors)
        name = row_name(values)
        if name is not None:
            names.append((number, name))
        if checked % PROGRESS_EVERY == 0:
            report_progress(job.pk, checked)
    report_progress(job.pk, len(rows))
    existing = set(job.plan.items.values_list("name", flat=True))
    errors.extend(duplicate_errors(names, existing))
    return items, errors


def _finish(job: PlanItemImport, **fields: object) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.finished_at = timezone.now()
    job.save(update_fields=[*fields, "finished_at"])


def _refuse(job: PlanItemImport, errors: list[CellError]) -> None:
    errors = sorted(errors, key=lambda error: (error.row or 0, error.column))
    with transaction.atomic():
        _finish(
            job,
            state=PlanItemImport.State.REFUSED,
            error_count=len(errors),
            errors=[error.as_dict() for error in errors[:ERRORS_KEPT]],
        )
        record(
            action="planning.plan_items_import_refuse",
            obj=job.plan,
            by=job.uploaded_by,
            after={"import": job.pk, "error_count": len(errors), "first": errors[0].message},
        )


class _NamesTaken(Exception):
    """Items with the same names were added to the plan while the file was being checked."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__("names taken")
        self.errors = errors


def _save(job: PlanItemImport, items: list[ItemRow]) -> None:
    by = job.uploaded_by
    with transaction.atomic():
        locked = _lock_editable(job.plan, by)  # not submitted in the meantime
        taken = set(locked.items.values_list("name", flat=True))
        clashes = duplicate_errors(((item.row, item.name) for item in items), taken)
        if clashes:
            raise _NamesTaken(clashes)
        created = PlanItem.objects.bulk_create(
            PlanItem(plan=locked, **item.fields()) for item in items
        )
        _touch(locked)
        record_many(
            [
                PendingEvent(
                    "planning.plan_item_add",
                    locked,
                    by,
                    after={"item": item.snapshot(), "import": job.pk},
                )
                for item in created
            ]
            + [
                PendingEvent(
                    "planning.plan_items_import",
                    locked,
                    by,
                    after={
                        "import": job.pk,
                        "file_name": job.file_name,
                        "file_sm3": job.file_sm3,
                        "count": len(created),
                    },
                )
            ]
        )
        _finish(job, state=PlanItemImport.State.IMPORTED, imported_count=len(created))


def plan_items_import_run(*, import_id: int) -> PlanItemImport | None:
    """Check a queued import and save its items, all or none; None if another worker has it."""
    claimed = PlanItemImport.objects.filter(pk=import_id, state=PlanItemImport.State.QUEUED).update(
        state=PlanItemImport.State.CHECKING, started_at=timezone.now()
    )
    if not claimed:  # a redelivered task: the import is running or finished already
        return None
    job = PlanItemImport.objects.select_related("plan", "uploaded_by").get(pk=import_id)
    try:
        rows, errors = _read_rows(job)
        if not errors:
            job.total_rows = len(rows)
            job.save(update_fields=["total_rows"])
            items, errors = _check_rows(job, rows)
            job.checked_rows = len(rows)
        if errors:
            _refuse(job, errors)
        else:
            _save(job, items)
    except RuleViolation as refusal:  # the plan was submitted, or the author lost the role
        _refuse(job, [file_error(refusal.message, refusal.message_en)])
    except _NamesTaken as taken:
        _refuse(job, taken.errors)
    except Exception:  # the import must end, so the page stops waiting; the log keeps why
        logger.exception("plan items import %s failed", import_id)
        _refuse(
            job,
            [
                file_error(
                    "导入时发生系统错误，什么都没有保存。请稍后重新上传；仍不成功请联系系统管理员",
                    "A system error stopped the import; nothing was saved. Upload the file "
                    "again later, or contact the administrator",
                )
            ],
        )
    return job
