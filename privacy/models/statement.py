"""The privacy statement, one row per version.

A published version is a record of what visitors were shown: it is never edited (a change is
a new version), and leads and consents point at it. Which version is current is computed from
today's date in Norway, so a version published ahead of time takes over on its effective date
without anyone acting (no cron job, no flag to flip).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The statement's dates are Norwegian calendar dates whatever the server's TIME_ZONE says.
NORWAY = ZoneInfo("Europe/Oslo")


def today_in_norway() -> datetime.date:
    return timezone.now().astimezone(NORWAY).date()


class PublishedStatementLocked(ValidationError):
    """Raised when code tries to change or delete a published version."""

    def __init__(self):
        super().__init__(
            _(
                "En publisert versjon av personvernerklæringen kan ikke endres eller slettes. "
                "Lag en ny versjon."
            ),
            code="published_statement_locked",
        )


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")


class PrivacyStatementQuerySet(models.QuerySet):
    def published(self) -> "PrivacyStatementQuerySet":
        return self.filter(status=StatementStatus.PUBLISHED)

    def in_language(self, language: str) -> "PrivacyStatementQuerySet":
        return self.filter(language=language)

    def in_effect(self, *, on: datetime.date | None = None) -> "PrivacyStatementQuerySet":
        """Published versions whose effective date has come, newest first.

        `on` defaults to today in Norway; the first row per language is the current version.
        """
        on = on or today_in_norway()
        return self.published().filter(effective_date__lte=on).order_by("-effective_date")

    def upcoming(self, *, on: datetime.date | None = None) -> "PrivacyStatementQuerySet":
        """Published versions that take effect after `on` (default: today in Norway)."""
        on = on or today_in_norway()
        return self.published().filter(effective_date__gt=on).order_by("effective_date")

    def current(
        self, *, language: str = "nb", on: datetime.date | None = None
    ) -> "PrivacyStatement | None":
        """The version in force in `language` today (or on `on`), or None if there is none.

        Only published versions count, whatever the queryset was filtered to before.
        """
        return self.in_language(language).in_effect(on=on).first()

    def update(self, **kwargs):
        # Bulk updates skip save(); refuse them too where they would touch a published version.
        if self.filter(status=StatementStatus.PUBLISHED).exists():
            raise PublishedStatementLocked()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=StatementStatus.PUBLISHED).exists():
            raise PublishedStatementLocked()
        return super().delete()


class PrivacyStatement(models.Model):
    version = models.CharField(
        _("versjon"),
        max_length=40,
        # It is part of the version's address (get_absolute_url).
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z][0-9A-Za-z._-]*$",
                _("Bruk bare bokstaver (a–z), sifre, punktum, bindestrek og understrek."),
            )
        ],
        help_text=_("Kort merkelapp for versjonen, for eksempel datoen: 2024-01-26."),
    )
    language = models.CharField(
        _("språk"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    title = models.CharField(_("tittel"), max_length=200)
    effective_date = models.DateField(
        _("gjelder fra"),
        help_text=_(
            "Vises som «Sist endret». Versjonen blir gjeldende denne datoen (norsk tid) "
            "uten at noen trenger å gjøre noe."
        ),
    )
    body = models.TextField(
        _("tekst (Markdown)"),
        help_text=_(
            "Markdown. Rå HTML vises ikke. Overskrifter med ## blir innholdsfortegnelsen. "
            "Plassholdere: {{ controller.name }}, {{ controller.org_number }}, "
            "{{ controller.postal_address }}, {{ controller.email }}, "
            "{{ controller.privacy_email }}. Lenken #cookie-settings åpner innstillingene "
            "for informasjonskapsler."
        ),
    )
    change_summary = models.TextField(
        _("hva er endret"),
        blank=True,
        help_text=_("Kort oppsummering av endringene fra forrige versjon, vises i versjonslisten."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StatementStatus.choices,
        default=StatementStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True, editable=False)
    # PROTECT: who published a version is part of the record; staff accounts are deactivated,
    # not deleted, while they are named here.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publisert av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Tomt når versjonen ble publisert av importkommandoen."),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist lagret"), auto_now=True)

    objects = PrivacyStatementQuerySet.as_manager()

    class Meta:
        ordering = ["language", "-effective_date"]
        verbose_name = _("versjon av personvernerklæringen")
        verbose_name_plural = _("versjoner av personvernerklæringen")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "version"], name="privacy_statement_unique_version"
            ),
            # Two published versions in force from the same day would leave "current" to chance.
            models.UniqueConstraint(
                fields=["language", "effective_date"],
                condition=Q(status="published"),
                name="privacy_statement_one_published_per_day",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="privacy_statement_published_has_time",
            ),
        ]
        indexes = [
            # PrivacyStatement.objects.current(language=...): published, language,
            # effective_date <= today, newest first. Runs on every statement page and lead.
            models.Index(
                fields=["language", "status", "-effective_date"],
                name="privacy_statement_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version}, {self.language})"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk).published().exists():
            raise PublishedStatementLocked()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The stable address of this version (it never changes once published)."""
        return reverse(
            "privacy:statement_version",
            kwargs={"language": self.language, "version": self.version},
        )

    def delete(self, *args, **kwargs):
        if self.is_published or type(self).objects.filter(pk=self.pk).published().exists():
            raise PublishedStatementLocked()
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == StatementStatus.PUBLISHED

    def clean(self):
        super().clean()
        from privacy.statement_rendering import check_placeholders

        check_placeholders(self.body)

    @transaction.atomic
    def publish(self, *, by=None, allow_backdated: bool = False) -> None:
        """Publish this draft; from then on it is read-only.

        A new version normally takes effect today or later: publishing one dated in the past
        would claim visitors were shown it before they could have been. The import command
        allows it for versions that really were in force earlier (`allow_backdated`).
        """
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        if locked.is_published:
            raise PublishedStatementLocked()
        if not allow_backdated and self.effective_date < today_in_norway():
            raise ValidationError(
                _("Datoen «gjelder fra» kan ikke være i fortiden når en versjon publiseres."),
                code="backdated",
            )
        if (
            type(self)
            .objects.published()
            .filter(language=self.language, effective_date=self.effective_date)
            .exists()
        ):
            raise ValidationError(
                _("Det finnes allerede en publisert versjon som gjelder fra denne datoen."),
                code="same_day",
            )
        self.full_clean()
        self.status = StatementStatus.PUBLISHED
        self.published_at = timezone.now()
        self.published_by = by
        # The row in the database is still a draft, so save() lets this one write through.
        # Web processes keep which version is current in memory; saving tells them
        # (privacy/receivers.py).
        self.save()
