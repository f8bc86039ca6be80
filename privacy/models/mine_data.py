"""«Mine data»: the link a person asks for by email, and the short session it opens.

One row per link. The link carries the row's key, signed with the site's secret and a
timestamp (`privacy.mine_data.links`), so it cannot be forged or altered; `opened_at` is the
used-marker that makes it work once. Opening it sets a random session token in a cookie; only
its SHA-256 is stored here, so the table alone opens no session. The row is also the outbox of
the email with the link (claimed before sending, sent at most once).
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_link_key() -> str:
    return secrets.token_urlsafe(18)


class LinkEmailStatus(models.TextChoices):
    WAITING = "waiting", _("Venter")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Feilet")


class MineDataLinkQuerySet(models.QuerySet):
    def for_email(self, email: str) -> MineDataLinkQuerySet:
        return self.filter(email=email)

    def asked_since(self, moment) -> MineDataLinkQuerySet:
        return self.filter(created_at__gte=moment)


class MineDataLink(models.Model):
    """A «Mine data» link emailed to an address, and the session opened by it."""

    # The address the link was sent to; normalised. What the session shows is scoped to it.
    email = models.EmailField(_("e-post"), max_length=254)
    language = models.CharField(_("språk"), max_length=5, default="nb")
    key = models.CharField(max_length=32, unique=True, default=new_link_key, editable=False)
    created_at = models.DateTimeField(_("bedt om"), default=timezone.now)
    status = models.CharField(
        _("e-poststatus"),
        max_length=10,
        choices=LinkEmailStatus.choices,
        default=LinkEmailStatus.WAITING,
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    opened_at = models.DateTimeField(_("åpnet"), null=True, blank=True)
    session_hash = models.CharField(max_length=64, blank=True, editable=False)
    session_expires_at = models.DateTimeField(_("økten utløper"), null=True, blank=True)

    objects = MineDataLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("«Mine data»-lenke")
        verbose_name_plural = _("«Mine data»-lenker")
        # Nobody on the staff opens a person's link or session; the privacy officer's role
        # (every privacy permission, intake.roles) gets none for it.
        default_permissions = ()
        indexes = [
            # Every page of an open session finds its row by the cookie's hash.
            models.Index(fields=["session_hash"], name="mine_data_session"),
            # The per-address limit counts one address's recent links; housekeeping by age.
            models.Index(fields=["email", "created_at"], name="mine_data_email_created"),
        ]

    def __str__(self) -> str:
        return f"«Mine data» {self.pk}"
