"""Measures placed on one person (legal holds, restrictions of processing), and the
records of processing activities' place in the admin."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.normalisation import InvalidPhoneNumber, Subject, normalise_email, normalise_phone


def subject_q(subject: Subject, *, email_field: str = "email", phone_field: str = "phone") -> Q:
    """Rows about `subject`: matching its normalised email or its E.164 phone."""
    condition = Q(pk__in=[])
    if subject.email:
        condition |= Q(**{email_field: subject.email})
    if subject.phone:
        condition |= Q(**{phone_field: subject.phone})
    return condition


def lenient_subject(email: str | None, phone: str | None) -> Subject:
    """A Subject from values that should already be normalised; never raises, because a
    lookup (is this person restricted? held?) must not fail on a number it cannot parse."""
    try:
        phone_value = normalise_phone(phone)
    except InvalidPhoneNumber:
        phone_value = (phone or "").strip()
    return Subject(email=normalise_email(email), phone=phone_value)


class LegalHoldBasis(models.TextChoices):
    """Why erasure must wait (GDPR Art. 17(3))."""

    ACCOUNTING = (
        "accounting",
        _("Bokføringsloven krever oppbevaring (GDPR art. 17 nr. 3 bokstav b)"),
    )
    LEGAL_OBLIGATION = (
        "legal_obligation",
        _("Annen rettslig forpliktelse eller pålegg fra myndighet (GDPR art. 17 nr. 3 bokstav b)"),
    )
    LEGAL_CLAIMS = (
        "legal_claims",
        _(
            "Rettskrav skal fastsettes, gjøres gjeldende eller forsvares (GDPR art. 17 nr. 3 "
            "bokstav e)"
        ),
    )


class SubjectQuerySet(models.QuerySet):
    def for_subject(self, subject: Subject):
        return self.filter(subject_q(subject))


class SubjectMeasure(models.Model):
    """What a legal hold and a restriction share: whom they are about (normalised email
    and/or E.164 phone) and who placed them, when."""

    email = models.CharField(
        _("e-post"), max_length=254, blank=True, help_text=_("Lagres normalisert.")
    )
    phone = models.CharField(
        _("telefon"), max_length=20, blank=True, help_text=_("Lagres som +47XXXXXXXX.")
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    placed_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        abstract = True


class LegalHoldQuerySet(SubjectQuerySet):
    def active(self, *, today=None) -> LegalHoldQuerySet:
        """Holds not released and not past their retain-until date."""
        today = today or timezone.localdate()
        return self.filter(released_at__isnull=True, retain_until__gte=today)

    def for_record(self, record: models.Model) -> LegalHoldQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            object_id=str(record.pk),
        )


class LegalHold(SubjectMeasure):
    """Keeps a person's records, or one record, from erasure until a date, for a legal reason.

    A hold names either a subject (normalised email and/or E.164 phone: every record the
    registry finds for them is kept) or one record (content type and primary key).
    """

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("type post"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    object_id = models.CharField(_("postens ID"), max_length=64, blank=True)
    basis = models.CharField(_("rettslig grunnlag"), max_length=20, choices=LegalHoldBasis.choices)
    reason = models.TextField(
        _("begrunnelse"), help_text=_("Hva som gjør at opplysningene må oppbevares.")
    )
    retain_until = models.DateField(_("oppbevares til og med"))
    released_at = models.DateTimeField(_("opphevet"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opphevet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("rettslig hold")
        verbose_name_plural = _("rettslige hold")
        indexes = [
            # Erasure and the admin look up the holds of one subject by email or by phone.
            models.Index(fields=["email"], name="legal_hold_email"),
            models.Index(fields=["phone"], name="legal_hold_phone"),
            # Erasure looks up the holds on one record.
            models.Index(fields=["content_type", "object_id"], name="legal_hold_record"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="", phone="", object_id=""),
                name="legal_hold_names_subject_or_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} – {self.retain_until:%d.%m.%Y}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None and self.retain_until >= timezone.localdate()

    def explanation(self) -> str:
        """What an erasure report says about a record this hold keeps."""
        return _("Rettslig hold til og med %(date)s: %(basis)s. %(reason)s") % {
            "date": self.retain_until.strftime("%d.%m.%Y"),
            "basis": self.get_basis_display(),
            "reason": self.reason,
        }

    def release(self, *, by) -> None:
        self.released_at = timezone.now()
        self.released_by = by
        self.save(update_fields=["released_at", "released_by"])


class RestrictionQuerySet(SubjectQuerySet):
    def active(self) -> RestrictionQuerySet:
        return self.filter(lifted_at__isnull=True)


class Restriction(SubjectMeasure):
    """A subject's data is stored but not processed while this lasts (GDPR Art. 18).

    Keyed by the normalised email and/or the E.164 phone, so it also covers what the person
    sends later: intake's outbox asks `privacy.services.is_restricted()` before every email.
    """

    reason = models.TextField(
        _("begrunnelse"),
        blank=True,
        help_text=_("For eksempel: personen bestrider at opplysningene er riktige (art. 18)."),
    )
    lifted_at = models.DateTimeField(_("opphevet"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opphevet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RestrictionQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("begrensning av behandling")
        verbose_name_plural = _("begrensninger av behandling")
        indexes = [
            # is_restricted() runs before every email about a lead: by email, by phone.
            models.Index(fields=["email"], name="restriction_email"),
            models.Index(fields=["phone"], name="restriction_phone"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="", phone=""), name="restriction_names_subject"
            ),
            # One active restriction per person: two officers (or two requests) restricting
            # the same person at the same moment make one, and lifting it lifts it.
            models.UniqueConstraint(
                fields=["email", "phone"],
                condition=Q(lifted_at__isnull=True),
                name="restriction_one_active_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Begrensning registrert %(date)s") % {"date": f"{self.placed_at:%d.%m.%Y}"})

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class ProcessingRecord(models.Model):
    """No table: gives the records of processing activities (Art. 30) a place and a
    permission in the admin. The admin view renders them from the registry."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_processing_record", _("Kan se behandlingsprotokollen"))]
        verbose_name = _("behandlingsprotokoll")
        verbose_name_plural = _("behandlingsprotokoll")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
