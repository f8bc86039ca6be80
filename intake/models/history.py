"""A lead's notes and its history: who changed what, when, from what to what."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models.choices import LeadEventKind, LeadStatus


def user_label(user) -> str:
    if user is None:
        return str(_("slettet bruker"))
    return user.get_full_name() or user.get_username()


class LeadNote(models.Model):
    """An internal note on a lead; never shown to the person who sent it."""

    lead = models.ForeignKey(
        "intake.Lead", verbose_name=_("henvendelse"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("notat"), max_length=2000)
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notat")
        verbose_name_plural = _("notater")

    def __str__(self) -> str:
        return f"{self.lead.reference} · {timezone.localtime(self.created_at):%d.%m.%Y %H:%M}"

    @property
    def author_label(self) -> str:
        return user_label(self.author)


class LeadEvent(models.Model):
    """One entry in a lead's history: who changed what, when, from what to what."""

    lead = models.ForeignKey(
        "intake.Lead",
        verbose_name=_("henvendelse"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hvem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("hendelse"), max_length=12, choices=LeadEventKind.choices)
    old_value = models.CharField(_("fra"), max_length=200, blank=True)
    new_value = models.CharField(_("til"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("hendelse")
        verbose_name_plural = _("historikk")
        indexes = [
            # The dashboard's time to first contact: moves to contacted in the last weeks.
            models.Index(
                fields=["at", "lead"],
                condition=models.Q(kind="status", new_value="contacted"),
                name="lead_event_contacted_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lead_id} · {self.get_kind_display()}"

    @property
    def actor_label(self) -> str:
        return user_label(self.actor)

    def describe_change(self, users: dict[str, object] | None = None) -> str:
        """The change in words staff read: status labels rather than codes, names rather than
        account keys (`users` maps keys to accounts, fetched once for the whole history)."""
        old, new = self.old_value, self.new_value
        if self.kind == LeadEventKind.STATUS_CHANGED:
            labels = dict(LeadStatus.choices)
            old, new = labels.get(old, old), labels.get(new, new)
        if self.kind == LeadEventKind.ASSIGNED:
            users = users or {}
            old = user_label(users.get(old)) if old else ""
            new = user_label(users.get(new)) if new else ""
        if self.kind == LeadEventKind.NOTE_ADDED:
            return ""
        if self.kind == LeadEventKind.RECTIFIED:
            return new
        empty = _("ingen")
        return f"{old or empty} → {new or empty}"
