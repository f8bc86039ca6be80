"""What the registry finds for a request, and whose it is.

The confirmed address proves control of that address, nothing more (Art. 12(6)). Records
found through it are the person's. Records found only through the phone number the person
gave are shown to the officer as unverified (a company's switchboard number is shared by its
staff) and stay out of an export, an erasure or a restriction until the officer confirms
that the number is the person's (`phone_confirmed`).
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy.audit import record_access
from privacy.models import AccessAction, DataSubjectRequest
from privacy.normalisation import Subject
from privacy.services import ModelRecords, SubjectRecords, subject_find


@dataclass(frozen=True)
class Verified:
    """The email and phone the request's operations may use."""

    email: str
    phone: str

    def as_kwargs(self) -> dict[str, str]:
        return {"email": self.email, "phone": self.phone}


def verified_subject(request: DataSubjectRequest) -> Verified:
    return Verified(email=request.email, phone=request.phone if request.phone_confirmed else "")


@dataclass
class RequestRecords:
    verified: SubjectRecords
    unverified: SubjectRecords

    @property
    def total(self) -> int:
        return self.verified.total + self.unverified.total


def _empty(subject: Subject) -> SubjectRecords:
    return SubjectRecords(subject=subject, groups=[])


def request_records(request: DataSubjectRequest, *, by=None) -> RequestRecords:
    """Everything the registry finds for the request, split by whether it is verified.

    With `by`, the look-up is written to the access log under the request's reference."""
    verified = verified_subject(request)
    if verified.email or verified.phone:
        found = subject_find(**verified.as_kwargs())
    else:  # a minimised request: nothing to look up
        found = _empty(Subject())
    unverified = _empty(Subject(phone=request.phone))
    if request.phone and not request.phone_confirmed:
        by_phone = subject_find(phone=request.phone)
        known = {(group.label, row.pk) for group in found.groups for row in group.rows}
        for group in by_phone.groups:
            rows = [row for row in group.rows if (group.label, row.pk) not in known]
            if rows:
                unverified.groups.append(ModelRecords(declaration=group.declaration, rows=rows))
    if by is not None:
        record_access(
            actor=by,
            action=AccessAction.VIEWED,
            obj=request,
            label=request.reference,
            detail={
                "request": request.reference,
                "operation": "find",
                "verified": found.total,
                "unverified": unverified.total,
            },
        )
    return RequestRecords(verified=found, unverified=unverified)
