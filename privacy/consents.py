"""The consent register's service functions: every consent given or withdrawn goes through
here, so each is recorded as proof (GDPR Art. 7(1)) and a withdrawal reaches every place the
consent is kept (Art. 7(3): as easy to withdraw as to give).

    # The cookie banner (no identity: the random id from the visitor's own cookie)
    cookie_choice_record(consent_id=cid, choices={"statistics": True, "marketing": False},
                         declaration_version="3", statement=statement)

    # The news consent of a person, by their email address (normalised here)
    news_consent_give("Kari@Eksempel.no", source=ConsentSource.CONTACT_FORM, statement=s)
    news_consent_in_force("kari@eksempel.no")                           # True
    news_consent_withdraw("kari@eksempel.no", source=ConsentSource.UNSUBSCRIBE_LINK)

A withdrawal also turns off the copy an app keeps (the contact form's `wants_news` on a
lead): apps declare where with `privacy.requests.hooks.declare_news_consent`, so privacy
never imports them. The signed unsubscribe link is `privacy.news`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.db import transaction

from privacy.models import (
    COOKIE_PURPOSES,
    ConsentPurpose,
    ConsentRecord,
    ConsentSource,
    PrivacyStatement,
)
from privacy.normalisation import normalise_email
from privacy.requests.hooks import keeps_news_consent, withdraw_news_consent

__all__ = [
    "ConsentPurpose",
    "ConsentRecord",
    "ConsentSource",
    "cookie_choice_latest",
    "cookie_choice_record",
    "news_consent_give",
    "news_consent_in_force",
    "news_consent_latest",
    "news_consent_withdraw",
]


def _consent_id(value: uuid.UUID | str) -> uuid.UUID:
    """The visitor's consent id as a UUID; ValueError for anything else (a forged cookie)."""
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str) or len(value) > 36:
        raise ValueError("a consent id is a UUID")
    return uuid.UUID(value)


@transaction.atomic
def cookie_choice_record(
    *,
    consent_id: uuid.UUID | str,
    choices: Mapping[str, bool],
    declaration_version: str,
    statement: PrivacyStatement | None,
) -> list[ConsentRecord]:
    """Record one cookie choice: a row per voluntary category (statistics, marketing), all
    with the same consent id and time. A category missing from `choices` is recorded as not
    given (nothing is pre-ticked); an unknown category or a bad id is a ValueError.

    `declaration_version` is the version of the cookie declaration shown, `statement` the
    privacy statement version in force (or None when none is published)."""
    unknown = set(choices) - {p.value for p in COOKIE_PURPOSES}
    if unknown:
        raise ValueError(f"not cookie categories: {sorted(unknown)}")
    cid = _consent_id(consent_id)
    rows = [
        ConsentRecord(
            consent_id=cid,
            purpose=purpose,
            given=bool(choices.get(purpose.value, False)),
            source=ConsentSource.COOKIE_BANNER,
            declaration_version=str(declaration_version)[:40],
            statement=statement,
        )
        for purpose in COOKIE_PURPOSES
    ]
    # One time for the whole choice, so its rows read as one act.
    for row in rows[1:]:
        row.recorded_at = rows[0].recorded_at
    return ConsentRecord.objects.bulk_create(rows)


def cookie_choice_latest(consent_id: uuid.UUID | str) -> dict[str, bool] | None:
    """The latest recorded choice for this consent id ({"statistics": ..., "marketing": ...}),
    or None when none is recorded (or the id is not a UUID)."""
    try:
        cid = _consent_id(consent_id)
    except ValueError:
        return None
    choice: dict[str, bool] = {}
    for row in ConsentRecord.objects.filter(consent_id=cid).newest_first():
        choice.setdefault(row.purpose, row.given)
    return choice or None


def _email(email: str) -> str:
    normalised = normalise_email(email)
    if not normalised:
        raise ValueError("a news consent needs an email address")
    return normalised


def news_consent_latest(email: str) -> ConsentRecord | None:
    """The newest news row for the address: it says whether the consent is in force."""
    return ConsentRecord.objects.news().for_email(normalise_email(email)).newest_first().first()


def news_consent_in_force(email: str) -> bool:
    latest = news_consent_latest(email)
    return latest is not None and latest.given


@transaction.atomic
def news_consent_give(
    email: str,
    *,
    source: ConsentSource | str,
    statement: PrivacyStatement | None,
) -> ConsentRecord:
    """Record that the person at `email` wants news by email, under the statement version
    they were shown. Each consent given gets its own random consent id (the unsubscribe link
    names it, not the address)."""
    return ConsentRecord.objects.create(
        purpose=ConsentPurpose.NEWS,
        given=True,
        email=_email(email),
        source=ConsentSource(source),
        statement=statement,
    )


@transaction.atomic
def news_consent_withdraw(
    email: str,
    *,
    source: ConsentSource | str,
    phone: str = "",
    statement: PrivacyStatement | None = None,
) -> int:
    """Withdraw the news consent of the person at `email`: the register records the
    withdrawal (always, as proof it was honoured, even when nothing was in force) and every
    app's copy is turned off (leads found by the address, and by `phone` when an officer has
    confirmed that number is the person's).

    A lead found by the phone may carry another address of the same person (a work and a
    private one); a news consent in force for that address is withdrawn and recorded too, or
    an objection to direct marketing (Art. 21(3)) would leave news going to it.

    Returns how many places had the consent on and now have it off: the register counts one
    per address it was in force for, plus each app row changed (0: it was off everywhere)."""
    from privacy.services import subject_find  # privacy.services imports the models

    normalised = _email(email)
    found = subject_find(email=normalised, phone=phone)
    addresses = [normalised]
    if phone:
        addresses += sorted(_addresses_keeping_news(found) - {normalised})
    in_force = [address for address in addresses if news_consent_in_force(address)]
    changed = withdraw_news_consent({group.declaration.model: group.rows for group in found.groups})
    # The asked-for address always gets its record; another one only when it was in force.
    recorded = [normalised, *(address for address in in_force if address != normalised)]
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            purpose=ConsentPurpose.NEWS,
            given=False,
            email=address,
            source=ConsentSource(source),
            statement=statement,
        )
        for address in recorded
    )
    return changed + len(in_force)


def _addresses_keeping_news(found) -> set[str]:
    """The addresses on the found rows of models that keep a news consent (by the field the
    registry finds them by)."""
    addresses: set[str] = set()
    for group in found.groups:
        field = group.declaration.find.email if group.declaration.find else None
        if field and keeps_news_consent(group.declaration.model):
            addresses.update(normalise_email(getattr(row, field)) for row in group.rows)
    addresses.discard("")
    return addresses
