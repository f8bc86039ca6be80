"""The consent register's personal data, declared with the registry (privacy/models/consents.py).

A news consent row holds the person's address: found by it, exported, and on erasure its
address is removed (the row stays as an anonymous count). A cookie choice names no one; the
random id in the visitor's cookie is still an online identifier, so it is classified too.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from privacy.models import COOKIE_PURPOSES, ConsentPurpose, ConsentRecord
from privacy.registry import (
    Anonymise,
    Category,
    Delete,
    FindBy,
    Purpose,
    Retention,
    SubjectCategory,
    declare,
)

# The proof of a consent or a withdrawal is kept three years after the choice, the general
# limitation period (foreldelsesloven § 2), like a data-subject request; a news consent still
# in force is kept as long as it is (it is what allows the sending).
CONSENT_RETENTION_DAYS = 3 * 365


def _consent_expired(queryset, now):
    cutoff = now - timedelta(days=CONSENT_RETENTION_DAYS)
    newer = ConsentRecord.objects.filter(
        purpose=OuterRef("purpose"),
        email=OuterRef("email"),
        recorded_at__gt=OuterRef("recorded_at"),
    )
    return queryset.filter(recorded_at__lt=cutoff).filter(
        Q(purpose__in=[p.value for p in COOKIE_PURPOSES])
        | Q(given=False)
        | Q(email="")
        | Exists(newer)
    )


WITHOUT_ADDRESS = _(
    "Uten adressen er raden bare en telling av samtykker: hva, når og hvor, ikke hvem"
)
CONSENT_ANONYMISATION = Anonymise(
    replace={"email": ""},
    keep={
        name: WITHOUT_ADDRESS
        for name in (
            "consent_id",
            "purpose",
            "given",
            "source",
            "declaration_version",
            "statement",
            "recorded_at",
        )
    },
    done=Q(email=""),
)

declare(
    ConsentRecord,
    fields={
        "id": Category.NOT_PERSONAL,
        "consent_id": Category.CONSENT,
        "purpose": Category.CONSENT,
        "given": Category.CONSENT,
        "email": Category.CONTACT,
        "source": Category.CONSENT,
        "declaration_version": Category.CONSENT,
        "statement": Category.CONSENT,
        "recorded_at": Category.CONSENT,
    },
    find=FindBy(email="email"),
    subjects=[SubjectCategory.PROSPECTIVE_MEMBER, SubjectCategory.VISITOR],
    purposes=[Purpose.NEWS, Purpose.VOLUNTARY_COOKIES, Purpose.LEGAL_OBLIGATIONS],
    recipients=[],
    retention=Retention.custom(
        _(
            "Tre år etter valget (foreldelsesloven § 2); et samtykke til nyheter som gjelder, "
            "så lenge det gjelder"
        ),
        expired=_consent_expired,
        then=Delete(),
    ),
    erasure=CONSENT_ANONYMISATION,
)

__all__ = ["CONSENT_RETENTION_DAYS", "ConsentPurpose"]
