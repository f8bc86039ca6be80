"""What the registry finds for a request, and whose it is.

The confirmed address proves control of that address, nothing more (Art. 12(6)). Records
found through it are the person's. A record found only through the phone number the person
gave is shown to the officer as unverified: a company's switchboard number is shared by its
staff, so one number can find several people's leads. The officer confirms or rejects each
such record on its own (`request_decide_phone_matches`); the rows that belong to it (a lead's
deliveries, notes and history) follow it. Only confirmed records join an export, an erasure,
a rectification or a withdrawal; a rejected or undecided one is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models, transaction

from privacy.audit import record_access
from privacy.models import AccessAction, DataSubjectRequest, RequestActionKind
from privacy.normalisation import Subject
from privacy.registry import ModelDeclaration, registry
from privacy.requests.services import record_action
from privacy.services import ModelRecords, SubjectRecords
from privacy.services.finding import find_records, through_depth

CONFIRMED = "confirmed"
REJECTED = "rejected"
DECISIONS = (CONFIRMED, REJECTED)


def record_key(row: models.Model) -> str:
    """How a decision names a record: model and key, nothing personal (`intake.Lead:12`)."""
    return f"{row._meta.label}:{row.pk}"


@dataclass(frozen=True)
class Verified:
    """The email and phone the request's measures on the person (restriction) may use."""

    email: str
    phone: str

    def as_kwargs(self) -> dict[str, str]:
        return {"email": self.email, "phone": self.phone}


@dataclass
class PhoneMatch:
    """A record found only through the phone number, with the rows found through it."""

    key: str
    declaration: ModelDeclaration
    row: models.Model
    decision: str = ""  # "", CONFIRMED or REJECTED
    belonging: list[tuple[ModelDeclaration, models.Model]] = field(default_factory=list)

    @property
    def verbose_name(self) -> str:
        return str(self.declaration.model._meta.verbose_name)

    @property
    def confirmed(self) -> bool:
        return self.decision == CONFIRMED


@dataclass
class RequestRecords:
    verified: SubjectRecords
    unverified: SubjectRecords  # found only through the phone and not confirmed
    phone_matches: list[PhoneMatch] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.verified.total + self.unverified.total

    @property
    def undecided(self) -> list[PhoneMatch]:
        return [match for match in self.phone_matches if not match.decision]


def _empty(subject: Subject) -> SubjectRecords:
    return SubjectRecords(subject=subject, groups=[])


def _anchors(candidates: SubjectRecords, phone: str) -> dict[str, PhoneMatch]:
    """Each candidate row's match: the row itself when its own phone field holds the number,
    else the match of the row it was found through (a delivery goes with its lead)."""
    matches: dict[str, PhoneMatch] = {}
    anchor_of: dict[str, str] = {}
    for group in sorted(candidates.groups, key=lambda g: through_depth(g.declaration)):
        declaration = group.declaration
        find = declaration.find
        for row in group.rows:
            key = record_key(row)
            parent = None
            if find.through and not (find.phone and getattr(row, find.phone) == phone):
                relation = declaration.model._meta.get_field(find.through)
                parent_key = (
                    f"{relation.related_model._meta.label}:{getattr(row, relation.attname)}"
                )
                parent = anchor_of.get(parent_key)
            if parent is None:
                matches[key] = PhoneMatch(key=key, declaration=declaration, row=row)
                anchor_of[key] = key
            else:
                matches[parent].belonging.append((declaration, row))
                anchor_of[key] = parent
    return matches


def _split(found: SubjectRecords, *, email: str) -> tuple[SubjectRecords, SubjectRecords]:
    """The rows the confirmed address reaches (its own field holds the address, it belongs to
    such a row, or a custom look-up found it, which is given only the address), and the rest:
    found only through the phone number."""
    reached: set[str] = set()
    mine, others = [], []
    for group in sorted(found.groups, key=lambda g: through_depth(g.declaration)):
        declaration = group.declaration
        find = declaration.find
        relation = declaration.model._meta.get_field(find.through) if find.through else None
        only_custom = find.custom is not None and not (find.email or find.phone or find.through)
        for row in group.rows:
            value = getattr(row, find.email) if find.email else ""
            by_address = bool(email and value) and (
                value == email if find.email_normalised else value.upper() == email.upper()
            )
            if relation is not None and not by_address:
                parent = f"{relation.related_model._meta.label}:{getattr(row, relation.attname)}"
                by_address = parent in reached
            if by_address or only_custom:
                reached.add(record_key(row))
                mine.append((declaration, row))
            else:
                others.append((declaration, row))
    return _grouped(Subject(email=email), mine), _grouped(found.subject, others)


