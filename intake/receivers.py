"""Signal receivers of the intake app: thin adapters onto services (no logic here)."""

import logging

from anymail.signals import tracking
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from intake import subsidiary_cache
from intake.delivery_tracking import delivery_track
from intake.models import Subsidiary

logger = logging.getLogger(__name__)


@receiver(tracking, dispatch_uid="intake_delivery_tracking")
def record_tracking_event(sender, event, esp_name: str, **kwargs) -> None:
    """An email provider's webhook (through Anymail) says what became of a message."""
    if not settings.ANYMAIL.get("WEBHOOK_SECRET") and not settings.DEBUG:
        # Anymail accepts unauthenticated posts when no secret is set; an event anyone could
        # have forged must not mark a lead's email bounced.
        logger.warning("Tracking event ignored: ANYMAIL_WEBHOOK_SECRET is not set")
        return
    delivery_track(
        event_type=event.event_type,
        message_id=event.message_id if isinstance(event.message_id, str) else None,
        metadata=event.metadata if isinstance(event.metadata, dict) else {},
        recipient=event.recipient,
        description=event.description or event.mta_response or "",
    )


@receiver([post_save, post_delete], sender=Subsidiary, dispatch_uid="intake_subsidiary_edited")
def forget_offered_subsidiaries(sender, **kwargs) -> None:
    """The form shows an edit at once in the process that made it; now, and again after
    commit in case a request kept the old list in between."""
    subsidiary_cache.forget_offered_subsidiaries()
    transaction.on_commit(subsidiary_cache.forget_offered_subsidiaries)
