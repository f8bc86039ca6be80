"""Restriction (Art. 18): placed with the recipients told (Art. 19), and lifted only after the
person has been told (Art. 18(3))."""

from __future__ import annotations

from django.db import transaction

from privacy.models import (
    AccessAction,
    DataSubjectRequest,
    MessageStatus,
    RequestActionKind,
    RequestRight,
)
from privacy.requests.fulfil.reporting import log_step, recipients_of, tell_recipients
from privacy.requests.letters import letter_queue
from privacy.requests.records import verified_subject
from privacy.requests.services import record_action, request_handle_right, request_start
from privacy.services import is_restricted, subject_lift_restriction, subject_restrict


@transaction.atomic
def request_fulfil_restriction(
    *, request: DataSubjectRequest, by, reason: str, note: str = ""
) -> None:
    request_start(request=request, by=by)
    subject_restrict(**verified_subject(request).as_kwargs(), by=by, reason=reason)
    recipients = recipients_of(request)
    record_action(request, RequestActionKind.RESTRICTED, by=by, note=reason)
    log_step(request, by, AccessAction.CHANGED, "restrict")
    tell_recipients(request, recipients, operation="restriction", by=by)
    letter_queue(
        request,
        "restricted",
        by=by,
        recipients=sorted({r.name for r in recipients}),
        note=note.strip(),
    )
    request_handle_right(request, [RequestRight.RESTRICTION], by=by)


def restriction_active(request: DataSubjectRequest) -> bool:
    verified = verified_subject(request)
    return bool(verified.email or verified.phone) and is_restricted(**verified.as_kwargs())


def lift_notice_sent(request: DataSubjectRequest) -> bool:
    """Art. 18(3): the person is told before the restriction is lifted, so lifting waits
    until the notice has actually gone out."""
    notified = request.actions.filter(kind=RequestActionKind.LIFT_NOTIFIED).order_by("-at")
    latest = notified.first()
    if latest is None:
        return False
    return request.messages.filter(
        kind="restriction-ending", status=MessageStatus.SENT, created_at__gte=latest.at
    ).exists()


@transaction.atomic
def request_notify_restriction_lift(*, request: DataSubjectRequest, by, reason: str) -> None:
    if not reason.strip():
        raise ValueError("the person is told why the restriction is lifted")
    record_action(request, RequestActionKind.LIFT_NOTIFIED, by=by, note=reason.strip())
    letter_queue(request, "restriction-ending", by=by, reason=reason.strip())


@transaction.atomic
def request_lift_restriction(*, request: DataSubjectRequest, by) -> int:
    if not lift_notice_sent(request):
        raise ValueError("the person has not been told yet (Art. 18(3))")
    lifted = subject_lift_restriction(**verified_subject(request).as_kwargs(), by=by)
    record_action(request, RequestActionKind.RESTRICTION_LIFTED, by=by, restrictions=lifted)
    log_step(request, by, AccessAction.CHANGED, "lift_restriction")
    return lifted
