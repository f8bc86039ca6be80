"""Operations on the personal-data registry, for the privacy officer's work and other apps.

    from privacy.services import (
        is_restricted, subject_erase, subject_export, subject_find, subject_restrict,
    )

    records = subject_find(email="Kari@Eksempel.no")         # grouped by model
    data = subject_export(email="kari@eksempel.no", phone="912 34 567")  # JSON-ready dict
    report = subject_erase(email="kari@eksempel.no", by=officer)         # one transaction
    subject_restrict(email="kari@eksempel.no", by=officer, reason="Bestrider riktigheten")
    if is_restricted(email=lead.email, phone=lead.phone): ...   # intake: store, do not route

Every function takes the email and/or phone as a person typed them and normalises them
(`privacy.registry.normalise_email/normalise_phone`); `Subject.from_input` raises ValueError
when both are empty and InvalidPhoneNumber for a phone that is not one.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from privacy.models import LegalHold, Restriction
from privacy.models.registry import lenient_subject
from privacy.registry import (
    Anonymise,
    Delete,
    Keep,
    ModelDeclaration,
    Subject,
    registry,
)

EXPORT_FORMAT = "mestergruppen.personal-data-export.v1"


# --- Finding ---------------------------------------------------------------------------------


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


def _matching(declaration: ModelDeclaration, subject: Subject, *, seen) -> models.QuerySet:
    model = declaration.model
    # The base manager: a default manager that hides rows (e.g. spam) must not hide them here.
    queryset = model._base_manager.all()
    find = declaration.find
    if find is None or model in seen:
        return queryset.none()
    condition = Q(pk__in=[])
    if find.email and subject.email:
        lookup = "exact" if find.email_normalised else "iexact"
        condition |= Q(**{f"{find.email}__{lookup}": subject.email})
    if find.phone and subject.phone:
        condition |= Q(**{find.phone: subject.phone})
    if find.through:
        target = model._meta.get_field(find.through).related_model
        target_declaration = registry.get(target)
        if target_declaration is not None:
            parents = _matching(target_declaration, subject, seen=(*seen, model))
            condition |= Q(**{f"{find.through}__in": parents.values("pk")})
    if find.custom is not None:
        condition |= Q(pk__in=find.custom(model._base_manager.all(), subject).values("pk"))
    return queryset.filter(condition)


def subject_find(*, email: str | None = None, phone: str | None = None) -> SubjectRecords:
    """Every declared record about the person with this email and/or phone (any notation)."""
    subject = Subject.from_input(email=email, phone=phone)
    groups = []
    for declaration in registry.with_personal_data():
        rows = list(subject_queryset(declaration, subject).order_by("pk"))
        if rows:
            groups.append(ModelRecords(declaration=declaration, rows=rows))
    return SubjectRecords(subject=subject, groups=groups)


# --- Export (access, Art. 15; portability, Art. 20) ------------------------------------------


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


# --- Erasure (Art. 17) -----------------------------------------------------------------------


class Outcome:
    DELETED = "deleted"
    ANONYMISED = "anonymised"
    KEPT = "kept"


@dataclass
class ErasureOutcome:
    """What happened to one record."""

    model: str  # app_label.ModelName
    pk: Any
    action: str  # Outcome.*
    reason: str = ""  # why it was kept
    fields: list[str] = field(default_factory=list)  # the fields replaced
    kept_fields: dict[str, str] = field(default_factory=dict)  # field -> why it stays
    also_deleted: dict[str, int] = field(default_factory=dict)  # cascades: label -> count

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "id": json_value(self.pk),
            "action": self.action,
            "reason": self.reason,
            "fields": self.fields,
            "kept_fields": self.kept_fields,
            "also_deleted": self.also_deleted,
        }


@dataclass
class ErasureReport:
    subject: Subject
    performed_at: datetime.datetime
    outcomes: list[ErasureOutcome] = field(default_factory=list)

    def _with(self, action: str) -> list[ErasureOutcome]:
        return [outcome for outcome in self.outcomes if outcome.action == action]

    @property
    def deleted(self) -> list[ErasureOutcome]:
        return self._with(Outcome.DELETED)

    @property
    def anonymised(self) -> list[ErasureOutcome]:
        return self._with(Outcome.ANONYMISED)

    @property
    def kept(self) -> list[ErasureOutcome]:
        return self._with(Outcome.KEPT)

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": {"email": self.subject.email, "phone": self.subject.phone},
            "performed_at": self.performed_at.isoformat(),
            "deleted": len(self.deleted),
            "anonymised": len(self.anonymised),
            "kept": len(self.kept),
            "records": [outcome.as_dict() for outcome in self.outcomes],
        }


def _record_key(row: models.Model) -> tuple[int, str]:
    content_type = ContentType.objects.get_for_model(row, for_concrete_model=False)
    return (content_type.pk, str(row.pk))


def _held_records() -> dict[tuple[int, str], LegalHold]:
    """Active holds on single records, by (content type id, primary key)."""
    holds = LegalHold.objects.active().exclude(content_type=None).order_by("retain_until")
    return {(hold.content_type_id, hold.object_id): hold for hold in holds}


def _depth(declaration: ModelDeclaration, seen=()) -> int:
    """How many FindBy(through=...) steps lead to a model found directly."""
    find = declaration.find
    if find is None or not find.through or declaration.model in seen:
        return 0
    target = registry.get(declaration.model._meta.get_field(find.through).related_model)
    return 1 + (_depth(target, (*seen, declaration.model)) if target else 0)


def _cascade(row: models.Model) -> dict[type[models.Model], set]:
    """Every row deleting `row` would delete, by model (the row itself included)."""
    collector = Collector(using=router.db_for_write(row.__class__, instance=row), origin=row)
    collector.collect([row])
    doomed: dict[type[models.Model], set] = {}
    for model, instances in collector.data.items():
        doomed.setdefault(model, set()).update(instance.pk for instance in instances)
    for queryset in collector.fast_deletes:
        doomed.setdefault(queryset.model, set()).update(queryset.values_list("pk", flat=True))
    return doomed


def _replacement(value: Any, row: models.Model) -> Any:
    if callable(value):
        value = value(row)
    if isinstance(value, Promise):
        value = str(value)
    return value


@transaction.atomic
def subject_erase(*, email: str | None = None, phone: str | None = None, by=None) -> ErasureReport:
    """Erase or anonymise everything about the subject, in one transaction, as declared.

    Kept, and said why: every record when the subject is under an active legal hold; a
    record under a hold of its own; a row whose deletion would cascade into a held record or
    is protected by a foreign key; rows of models declared with `Keep`. `by` is the officer
    (kept for the caller's own record of the request; nothing personal is logged here).
    """
    records = subject_find(email=email, phone=phone)
    subject = records.subject
    report = ErasureReport(subject=subject, performed_at=timezone.now())

    subject_hold = LegalHold.objects.active().for_subject(subject).order_by("-retain_until").first()
    held = _held_records()
    gone: set[tuple[type[models.Model], Any]] = set()

    # Rows found through another row go first, so a parent's cascade never surprises us.
    groups = sorted(records.groups, key=lambda group: -_depth(group.declaration))
    for group in groups:
        declaration = group.declaration
        strategy = declaration.erasure
        for row in group.rows:
            if (row.__class__, row.pk) in gone:
                continue
            outcome = ErasureOutcome(model=declaration.label, pk=row.pk, action=Outcome.KEPT)
            report.outcomes.append(outcome)
            record_hold = held.get(_record_key(row))
            if isinstance(strategy, Keep):
                outcome.reason = str(strategy.reason)
            elif subject_hold is not None:
                outcome.reason = subject_hold.explanation()
            elif record_hold is not None:
                outcome.reason = record_hold.explanation()
            elif isinstance(strategy, Delete):
                _delete(row, outcome, held=held, gone=gone)
            elif isinstance(strategy, Anonymise):
                _anonymise(row, strategy, outcome)
    return report


def _delete(row, outcome: ErasureOutcome, *, held, gone) -> None:
    doomed = _cascade(row)
    for model, pks in doomed.items():
        for pk in pks:
            key = (ContentType.objects.get_for_model(model, for_concrete_model=False).pk, str(pk))
            if key in held and (model, pk) != (row.__class__, row.pk):
                outcome.reason = _(
                    "Beholdes fordi sletting også ville fjerne %(record)s, som har et "
                    "rettslig hold. %(hold)s"
                ) % {"record": f"{model._meta.label} #{pk}", "hold": held[key].explanation()}
                return
    try:
        with transaction.atomic():
            _count, per_model = row.delete()
    except (ProtectedError, RestrictedError) as error:
        blocking = sorted({obj._meta.label for obj in error.args[1]})
        outcome.reason = _("Beholdes fordi andre poster viser til den: %(models)s") % {
            "models": ", ".join(blocking)
        }
        return
    outcome.action = Outcome.DELETED
    for model, pks in doomed.items():
        gone.update((model, pk) for pk in pks)
    own = row._meta.label
    outcome.also_deleted = {
        label: count - (1 if label == own else 0)
        for label, count in per_model.items()
        if count - (1 if label == own else 0) > 0
    }


def _anonymise(row, strategy: Anonymise, outcome: ErasureOutcome) -> None:
    plain, many = [], []
    for name, value in strategy.replace.items():
        model_field = row._meta.get_field(name)
        if model_field.many_to_many:
            getattr(row, name).set(_replacement(value, row) or [])
            many.append(name)
        else:
            setattr(row, name, _replacement(value, row))
            plain.append(name)
    if plain:
        row.save(update_fields=plain)
    outcome.action = Outcome.ANONYMISED
    outcome.fields = [*plain, *many]
    outcome.kept_fields = {name: str(reason) for name, reason in strategy.keep.items()}


# --- Restriction (Art. 18) -------------------------------------------------------------------


def is_restricted(*, email: str | None = None, phone: str | None = None) -> bool:
    """Whether processing of this person's data is restricted (by email OR phone).

    Never raises: an empty or unparseable value simply matches nothing.
    """
    subject = lenient_subject(email, phone)
    if not subject.email and not subject.phone:
        return False
    return Restriction.objects.active().for_subject(subject).exists()


@transaction.atomic
def subject_restrict(
    *, email: str | None = None, phone: str | None = None, by=None, reason: str = ""
) -> Restriction:
    """Restrict processing of the subject's data; returns the active restriction (an
    existing one for exactly this email and phone is reused, not duplicated)."""
    subject = Subject.from_input(email=email, phone=phone)
    existing = Restriction.objects.active().filter(email=subject.email, phone=subject.phone).first()
    if existing is not None:
        return existing
    return Restriction.objects.create(
        email=subject.email, phone=subject.phone, reason=reason, placed_by=by
    )


@transaction.atomic
def subject_lift_restriction(*, email: str | None = None, phone: str | None = None, by=None) -> int:
    """Lift every active restriction matching the email or phone; returns how many."""
    subject = Subject.from_input(email=email, phone=phone)
    return (
        Restriction.objects.active()
        .for_subject(subject)
        .update(lifted_at=timezone.now(), lifted_by=by)
    )


# --- Legal holds -----------------------------------------------------------------------------


def legal_hold_place(
    *,
    basis: str,
    reason: str,
    retain_until: datetime.date,
    by=None,
    email: str | None = None,
    phone: str | None = None,
    record: models.Model | None = None,
) -> LegalHold:
    """Hold a subject's records (email/phone) or one record from erasure until a date."""
    hold = LegalHold(basis=basis, reason=reason, retain_until=retain_until, placed_by=by)
    if record is not None:
        hold.content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
        hold.object_id = str(record.pk)
    if email or phone:
        subject = Subject.from_input(email=email, phone=phone)
        hold.email, hold.phone = subject.email, subject.phone
    if record is None and not (hold.email or hold.phone):
        raise ValueError("a legal hold names a subject or a record")
    hold.full_clean()
    hold.save()
    return hold
