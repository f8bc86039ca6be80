"""Which rows an active legal hold protects, as one database condition.

A hold names a subject (normalised email and/or E.164 phone) or one record. It protects:
- the record it names;
- every row of a model whose FindBy matches the subject's email or phone;
- every row found through a protected row (`FindBy(through=...)`): a hold on a lead keeps
  its notes, its history and its deliveries, which are about the same person.

Both erasure (`privacy.services.subject_erase`) and retention (`Retention.expired()`) leave
these rows alone, so the two cannot disagree about what a hold keeps.

The retention run also waits (`paused=True`) for a person whose processing is restricted (Art.
18: storage is the one processing allowed, and a person may ask for restriction precisely so
that data we no longer need is kept for their legal claims, Art. 18(1)(c)) and for a person
whose confirmed request is being handled (the answer must describe what we held when they
asked, not what a nightly run left). An unconfirmed request pauses nothing: anyone can type
an address.
"""

from __future__ import annotations

import contextlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from privacy.declarations import Retention
from privacy.models import DataSubjectRequest, LegalHold, Restriction
from privacy.registry import registry


def pk_values(model: type[models.Model], object_ids) -> list:
    pk = model._meta.pk
    values = []
    for object_id in object_ids:
        # A hold naming a key of another type (typed by hand) protects nothing here.
        with contextlib.suppress(ValidationError, TypeError, ValueError):
            values.append(pk.to_python(object_id))
    return values


def _subjects(holds, *, paused: bool) -> tuple[list[str], list[str]]:
    """The normalised emails and E.164 phones of the people whose rows are protected."""
    sources = [holds]
    if paused:
        sources += [Restriction.objects.active(), DataSubjectRequest.objects.to_handle()]
    emails: list[str] = []
    phones: list[str] = []
    for rows in sources:
        emails += rows.exclude(email="").values_list("email", flat=True)
        phones += rows.exclude(phone="").values_list("phone", flat=True)
    return emails, phones


def held_condition(model: type[models.Model], *, today=None, paused=False, _seen=()) -> Q:
    """A Q matching the rows of `model` that an active legal hold protects; with `paused`,
    also those of a restricted person or of a person whose request is being handled."""
    holds = LegalHold.objects.active(today=today)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    record_ids = pk_values(
        model, holds.filter(content_type=content_type).values_list("object_id", flat=True)
    )
    condition = Q(pk__in=record_ids) if record_ids else Q(pk__in=[])

    declaration = registry.get(model)
    find = declaration.find if declaration else None
    if find is None or model in _seen:
        return condition
    if find.email or find.phone:
        emails, phones = _subjects(holds, paused=paused)
        if find.email and emails:
            if find.email_normalised:
                condition |= Q(**{f"{find.email}__in": emails})
            else:
                for email in emails:
                    condition |= Q(**{f"{find.email}__iexact": email})
        if find.phone and phones:
            condition |= Q(**{f"{find.phone}__in": phones})
    if find.through:
        target = model._meta.get_field(find.through).related_model
        if target in registry:
            parent_condition = held_condition(
                target, today=today, paused=paused, _seen=(*_seen, model)
            )
            held_parents = target._base_manager.filter(parent_condition).values("pk")
            condition |= Q(**{f"{find.through}__in": held_parents})
    return condition


def held_pks(model: type[models.Model], pks, *, today=None) -> set:
    """Of the given primary keys of `model`, those an active legal hold protects."""
    if not pks:
        return set()
    return set(
        model._base_manager.filter(pk__in=list(pks))
        .filter(held_condition(model, today=today))
        .values_list("pk", flat=True)
    )


# Retention.expired() leaves out the rows this condition matches.
Retention.held_rows = staticmethod(held_condition)
