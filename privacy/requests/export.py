"""The copy a person gets for access (Art. 15(3)) or portability (Art. 20): a ZIP file.

- `opplysninger.json` (`data.json` in English): every record, grouped by kind, related rows
  named as a person reads them (the subsidiary's name, the statement version's label), not
  by database keys;
- one CSV file per kind of record, for a spreadsheet;
- `sammendrag.txt` (`summary.txt`): what Art. 15(1)(a)–(h) asks us to say.

Everything is read in one transaction; on PostgreSQL with REPEATABLE READ, so the files are
one consistent snapshot even while the person sends a new form.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import prefetch_related_objects
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from privacy.models import DataSubjectRequest
from privacy.requests.hooks import recipients_for
from privacy.requests.letters import DATATILSYNET
from privacy.requests.records import request_records
from privacy.services import ModelRecords, json_value

EXPORT_FORMAT = "mestergruppen.data-subject-export.v1"
FILE_NAMES = {
    "nb": {"json": "opplysninger.json", "summary": "sammendrag.txt"},
    "en": {"json": "data.json", "summary": "summary.txt"},
}


@contextmanager
def snapshot():
    """One transaction; on PostgreSQL REPEATABLE READ so every query sees the same moment
    (only possible when this is the outermost transaction)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    else:
        with transaction.atomic():
            yield


def _exported_fields(group: ModelRecords) -> list[str]:
    return [name for name, spec in group.declaration.fields.items() if spec is None or spec.export]


def _readable(row: models.Model, name: str) -> Any:
    """A value as the person reads it: a related row by its name, a choice by its label."""
    field = row._meta.get_field(name)
    if field.many_to_many:
        return sorted(str(related) for related in getattr(row, name).all())
    if field.is_relation:
        related = getattr(row, name)
        return None if related is None else str(related)
    if field.choices:
        return str(getattr(row, f"get_{name}_display")())
    return json_value(getattr(row, name))


def _load_related(group: ModelRecords, names: list[str], known: dict) -> None:
    """The related rows named in the file (a lead's subsidiary, a delivery's lead): taken from
    the person's rows already read where they are among them, the others with one query per
    field for all the person's rows, never one per row."""
    opts = group.declaration.model._meta
    missing = []
    for name in names:
        field = opts.get_field(name)
        if not field.is_relation:
            continue
        if field.many_to_one or field.one_to_one:
            target = field.related_model
            for row in group.rows:
                parent = known.get((target, getattr(row, field.attname)))
                if parent is not None:
                    field.set_cached_value(row, parent)
            if all(
                field.is_cached(row) or getattr(row, field.attname) is None for row in group.rows
            ):
                continue
        missing.append(name)
    if missing:
        prefetch_related_objects(group.rows, *missing)


def _group_data(group: ModelRecords, known: dict) -> dict[str, Any]:
    declaration = group.declaration
    names = _exported_fields(group)
    _load_related(group, names, known)
    return {
        "kind": str(declaration.model._meta.verbose_name_plural),
        "model": declaration.label,
        "fields": {
            name: str(declaration.model._meta.get_field(name).verbose_name) for name in names
        },
        "purposes": [
            {
                "purpose": str(purpose.label),
                "legal_basis": [str(basis.label) for basis in purpose.legal_bases],
            }
            for purpose in declaration.purposes
        ],
        "recipients": [str(recipient) for recipient in declaration.recipients],
        "retention": str(declaration.retention.description) if declaration.retention else "",
        "records": [{name: _readable(row, name) for name in names} for row in group.rows],
    }


def _csv(group_data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    names = list(group_data["fields"])
    writer.writerow([group_data["fields"][name] for name in names])
    for record in group_data["records"]:
        row = []
        for name in names:
            value = record[name]
            if isinstance(value, list):
                value = "; ".join(str(item) for item in value)
            text = "" if value is None else str(value)
            # A cell a spreadsheet would run as a formula is written as text.
            if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
                text = "'" + text
            row.append(text)
        writer.writerow(row)
    # A byte-order mark so spreadsheet programs read the Norwegian letters as UTF-8.
    return "\ufeff" + out.getvalue()


def _csv_name(group: ModelRecords, used: set[str]) -> str:
    base = group.declaration.model._meta.model_name
    name, n = f"{base}.csv", 2
    while name in used:
        name, n = f"{base}-{n}.csv", n + 1
    used.add(name)
    return name


def export_data(request: DataSubjectRequest) -> tuple[dict[str, Any], list[ModelRecords], list]:
    """The export's JSON document, the groups it came from and who received the data."""
    records = request_records(request).verified
    rows_by_model = {group.declaration.model: group.rows for group in records.groups}
    recipients = recipients_for(rows_by_model)
    known = {(type(row), row.pk): row for group in records.groups for row in group.rows}
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.localtime().isoformat(),
        "request": request.reference,
        "controller": {key: str(value) for key, value in settings.CONTROLLER.items()},
        "subject": {
            "email": request.email,
            "phone": records.subject.phone,
        },
        "received_by": [{"name": r.name, "reference": r.reference} for r in recipients],
        "records": [_group_data(group, known) for group in records.groups],
    }
    return data, records.groups, recipients


def build_export(request: DataSubjectRequest) -> tuple[bytes, int]:
    """The ZIP file's bytes and how many records it holds."""
    language = request.language if request.language in FILE_NAMES else "nb"
    names = FILE_NAMES[language]
    with translation.override(language), snapshot():
        data, groups, recipients = export_data(request)
        summary = get_template(f"privacy/requests/summary.{language}.txt").template.render(
            Context(
                {
                    "data": data,
                    "recipients": recipients,
                    "request": request,
                    "datatilsynet": DATATILSYNET,
                    "controller": settings.CONTROLLER,
                },
                autoescape=False,
            )
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(names["json"], json.dumps(data, ensure_ascii=False, indent=2, default=str))
        used: set[str] = set()
        for group, group_data in zip(groups, data["records"], strict=True):
            archive.writestr(_csv_name(group, used), _csv(group_data))
        archive.writestr(names["summary"], summary)
    total = sum(len(group["records"]) for group in data["records"])
    return buffer.getvalue(), total
