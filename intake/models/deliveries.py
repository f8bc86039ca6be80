"""The outbox: one `Delivery` row per email of a lead (to a subsidiary, a receipt, an alert).
The worker sends from it, records every attempt on it, and never sends a row twice
(`intake.outbox`)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models.choices import DeliveryKind, DeliveryStatus


class DeliveryQuerySet(models.QuerySet):
    def waiting(self) -> "DeliveryQuerySet":
        return self.filter(status=DeliveryStatus.WAITING)

    def overdue(self, *, before) -> "DeliveryQuerySet":
        """Waiting rows that should have been tried before `before`: a live task would have
        picked them up by now, so they are the outbox sweep's candidates."""
        return self.waiting().filter(
            models.Q(next_attempt_at__lt=before)
            | models.Q(next_attempt_at__isnull=True, created_at__lt=before)
        )

    def stuck_sending(self, *, before) -> "DeliveryQuerySet":
        """Rows handed to the email server before `before` and never marked: the worker died
        between sending and recording."""
        return self.filter(status=DeliveryStatus.SENDING, status_changed_at__lt=before)

    def problems(self) -> "DeliveryQuerySet":
        return self.filter(
            status__in=[DeliveryStatus.FAILED, DeliveryStatus.BOUNCED, DeliveryStatus.COMPLAINED]
        )


class Delivery(models.Model):
    """One email of one lead to one address: the outbox row the worker sends from."""

    lead = models.ForeignKey(
        "intake.Lead",
        verbose_name=_("henvendelse"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    kind = models.CharField(_("type"), max_length=10, choices=DeliveryKind.choices)
    recipient = models.EmailField(_("mottaker"), max_length=254)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.CharField(_("siste feil"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status endret"), default=timezone.now)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    # The email provider's own id for the message when it differs from our Message-ID header
    # (Postmark, SendGrid, ...): tracking webhooks name the message by it (indexed for that
    # lookup, like message_id).
    provider_message_id = models.CharField(
        _("leverandørens meldings-ID"), max_length=255, blank=True, db_index=True
    )
    about = models.ForeignKey(
        "self",
        verbose_name=_("gjelder utsending"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        help_text=_("For varsler: utsendingen som feilet."),
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("utsending")
        verbose_name_plural = _("utsendinger")
        constraints = [
            # One routing email and one receipt per address and lead; alerts are one per
            # problem, so the same lead may alert the central inbox more than once.
            models.UniqueConstraint(
                fields=["lead", "kind", "recipient"],
                condition=~models.Q(kind="alert"),
                name="delivery_one_per_recipient",
            )
        ]
        indexes = [
            # The outbox sweep: deliveries still waiting, oldest first.
            models.Index(fields=["status", "next_attempt_at"], name="delivery_status_next"),
        ]

    def __str__(self) -> str:
        return f"{self.lead.reference} → {self.recipient} ({self.get_status_display()})"

    def set_status(self, status: str) -> None:
        self.status = status
        self.status_changed_at = timezone.now()

    @property
    def is_in_flight(self) -> bool:
        """Waiting for the worker or being sent right now: not to be started again."""
        return self.status in {DeliveryStatus.WAITING, DeliveryStatus.SENDING}
