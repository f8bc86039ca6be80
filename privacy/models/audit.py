"""Who looked at, exported or passed on whose personal data (GDPR Art. 5(2), accountability).

The log is written through `privacy.audit.record_access` by any app; it names the object by
content type and primary key so `privacy` never imports the apps that call it.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEWED = "viewed", _("Åpnet")
    EXPORTED = "exported", _("Eksporterte")
    FORWARDED = "forwarded", _("Videresendte")
    CHANGED = "changed", _("Endret")


class AccessRecord(models.Model):
    """One access to personal data. Append-only: the admin offers no way to change or remove
    it, and the retention work deletes old records in bulk, never one by one."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hvem"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    # Kept beside the key so the record still names the person if the account is deleted.
    actor_username = models.CharField(_("brukernavn"), max_length=150, editable=False)
    action = models.CharField(
        _("handling"), max_length=20, choices=AccessAction.choices, editable=False
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("type"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # Empty for an access to many records at once (an export); `detail` says which.
    object_id = models.CharField(_("objekt-ID"), max_length=64, blank=True, editable=False)
    object_repr = models.CharField(_("objekt"), max_length=200, blank=True, editable=False)
    detail = models.JSONField(
        _("detaljer"), default=dict, blank=True, editable=False, encoder=DjangoJSONEncoder
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("tilgangslogg")
        verbose_name_plural = _("tilgangslogg")
        indexes = [
            # The privacy officer's question "who opened this record?": one object, newest first.
            models.Index(fields=["content_type", "object_id", "-at"], name="access_record_object"),
            # "What did this person look at?": one actor, newest first.
            models.Index(fields=["actor", "-at"], name="access_record_actor"),
            # The admin list's default order, newest first.
            models.Index(fields=["-at"], name="access_record_at"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_username} · {self.get_action_display()} · {self.object_repr}"
