"""Sending a request's letters: at most once per stored letter, retried a few times.

A letter is claimed (SENDING, attempt counted) and committed before it goes to the email
server, as intake's outbox does; a worker dying mid-send leaves it in SENDING rather than
sending it twice, and the admin shows it. Once an erasure has minimised its request, each
letter to the person loses its recipient as soon as it is sent: the request keeps only what
documents the answer.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from mestergruppen.email import render_email, safe_address
from privacy.models import DataSubjectRequest, MessageStatus, RequestMessage
from privacy.sending import claim_for_sending

MAX_ATTEMPTS = 6
FIRST_RETRY_DELAY = timedelta(minutes=2)
# Art. 19 notices go to subsidiaries' functional inboxes, not to the person.
NOT_TO_THE_PERSON = {"recipient-notice"}


def send(message_id: int) -> str:
    """Send one stored letter; returns what happened, for the task's result."""
    message = claim_for_sending(RequestMessage, message_id)
    if message is None:
        return "skipped"
    recipient = safe_address(message.recipient)
    try:
        if recipient is None:
            raise ValueError("the recipient is not one valid address")
        email = render_email(
            "dsr-letter",
            {"subject": message.subject, "body": message.body},
            to=[recipient],
            language=message.language,
            reply_to=[settings.PRIVACY_OFFICER_EMAIL],
        )
        email.send()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded and retried
        with transaction.atomic():
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if recipient is not None and message.attempts < MAX_ATTEMPTS:
                message.status = MessageStatus.WAITING
                delay = FIRST_RETRY_DELAY * 2 ** (message.attempts - 1)
                send_request_message.using(run_after=timezone.now() + delay).enqueue(message.pk)
            else:
                message.status = MessageStatus.FAILED
            message.save(update_fields=["status", "last_error"])
        return "failed"
    with transaction.atomic():
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        fields = ["status", "sent_at", "last_error"]
        minimised = (
            not DataSubjectRequest.objects.filter(pk=message.request_id).exclude(email="").exists()
        )
        if minimised and message.kind not in NOT_TO_THE_PERSON:
            message.recipient = ""
            fields.append("recipient")
        message.save(update_fields=fields)
    return "sent"


@task(queue_name="email")
def send_request_message(message_id: int) -> str:
    """Send one letter of a data-subject request; enqueued in the transaction that stored
    it. Running it twice sends once."""
    return send(message_id)
