"""Anonymising rows, and removing what the admin's history and the access log say about them.

Shared by a data subject's erasure (`privacy.services.subject_erase`, one person, one
transaction) and the retention run (`privacy.retention`, batches of expired rows), so both
leave a row in the same state.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext

from privacy.models import AccessRecord
from privacy.registry import Anonymise


def _is_expression(value: Any) -> bool:
    return hasattr(value, "resolve_expression")


def _value(value: Any, row: models.Model) -> Any:
    if callable(value) and not _is_expression(value):
        value = value(row)
    if isinstance(value, Promise):
        value = str(value)
    return value


def anonymise_rows(queryset: models.QuerySet, strategy: Anonymise) -> tuple[list[str], int]:
    """Write the strategy's replacements into every row of `queryset`; returns the fields
    written and how many rows.

    Constants and query expressions go in one UPDATE for all rows; callables and
    many-to-many fields are written row by row.
    """
    model = queryset.model
    in_bulk: dict[str, Any] = {}
    per_row: dict[str, Any] = {}
    many: dict[str, Any] = {}
    for name, value in strategy.replace.items():
        if model._meta.get_field(name).many_to_many:
            many[name] = value
        elif _is_expression(value) or not callable(value):
            in_bulk[name] = str(value) if isinstance(value, Promise) else value
        else:
            per_row[name] = value
    number = 0
    if per_row or many:
        for row in queryset.order_by("pk"):
            number += 1
            for name, value in per_row.items():
                setattr(row, name, _value(value, row))
            if per_row:
                row.save(update_fields=list(per_row))
            for name, value in many.items():
                getattr(row, name).set(_value(value, row) or [])
    if in_bulk:
        updated = queryset.order_by().update(**in_bulk)
        number = number or updated
    return [*in_bulk, *per_row, *many], number


def _scrub_change_message(message: str, label: str) -> str:
    """Django's admin history stores changes as JSON; an added or deleted inline names the
    inline row by its text (which can quote an address). Field names stay: they say what was
    changed, not about whom."""
    import json

    try:
        entries = json.loads(message)
    except (TypeError, ValueError):
        return ""
    if not isinstance(entries, list):
        return ""
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        for details in entry.values():
            if isinstance(details, dict) and "object" in details:
                details["object"] = label
    return json.dumps(entries)


def scrub_traces(model: type[models.Model], pks, *, deleted: bool) -> int:
    """Replace the text by which the admin's history (`LogEntry`) and the access log name
    these rows: it was the row's `str()` when the entry was written, often a company or a
    person's name. The entries stay (who did what, when), naming the row by key only.
    Returns how many entries were changed."""
    ids = [str(pk) for pk in pks]
    if not ids:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    what = str(model._meta.verbose_name)
    changed = 0
    for object_id in set(
        LogEntry.objects.filter(content_type=content_type, object_id__in=ids).values_list(
            "object_id", flat=True
        )
    ):
        label = _trace_label(model, what, object_id, deleted=deleted)
        for entry in LogEntry.objects.filter(content_type=content_type, object_id=object_id):
            entry.object_repr = label[:200]
            entry.change_message = _scrub_change_message(entry.change_message, label)
            entry.save(update_fields=["object_repr", "change_message"])
            changed += 1
    for object_id in set(
        AccessRecord.objects.filter(content_type=content_type, object_id__in=ids).values_list(
            "object_id", flat=True
        )
    ):
        changed += AccessRecord.objects.filter(
            content_type=content_type, object_id=object_id
        ).update(object_repr=_trace_label(model, what, object_id, deleted=deleted)[:200])
    return changed


def _trace_label(model, what: str, object_id: str, *, deleted: bool) -> str:
    """An anonymised row is named as it now reads (a lead: its reference and "Anonymisert"),
    a deleted one by its kind and key."""
    if not deleted:
        row = model._base_manager.filter(pk=object_id).first()
        if row is not None:
            return str(row)
    return f"{what} #{object_id} ({gettext('slettet')})"
