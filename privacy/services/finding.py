"""Finding one person's records through the registry, and exporting them (access, Art. 15;
portability, Art. 20)."""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from privacy.registry import (
    FindBy,
    ModelDeclaration,
    Subject,
    registry,
)
from privacy.services.measures import is_restricted

EXPORT_FORMAT = "mestergruppen.personal-data-export.v1"


@dataclass
class ModelRecords:
    """The rows of one declared model that are about one subject."""

    declaration: ModelDeclaration
    rows: list[models.Model]

    @property
    def label(self) -> str:
        return self.declaration.label

    @property
    def verbose_name(self) -> str:
        return str(self.declaration.model._meta.verbose_name_plural)


@dataclass
class SubjectRecords:
    """Everything the registry finds about one subject, grouped by model (registry order)."""

    subject: Subject
    groups: list[ModelRecords]

    @property
    def by_model(self) -> dict[str, list[models.Model]]:
        return {group.label: group.rows for group in self.groups}

    @property
    def total(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    def __bool__(self) -> bool:
        return self.total > 0


def subject_queryset(declaration: ModelDeclaration, subject: Subject) -> models.QuerySet:
    """The rows of `declaration.model` about `subject`; empty for a model without FindBy."""
    return _matching(declaration, subject, seen=())


def _direct_condition(find: FindBy, subject: Subject) -> Q | None:
    """The person's own values on this model's indexed fields (None: no such field)."""
    condition = None
    if find.email and subject.email:
        lookup = "exact" if find.email_normalised else "iexact"
        condition = Q(**{f"{find.email}__{lookup}": subject.email})
    if find.phone and subject.phone:
        by_phone = Q(**{find.phone: subject.phone})
        condition = by_phone if condition is None else condition | by_phone
    return condition


def _matching(declaration: ModelDeclaration, subject: Subject, *, seen) -> models.QuerySet:
    model = declaration.model
    # The base manager: a default manager that hides rows (e.g. spam) must not hide them here.
    queryset = model._base_manager.all()
    find = declaration.find
    if find is None or model in seen:
        return queryset.none()
    condition = _direct_condition(find, subject) or Q(pk__in=[])
    if find.through:
        target = model._meta.get_field(find.through).related_model
        target_declaration = registry.get(target)
        if target_declaration is not None:
            parents = _matching(target_declaration, subject, seen=(*seen, model))
            condition |= Q(**{f"{find.through}__in": parents.values("pk")})
    if find.custom is not None:
        condition |= Q(pk__in=find.custom(model._base_manager.all(), subject).values("pk"))
    return queryset.filter(condition)


def through_depth(declaration: ModelDeclaration, seen=()) -> int:
    """How many FindBy(through=...) steps lead to a model found directly."""
    find = declaration.find
    if find is None or not find.through or declaration.model in seen:
        return 0
    target = registry.get(declaration.model._meta.get_field(find.through).related_model)
    return 1 + (through_depth(target, (*seen, declaration.model)) if target else 0)


def _found_rows(
    declaration: ModelDeclaration, subject: Subject, found: dict, *, custom_subject: Subject
) -> list:
    """One query for the model's rows about the subject, or none when nothing can match.

    A model found through another (`FindBy(through=...)`) takes the keys of that model's
    rows, already found (models are visited parents first): the foreign key's index answers,
    the parents' search is not repeated as a subquery, and a model whose parents have no rows
    about the person costs no query at all (a person without a staff account: no admin
    history, access log or sign-in devices to look through)."""
    model = declaration.model
    find = declaration.find
    condition = _direct_condition(find, subject)
    if find.through:
        target = model._meta.get_field(find.through).related_model
        if target in found:
            keys = [row.pk for row in found[target]]
            if keys:
                by_parent = Q(**{f"{find.through}__in": keys})
                condition = by_parent if condition is None else condition | by_parent
        elif target in registry:  # a cycle: the parents' search as a subquery
            return list(subject_queryset(declaration, subject).order_by("pk"))
    if find.custom is not None:
        custom = Q(pk__in=find.custom(model._base_manager.all(), custom_subject).values("pk"))
        condition = custom if condition is None else condition | custom
    if condition is None:
        return []
    # The base manager: a default manager that hides rows (e.g. spam) must not hide them here.
    # Sorted here, not by the database: a person has a few rows per model, and compiling an
    # ORDER BY for each of the registry's models was a sixth of the look-up's time.
    rows = list(model._base_manager.filter(condition).order_by())
    rows.sort(key=lambda row: row.pk)
    return rows


def find_records(subject: Subject, *, custom_subject: Subject | None = None) -> SubjectRecords:
    """Every declared record about a normalised subject (see `subject_find`).

    `custom_subject`: what `FindBy(custom=...)` look-ups get instead of `subject` (a request
    gives them only the confirmed address, so what they find needs no confirmation)."""
    declarations = [d for d in registry.with_personal_data() if d.find is not None]
    found: dict[type[models.Model], list[models.Model]] = {}
    for declaration in sorted(declarations, key=through_depth):
        found[declaration.model] = _found_rows(
            declaration, subject, found, custom_subject=custom_subject or subject
        )
    groups = [
        ModelRecords(declaration=declaration, rows=found[declaration.model])
        for declaration in declarations
        if found[declaration.model]
    ]
    return SubjectRecords(subject=subject, groups=groups)


def subject_find(*, email: str | None = None, phone: str | None = None) -> SubjectRecords:
    """Every declared record about the person with this email and/or phone (any notation)."""
    return find_records(Subject.from_input(email=email, phone=phone))


def json_value(value: Any) -> Any:
    """A field value as JSON: dates in ISO 8601, related rows by primary key."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return json_value(value.pk)
    if isinstance(value, list | tuple | set):
        return [json_value(item) for item in value]
    return str(value)


def _field_value(row: models.Model, name: str) -> Any:
    model_field = row._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(str(pk) for pk in getattr(row, name).values_list("pk", flat=True))
    if model_field.is_relation:
        return getattr(row, model_field.attname)
    return getattr(row, name)


def records_as_data(records: SubjectRecords) -> list[dict[str, Any]]:
    """The rows grouped by model, each with what the registry says about it."""
    result = []
    for group in records.groups:
        declaration = group.declaration
        exported = [
            name for name, spec in declaration.fields.items() if spec is None or spec.export
        ]
        fields = {}
        for name in exported:
            spec = declaration.fields[name]
            fields[name] = {
                "label": str(declaration.model._meta.get_field(name).verbose_name),
                "category": spec.category.value if spec else "not_personal",
                "category_label": str(spec.category.label) if spec else _("Ikke personopplysning"),
            }
        result.append(
            {
                "model": declaration.label,
                "name": group.verbose_name,
                "purposes": [
                    {
                        "purpose": purpose.value,
                        "name": str(purpose.label),
                        "legal_bases": [str(basis.label) for basis in purpose.legal_bases],
                    }
                    for purpose in declaration.purposes
                ],
                "recipients": [str(recipient) for recipient in declaration.recipients],
                "retention": str(declaration.retention.description)
                if declaration.retention
                else "",
                "fields": fields,
                "records": [
                    {name: json_value(_field_value(row, name)) for name in exported}
                    for row in group.rows
                ],
            }
        )
    return result


def subject_export(*, email: str | None = None, phone: str | None = None) -> dict[str, Any]:
    """Everything about the subject as a JSON-serialisable dict (Art. 15 and 20)."""
    records = subject_find(email=email, phone=phone)
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "controller": {key: str(value) for key, value in settings.CONTROLLER.items()},
        "subject": {"email": records.subject.email, "phone": records.subject.phone},
        "restricted": is_restricted(email=records.subject.email, phone=records.subject.phone),
        "models": records_as_data(records),
    }
