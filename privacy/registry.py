"""The personal-data registry: every app declares here what personal data it keeps.

One declaration per model drives every privacy feature: finding one person's records, the
access export (GDPR Art. 15 and 20), erasure and anonymisation (Art. 17), restriction (Art. 18),
retention (Art. 5(1)(e)) and the records of processing activities (Art. 30). A system check
(`privacy.E001`–`privacy.E006`, see `privacy/checks.py`) fails when a field of a model in our
apps is not classified, so a new personal field cannot slip past those features.

How an app declares its personal data
-------------------------------------
Each app writes a module `<app>/personal_data.py`. `privacy` imports every such module at
start-up (`PrivacyConfig.ready()` runs `autodiscover_modules("personal_data")`), so the app
registers with `privacy` and `privacy` never imports the app. Import only from this module::

    # intake/personal_data.py
    from django.utils.translation import gettext_lazy as _

    from intake.models import Delivery, Lead, RoutingRule, Subsidiary
    from privacy.registry import (
        Anonymise, Category, Delete, FindBy, Personal, Purpose, Retention, SubjectCategory,
        declare,
    )

    declare(
        Lead,
        # Every local concrete field and many-to-many field, classified: a Category, or
        # Category.NOT_PERSONAL. Personal(...) adds options (here: left out of the export).
        fields={
            "id": Category.NOT_PERSONAL,
            "reference": Category.NOT_PERSONAL,
            "name": Category.IDENTITY,
            "email": Category.CONTACT,  # stored normalised: normalise_email()
            "phone": Category.CONTACT,  # stored as E.164: normalise_phone()
            "company_name": Category.COMPANY,
            "org_number": Category.COMPANY,
            "message": Category.FREE_TEXT,
            "ip_hash": Personal(Category.TECHNICAL, export=False),
            "subsidiary": Category.NOT_PERSONAL,
            "status": Category.NOT_PERSONAL,
            "created_at": Category.NOT_PERSONAL,
        },
        # How one person's rows are found: fields holding the normalised email / E.164 phone.
        find=FindBy(email="email", phone="phone"),
        subjects=[SubjectCategory.PROSPECTIVE_MEMBER],
        purposes=[Purpose.REGISTRATION, Purpose.COMMUNICATION],
        recipients=[_("Datterselskapet henvendelsen ble rutet til")],
        retention=Retention.after("created_at", days=365),
        # Field by field; every personal field is replaced or kept with a stated reason.
        erasure=Anonymise(
            replace={"name": "", "email": "", "phone": "", "company_name": "",
                     "org_number": "", "message": "", "ip_hash": ""},
        ),
    )

    declare(
        Delivery,
        fields={
            "id": Category.NOT_PERSONAL,
            "lead": Category.NOT_PERSONAL,
            "subsidiary": Category.NOT_PERSONAL,
            "status": Category.NOT_PERSONAL,
            "last_error": Category.FREE_TEXT,
            "sent_at": Category.NOT_PERSONAL,
        },
        # Related rows: a Delivery belongs to the person whose Lead it points to. The target
        # model (Lead) must be declared with its own FindBy.
        find=FindBy(through="lead"),
        subjects=[SubjectCategory.PROSPECTIVE_MEMBER],
        purposes=[Purpose.REGISTRATION],
        recipients=[_("Datterselskapet henvendelsen ble rutet til")],
        retention=Retention.with_parent("lead"),
        erasure=Delete(),
    )

    # A model without personal data is declared too, every field NOT_PERSONAL, so that a
    # personal field added later fails the check until someone classifies it.
    declare(Subsidiary, fields={"id": Category.NOT_PERSONAL, "name": Category.NOT_PERSONAL})

Rows that need more than a field match use `FindBy(custom=callable)`: the callable receives
the model's default queryset and a `Subject` (normalised `email` and `phone`, either may be
"") and returns the matching queryset. `FindBy` ways combine with OR.

Erasure strategies: `Delete()` deletes the rows (cascades are reported, and a row whose
cascade would remove a record under a legal hold is kept); `Anonymise(replace=..., keep=...)`
writes the stated replacement values (a constant, or a callable taking the instance; `[]`
clears a many-to-many field) and keeps the fields listed in `keep` for the stated reason;
`Keep(reason)` keeps the rows (e.g. a legal hold itself) and says why in the report.

Retention rules: `Retention.after(date_field, days=N, unless={...})`,
`Retention.with_parent(fk_field)` (goes with the row it belongs to),
`Retention.custom(description, expired=callable)` and `Retention.manual(description)`.

Normalisation: `normalise_email()` and `normalise_phone()` below are the only way an email
address or a phone number should reach a stored field or a lookup.

The operations on the registry (find, export, erase, restrict) live in `privacy.services`.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import phonenumbers
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

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


# --- Vocabulary ------------------------------------------------------------------------------


class Category(models.TextChoices):
    """What kind of personal data a field holds (the categories of Art. 30(1)(c))."""

    NOT_PERSONAL = "not_personal", _("Ikke personopplysning")
    IDENTITY = "identity", _("Navn og identitet")
    CONTACT = "contact", _("Kontaktopplysninger (e-postadresse, telefonnummer)")
    COMPANY = "company", _("Opplysninger om bedriften og rollen din")
    FREE_TEXT = "free_text", _("Innholdet i henvendelser og notater (fritekst)")
    CORRESPONDENCE = "correspondence", _("Korrespondanse og e-poster om deg")
    USAGE = "usage", _("Bruk av de Digitale Tjenestene (atferdsmønster, informasjonskapsler)")
    TECHNICAL = "technical", _("Tekniske opplysninger (IP-adresse, nettleser, tidspunkter)")
    CONSENT = "consent", _("Samtykker og valg (informasjonskapsler, personvernerklæring)")
    INVOICING = "invoicing", _("Faktura- og betalingsopplysninger")
    ACCOUNT = "account", _("Brukerkonto og tilganger")
    ACTIVITY = "activity", _("Logg over handlinger i systemet (revisjonsspor)")
    RIGHTS = "rights", _("Utøvelse av personvernrettigheter (forespørsler, begrensning, hold)")


class LegalBasis(models.TextChoices):
    """GDPR Art. 6(1), letters a–f."""

    CONSENT = "a", _("GDPR art. 6 nr. 1 bokstav a (samtykke)")
    CONTRACT = "b", _("GDPR art. 6 nr. 1 bokstav b (avtale)")
    LEGAL_OBLIGATION = "c", _("GDPR art. 6 nr. 1 bokstav c (rettslig forpliktelse)")
    VITAL_INTERESTS = "d", _("GDPR art. 6 nr. 1 bokstav d (vitale interesser)")
    PUBLIC_TASK = "e", _("GDPR art. 6 nr. 1 bokstav e (allmennhetens interesse)")
    LEGITIMATE_INTERESTS = "f", _("GDPR art. 6 nr. 1 bokstav f (berettiget interesse)")


class Purpose(models.TextChoices):
    """The purposes of the privacy statement, section 2 (labels are its headings verbatim).

    Staff administration is not a heading of section 2, but the statement (section 1) covers
    employees of subsidiaries, whose admin accounts we keep.
    """

    REGISTRATION = "registration", _("Registrering og innsending av skjema")
    COMMUNICATION = "communication", _("Kommunikasjon med bruker")
    ANALYSIS = "analysis", _("Analyse, utvikling og tilpasning av de Digitale Tjenestene")
    INVOICING = "invoicing", _("Fakturering og regnskap")
    SECURITY = "security", _("Hindre, begrense og følge opp misbruk av de Digitale Tjenestene")
    LEGAL_OBLIGATIONS = "legal_obligations", _("Overholdelse av lovpålagte plikter")
    STAFF_ADMINISTRATION = (
        "staff_administration",
        _("Administrasjon av brukerkontoer og tilganger for ansatte"),
    )

    @property
    def legal_bases(self) -> tuple[LegalBasis, ...]:
        return PURPOSE_LEGAL_BASES[self]

    @property
    def description(self) -> str:
        return PURPOSE_DESCRIPTIONS[self]


# The legal basis the statement gives each purpose (section 2).
PURPOSE_LEGAL_BASES: dict[Purpose, tuple[LegalBasis, ...]] = {
    Purpose.REGISTRATION: (LegalBasis.CONTRACT,),
    Purpose.COMMUNICATION: (LegalBasis.CONTRACT,),
    Purpose.ANALYSIS: (LegalBasis.LEGITIMATE_INTERESTS,),
    Purpose.INVOICING: (LegalBasis.CONTRACT,),
    # "vår rettslige forpliktelse ... og vår berettigede interesse ..., jf. bokstav f"
    Purpose.SECURITY: (LegalBasis.LEGAL_OBLIGATION, LegalBasis.LEGITIMATE_INTERESTS),
    Purpose.LEGAL_OBLIGATIONS: (LegalBasis.LEGAL_OBLIGATION,),
    Purpose.STAFF_ADMINISTRATION: (LegalBasis.LEGITIMATE_INTERESTS,),
}

PURPOSE_DESCRIPTIONS: dict[Purpose, Any] = {
    Purpose.REGISTRATION: _(
        "Ta imot henvendelser fra kontaktskjemaet og formidle dem til riktig datterselskap."
    ),
    Purpose.COMMUNICATION: _(
        "Besvare henvendelser og sende informasjon som er viktig for bruken av tjenestene."
    ),
    Purpose.ANALYSIS: _(
        "Analysere, videreutvikle og tilpasse de Digitale Tjenestene (bruksmønster, "
        "informasjonskapsler etter samtykke)."
    ),
    Purpose.INVOICING: _("Fakturering og regnskap."),
    Purpose.SECURITY: _(
        "Vedlikehold, feilretting og oppfølging av sikkerhetstiltak, sikkerhetshendelser og "
        "misbruk."
    ),
    Purpose.LEGAL_OBLIGATIONS: _(
        "Oppfylle lovpålagte plikter, blant annet rapportering, oppbevaring og behandling av "
        "forespørsler om personvernrettigheter."
    ),
    Purpose.STAFF_ADMINISTRATION: _(
        "Gi ansatte i Mestergruppen og datterselskapene tilgang til administrasjonen, og kunne "
        "knytte handlinger til den som utførte dem."
    ),
}


class SubjectCategory(models.TextChoices):
    """Whose data it is (Art. 30(1)(c)); the statement, section 1, names these groups."""

    PROSPECTIVE_MEMBER = (
        "prospective_member",
        _("Kontaktpersoner hos bedrifter som vil bli medlem (innsendere av kontaktskjema)"),
    )
    CONSUMER = "consumer", _("Forbrukere")
    SUBSIDIARY_STAFF = "subsidiary_staff", _("Ansatte og kontaktpersoner hos datterselskaper")
    MEMBER_STAFF = "member_staff", _("Ansatte og kontaktpersoner hos medlemsbedrifter")
    PARTNER = "partner", _("Samarbeidspartnere")
    GROUP_STAFF = "group_staff", _("Ansatte i Mestergruppen AS")
    VISITOR = "visitor", _("Besøkende på nettstedet")


# --- Normalisation ---------------------------------------------------------------------------


class InvalidPhoneNumber(ValueError):
    """The text is not a phone number we can store (forms turn this into a Norwegian error)."""


def normalise_email(value: str | None) -> str:
    """The one stored and compared form of an email address: trimmed, NFC, lower-case.

    Both the local part and the domain are lower-cased: RFC 5321 lets a server treat the
    local part case-sensitively, but no real mailbox provider does, and a person asking for
    their data must be found whatever letter case they typed.
    """
    if not value:
        return ""
    return unicodedata.normalize("NFC", value.strip()).lower()


def normalise_phone(value: str | None, *, region: str = "NO") -> str:
    """A phone number in E.164 (`+4791234567`); Norwegian unless it says otherwise.

    Accepts the usual notations: "912 34 567", "91 23 45 67", "+47 91234567",
    "0047 912 34 567". Returns "" for empty input; raises InvalidPhoneNumber otherwise.
    """
    if value is None or not value.strip():
        return ""
    try:
        number = phonenumbers.parse(value.strip(), region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(str(error)) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class Subject:
    """One person, as the registry finds them: a normalised email and/or an E.164 phone."""

    email: str = ""
    phone: str = ""

    @classmethod
    def from_input(cls, *, email: str | None = None, phone: str | None = None) -> Subject:
        """Normalise what a person or an officer typed; raises ValueError if both are empty
        (and InvalidPhoneNumber for a phone that is not one)."""
        subject = cls(email=normalise_email(email), phone=normalise_phone(phone))
        if not subject.email and not subject.phone:
            raise ValueError("a subject needs an email address or a phone number")
        return subject

    def __str__(self) -> str:
        return " / ".join(part for part in (self.email, self.phone) if part)


# --- Declarations ----------------------------------------------------------------------------


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
    """How long rows are kept; `expired()` gives the rows the retention command may erase."""

    description: Any  # Norwegian, for the records of processing activities
    date_field: str | None = None
    days: int | None = None
    unless: Mapping[str, Any] = field(default_factory=dict)
    parent: str | None = None  # a foreign key: kept as long as the row it belongs to
    expired_rows: Callable[[models.QuerySet, Any], models.QuerySet] | None = None

    @classmethod
    def after(
        cls,
        date_field: str,
        *,
        days: int,
        unless: Mapping[str, Any] | None = None,
        description: Any = None,
    ) -> Retention:
        """Kept `days` days after the date in `date_field`; rows matching `unless` are kept."""
        if description is None:
            description = format_lazy(
                _("{days} dager etter «{field}»"), days=days, field=date_field
            )
        return cls(description=description, date_field=date_field, days=days, unless=unless or {})

    @classmethod
    def with_parent(cls, parent: str, *, description: Any = None) -> Retention:
        """Kept as long as the row the foreign key `parent` points to; erased with it."""
        return cls(
            description=description
            or format_lazy(_("Som posten den hører til («{field}»)"), field=parent),
            parent=parent,
        )

    @classmethod
    def custom(
        cls, description: Any, *, expired: Callable[[models.QuerySet, Any], models.QuerySet]
    ) -> Retention:
        """`expired(queryset, now)` returns the rows whose retention has run out."""
        return cls(description=description, expired_rows=expired)

    @classmethod
    def manual(cls, description: Any) -> Retention:
        """No automatic expiry: a person decides (described for the Art. 30 record)."""
        return cls(description=description)

    def expired(self, queryset: models.QuerySet, *, now=None) -> models.QuerySet:
        """The rows of `queryset` whose retention has run out (none for parent/manual rules)."""
        now = now or timezone.now()
        if self.expired_rows is not None:
            return self.expired_rows(queryset, now)
        if self.date_field and self.days is not None:
            rows = queryset.filter(**{f"{self.date_field}__lt": now - timedelta(days=self.days)})
            return rows.exclude(**self.unless) if self.unless else rows
        return queryset.none()


@dataclass(frozen=True)
class Delete:
    """Erasure deletes the rows."""

    label = _("slettes")


@dataclass(frozen=True)
class Anonymise:
    """Erasure overwrites personal fields with the stated values; `keep` says why others stay."""

    replace: Mapping[str, Any]
    keep: Mapping[str, Any] = field(default_factory=dict)

    label = _("anonymiseres")


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

    @property
    def label(self) -> str:
        """`app_label.ModelName`, as check messages and reports name a model."""
        return self.model._meta.label

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
) -> ModelDeclaration:
    """Declare one model's personal data (see the module docstring for an example).

    `fields` classifies every local concrete and many-to-many field: a `Category`, a
    `Personal(...)`, or `Category.NOT_PERSONAL`. A model with personal fields also needs
    `find`, `subjects`, `purposes`, `retention` and `erasure`; the system check reports what
    is missing or names a field that does not exist.
    """
    specs: dict[str, FieldSpec] = {}
    for name, value in fields.items():
        if isinstance(value, Personal):
            specs[name] = value
        elif value == Category.NOT_PERSONAL:
            specs[name] = None
        elif isinstance(value, str) and value in Category.values:
            specs[name] = Personal(Category(value))
        else:
            raise ImproperlyConfigured(
                f"{model}: field {name!r} must be classified with a Category or Personal(...), "
                f"not {value!r}"
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
    )
    return registry.register(declaration)
