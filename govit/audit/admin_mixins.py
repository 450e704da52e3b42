"""Admin changes go into the history like every other change.

``AuditedModelAdmin`` writes one event per saved, added or deleted object — including inline
rows — with the changed fields before and after, inside the admin's own transaction (Django
wraps each change and delete view in ``transaction.atomic``), so a change and its event are
saved together or not at all.  Actions are ``admin.add``, ``admin.change`` and
``admin.delete``: the security log (``SECURITY_ACTION_PREFIXES``) shows them.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib import admin
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile
from django.forms import BaseFormSet, BaseModelFormSet, ModelForm
from django.http import HttpRequest

from .services import record

_M = TypeVar("_M", bound=models.Model)

ADD, CHANGE, DELETE = "admin.add", "admin.change", "admin.delete"


def plain(value: Any) -> Any:
    """A JSON-friendly form of a form or model value (objects by primary key)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Every concrete, editable field of ``obj`` (what a deleted object looked like)."""
    return {
        field.name: plain(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
        if field.editable
    }


def form_changes(form: ModelForm[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(before, after)`` of the fields the form changed (``form.changed_data``)."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in form.changed_data:
        field = form.fields[name]
        before[name] = plain(form.get_initial_for_field(field, name))
        after[name] = plain(form.cleaned_data.get(name))
    return before, after


class AuditedModelAdmin(admin.ModelAdmin[_M]):
    """A ``ModelAdmin`` whose every write leaves a history event (who, what, before, after)."""

    def _atomic(self) -> transaction.Atomic:
        return transaction.atomic(using=router.db_for_write(self.model))

    def save_model(self, request: HttpRequest, obj: _M, form: ModelForm[_M], change: bool) -> None:
        before, after = form_changes(form)
        with self._atomic():
            super().save_model(request, obj, form, change)
            if change:
                if after:
                    record(action=CHANGE, obj=obj, by=request.user, before=before, after=after)
            else:
                record(action=ADD, obj=obj, by=request.user, after=snapshot(obj))

    def delete_model(self, request: HttpRequest, obj: _M) -> None:
        with self._atomic():
            # Recorded first: after the delete the object has no primary key any more.
            record(action=DELETE, obj=obj, by=request.user, before=snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[_M]) -> None:
        with self._atomic():
            for obj in queryset:
                record(action=DELETE, obj=obj, by=request.user, before=snapshot(obj))
            super().delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: ModelForm[_M], formset: BaseFormSet[Any], change: bool
    ) -> None:
        if not isinstance(formset, BaseModelFormSet):
            super().save_formset(request, form, formset, change)
            return
        with self._atomic():
            pending: list[tuple[str, models.Model, dict[str, Any] | None, dict[str, Any]]] = []
            deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
            for inline_form in formset.forms[: formset.initial_form_count()]:
                instance = inline_form.instance
                if id(inline_form) in deleted:
                    # Recorded first: after the delete the row has no primary key any more.
                    record(action=DELETE, obj=instance, by=request.user, before=snapshot(instance))
                elif inline_form.has_changed():
                    before, after = form_changes(inline_form)
                    pending.append((CHANGE, instance, before, after))
            super().save_formset(request, form, formset, change)
            for instance in formset.new_objects:
                pending.append((ADD, instance, None, snapshot(instance)))
            for action, instance, old, new in pending:
                record(action=action, obj=instance, by=request.user, before=old, after=new)
