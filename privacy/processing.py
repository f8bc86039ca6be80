"""The records of processing activities (GDPR Art. 30(1)), generated from the registry.

One activity per purpose of the privacy statement (section 2), each with the points (a)–(g)
of Art. 30(1): the controller, the purpose, the categories of data subjects and of personal
data, the recipients, transfers to third countries, the retention rules and the security
measures. Purposes and categories no declaration uses are listed too, marked as not processed
in this system, so the record always covers everything the statement promises.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy.registry import Category, ModelDeclaration, Purpose, SubjectCategory, registry
from privacy.retention_periods import retention_rule

CONTROLLER_FIELDS = ("name", "org_number", "postal_address", "email", "privacy_email")


def third_country_transfers() -> str:
    # Everything runs in Norway/the EEA. Choosing an email provider (Anymail) that stores
    # data outside the EEA makes this a transfer: change this text and the statement together.
    return _("Ingen. Personopplysningene overføres ikke til land utenfor EØS.")


def security_measures() -> list[str]:
    """Art. 32 measures, as the statement (section 6) and the code describe them."""
    return [
        _(
            "Tilgang til personopplysninger er begrenset til personell som trenger den for å "
            "utføre sine oppgaver (roller og tilganger i administrasjonen); alle er underlagt "
            "taushetsplikt."
        ),
        _(
            "All trafikk går kryptert (HTTPS med HSTS); sikre informasjonskapsler, "
            "innholdssikkerhetspolicy (CSP) og vern mot CSRF og clickjacking."
        ),
        _("Passord lagres bare som saltede hash-verdier."),
        _("Loggene renses for e-postadresser og telefonnumre før de skrives."),
        _(
            "Hvert felt i databasen er klassifisert i personopplysningsregisteret; en "
            "automatisk kontroll stopper nye felt som ikke er klassifisert."
        ),
        _(
            "Opplysninger slettes eller anonymiseres etter lagringsreglene i registeret; "
            "rettslige hold og begrensninger respekteres."
        ),
        _(
            "Jevnlige vurderinger av sikkerheten, databehandleravtaler med leverandører, interne "
            "IT-retningslinjer og opplæring av ansatte."
        ),
    ]


def _controller() -> dict[str, str]:
    controller = getattr(settings, "CONTROLLER", {})
    return {key: str(controller.get(key, "")) for key in CONTROLLER_FIELDS}


def _field_label(declaration: ModelDeclaration, name: str) -> str:
    """The field as the privacy officer and the authority read it: «e-post (henvendelse)»."""
    verbose = declaration.model._meta.get_field(name).verbose_name
    return f"{verbose} ({declaration.model._meta.verbose_name})"


def _erasure_label(declaration: ModelDeclaration) -> str:
    return str(declaration.erasure.label) if declaration.erasure is not None else ""


def _activity(purpose: Purpose, declarations: list[ModelDeclaration]) -> dict[str, Any]:
    subjects: list[str] = []
    categories: dict[Category, list[str]] = {}
    recipients: list[str] = []
    retention = []
    for declaration in declarations:
        for subject in declaration.subjects:
            if str(subject.label) not in subjects:
                subjects.append(str(subject.label))
        for name, spec in declaration.personal_fields.items():
            categories.setdefault(spec.category, []).append(_field_label(declaration, name))
        for recipient in declaration.recipients:
            if str(recipient) not in recipients:
                recipients.append(str(recipient))
        # The same words as the public retention page (privacy.retention_periods).
        rule = retention_rule(declaration) if declaration.retention else {}
        retention.append(
            {
                "model": declaration.label,
                "name": declaration.display_name,
                "rule": rule.get("period", ""),
                "at_expiry": rule.get("at_expiry", ""),
                "erasure": _erasure_label(declaration),
            }
        )
    return {
        "purpose": purpose.value,
        "name": str(purpose.label),
        "description": str(purpose.description),
        "legal_bases": [str(basis.label) for basis in purpose.legal_bases],
        "in_use": bool(declarations),
        "subject_categories": subjects,
        "data_categories": [
            {"category": category.value, "name": str(category.label), "fields": fields}
            for category, fields in sorted(
                categories.items(), key=lambda item: list(Category).index(item[0])
            )
        ],
        "recipients": recipients or ([_("Ingen utenfor Mestergruppen")] if declarations else []),
        "third_country_transfers": third_country_transfers(),
        "retention": retention,
        "security_measures": security_measures(),
    }


def processing_records() -> dict[str, Any]:
    """The Art. 30(1) record as plain data (JSON-serialisable)."""
    declarations = registry.with_personal_data()
    activities = [
        _activity(purpose, [d for d in declarations if purpose in d.purposes])
        for purpose in Purpose
    ]
    data_categories = []
    for category in Category:
        if category == Category.NOT_PERSONAL:
            continue
        fields = [
            _field_label(declaration, name)
            for declaration in declarations
            for name, spec in declaration.personal_fields.items()
            if spec.category == category
        ]
        data_categories.append(
            {
                "category": category.value,
                "name": str(category.label),
                "in_use": bool(fields),
                "fields": fields,
            }
        )
    used_subjects = {subject for d in declarations for subject in d.subjects}
    return {
        "generated_at": timezone.now().isoformat(),
        "controller": _controller(),
        "activities": activities,
        "data_categories": data_categories,
        "subject_categories": [
            {"category": s.value, "name": str(s.label), "in_use": s in used_subjects}
            for s in SubjectCategory
        ],
        "third_country_transfers": third_country_transfers(),
        "security_measures": security_measures(),
    }


CSV_COLUMNS = [
    ("name", _("Formål")),
    ("legal_bases", _("Rettslig grunnlag")),
    ("subject_categories", _("Kategorier registrerte")),
    ("data_categories", _("Kategorier personopplysninger")),
    ("recipients", _("Mottakere")),
    ("third_country_transfers", _("Overføring til tredjeland")),
    ("retention", _("Lagringstid og sletting")),
    ("security_measures", _("Sikkerhetstiltak")),
]


def processing_records_csv(record: dict[str, Any] | None = None) -> str:
    """One row per purpose, the points of Art. 30(1)(b)–(g) as columns; controller first."""
    record = record or processing_records()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    controller = record["controller"]
    writer.writerow([_("Behandlingsansvarlig"), controller["name"], controller["org_number"]])
    writer.writerow([_("Adresse"), controller["postal_address"], controller["email"]])
    writer.writerow([_("Personvernrådgiver"), controller["privacy_email"]])
    writer.writerow([])
    writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for activity in record["activities"]:
        not_used = _("Ikke behandlet i denne løsningen")
        on_erasure = _("ved sletting etter krav")
        writer.writerow(
            [
                activity["name"],
                "; ".join(activity["legal_bases"]),
                "; ".join(activity["subject_categories"]) or not_used,
                "; ".join(
                    f"{c['name']}: {', '.join(c['fields'])}" for c in activity["data_categories"]
                )
                or not_used,
                "; ".join(activity["recipients"]) or not_used,
                activity["third_country_transfers"],
                "; ".join(
                    f"{r['name']}: {r['rule']}; {r['at_expiry']} ({on_erasure}: {r['erasure']})"
                    for r in activity["retention"]
                )
                or not_used,
                " ".join(activity["security_measures"]),
            ]
        )
    return out.getvalue()
