"""The personal data of the rights' own records, declared with the registry: data-subject
requests with their steps, letters and copies (privacy/models/requests.py), and «Mine data»'s
links (privacy/models/mine_data.py). Imported by privacy/personal_data.py.
"""

from django.utils.translation import gettext_lazy as _

from privacy.models import (
    DataSubjectRequest,
    MineDataLink,
    RequestAction,
    RequestExport,
    RequestMessage,
)
from privacy.registry import (
    Category,
    Delete,
    FindBy,
    Keep,
    Personal,
    Purpose,
    Retention,
    SubjectCategory,
    declare,
)

EVERY_SUBJECT = list(SubjectCategory)


# --- Data-subject requests (privacy/models/requests.py) ---------------------------------------

# Documentation that a right was handled, and how: kept three years after the answer, the
# general limitation period for claims (foreldelsesloven § 2), as Art. 12(5) puts the burden
# of proof on us. An erasure the request asked for minimises the request itself once answered.
REQUEST_RETENTION_DAYS = 3 * 365
REQUEST_KEPT = _(
    "Forespørselen er dokumentasjon på hvordan rettigheten ble ivaretatt (GDPR art. 5 nr. 2 "
    "og art. 12 nr. 5); e-post, telefon og beskrivelse fjernes når en sletting er besvart"
)

declare(
    DataSubjectRequest,
    fields={
        "id": Category.NOT_PERSONAL,
        "reference": Category.NOT_PERSONAL,
        "rights": Category.RIGHTS,
        "email": Category.CONTACT,
        "phone": Category.CONTACT,
        # Which records found by the phone the officer confirmed: model and key, no values.
        "phone_records": Category.RIGHTS,
        "details": Category.FREE_TEXT,
        "language": Category.NOT_PERSONAL,
        # A keyed digest: matches a later request to this one, identifies no one by itself.
        "digest": Personal(Category.RIGHTS, export=False),
        "status": Category.RIGHTS,
        "received_at": Category.RIGHTS,
        "reminded_at": Category.RIGHTS,
        "confirmed_at": Category.RIGHTS,
        "deadline": Category.RIGHTS,
        "extended_at": Category.RIGHTS,
        "extension_reason": Category.RIGHTS,
        "closed_at": Category.RIGHTS,
        "handled_by": Personal(Category.ACTIVITY, export=False),
        "decision": Category.RIGHTS,
        "handled_rights": Category.RIGHTS,
        "joined_into": Category.NOT_PERSONAL,
    },
    find=FindBy(email="email", phone="phone"),
    subjects=EVERY_SUBJECT,
    purposes=[Purpose.LEGAL_OBLIGATIONS],
    recipients=[],
    retention=Retention.after(
        "closed_at",
        days=REQUEST_RETENTION_DAYS,
        description=_("Tre år etter at forespørselen ble besvart (foreldelsesloven § 2)"),
        then=Delete(),
    ),
    erasure=Keep(REQUEST_KEPT),
)

declare(
    RequestAction,
    fields={
        "id": Category.NOT_PERSONAL,
        "request": Category.NOT_PERSONAL,
        "at": Category.RIGHTS,
        "actor": Personal(Category.ACTIVITY, export=False),
        "kind": Category.RIGHTS,
        "note": Category.FREE_TEXT,
        # Counts and record keys, never the personal data itself.
        "detail": Personal(Category.RIGHTS, export=False),
    },
    find=FindBy(through="request"),
    subjects=EVERY_SUBJECT,
    purposes=[Purpose.LEGAL_OBLIGATIONS],
    recipients=[],
    retention=Retention.with_parent("request", then=Delete()),
    erasure=Keep(REQUEST_KEPT),
)

declare(
    RequestMessage,
    fields={
        "id": Category.NOT_PERSONAL,
        "request": Category.NOT_PERSONAL,
        "kind": Category.NOT_PERSONAL,
        "recipient": Category.CONTACT,
        "language": Category.NOT_PERSONAL,
        "subject": Category.CORRESPONDENCE,
        "body": Category.CORRESPONDENCE,
        "created_at": Category.CORRESPONDENCE,
        "created_by": Personal(Category.ACTIVITY, export=False),
        "status": Category.NOT_PERSONAL,
        "attempts": Category.NOT_PERSONAL,
        # A mail server's refusal often quotes the address.
        "last_error": Personal(Category.TECHNICAL, export=False),
        "sent_at": Category.CORRESPONDENCE,
    },
    find=FindBy(through="request"),
    subjects=EVERY_SUBJECT,
    purposes=[Purpose.LEGAL_OBLIGATIONS, Purpose.COMMUNICATION],
    recipients=[_("E-postleverandøren som sender e-postene (databehandler)")],
    retention=Retention.with_parent("request", then=Delete()),
    erasure=Keep(REQUEST_KEPT),
)

declare(
    RequestExport,
    fields={
        "id": Category.NOT_PERSONAL,
        "request": Category.NOT_PERSONAL,
        "token_hash": Category.NOT_PERSONAL,
        # The copy of everything we hold: it goes to the person, not into another copy.
        "content": Personal(Category.RIGHTS, export=False),
        "filename": Category.NOT_PERSONAL,
        "created_at": Category.RIGHTS,
        "expires_at": Category.RIGHTS,
        "max_downloads": Category.NOT_PERSONAL,
        "downloads": Category.RIGHTS,
        "removed_at": Category.RIGHTS,
    },
    find=FindBy(through="request"),
    subjects=EVERY_SUBJECT,
    purposes=[Purpose.LEGAL_OBLIGATIONS],
    recipients=[],
    retention=Retention.with_parent("request", then=Delete()),
    erasure=Delete(),
)


# A «Mine data» link and its session: kept a day, then the retention run deletes it.
declare(
    MineDataLink,
    fields={
        "id": Category.NOT_PERSONAL,
        "email": Category.CONTACT,
        "language": Category.NOT_PERSONAL,
        # Random; signed into the link, it opens nothing once the link is used or expired.
        "key": Personal(Category.TECHNICAL, export=False),
        "created_at": Category.RIGHTS,
        "status": Category.NOT_PERSONAL,
        "attempts": Category.NOT_PERSONAL,
        "sent_at": Category.RIGHTS,
        "opened_at": Category.RIGHTS,
        "session_hash": Personal(Category.TECHNICAL, export=False),
        "session_expires_at": Category.RIGHTS,
    },
    find=FindBy(email="email"),
    subjects=EVERY_SUBJECT,
    purposes=[Purpose.LEGAL_OBLIGATIONS, Purpose.SECURITY],
    recipients=[_("E-postleverandøren som sender e-postene (databehandler)")],
    retention=Retention.after(
        "created_at",
        days=1,
        then=Delete(),
        description=_("Ett døgn etter at lenken ble bedt om"),
    ),
    erasure=Delete(),
)