def _grouped(subject: Subject, rows: list[tuple[ModelDeclaration, models.Model]]):
    """The rows as SubjectRecords, models in registry order, rows by key."""
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for declaration, row in rows:
        by_model.setdefault(declaration.model, []).append(row)
    groups = []
    for declaration in registry.with_personal_data():
        found = by_model.get(declaration.model)
        if found:
            groups.append(
                ModelRecords(declaration=declaration, rows=sorted(found, key=lambda r: r.pk))
            )
    return SubjectRecords(subject=subject, groups=groups)


def request_records(request: DataSubjectRequest, *, by=None) -> RequestRecords:
    """Everything the registry finds for the request, split by whether it is verified.

    With `by`, the look-up is written to the access log under the request's reference."""
    by_email, matches = _empty(Subject()), []
    if request.email or request.phone:
        # One look-up by both; what the address does not reach is sorted out below.
        found = find_records(
            Subject(email=request.email, phone=request.phone),
            custom_subject=Subject(email=request.email),
        )
        by_email, candidates = _split(found, email=request.email)
        if candidates.groups:
            decisions = request.phone_records or {}
            matches = list(_anchors(candidates, request.phone).values())
            for match in matches:
                match.decision = decisions.get(match.key, "")
    verified_rows = [(g.declaration, row) for g in by_email.groups for row in g.rows]
    unverified_rows = []
    for match in matches:
        rows = [(match.declaration, match.row), *match.belonging]
        (verified_rows if match.confirmed else unverified_rows).extend(rows)
    subject = Subject(**verified_subject(request, matches).as_kwargs())
    verified = _grouped(subject, verified_rows) if matches else by_email
    unverified = _grouped(Subject(phone=request.phone), unverified_rows)
    if by is not None:
        record_access(
            actor=by,
            action=AccessAction.VIEWED,
            obj=request,
            label=request.reference,
            detail={
                "request": request.reference,
                "operation": "find",
                "verified": verified.total,
                "unverified": unverified.total,
            },
        )
    return RequestRecords(verified=verified, unverified=unverified, phone_matches=matches)


def verified_subject(request: DataSubjectRequest, matches: list[PhoneMatch] | None = None):
    """The address, and the phone number only when every record found through it alone has
    been confirmed as the person's: a restriction keyed by a number some of whose records
    belong to someone else would stop their leads too."""
    if matches is None:
        matches = request_records(request).phone_matches if request.phone else []
    phone = request.phone if matches and all(match.confirmed for match in matches) else ""
    return Verified(email=request.email, phone=phone)


@transaction.atomic
def request_decide_phone_matches(
    *, request: DataSubjectRequest, by, decisions: dict[str, str]
) -> dict[str, str]:
    """Record the officer's decision on records found only through the phone number:
    `decisions` maps a record's key to CONFIRMED, REJECTED or "" (not decided). Keys of
    records the number does not find now are ignored. Returns the decisions in force."""
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    current = {match.key for match in request_records(request).phone_matches}
    stored = {k: v for k, v in (request.phone_records or {}).items() if k in current}
    changed = {}
    for key, decision in decisions.items():
        if key not in current or decision not in (*DECISIONS, ""):
            continue
        if stored.get(key, "") != decision:
            changed[key] = decision
        if decision:
            stored[key] = decision
        else:
            stored.pop(key, None)
    request.phone_records = stored
    request.save(update_fields=["phone_records"])
    if changed:
        record_action(
            request,
            RequestActionKind.PHONE_CONFIRMED,
            by=by,
            confirmed=sorted(k for k, v in changed.items() if v == CONFIRMED),
            rejected=sorted(k for k, v in changed.items() if v == REJECTED),
            undecided=sorted(k for k, v in changed.items() if not v),
        )
        record_access(
            actor=by,
            action=AccessAction.CHANGED,
            obj=request,
            label=request.reference,
            detail={
                "request": request.reference,
                "operation": "decide_phone_matches",
                "confirmed": sum(1 for v in changed.values() if v == CONFIRMED),
                "rejected": sum(1 for v in changed.values() if v == REJECTED),
            },
        )
    return stored
