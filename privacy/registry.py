"""The personal-data registry: every app declares here what personal data it keeps.

One declaration per model drives every privacy feature: finding one person's records, the
access export (GDPR Art. 15 and 20), erasure and anonymisation (Art. 17), restriction (Art. 18),
retention (Art. 5(1)(e)) and the records of processing activities (Art. 30). A system check
(`privacy.E001` and on, see `privacy/checks.py`) fails when a field of a model in our apps is
not classified, so a new personal field cannot slip past those features.

How an app declares its personal data
-------------------------------------
Each app writes a module `<app>/personal_data.py`. `privacy` imports every such module at
start-up (`PrivacyConfig.ready()` runs `autodiscover_modules("personal_data")`), so the app
registers with `privacy` and `privacy` never imports the app. Import only from this module.
`intake/personal_data.py` is the example to copy: leads found by email and phone, their
deliveries, notes and history found through the lead, models without personal data declared
too (so that a personal field added later fails the check until someone classifies it).

`fields` classifies every local concrete and many-to-many field: a `Category`,
`Personal(category, export=False)` for a field left out of the access export, or
`Category.NOT_PERSONAL`. `FindBy(email=..., phone=...)` names fields holding normalised values;
`FindBy(through="lead")` finds rows of a declared model's matched rows;
`FindBy(custom=callable)` receives the model's default queryset and a `Subject` (normalised
`email` and `phone`, either may be "") and returns the matching rows. The ways combine with OR.

Erasure strategies: `Delete()` deletes the rows (cascades are reported, and a row whose
cascade would remove a record under a legal hold is kept); `Anonymise(replace=..., keep=...)`
writes the stated replacement values (a constant, or a callable taking the instance; `[]`
clears a many-to-many field) and keeps the fields listed in `keep` for the stated reason;
`Keep(reason)` keeps the rows (e.g. a legal hold itself) and says why in the report.

Retention rules: `Retention.after(date_field, days=N, then=..., unless={...})`,
`Retention.with_parent(fk_field, then=...)` (goes with the row it belongs to),
`Retention.custom(description, expired=callable, then=...)` and
`Retention.manual(description)`. `then` is what the retention run (`manage.py
enforce_retention`, `privacy.retention`) does at expiry: `Delete()`, `Anonymise(...)` or
`Keep(reason)`; it is declared apart from `erasure`, because retention and a person's
erasure may treat a row differently. Rows an active legal hold protects never expire.

Models of installed packages that hold personal data are declared too (see
`privacy/framework_data.py`); one without personal data may instead be left out with a
reason: `registry.leave_out(ContentType, reason=...)`.

The vocabulary (`Category`, `Purpose`, ...) is in `privacy.vocabulary` and the normalisation
in `privacy.normalisation`; both are re-exported here, so a declaration needs this module only.
The operations on the registry (find, export, erase, restrict) are `privacy.services`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from privacy.normalisation import InvalidPhoneNumber, Subject, normalise_email, normalise_phone
from privacy.vocabulary import Category, LegalBasis, Purpose, SubjectCategory

__all__ = [
    "Anonymise",
    "Category",
    "Delete",
    "FieldSpec",
    "FindBy",
    "InvalidPhoneNumber",
    "Keep",
    "LegalBasis",
    "ModelDeclaration",
    "Personal",
    "Purpose",
    "Registry",
    "Retention",
    "Subject",
    "SubjectCategory",
    "declare",
    "normalise_email",
    "normalise_phone",
    "registry",
]


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
    ) -> Retention:
        """`expired(queryset, now)` returns the rows whose retention has run out."""
        return cls(description=description, expired_rows=expired, then=then)

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
        if holds and registry.protected_rows is not None:
            rows = rows.exclude(
                registry.protected_rows(queryset.model, today=timezone.localdate(now))
            )
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


class Registry:
    """All declarations, keyed by model. The module-level `registry` is the one in use."""

    def __init__(self):
        self._declarations: dict[type[models.Model], ModelDeclaration] = {}
        # Models of installed packages left out on purpose: model -> why.
        self.left_out: dict[type[models.Model], Any] = {}
        # `protected_rows(model, today=...)` -> Q of the rows an active legal hold protects.
        # Set by privacy.holds when the app is ready (holds are models, which import this
        # module, so this module cannot import them).
        self.protected_rows: Callable[..., models.Q] | None = None

    def register(self, declaration: ModelDeclaration) -> ModelDeclaration:
        if declaration.model in self._declarations:
            raise ImproperlyConfigured(f"{declaration.label} is declared twice in the registry")
        self._declarations[declaration.model] = declaration
        return declaration

    def unregister(self, model: type[models.Model] | str) -> ModelDeclaration | None:
        return self._declarations.pop(_resolve_model(model), None)

    def get(self, model: type[models.Model] | str) -> ModelDeclaration | None:
        return self._declarations.get(_resolve_model(model))

    def __contains__(self, model) -> bool:
        return self.get(model) is not None

    def __iter__(self):
        return iter(list(self._declarations.values()))

    def __len__(self) -> int:
        return len(self._declarations)

    def with_personal_data(self) -> list[ModelDeclaration]:
        """Declarations of models that hold personal data, in registration order."""
        return [d for d in self if d.holds_personal_data]

    def leave_out(self, model: type[models.Model] | str, *, reason: Any) -> None:
        """Leave a model (of an installed package) out of the registry, saying why; the
        system check then accepts it undeclared. For tables that hold no personal data and
        that no app of ours owns, such as Django's catalogue of content types."""
        self.left_out[_resolve_model(model)] = reason


registry = Registry()


def _resolve_model(model: type[models.Model] | str) -> type[models.Model]:
    if isinstance(model, str):
        return apps.get_model(model)
    return model


def _as_tuple(values: Iterable[Any] | None) -> tuple[Any, ...]:
    if values is None:
        return ()
    if isinstance(values, str | Promise):
        return (values,)
    return tuple(values)


def declare(
    model: type[models.Model] | str,
    *,
    fields: Mapping[str, Category | Personal],
    find: FindBy | None = None,
    subjects: Iterable[SubjectCategory] = (),
    purposes: Iterable[Purpose] = (),
    recipients: Iterable[Any] = (),
    retention: Retention | None = None,
    erasure: Erasure | None = None,
    name: Any = None,
) -> ModelDeclaration:
    """Declare one model's personal data (see the module docstring for an example).

    `fields` classifies every local concrete and many-to-many field: a `Category`, a
    `Personal(...)`, or `Category.NOT_PERSONAL`. A model with personal fields also needs
    `find`, `subjects`, `purposes`, `retention` and `erasure`; the system check reports what
    is missing or names a field that does not exist.
    """
    specs: dict[str, FieldSpec] = {}
    for field_name, value in fields.items():
        if isinstance(value, Personal):
            specs[field_name] = value
        elif value == Category.NOT_PERSONAL:
            specs[field_name] = None
        elif isinstance(value, str) and value in Category.values:
            specs[field_name] = Personal(Category(value))
        else:
            raise ImproperlyConfigured(
                f"{model}: field {field_name!r} must be classified with a Category or "
                f"Personal(...), not {value!r}"
            )
    declaration = ModelDeclaration(
        model=_resolve_model(model),
        fields=specs,
        find=find,
        subjects=_as_tuple(subjects),
        purposes=_as_tuple(purposes),
        recipients=_as_tuple(recipients),
        retention=retention,
        erasure=erasure,
        module=sys._getframe(1).f_globals.get("__name__", ""),
        name=name,
    )
    return registry.register(declaration)
