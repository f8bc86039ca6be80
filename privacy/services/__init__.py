"""Operations on the personal-data registry, for the privacy officer's work and other apps.

    from privacy.services import (
        is_restricted, subject_erase, subject_export, subject_find, subject_restrict,
    )

    records = subject_find(email="Kari@Eksempel.no")         # grouped by model
    data = subject_export(email="kari@eksempel.no", phone="912 34 567")  # JSON-ready dict
    report = subject_erase(email="kari@eksempel.no", by=officer)         # one transaction
    subject_restrict(email="kari@eksempel.no", by=officer, reason="Bestrider riktigheten")
    if is_restricted(email=lead.email, phone=lead.phone): ...   # intake: store, do not route

Every function takes the email and/or phone as a person typed them and normalises them
(`privacy.registry.normalise_email/normalise_phone`); `Subject.from_input` raises ValueError
when both are empty and InvalidPhoneNumber for a phone that is not one.

One module per family: `finding` (find and export), `erasure`, `measures` (restriction and
legal holds). Import from `privacy.services`, which offers all of them.
"""

from privacy.services.erasure import ErasureOutcome, ErasureReport, Outcome, subject_erase
from privacy.services.finding import (
    EXPORT_FORMAT,
    ModelRecords,
    SubjectRecords,
    json_value,
    records_as_data,
    subject_export,
    subject_find,
    subject_queryset,
)
from privacy.services.measures import (
    active_restriction,
    is_restricted,
    legal_hold_place,
    legal_hold_release,
    restriction_lift,
    subject_lift_restriction,
    subject_restrict,
)

__all__ = [
    "EXPORT_FORMAT",
    "ErasureOutcome",
    "ErasureReport",
    "ModelRecords",
    "Outcome",
    "SubjectRecords",
    "active_restriction",
    "is_restricted",
    "json_value",
    "legal_hold_place",
    "legal_hold_release",
    "records_as_data",
    "restriction_lift",
    "subject_erase",
    "subject_export",
    "subject_find",
    "subject_lift_restriction",
    "subject_queryset",
    "subject_restrict",
]
