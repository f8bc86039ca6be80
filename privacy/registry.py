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
`Retention.custom(description, expired=callable, then=..., cases=[RowsThen(...)])` and
`Retention.manual(description)`. `then` is what the retention run (`manage.py
enforce_retention`, `privacy.retention`) does at expiry: `Delete()`, `Anonymise(...)` or
`Keep(reason)`; it is declared apart from `erasure`, because retention and a person's
erasure may treat a row differently; `cases` give some expired rows another `then`
(suspected spam is deleted, a genuine lead anonymised). Rows an active legal hold protects
never expire.

Models of installed packages that hold personal data are declared too (see
`privacy/framework_data.py`); one without personal data may instead be left out with a
reason: `registry.leave_out(ContentType, reason=...)`.

This module holds the declarations and looks them up (`registry.get(model)`,
`registry.with_personal_data()`). The parts a declaration is made of (`Personal`, `FindBy`,
`Retention`, `Delete`, `Anonymise`, `Keep`, `ModelDeclaration`) are in `privacy.declarations`,
the vocabulary (`Category`, `Purpose`, ...) in `privacy.vocabulary` and the normalisation in
`privacy.normalisation`; all are re-exported here, so a declaration needs this module only.
The operations on the registry (find, export, erase, restrict) are `privacy.services`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise

from privacy.declarations import (
    Anonymise,
    Delete,
    Erasure,
    FieldSpec,
    FindBy,
    Keep,
    ModelDeclaration,
    Personal,
    Retention,
    RowsThen,
)
from privacy.normalisation import InvalidPhoneNumber, Subject, normalise_email, normalise_phone
from privacy.vocabulary import Category, LegalBasis, Purpose, SubjectCategory

__all__ = [
    "Anonymise",
    "Category",
    "Delete",
    "Erasure",
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
    "RowsThen",
    "Subject",
    "SubjectCategory",
    "declare",
    "normalise_email",
    "normalise_phone",
    "registry",
]


class Registry:
    """All declarations, keyed by model. The module-level `registry` is the one in use."""

    def __init__(self):
        self._declarations: dict[type[models.Model], ModelDeclaration] = {}
        # Models of installed packages left out on purpose: model -> why.
        self.left_out: dict[type[models.Model], Any] = {}

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
    """Declare one model's personal data (`intake/personal_data.py` is the example to copy).

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
