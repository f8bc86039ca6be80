"""What a personal-data declaration is made of: how each field is classified (`Personal`), how
one person's rows are found (`FindBy`), how long they are kept (`Retention`) and what erasure
and retention do to them (`Delete`, `Anonymise`, `Keep`), gathered in a `ModelDeclaration`.

These are values only. `privacy.registry` holds the declarations and is where an app declares
(and imports these names from); the operations on them are `privacy.services` (one person)
and `privacy.retention` (whatever has expired).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from privacy.normalisation import Subject
from privacy.vocabulary import Category, LegalBasis, Purpose, SubjectCategory


@dataclass(frozen=True)
class Personal:
    """A personal field with options; a bare Category in `fields` means Personal(category)."""

    category: Category
    # False keeps a field out of the access export (e.g. a password hash: it identifies no
    # one to the person and exporting it only adds risk); it is still erased.
    export: bool = True

    def __post_init__(self):
        if self.category == Category.NOT_PERSONAL:
            raise ImproperlyConfigured("Personal(Category.NOT_PERSONAL) makes no sense")


# How a field is classified once a declaration is read: Personal, or None for not personal.
FieldSpec = Personal | None


@dataclass(frozen=True)
class FindBy:
    """How to find one person's rows of a model; the ways given combine with OR."""

    email: str | None = None  # a field holding normalise_email() output
    phone: str | None = None  # a field holding normalise_phone() output (E.164)
    through: str | None = None  # a foreign key to a declared model: rows of matched targets
    custom: Callable[[models.QuerySet, Subject], models.QuerySet] | None = None
    # False for a field that is stored as typed (Django's user email): compared ignoring case.
    email_normalised: bool = True

    def __post_init__(self):
        if not (self.email or self.phone or self.through or self.custom):
            raise ImproperlyConfigured("FindBy needs email, phone, through or custom")


@dataclass(frozen=True)
class Retention:
    """How long rows are kept, and what the retention run does to them at expiry (`then`).

    Retention is its own operation, apart from a data subject's erasure: `then` may differ
    from the declaration's `erasure` (an access-log entry is anonymised when its author asks
    for erasure, but deleted when its two years are over). `expired()` gives the rows whose
    time is up and that no active legal hold protects.
    """

    description: Any  # Norwegian, for the records of processing and the public table
    date_field: str | None = None
    days: int | None = None
    unless: Mapping[str, Any] = field(default_factory=dict)
    parent: str | None = None  # a foreign key: kept as long as the row it belongs to
    expired_rows: Callable[[models.QuerySet, Any], models.QuerySet] | None = None
    # What happens at expiry: Delete(), Anonymise(...) or Keep(reason). For a `with_parent`
    # rule: what happens to the row when its parent expires (and is anonymised; a deleted
    # parent takes its rows with it).
    then: Delete | Anonymise | Keep | None = None
    # Expired rows treated apart, first match first: `RowsThen(rows=Q, then=..., description)`.
    cases: tuple[RowsThen, ...] = ()
    # `held_rows(model, today=...)` -> Q of the rows an active legal hold protects. Set by
    # privacy.holds in PrivacyConfig.ready(): holds are models, and models import this module
    # while they load (through the registry, e.g. intake's Lead), so it cannot import them.
    held_rows: ClassVar[Callable[..., models.Q] | None] = None

    @classmethod
    def after(
        cls,
        date_field: str,
        *,
        days: int,
        then: Delete | Anonymise | Keep | None = None,
        unless: Mapping[str, Any] | None = None,
        description: Any = None,
    ) -> Retention:
        """Kept `days` days after the date in `date_field`; rows matching `unless` are kept."""
        if description is None:
            description = format_lazy(
                _("{days} dager etter «{field}»"), days=days, field=date_field
            )
        return cls(
            description=description,
            date_field=date_field,
            days=days,
            unless=unless or {},
            then=then,
        )

    @classmethod
    def with_parent(
        cls,
        parent: str,
        *,
        then: Delete | Anonymise | Keep | None = None,
        description: Any = None,
    ) -> Retention:
        """Kept as long as the row the foreign key `parent` points to; when that row
        expires, `then` is done to this one."""
        return cls(
            description=description
            or format_lazy(_("Som posten den hører til («{field}»)"), field=parent),
            parent=parent,
            then=then,
        )

    @classmethod
    def custom(
        cls,
        description: Any,
        *,
        expired: Callable[[models.QuerySet, Any], models.QuerySet],
        then: Delete | Anonymise | Keep | None = None,
        cases: Iterable[RowsThen] = (),
    ) -> Retention:
        """`expired(queryset, now)` returns the rows whose retention has run out; `cases`
        give some of them another `then` (see `RowsThen`)."""
        return cls(description=description, expired_rows=expired, then=then, cases=tuple(cases))

    @classmethod
    def manual(cls, description: Any) -> Retention:
        """No automatic expiry: a person decides (described for the Art. 30 record)."""
        return cls(description=description)

    @property
    def expires_by_itself(self) -> bool:
        """Whether the retention run finds expired rows of this model on its own."""
        return self.expired_rows is not None or (
            self.date_field is not None and self.days is not None
        )

    def expired(
        self, queryset: models.QuerySet, *, now=None, holds: bool = True
    ) -> models.QuerySet:
        """The rows of `queryset` whose retention has run out (none for parent/manual rules),
        leaving out those an active legal hold protects (`holds=False` includes them)."""
        now = now or timezone.now()
        if self.expired_rows is not None:
            rows = self.expired_rows(queryset, now)
        elif self.date_field and self.days is not None:
            rows = queryset.filter(**{f"{self.date_field}__lt": now - timedelta(days=self.days)})
            rows = rows.exclude(**self.unless) if self.unless else rows
        else:
            return queryset.none()
        if holds and Retention.held_rows is not None:
            rows = rows.exclude(Retention.held_rows(queryset.model, today=timezone.localdate(now)))
        return rows


