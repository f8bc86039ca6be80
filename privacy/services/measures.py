"""Measures on one person: restriction of processing (Art. 18) and legal holds."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from privacy.models import LegalHold, Restriction
from privacy.models.measures import lenient_subject
from privacy.registry import (
    Subject,
)


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
    existing one for exactly this email and phone is reused, not duplicated, also when two
    calls race: the database allows one active restriction per email and phone)."""
    subject = Subject.from_input(email=email, phone=phone)
    existing = Restriction.objects.active().filter(email=subject.email, phone=subject.phone).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Restriction.objects.create(
                email=subject.email, phone=subject.phone, reason=reason, placed_by=by
            )
    except IntegrityError:
        # Another call restricted the same person since we looked, and has committed.
        return Restriction.objects.active().get(email=subject.email, phone=subject.phone)


def active_restriction(*, email: str | None = None, phone: str | None = None) -> Restriction | None:
    """The active restriction for exactly this email and phone, if there is one (raises
    InvalidPhoneNumber for a phone that is not one)."""
    subject = Subject.from_input(email=email, phone=phone)
    return Restriction.objects.active().filter(email=subject.email, phone=subject.phone).first()


@transaction.atomic
def restriction_lift(*, restriction: Restriction, by) -> bool:
    """Lift one restriction; False when it was lifted already (by someone else, a moment
    ago)."""
    return bool(
        Restriction.objects.filter(pk=restriction.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=by
        )
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


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, by) -> bool:
    """Release one legal hold: erasure no longer waits for it. False when it was released
    already."""
    return bool(
        LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
            released_at=timezone.now(), released_by=by
        )
    )
