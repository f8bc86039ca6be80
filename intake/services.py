"""Intake workflows that span models or send email (STYLE.md: keyword-only, atomic).

`lead_submit` stores what the contact form sent. The delivery functions are the outbox's
public face: lead triage and the tracking webhooks go through them; the worker's side
(sending, retrying, the sweep) is in `intake.outbox`.
"""

import logging
import secrets
from dataclasses import dataclass

from anymail.signals import EventType
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
from intake.tasks import send_delivery
from mestergruppen.logging import redact
from privacy.audit import AccessAction, record_access

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
        return lead

    recipients = list(dict.fromkeys(lead.routing_recipients()))
    deliveries = Delivery.objects.bulk_create(
        [Delivery(lead=lead, kind=DeliveryKind.ROUTING, recipient=r) for r in recipients]
        + [Delivery(lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email)]
    )
    for delivery in deliveries:
        send_delivery.enqueue(delivery.pk)
    return lead


class DeliveryInFlight(Exception):
    """The delivery is waiting for the worker or being sent: starting it again could send it
    twice."""


def delivery_enqueue(*, delivery: Delivery) -> None:
    """Hand a waiting delivery to the worker. Call it inside the transaction that wrote the
    delivery: with the database task backend the task row commits with it, and the outbox
    sweep covers any backend where it does not."""
    send_delivery.enqueue(delivery.pk)


@transaction.atomic
def delivery_create(
    *, lead: Lead, kind: str, recipient: str, about: Delivery | None = None
) -> Delivery:
    """A new outbox row for `recipient`, enqueued in the same transaction."""
    delivery = Delivery.objects.create(lead=lead, kind=kind, recipient=recipient, about=about)
    delivery_enqueue(delivery=delivery)
    return delivery


