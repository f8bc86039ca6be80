"""What every right carried out reports beyond the request itself: an access-log entry under the
request's reference (who did what, Art. 5(2) accountability) and, for rectification, erasure and
restriction, a notice to each subsidiary that received the person's data (Art. 19)."""

from __future__ import annotations

from privacy.audit import record_access
from privacy.models import DataSubjectRequest, RequestActionKind
from privacy.requests.hooks import Recipient, recipients_for
from privacy.requests.letters import letter_queue
from privacy.requests.records import request_records
from privacy.requests.services import record_action
from privacy.services import SubjectRecords


def log_step(request: DataSubjectRequest, by, action: str, operation: str, **detail) -> None:
    record_access(
        actor=by,
        action=action,
        obj=request,
        label=request.reference,
        detail={"request": request.reference, "operation": operation, **detail},
    )


def recipients_of(
    request: DataSubjectRequest, records: SubjectRecords | None = None
) -> list[Recipient]:
    """Who received the person's records (Art. 19): from `records` when the caller has found
    them already (the request's verified records), so they are not looked up twice."""
    if records is None:
        records = request_records(request).verified
    return recipients_for({group.declaration.model: group.rows for group in records.groups})


def tell_recipients(request, recipients: list[Recipient], *, operation: str, by) -> None:
    """Art. 19: each subsidiary that received the person's leads is told, in Norwegian."""
    operations = {
        "rectification": ("Retting", "rett opplysningene slik personen har bedt om."),
        "erasure": ("Sletting", "slett e-posten med henvendelsen og alt dere har lagret om den."),
        "restriction": (
            "Begrensning",
            "lagre opplysningene, men ikke bruk dem eller ta kontakt før vi gir beskjed.",
        ),
    }
    title, instruction = operations[operation]
    for recipient in recipients:
        letter_queue(
            request,
            "recipient-notice",
            by=by,
            recipient=recipient.email,
            language="nb",
            operation=title,
            instruction=instruction,
            lead_reference=recipient.reference,
            recipient_name=recipient.name,
        )
    if recipients:
        record_action(
            request,
            RequestActionKind.RECIPIENTS_TOLD,
            by=by,
            operation=operation,
            recipients=[r.name for r in recipients],
        )
