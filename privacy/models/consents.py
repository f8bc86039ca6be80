"""The consent register: one row per choice a person made about one purpose (GDPR Art. 7(1):
the company must be able to prove every consent, and every withdrawal).

Cookie choices (statistics, marketing) are recorded without anyone's identity: only the
random consent id kept in the visitor's own cookie ties the rows of one choice together. A
news consent is a person's, so its rows hold the normalised email address: the registry finds
them by it, and the news is sent to it. The latest row for an address and a purpose says
whether the consent is in force; earlier rows stay as the history.

Write through `privacy.consents`, never directly: it normalises, validates and turns the
news consent off wherever an app keeps a copy of it.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    """What a consent is for. New purposes are added here (a migration changes only the
    choices, no table)."""

    STATISTICS = "statistics", _("Statistikk (informasjonskapsler)")
    MARKETING = "marketing", _("Markedsføring (informasjonskapsler)")
    NEWS = "news", _("Nyheter på e-post")


# The purposes of the cookie banner; their rows never name the visitor (a check constraint).
COOKIE_PURPOSES = (ConsentPurpose.STATISTICS, ConsentPurpose.MARKETING)


class ConsentSource(models.TextChoices):
    """Where the choice was made: part of the proof of how it was asked for."""

    COOKIE_BANNER = "cookie_banner", _("Banneret eller panelet for informasjonskapsler")
    CONTACT_FORM = "contact_form", _("Kontaktskjemaet")
    UNSUBSCRIBE_LINK = "unsubscribe_link", _("Avmeldingslenken i en e-post")
    DATA_SUBJECT_REQUEST = "data_subject_request", _("En forespørsel om personvernrettigheter")
    MINE_DATA = "mine_data", _("Mine data")


class ConsentRecordQuerySet(models.QuerySet):
    def news(self) -> "ConsentRecordQuerySet":
        return self.filter(purpose=ConsentPurpose.NEWS)

    def for_email(self, email: str) -> "ConsentRecordQuerySet":
        """Rows of one normalised address (`privacy.normalisation.normalise_email`)."""
        return self.filter(email=email) if email else self.none()

    def newest_first(self) -> "ConsentRecordQuerySet":
        return self.order_by("-recorded_at", "-pk")


class ConsentRecord(models.Model):
    """One choice about one purpose: given or withdrawn (a refusal is recorded as not given).

    Append-only: a change of mind is a new row, never an edit, so the history is the proof.
    """

    # Random. For cookies it is the id kept in the visitor's consent cookie, shared by the
    # rows of one choice (and of later changes to it); for news each consent given gets its
    # own, and the signed unsubscribe link carries it instead of the address.
    consent_id = models.UUIDField(_("samtykke-ID"), default=uuid.uuid4, editable=False)
    purpose = models.CharField(
        _("formål"), max_length=20, choices=ConsentPurpose.choices, editable=False
    )
    given = models.BooleanField(
        _("gitt"), help_text=_("Nei betyr avslått eller trukket tilbake."), editable=False
    )
    # News only, normalised; empty for cookie choices and once erased.
    email = models.EmailField(_("e-post"), max_length=254, blank=True, editable=False)
    source = models.CharField(
        _("hvor valget ble gjort"), max_length=30, choices=ConsentSource.choices, editable=False
    )
    # What the person was shown when choosing.
    declaration_version = models.CharField(
        _("versjon av oversikten over informasjonskapsler"),
        max_length=40,
        blank=True,
        editable=False,
    )
    statement = models.ForeignKey(
        "privacy.PrivacyStatement",
        verbose_name=_("personvernerklæring som ble vist"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("tidspunkt"), default=timezone.now, editable=False)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-recorded_at", "-pk"]
        indexes = [
            # news_consent_in_force(email) and the registry's lookup by email: one address's
            # rows for one purpose, newest first.
            models.Index(fields=["email", "purpose", "-recorded_at"], name="consent_email_purpose"),
            # The unsubscribe link and a visitor's cookie: the rows of one consent id.
            models.Index(fields=["consent_id"], name="consent_id"),
            # The retention run: rows older than the retention period.
            models.Index(fields=["recorded_at"], name="consent_recorded_at"),
        ]
        constraints = [
            # A cookie choice is recorded without the visitor's identity (the promise,
            # and data minimisation): the database refuses an address on such a row.
            models.CheckConstraint(
                condition=~Q(purpose__in=[p.value for p in COOKIE_PURPOSES]) | Q(email=""),
                name="consent_cookie_choice_names_no_one",
            ),
        ]

    def __str__(self) -> str:
        state = _("gitt") if self.given else _("ikke gitt")
        return f"{self.get_purpose_display()} · {state} · {self.recorded_at:%Y-%m-%d %H:%M}"