@transaction.atomic
def delivery_resend(*, delivery: Delivery, by) -> Delivery:
    """Send a finished delivery again from the start: staff decided to (a fixed address, a
    subsidiary that lost the email, a delivery that finally failed). Raises DeliveryInFlight
    while it is still waiting or being sent."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.is_in_flight:
        raise DeliveryInFlight(delivery.pk)
    delivery.set_status(DeliveryStatus.WAITING)
    delivery.attempts = 0
    delivery.last_error = ""
    delivery.next_attempt_at = None
    delivery.sent_at = None
    # A new Message-ID: receiving systems drop a message whose Message-ID they already have.
    delivery.message_id = ""
    delivery.provider_message_id = ""
    delivery.save()
    delivery_enqueue(delivery=delivery)
    logger.info(
        "Delivery queued again by staff",
        extra={"delivery_id": delivery.pk, "user_id": getattr(by, "pk", None)},
    )
    return delivery


@transaction.atomic
def lead_forward(*, lead: Lead, subsidiary: Subsidiary, by) -> list[Delivery]:
    """Route `lead` to `subsidiary` as well (its address for the lead's county). An address
    that already had the lead gets it again unless it is still on its way. The lead's own
    `subsidiary` is left to the caller, who decides whose lead it now is."""
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
            deliveries.append(delivery_resend(delivery=existing, by=by))
    logger.info(
        "Lead forwarded by staff",
        extra={
            "lead_id": lead.pk,
            "subsidiary_id": subsidiary.pk,
            "user_id": getattr(by, "pk", None),
        },
    )
    return deliveries


def delivery_alert(*, about: Delivery) -> Delivery | None:
    """Tell the central inbox that `about` did not arrive, through the outbox (retried like
    any email). An alert that itself fails is logged, never alerted: no loop."""
    if about.kind == DeliveryKind.ALERT:
        logger.error(
            "An alert to the central inbox could not be delivered",
            extra={"delivery_id": about.pk, "status": about.status},
        )
        return None
    return delivery_create(
        lead=about.lead,
        kind=DeliveryKind.ALERT,
        recipient=settings.CENTRAL_INBOX_EMAIL,
        about=about,
    )


def error_text(text: str) -> str:
    """What is kept of an error for staff: no addresses or phone numbers, bounded length."""
    return redact(" ".join(str(text).split()))[:500]


# What a provider's tracking event means for the outbox row; events not listed (opened,
# clicked, queued, ...) change nothing.
_EVENT_STATUS = {
    EventType.DELIVERED: DeliveryStatus.DELIVERED,
    EventType.BOUNCED: DeliveryStatus.BOUNCED,
    EventType.COMPLAINED: DeliveryStatus.COMPLAINED,
    EventType.REJECTED: DeliveryStatus.FAILED,
    EventType.FAILED: DeliveryStatus.FAILED,
}
# From which statuses each outcome may be reached. Providers resend events and deliver them
# out of order: a late "delivered" must not hide a bounce or a complaint.
_ALLOWED_FROM = {
    DeliveryStatus.DELIVERED: {
        DeliveryStatus.WAITING,
        DeliveryStatus.SENDING,
        DeliveryStatus.SENT,
        # Failed with an unknown outcome (the worker died mid-send) or after a timeout
        # that had in fact gone through: the provider knows better.
        DeliveryStatus.FAILED,
    },
    DeliveryStatus.BOUNCED: {
        DeliveryStatus.WAITING,
        DeliveryStatus.SENDING,
        DeliveryStatus.SENT,
        DeliveryStatus.DELIVERED,
        DeliveryStatus.FAILED,
    },
    DeliveryStatus.COMPLAINED: set(DeliveryStatus) - {DeliveryStatus.COMPLAINED},
    DeliveryStatus.FAILED: {DeliveryStatus.WAITING, DeliveryStatus.SENDING, DeliveryStatus.SENT},
}
_ALERTING = {DeliveryStatus.BOUNCED, DeliveryStatus.COMPLAINED, DeliveryStatus.FAILED}


def _find_tracked_delivery(
    *, message_id: str | None, metadata: dict, recipient: str | None
) -> Delivery | None:
    if message_id:
        bare = message_id.strip().strip("<>")
        candidates = {message_id, bare, f"<{bare}>"}
        found = Delivery.objects.filter(
            Q(message_id__in=candidates) | Q(provider_message_id__in=candidates)
        ).first()
        if found is not None:
            return found
    # The id we gave the provider comes back in the event; it names a row only together
    # with the address that row was sent to.
    delivery_id = str((metadata or {}).get("delivery", ""))
    if delivery_id.isdigit() and recipient:
        return Delivery.objects.filter(pk=int(delivery_id), recipient__iexact=recipient).first()
    return None


@transaction.atomic
def delivery_track(
    *,
    event_type: str,
    message_id: str | None,
    metadata: dict | None = None,
    recipient: str | None = None,
    description: str = "",
) -> Delivery | None:
    """Apply an email provider's tracking event (Anymail's normalised form) to its delivery.
    A bounce, a complaint or a refusal alerts the central inbox once."""
    found = _find_tracked_delivery(
        message_id=message_id, metadata=metadata or {}, recipient=recipient
    )
    if found is None:
        return None
    delivery = Delivery.objects.select_for_update().get(pk=found.pk)
    if event_type == EventType.DEFERRED:
        delivery.last_error = error_text(description)
        delivery.save(update_fields=["last_error"])
        return delivery
    status = _EVENT_STATUS.get(event_type)
    if status is None or delivery.status not in _ALLOWED_FROM[status]:
        return delivery
    delivery.set_status(status)
    if status != DeliveryStatus.DELIVERED:
        delivery.last_error = error_text(description or event_type)
    delivery.save(update_fields=["status", "status_changed_at", "last_error"])
    logger.info(
        "Delivery status from the email provider",
        extra={"delivery_id": delivery.pk, "status": status},
    )
    if status in _ALERTING:
        delivery_alert(about=delivery)
    return delivery


# --- Triage: the admin's forward and resend, with history and access log --------------------

# A routing delivery in one of these states may be sent again from the lead list.
RESENDABLE = [DeliveryStatus.FAILED, DeliveryStatus.BOUNCED, DeliveryStatus.COMPLAINED]


@transaction.atomic
def lead_hand_over(*, lead: Lead, to: Subsidiary, by) -> list[Delivery]:
    """Forward a lead to another subsidiary and make it theirs: new and unassigned for them,
    sent to their address, and the history and the access log say who did it."""
    if to.pk == lead.subsidiary_id:
        raise ValueError("The lead already belongs to this subsidiary.")
    old = lead.subsidiary
    lead.subsidiary = to
    lead.save(update_fields=["subsidiary"])
    lead.change_status(LeadStatus.NEW, by=by)
    lead.assign(None, by=by)
    deliveries = lead_forward(lead=lead, subsidiary=to, by=by)
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
def lead_resend_delivery(*, delivery: Delivery, by) -> bool:
    """Send a failed, bounced or complained-about routing delivery again, in the lead's
    history. False when it is no longer in such a state (someone resent it a moment ago)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status not in RESENDABLE:
        return False
    old_status = delivery.get_status_display()
    delivery = delivery_resend(delivery=delivery, by=by)
    delivery.lead.events.create(
        actor=by,
        kind=LeadEventKind.DELIVERY_RESENT,
        old_value=f"{delivery.recipient}: {old_status}",
        new_value=delivery.get_status_display(),
    )
    return True
