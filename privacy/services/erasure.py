"""Erasure and anonymisation of one person's records (Art. 17), legal holds respected."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy.anonymisation import anonymise_rows, scrub_traces
from privacy.holds import held_pks
from privacy.models import LegalHold, Restriction
from privacy.registry import (
    Anonymise,
    Delete,
    Keep,
    Subject,
    registry,
)
from privacy.services.finding import SubjectRecords, json_value, subject_find, through_depth


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


def _hold_for(row: models.Model, held: dict, subject_holds: list[LegalHold], seen=()):
    """The hold that protects `row`: one on the row, one on a person whose email or phone the
    row holds, or one protecting the row it belongs to (`FindBy(through=...)`)."""
    hold = held.get(_record_key(row))
    if hold is not None:
        return hold
    declaration = registry.get(type(row))
    find = declaration.find if declaration else None
    if find is None or type(row) in seen:
        return None
    for hold in subject_holds:
        email = getattr(row, find.email, "") if find.email else ""
        phone = getattr(row, find.phone, "") if find.phone else ""
        if (hold.email and email and hold.email == email.lower()) or (
            hold.phone and phone and hold.phone == phone
        ):
            return hold
    if find.through:
        parent = getattr(row, find.through, None)
        if parent is not None:
            return _hold_for(parent, held, subject_holds, (*seen, type(row)))
    return None


@transaction.atomic
def subject_erase(
    *,
    email: str | None = None,
    phone: str | None = None,
    by=None,
    records: SubjectRecords | None = None,
) -> ErasureReport:
    """Erase or anonymise everything about the subject, in one transaction, as declared.

    Kept, and said why: every record when the subject is under an active legal hold; a
    record under a hold of its own, or of a person whose email or phone it holds, and the
    rows that belong to such a record (a held lead keeps its notes, history and
    deliveries: `privacy.holds`); a row whose deletion would cascade into a held record or
    is protected by a foreign key; rows of models declared with `Keep`; the person's active
    restriction while anything of theirs is kept under a hold, so what is kept is still not
    processed (Art. 18(1)(c)). What the admin's history and the access log say about the
    erased and anonymised records is rewritten (`privacy.anonymisation.scrub_traces`).
    `by` is the officer (kept for the caller's own record of the request; nothing personal
    is logged here). `records`, when given, are the rows to erase, already found (a
    request's records, those matched only by phone left out until the officer confirms
    them); otherwise everything the registry finds for the email and phone.
    """
    if records is None:
        records = subject_find(email=email, phone=phone)
    subject = records.subject
    report = ErasureReport(subject=subject, performed_at=timezone.now())

    # Holds are few; read once. Without any, no row needs the hold conditions.
    holds = list(LegalHold.objects.active().order_by("retain_until"))
    subject_hold = None
    if holds and (subject.email or subject.phone):
        subject_hold = (
            LegalHold.objects.active().for_subject(subject).order_by("-retain_until").first()
        )
    held = {(h.content_type_id, h.object_id): h for h in holds if h.content_type_id is not None}
    subject_holds = [hold for hold in holds if hold.content_type_id is None]
    gone: set[tuple[type[models.Model], Any]] = set()
    anonymised: dict[type[models.Model], list] = {}
    kept_under_hold = False

    # Rows found through another row go first, so a parent's cascade never surprises us;
    # restrictions go last, once it is known whether anything is kept under a hold.
    groups = sorted(
        records.groups,
        key=lambda group: (
            group.declaration.model is Restriction,
            -through_depth(group.declaration),
        ),
    )
    for group in groups:
        declaration = group.declaration
        strategy = declaration.erasure
        protected = held_pks(declaration.model, [row.pk for row in group.rows]) if holds else set()
        to_anonymise: list[ErasureOutcome] = []
        for row in group.rows:
            if (row.__class__, row.pk) in gone:
                continue
            outcome = ErasureOutcome(model=declaration.label, pk=row.pk, action=Outcome.KEPT)
            report.outcomes.append(outcome)
            if isinstance(strategy, Keep):
                outcome.reason = str(strategy.reason)
            elif subject_hold is not None:
                outcome.reason = subject_hold.explanation()
                kept_under_hold = True
            elif row.pk in protected:
                hold = _hold_for(row, held, subject_holds)
                outcome.reason = hold.explanation() if hold else _("Rettslig hold.")
                kept_under_hold = True
            elif isinstance(row, Restriction) and row.is_active and kept_under_hold:
                outcome.reason = _(
                    "Begrensningen gjelder så lenge opplysninger som holdes tilbake av et "
                    "rettslig hold, oppbevares: de skal lagres, ikke brukes."
                )
            elif isinstance(strategy, Delete):
                _delete(row, outcome, held=held, gone=gone)
            elif isinstance(strategy, Anonymise):
                to_anonymise.append(outcome)
        if to_anonymise:
            _anonymise(declaration.model, strategy, to_anonymise)
            anonymised.setdefault(declaration.model, []).extend(o.pk for o in to_anonymise)

    deleted: dict[type[models.Model], list] = {}
    for model, pk in gone:
        deleted.setdefault(model, []).append(pk)
    for model, pks in deleted.items():
        scrub_traces(model, pks, deleted=True)
    for model, pks in anonymised.items():
        scrub_traces(model, pks, deleted=False)
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


def _anonymise(model, strategy: Anonymise, outcomes: list[ErasureOutcome]) -> None:
    """The same anonymisation the retention run does (`privacy.anonymisation`), one UPDATE
    for all the person's rows of a model."""
    rows = model._base_manager.filter(pk__in=[outcome.pk for outcome in outcomes])
    fields, _count = anonymise_rows(rows, strategy)
    kept_fields = {name: str(reason) for name, reason in strategy.keep.items()}
    for outcome in outcomes:
        outcome.fields = list(fields)
        outcome.action = Outcome.ANONYMISED
        outcome.kept_fields = dict(kept_fields)
