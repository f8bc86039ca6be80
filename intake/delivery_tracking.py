"""What an email provider's tracking webhooks (through Anymail) tell us about a delivery.

Providers resend events and deliver them out of order, so each outcome may be reached only from
the statuses listed below; a bounce, a complaint or a refusal alerts the central inbox once.
"""

import logging

from anymail.signals import EventType
from django.db import transaction
from django.db.models import Q

from intake.models import Delivery, DeliveryStatus
from intake.outbox import delivery_alert, error_text

logger = logging.getLogger(__name__)

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


def _readable(value) -> str | None:
    """A value from the provider's payload as text we can look up: anyone can post to the
    webhook, and PostgreSQL refuses a string with a NUL byte (no row can hold one anyway)."""
    if not isinstance(value, str) or "\x00" in value:
        return None
    return value


def _find_tracked_delivery(
    *, message_id: str | None, metadata: dict, recipient: str | None
) -> Delivery | None:
    message_id, recipient = _readable(message_id), _readable(recipient)
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
