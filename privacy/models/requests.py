"""Data-subject requests (GDPR Art. 15–22): the request, what was done on it, its letters and
its export.

The request is kept as documentation that a right was handled and how (Art. 5(2); Art. 12(5)
puts the burden of proof on us), with as little personal data as possible: the address the
person proved control of, an optional phone and what they wrote. Once an erasure has been
answered those are removed and only a keyed digest of the address stays, so a later complaint
about the same address can still be matched to the request.
"""

from __future__ import annotations

import calendar
import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# Crockford's base32 without I, L, O, U: read aloud over the phone without confusion.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_request_reference() -> str:
    return "PV-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later, or the last day of that month when it is
    shorter (Regulation 1182/71 Art. 3(2)(c), how EU law counts "one month": a request
    received on 31 January is due on 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Art. 12(3): one month; "extended by two further months where necessary".
ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2
# A request this close to its deadline is on the dashboard's panel.
NEAR_DEADLINE_DAYS = 7


def subject_digest(email: str) -> str:
    """A keyed digest of a normalised address: matches a later request or complaint to a
    minimised request without keeping the address."""
    return salted_hmac("privacy.requests.subject", email).hexdigest() if email else ""


class RequestRight(models.TextChoices):
    """The rights of the statement's section 5, in its order."""

    ACCESS = "access", _("Innsyn")
    RECTIFICATION = "rectification", _("Retting")
    ERASURE = "erasure", _("Sletting")
    PORTABILITY = "portability", _("Dataportabilitet")
    RESTRICTION = "restriction", _("Begrensning")
    OBJECTION = "objection", _("Protest")
    WITHDRAW_CONSENT = "withdraw_consent", _("Trekke samtykke")


class RequestStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting", _("Venter på bekreftelse")
    CONFIRMED = "confirmed", _("Bekreftet")
    IN_PROGRESS = "in_progress", _("Under behandling")
    COMPLETED = "completed", _("Fullført")
    REFUSED = "refused", _("Avslått")


OPEN_STATUSES = [
    RequestStatus.AWAITING_CONFIRMATION,
    RequestStatus.CONFIRMED,
    RequestStatus.IN_PROGRESS,
]
# Confirmed and not yet answered: the ones with a deadline running for the officer.
WORK_STATUSES = [RequestStatus.CONFIRMED, RequestStatus.IN_PROGRESS]


class DataSubjectRequestQuerySet(models.QuerySet):
    def open(self) -> DataSubjectRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def to_handle(self) -> DataSubjectRequestQuerySet:
        return self.filter(status__in=WORK_STATUSES)

    def awaiting_confirmation(self) -> DataSubjectRequestQuerySet:
        return self.filter(status=RequestStatus.AWAITING_CONFIRMATION)

    def for_email(self, email: str) -> DataSubjectRequestQuerySet:
        return self.filter(email=email)

    def near_deadline(self, *, today=None, days: int = NEAR_DEADLINE_DAYS):
        """Confirmed requests due within `days` days, and those already overdue."""
        today = today or timezone.localdate()
        limit = today + datetime.timedelta(days=days)
        return self.to_handle().filter(deadline__lte=limit).order_by("deadline", "pk")

    def overdue(self, *, today=None) -> DataSubjectRequestQuerySet:
        today = today or timezone.localdate()
        return self.to_handle().filter(deadline__lt=today)


class DataSubjectRequest(models.Model):
    """One person's request to exercise one or more rights, from receipt to answer."""

    reference = models.CharField(
        _("referanse"), max_length=11, unique=True, default=new_request_reference, editable=False
    )
    rights = models.JSONField(_("rettigheter"), default=list)
    # The address the person proves control of by the confirmation link; normalised.
    email = models.EmailField(_("e-post"), max_length=254, blank=True)
    phone = models.CharField(
        _("telefon"),
        max_length=20,
        blank=True,
        help_text=_("Oppgitt av personen. Det som bare finnes via nummeret, er ikke bekreftet."),
    )
    # The officer's decision on each record found only through the phone number: record key
    # (`intake.Lead:12`) -> "confirmed" or "rejected" (privacy.requests.records). Keys only.
    phone_records = models.JSONField(
        _("poster funnet via telefonnummeret: vurdert"), default=dict, blank=True
    )
    details = models.TextField(_("personens beskrivelse"), max_length=3000, blank=True)
    language = models.CharField(_("språk"), max_length=5, default="nb")
    digest = models.CharField(_("nøkkel for adressen"), max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RequestStatus.choices,
        default=RequestStatus.AWAITING_CONFIRMATION,
    )
    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    reminded_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    # Stored, not computed, so the list sorts and filters by it on an index.
    deadline = models.DateField(_("frist"))
    extended_at = models.DateTimeField(_("fristen forlenget"), null=True, blank=True)
    extension_reason = models.TextField(_("begrunnelse for forlengelse"), blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saksbehandler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Art. 12(4) and 21(1): the grounds of a refusal or of a decision on an objection.
    decision = models.TextField(_("begrunnelse for avgjørelsen"), blank=True)
    # The rights of this request the officer has answered; done when all are.
    handled_rights = models.JSONField(_("besvarte rettigheter"), default=list, blank=True)
    # A second request of the same address and right, confirmed while this was open, joins
    # it: one answer and the earlier deadline. The joined one points here.
    joined_into = models.ForeignKey(
        "self",
        verbose_name=_("slått sammen med"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="joined",
    )

    objects = DataSubjectRequestQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("forespørsel om personvernrettigheter")
        verbose_name_plural = _("forespørsler om personvernrettigheter")
        indexes = [
            # The officer's list and the dashboard panel: open requests by deadline.
            models.Index(fields=["status", "deadline"], name="dsr_status_deadline"),
            # A new request joins an open one of the same address; housekeeping finds
            # unconfirmed ones by age (the status index serves it).
            models.Index(fields=["email", "status"], name="dsr_email_status"),
            # The officer's list (privacy/admin/requests.py): requests not joined into
            # another, by deadline, a page at a time, and its count (index only).
            models.Index(
                fields=["deadline", "id"],
                condition=models.Q(joined_into__isnull=True),
                name="dsr_list_deadline",
            ),
            # The registry finding one person's requests by phone (FindBy.phone).
            models.Index(fields=["phone"], name="dsr_phone"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        if self.deadline is None:
            self.deadline = self.original_deadline
        if self.email and not self.digest:
            self.digest = subject_digest(self.email)
        super().save(*args, **kwargs)

    @property
    def received_on(self) -> datetime.date:
        return timezone.localdate(self.received_at)

    @property
    def original_deadline(self) -> datetime.date:
        return add_months(self.received_on, ANSWER_MONTHS)

    @property
    def latest_extended_deadline(self) -> datetime.date:
        """Counted from receipt, so 31 January gives 30 April, not 28 April."""
        return add_months(self.received_on, ANSWER_MONTHS + EXTENSION_MONTHS)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.status in WORK_STATUSES and self.deadline < timezone.localdate()

    @property
    def can_extend(self) -> bool:
        """Art. 12(3): once, and the person must be told within the first month."""
        return (
            self.status in WORK_STATUSES
            and self.extended_at is None
            and timezone.localdate() <= self.original_deadline
        )

    def right_labels(self) -> list[str]:
        labels = dict(RequestRight.choices)
        return [str(labels.get(right, right)) for right in self.rights]

    def asks_for(self, *rights: str) -> bool:
        return any(right in self.rights for right in rights)


class RequestActionKind(models.TextChoices):
    RECEIVED = "received", _("Mottatt")
    JOINED = "joined", _("Ny forespørsel slått sammen med denne")
    CONFIRMED = "confirmed", _("Bekreftet av personen")
    REMINDED = "reminded", _("Påminnelse sendt")
    VIEWED = "viewed", _("Opplysningene funnet og vist")
    PHONE_CONFIRMED = "phone_confirmed", _("Poster funnet via telefonnummeret vurdert")
    EXTENDED = "extended", _("Fristen forlenget")
    EXPORTED = "exported", _("Innsyn/dataportabilitet: kopi laget og sendt")
    DOWNLOADED = "downloaded", _("Kopien lastet ned")
    RECTIFIED = "rectified", _("Opplysninger rettet")
    ERASED = "erased", _("Opplysninger slettet")
    RESTRICTED = "restricted", _("Behandlingen begrenset")
    LIFT_NOTIFIED = "lift_notified", _("Personen varslet om at begrensningen oppheves")
    RESTRICTION_LIFTED = "lifted", _("Begrensningen opphevet")
    OBJECTION = "objection", _("Protest avgjort")
    CONSENT_WITHDRAWN = "withdrawn", _("Samtykke trukket tilbake")
    REFUSED = "refused", _("Avslått")
    RECIPIENTS_TOLD = "recipients_told", _("Mottakere varslet (art. 19)")
    COMPLETED = "completed", _("Fullført")


class RequestAction(models.Model):
    """Who did what on a request, when. Append-only; `detail` holds counts and keys, never
    the personal data itself."""

    request = models.ForeignKey(
        DataSubjectRequest,
        verbose_name=_("forespørsel"),
        on_delete=models.CASCADE,
        related_name="actions",
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
    kind = models.CharField(_("handling"), max_length=20, choices=RequestActionKind.choices)
    note = models.TextField(_("merknad"), blank=True)
    detail = models.JSONField(_("detaljer"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("handling på forespørsel")
        verbose_name_plural = _("handlinger på forespørselen")

    def __str__(self) -> str:
        return f"{self.request_id} · {self.get_kind_display()}"


class MessageStatus(models.TextChoices):
    WAITING = "waiting", _("Venter")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Feilet")


class RequestMessage(models.Model):
    """One email about a request, stored as it was sent (the letter is documentation too),
    and the outbox the worker sends it from, at most once."""

    request = models.ForeignKey(
        DataSubjectRequest,
        verbose_name=_("forespørsel"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    kind = models.CharField(_("type"), max_length=30)
    recipient = models.EmailField(_("mottaker"), max_length=254)
    language = models.CharField(_("språk"), max_length=5, default="nb")
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laget av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.CharField(_("siste feil"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("brev om forespørsel")
        verbose_name_plural = _("brev om forespørselen")

    def __str__(self) -> str:
        return f"{self.request_id} · {self.kind}"


class RequestExportQuerySet(models.QuerySet):
    def expired(self, *, now=None) -> RequestExportQuerySet:
        now = now or timezone.now()
        return self.filter(removed_at__isnull=True, expires_at__lt=now)


class RequestExport(models.Model):
    """The copy of a person's data made for access or portability (Art. 15(3), 20).

    Kept in the database, never in files a web server serves, and emptied when it expires.
    The link carries a random token; only its SHA-256 is stored, so the table alone does not
    open the download.
    """

    request = models.ForeignKey(
        DataSubjectRequest,
        verbose_name=_("forespørsel"),
        on_delete=models.CASCADE,
        related_name="exports",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    content = models.BinaryField(_("innhold (zip)"), default=b"", editable=False)
    filename = models.CharField(_("filnavn"), max_length=100)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    expires_at = models.DateTimeField(_("utløper"))
    max_downloads = models.PositiveSmallIntegerField(_("antall nedlastinger tillatt"), default=3)
    downloads = models.PositiveSmallIntegerField(_("nedlastinger"), default=0)
    removed_at = models.DateTimeField(_("fjernet"), null=True, blank=True)

    objects = RequestExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kopi til personen")
        verbose_name_plural = _("kopier til personen")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_available(self) -> bool:
        return (
            self.removed_at is None
            and self.downloads < self.max_downloads
            and self.expires_at > timezone.now()
        )