@dataclass(frozen=True)
class Delete:
    """Erasure deletes the rows."""

    label = _("slettes")


@dataclass(frozen=True)
class Anonymise:
    """Overwrites personal fields with the stated values; `keep` says why others stay.

    A replacement is a constant, a callable taking the instance, a query expression (e.g.
    `Case(When(...), default=F(...))`, applied in the database, so the retention run can
    anonymise a batch with one UPDATE), or `[]` to clear a many-to-many field. `done` is a Q
    matching rows already anonymised, so a retention run does not redo them; by default the
    rows where every constant replacement already holds.
    """

    replace: Mapping[str, Any]
    keep: Mapping[str, Any] = field(default_factory=dict)
    done: Any = None

    label = _("anonymiseres")

    def already_done(self) -> models.Q:
        if self.done is not None:
            return self.done
        constants = {
            name: value
            for name, value in self.replace.items()
            if not callable(value)
            and not hasattr(value, "resolve_expression")
            and not isinstance(value, list | Promise)
        }
        return models.Q(**constants) if constants else models.Q(pk__in=[])


@dataclass(frozen=True)
class Keep:
    """Erasure keeps the rows, for the stated reason (it is reported)."""

    reason: Any

    label = _("beholdes")


Erasure = Delete | Anonymise | Keep


@dataclass(frozen=True)
class RowsThen:
    """At expiry, the rows matching `rows` (a Q) get `then` instead of the rule's own `then`:
    suspected spam is deleted where a genuine lead is anonymised. `description` says it in
    the public retention table and the records of processing ("mistenkt søppel slettes")."""

    rows: models.Q
    then: Erasure
    description: Any

    def already_done(self) -> models.Q:
        return done_condition(self.then)


def done_condition(then: Erasure | None) -> models.Q:
    """The rows already in the state `then` leaves them in (none, unless anonymised: a row
    still there is not deleted, and a kept row is counted again each run)."""
    if isinstance(then, Anonymise):
        return then.already_done()
    return models.Q(pk__in=[])


@dataclass
class ModelDeclaration:
    """What the registry knows about one model."""

    model: type[models.Model]
    fields: dict[str, FieldSpec]
    find: FindBy | None = None
    subjects: tuple[SubjectCategory, ...] = ()
    purposes: tuple[Purpose, ...] = ()
    recipients: tuple[Any, ...] = ()
    retention: Retention | None = None
    erasure: Erasure | None = None
    module: str = ""  # where it was declared, for check messages
    # What the public and the records of processing call these rows, when the model's own
    # verbose name does not say it (a package's English name, e.g. "log entries").
    name: Any = None

    @property
    def label(self) -> str:
        """`app_label.ModelName`, as check messages and reports name a model."""
        return self.model._meta.label

    @property
    def display_name(self) -> str:
        return str(self.name or self.model._meta.verbose_name_plural)

    @property
    def personal_fields(self) -> dict[str, Personal]:
        return {name: spec for name, spec in self.fields.items() if spec is not None}

    @property
    def holds_personal_data(self) -> bool:
        return bool(self.personal_fields)

    @property
    def legal_bases(self) -> tuple[LegalBasis, ...]:
        bases: list[LegalBasis] = []
        for purpose in self.purposes:
            bases.extend(b for b in purpose.legal_bases if b not in bases)
        return tuple(bases)

    @property
    def categories(self) -> tuple[Category, ...]:
        seen: list[Category] = []
        for spec in self.personal_fields.values():
            if spec.category not in seen:
                seen.append(spec.category)
        return tuple(seen)
