"""Workflows of the intake app that span models."""

import secrets
from dataclasses import dataclass

from django.db import transaction

from intake.forms import ContactForm
from intake.models import Delivery, DeliveryKind, Lead
from intake.tasks import send_delivery
from privacy.services import is_restricted


@dataclass(frozen=True)
class SubmissionMeta:
    """What the view knows about a submission besides the form's fields."""

    language: str
    # The nonce of the signed form token; None when the token was missing or forged.
    submission_token: str | None
    # Why the submission looks like spam ("" when it does not).
    spam_reason: str = ""


@transaction.atomic
def lead_submit(*, form: ContactForm, request_meta: SubmissionMeta) -> Lead:
    """Store the lead, one delivery per recipient and the tasks that send them, in one
    transaction: the lead exists before the person sees "takk", and the database task backend
    writes its task rows in this same transaction, so no lead waits without a task.

    Suspected spam is stored (kept briefly, flagged) but gets no delivery at all: the form
    must never make us send email to third parties, not even a receipt. Nor does the lead of
    a person whose processing is restricted (GDPR Art. 18): it is stored, nothing more.
    """
    data = form.cleaned_data
    lead = Lead.objects.create(
        contact_name=data["contact_name"],
        email=data["email"],
        phone=data["phone"],
        company_name=data["company_name"],
        org_number=data["org_number"],
        county=data["county"],
        subsidiary=data["subsidiary"],
        message=data["message"],
        language=request_meta.language,
        privacy_statement=data["statement_version"],
        wants_news=data["wants_news"],
        is_suspected_spam=bool(request_meta.spam_reason),
        spam_reason=request_meta.spam_reason,
        # A forged or missing token still needs a unique value; such a POST is spam anyway.
        submission_token=request_meta.submission_token or "x-" + secrets.token_urlsafe(24),
    )
    if lead.is_suspected_spam or is_restricted(email=lead.email, phone=lead.phone):
        return lead

    recipients = list(dict.fromkeys(lead.routing_recipients()))
    deliveries = Delivery.objects.bulk_create(
        [Delivery(lead=lead, kind=DeliveryKind.ROUTING, recipient=r) for r in recipients]
        + [Delivery(lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email)]
    )
    for delivery in deliveries:
        send_delivery.enqueue(delivery.pk)
    return lead
