"""A request's life before the officer answers it: asked, confirmed, joined, reminded,
expired, extended.

    request = request_submit(rights=["access"], email="kari@eksempel.no", language="nb")
    request = request_confirm(request=request)   # from the signed link; may join another
    request_extend(request=request, by=officer, reason="...")
    requests_housekeeping()                      # reminders, expiry, old exports (a timer)

The confirmation link proves control of the address, nothing more (Art. 12(6)). Whatever we
hold about the address, the page and the email are the same: the form must not tell anyone
who is a customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from privacy.models import (
    DataSubjectRequest,
    RequestAction,
    RequestActionKind,
    RequestExport,
    RequestRight,
    RequestStatus,
)
from privacy.models.requests import add_months
from privacy.normalisation import normalise_email, normalise_phone
from privacy.requests.letters import letter_queue, link

CONFIRM_SALT = "privacy.requests.confirm"
CONFIRM_MAX_AGE = timedelta(hours=24)
# The one reminder goes when the first link has run out; the request is gone a day later.
REMIND_AFTER = CONFIRM_MAX_AGE
EXPIRE_AFTER_REMINDER = CONFIRM_MAX_AGE


def record_action(request: DataSubjectRequest, kind: str, *, by=None, note="", **detail):
    return RequestAction.objects.create(
        request=request, kind=kind, actor=by, note=note, detail=detail
    )


# --- Confirmation link -----------------------------------------------------------------------


def confirmation_token(request: DataSubjectRequest) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(request.reference)


def read_confirmation_token(token: str) -> str | None:
    """The reference a link names, or None when it was tampered with or is over 24 h old."""
    if not token or len(token) > 100:
        return None
    try:
        return signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None


def confirmation_link(request: DataSubjectRequest) -> str:
    path = reverse("privacy:request_confirm", args=[confirmation_token(request)])
    return link(path, request.language)


# --- Asking ----------------------------------------------------------------------------------


def _clean_rights(rights) -> list[str]:
    chosen = {RequestRight(right) for right in rights}
    if not chosen:
        raise ValueError("a request names at least one right")
    return [right.value for right in RequestRight if right in chosen]


@transaction.atomic
def request_submit(
    *, rights, email: str, phone: str = "", details: str = "", language: str = "nb"
) -> DataSubjectRequest:
    """Store a request awaiting confirmation and send the link.

    A request for rights already awaiting confirmation for this address joins that one: the
    link is sent again and nothing else changes, so no one can add a right to a request
    someone else will confirm.
    """
    email = normalise_email(email)
    if not email:
        raise ValueError("a request needs an email address")
    rights = _clean_rights(rights)
    phone = normalise_phone(phone)
    for waiting in (
        DataSubjectRequest.objects.awaiting_confirmation()
        .for_email(email)
        .select_for_update()
        .order_by("received_at")
    ):
        if set(rights) <= set(waiting.rights):
            record_action(waiting, RequestActionKind.JOINED, rights=rights, confirmed=False)
            letter_queue(waiting, "confirm", link=confirmation_link(waiting))
            return waiting
    request = DataSubjectRequest.objects.create(
        rights=rights, email=email, phone=phone, details=details, language=language
    )
    record_action(request, RequestActionKind.RECEIVED, rights=rights)
    letter_queue(request, "confirm", link=confirmation_link(request))
    return request


@dataclass
class Confirmation:
    request: DataSubjectRequest  # the request that will be answered (perhaps another one)
    joined: bool = False
    already: bool = False


@transaction.atomic
def request_confirm(*, reference: str) -> Confirmation | None:
    """Confirm the request a valid link names. A confirmed request of the same address that
    is still open and asks for one of the same rights takes it in (one answer, one deadline,
    the earlier one); the person is told which reference to follow."""
    request = DataSubjectRequest.objects.select_for_update().filter(reference=reference).first()
    if request is None:
        return None
    if request.status != RequestStatus.AWAITING_CONFIRMATION:
        return Confirmation(request=request.joined_into or request, already=True)
    now = timezone.now()
    target = (
        DataSubjectRequest.objects.to_handle()
        .for_email(request.email)
        .select_for_update()
        .order_by("received_at")
    )
    target = next((t for t in target if set(t.rights) & set(request.rights)), None)
    if target is None:
        request.status = RequestStatus.CONFIRMED
        request.confirmed_at = now
        request.save(update_fields=["status", "confirmed_at"])
        record_action(request, RequestActionKind.CONFIRMED)
        letter_queue(request, "confirmed", joined=False)
        return Confirmation(request=request)

    target.rights = _clean_rights([*target.rights, *request.rights])
    if request.details:
        stamp = timezone.localtime(request.received_at).strftime("%d.%m.%Y")
        parts = (target.details, f"[{stamp}] {request.details}")
        target.details = "\n\n".join(part for part in parts if part)
    if request.phone and not target.phone:
        target.phone = request.phone
    target.save(update_fields=["rights", "details", "phone"])
    record_action(target, RequestActionKind.JOINED, note=request.reference, rights=request.rights)
    # The joined request stays as a pointer (its link may be opened again); its own copy of
    # the address and the text goes, the request that will be answered has them.
    request.status = RequestStatus.COMPLETED
    request.confirmed_at = request.closed_at = now
    request.joined_into = target
    request.details = ""
    request.save(update_fields=["status", "confirmed_at", "closed_at", "joined_into", "details"])
    record_action(request, RequestActionKind.CONFIRMED, note=target.reference)
    letter_queue(target, "confirmed", joined=True)
    return Confirmation(request=target, joined=True)


def requests_housekeeping(*, now=None) -> dict[str, int]:
    """Remind unconfirmed requests once, delete those still unconfirmed after the reminder,
    and empty exports whose link has expired. Run by a timer (`manage.py
    privacy_requests_housekeeping`), every hour or so."""
    now = now or timezone.now()
    reminded = expired = 0
    waiting = DataSubjectRequest.objects.awaiting_confirmation()
    due = waiting.filter(reminded_at__isnull=True, received_at__lt=now - REMIND_AFTER)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            request = waiting.select_for_update().filter(pk=pk, reminded_at__isnull=True).first()
            if request is None:
                continue
            request.reminded_at = now
            request.save(update_fields=["reminded_at"])
            record_action(request, RequestActionKind.REMINDED)
            letter_queue(request, "reminder", link=confirmation_link(request))
            reminded += 1
    # Nothing is kept of a request nobody confirmed: it may name someone else's address.
    stale = waiting.filter(reminded_at__lt=now - EXPIRE_AFTER_REMINDER)
    expired = stale.count()
    if expired:
        stale.delete()
    removed = RequestExport.objects.expired(now=now).update(content=b"", removed_at=now)
    return {"reminded": reminded, "expired": expired, "exports_removed": removed}


# --- The officer's handling ------------------------------------------------------------------


@transaction.atomic
def request_start(*, request: DataSubjectRequest, by) -> None:
    """The officer takes the request: it is theirs and in progress."""
    if request.status == RequestStatus.CONFIRMED:
        request.status = RequestStatus.IN_PROGRESS
    if request.handled_by_id is None:
        request.handled_by = by
    request.save(update_fields=["status", "handled_by"])


@transaction.atomic
def request_extend(*, request: DataSubjectRequest, by, reason: str) -> None:
    """Art. 12(3): up to two further months, with the reasons sent within the first month."""
    if not request.can_extend:
        raise ValueError("the deadline can no longer be extended")
    if not reason.strip():
        raise ValueError("an extension needs its reasons")
    request.deadline = add_months(request.received_on, 3)
    request.extended_at = timezone.now()
    request.extension_reason = reason.strip()
    request_start(request=request, by=by)
    request.save(update_fields=["deadline", "extended_at", "extension_reason"])
    record_action(request, RequestActionKind.EXTENDED, by=by, note=request.extension_reason)
    letter_queue(request, "extended", by=by, reason=request.extension_reason)


def request_handle_right(request: DataSubjectRequest, rights, *, by) -> None:
    """Mark rights as answered; the request is completed when every right it asks is."""
    done = set(request.handled_rights) | set(rights)
    request.handled_rights = [right for right in request.rights if right in done]
    fields = ["handled_rights"]
    if set(request.rights) <= done and request.status in (
        RequestStatus.CONFIRMED,
        RequestStatus.IN_PROGRESS,
    ):
        request.status = RequestStatus.COMPLETED
        request.closed_at = timezone.now()
        fields += ["status", "closed_at"]
        record_action(request, RequestActionKind.COMPLETED, by=by)
    request.save(update_fields=fields)
