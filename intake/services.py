"""Intake workflows that span models or send email (STYLE.md: keyword-only, atomic).

`lead_submit` stores what the contact form sent; the triage functions send a lead to another
subsidiary, transfer it, and resend a failed delivery, with history and access log. Every email
goes through the outbox (`intake.outbox`), which creates, enqueues, sends and alerts.
"""

import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

# delivery_track, DeliveryInFlight, delivery_alert and error_text moved to the outbox and its
# tracking module; they stay importable from here for older callers.
from intake.delivery_tracking import delivery_track  # noqa: F401
from intake.forms import ContactForm
from intake.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Lead,
    LeadEventKind,
    LeadStatus,
    Subsidiary,
)
from intake.outbox import (  # noqa: F401
    DeliveryInFlight,
    delivery_alert,
    delivery_create,
    delivery_enqueue,
    delivery_restart,
    error_text,
)
from privacy.audit import AccessAction, record_access
from privacy.consents import ConsentSource, news_consent_give

logger = logging.getLogger(__name__)

_CENTRAL = _("Sentralt")


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
    must never make us send email to third parties, not even a receipt.

    Whether a person's processing is restricted (GDPR Art. 18) is decided where email is
    sent, not here: the outbox asks the privacy register before every attempt
    (`intake.outbox`), which also covers a restriction placed after the lead came in, and
    marks the delivery not sent, with the reason. One place decides, at the last moment.
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
    if lead.is_suspected_spam:
        # Suspected spam gets no consent record either: the address may be someone else's.
        return lead
    if lead.wants_news:
        # The proof of the consent (Art. 7(1)), in the register that the unsubscribe link,
        # a data-subject request and "Mine data" withdraw from; in the same transaction.
        news_consent_give(
            lead.email, source=ConsentSource.CONTACT_FORM, statement=lead.privacy_statement
        )

    recipients = list(dict.fromkeys(lead.routing_recipients()))
    deliveries = Delivery.objects.bulk_create(
        [Delivery(lead=lead, kind=DeliveryKind.ROUTING, recipient=r) for r in recipients]
        + [Delivery(lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email)]
    )
    for delivery in deliveries:
        delivery_enqueue(delivery=delivery)
    return lead


@transaction.atomic
def lead_send_to_subsidiary(*, lead: Lead, subsidiary: Subsidiary, by) -> list[Delivery]:
    """Send `lead` to `subsidiary` as well (its address for the lead's county), without
    changing whose lead it is (`lead_transfer` does that). An address that already had the
    lead gets it again unless it is still on its way."""
    deliveries = []
    for recipient in subsidiary.recipients_for(lead.county):
        existing = Delivery.objects.filter(
            lead=lead, kind=DeliveryKind.ROUTING, recipient=recipient
        ).first()
        if existing is None:
            deliveries.append(
                delivery_create(lead=lead, kind=DeliveryKind.ROUTING, recipient=recipient)
            )
        elif existing.is_in_flight:
            deliveries.append(existing)
        else:
            deliveries.append(delivery_restart(delivery=existing, by=by))
    logger.info(
        "Lead forwarded by staff",
        extra={
            "lead_id": lead.pk,
            "subsidiary_id": subsidiary.pk,
            "user_id": getattr(by, "pk", None),
        },
    )
    return deliveries


# --- Triage: the admin's transfer and resend, with history and access log -------------------

# A routing delivery in one of these states may be sent again from the lead list.
RESENDABLE = [DeliveryStatus.FAILED, DeliveryStatus.BOUNCED, DeliveryStatus.COMPLAINED]


@transaction.atomic
def lead_transfer(*, lead: Lead, to: Subsidiary, by) -> list[Delivery]:
    """Make the lead another subsidiary's: new and unassigned for them, sent to their
    address, and the history and the access log say who did it."""
    if to.pk == lead.subsidiary_id:
        raise ValueError("The lead already belongs to this subsidiary.")
    old = lead.subsidiary
    lead.subsidiary = to
    lead.save(update_fields=["subsidiary"])
    lead.change_status(LeadStatus.NEW, by=by)
    lead.assign(None, by=by)
    deliveries = lead_send_to_subsidiary(lead=lead, subsidiary=to, by=by)
    old_name = old.name if old else str(_CENTRAL)
    lead.events.create(
        actor=by, kind=LeadEventKind.FORWARDED, old_value=old_name, new_value=to.name
    )
    record_access(
        actor=by,
        action=AccessAction.FORWARDED,
        obj=lead,
        label=lead.reference,
        detail={"fra": old_name, "til": to.name, "mottakere": len(deliveries)},
    )
    return deliveries


@transaction.atomic
def lead_resend_failed_delivery(*, delivery: Delivery, by) -> bool:
    """Send a failed, bounced or complained-about routing delivery again, in the lead's
    history. False when it is no longer in such a state (someone resent it a moment ago)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status not in RESENDABLE:
        return False
    old_status = delivery.get_status_display()
    delivery = delivery_restart(delivery=delivery, by=by)
    delivery.lead.events.create(
        actor=by,
        kind=LeadEventKind.DELIVERY_RESENT,
        old_value=f"{delivery.recipient}: {old_status}",
        new_value=delivery.get_status_display(),
    )
    return True
