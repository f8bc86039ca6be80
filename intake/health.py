"""The outbox's figures for operators: `/healthz` with the token and `manage.py health`."""

from datetime import timedelta

from django.utils import timezone

from intake.models import Delivery, DeliveryStatus


def oldest_waiting_delivery_age_seconds() -> float | None:
    """How long the oldest email not yet sent has waited (retries included): an outage of the
    email provider shows here while the task queue itself looks fine."""
    oldest = (
        Delivery.objects.filter(status=DeliveryStatus.WAITING)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return None if oldest is None else round((timezone.now() - oldest).total_seconds(), 1)


def failed_deliveries_last_day() -> int:
    return Delivery.objects.filter(
        status=DeliveryStatus.FAILED, status_changed_at__gte=timezone.now() - timedelta(days=1)
    ).count()
