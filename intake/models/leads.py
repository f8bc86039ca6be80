"""Leads: what a prospective member sent through the contact form, and how staff move it
through triage. Who may see a lead (`Lead.objects.visible_to`) and how staff find it
(`search`) are its queryset's, in `lead_queries`."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models.choices import (
    REFERENCE_ALPHABET,
    County,
    DeliveryStatus,
    LeadDeliveryState,
    LeadEventKind,
    LeadStatus,
)
from intake.models.history import LeadNote
from intake.models.lead_queries import LeadQuerySet
from intake.models.subsidiaries import Subsidiary
from privacy.registry import normalise_email, normalise_phone


def new_reference() -> str:
    return "MG-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class Lead(models.Model):
    reference = models.CharField(
        _("referanse"), max_length=11, unique=True, default=new_reference, editable=False
    )
    # Indexed with the subsidiary and the key included: lead_received_subsidiary_id below.
    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    # What the person sent. Email is stored normalised (lower case, NFC) and the phone in
    # E.164, so the privacy registry can find every lead of one person.
    contact_name = models.CharField(_("kontaktperson"), max_length=120)
    email = models.EmailField(_("e-post"), max_length=254)
    phone = models.CharField(_("telefon"), max_length=20)
    company_name = models.CharField(_("bedrift"), max_length=150)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    county = models.CharField(_("fylke"), max_length=20, choices=County.choices)
    subsidiary = models.ForeignKey(
        Subsidiary,
        verbose_name=_("ønsket kjede"),
        on_delete=models.PROTECT,
        related_name="leads",
        null=True,
        blank=True,
        help_text=_("Tomt når personen ikke var sikker; da går henvendelsen til sentralt."),
    )
    message = models.TextField(_("melding"), max_length=3000, blank=True)
    language = models.CharField(_("språk"), max_length=5, default="nb")
    # The version of the privacy statement the person was shown and acknowledged; it is also
    # the version under which the news consent below was given (the consent record).
    privacy_statement = models.ForeignKey(
        "privacy.PrivacyStatement",
        verbose_name=_("personvernerklæring som ble vist"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tomt bare for henvendelser fra før en versjon var publisert."),
    )
    wants_news = models.BooleanField(_("vil ha nyheter på e-post"), default=False)

    # Triage: who handles the lead and how far they got; every change is in its history.
    status = models.CharField(
        _("status"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saksbehandler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_leads",
    )

    # When the lead was first set to contacted: the same moment as that entry in its history,
    # written with it. The dashboard's time to first contact reads it from an index here; from
    # the history it took a join and a grouping over every lead of twelve weeks (two fifths of
    # the dashboard's database time at a million leads, bench/triage).
    first_contacted_at = models.DateTimeField(
        _("første gang kontaktet"), null=True, blank=True, editable=False
    )

    # Misuse defences: suspected spam is kept briefly, flagged, and never routed.
    is_suspected_spam = models.BooleanField(_("mistenkt søppel"), default=False)
    spam_reason = models.CharField(_("grunn til mistanke"), max_length=50, blank=True)
    # One form rendering can create at most one lead: a double click or a resent POST
    # carries the same token and finds the lead already made.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        permissions = [
            ("view_all_leads", _("Kan se henvendelser til alle datterselskaper")),
            ("export_lead", _("Kan eksportere henvendelser")),
        ]
        indexes = [
            # The admin list of a subsidiary's staff: their subsidiaries' leads, newest first.
            # The key is included so the count can leave out restricted people's leads
            # (visible_to) from the index alone (PostgreSQL; ignored elsewhere).
            models.Index(
                fields=["subsidiary", "-received_at"],
                include=["id"],
                name="lead_subsidiary_received_id",
            ),
            # The admin list filtered by status.
            models.Index(fields=["status", "-received_at"], name="lead_status_received"),
            # The dashboard's leads per week and subsidiary and its time to first contact
            # (intake/dashboard.py): leads received in a range of weeks, with the subsidiary
            # and the key (to leave out restricted people's leads) read from the index alone.
            # Also central staff's list, newest first, and its count.
            models.Index(
                fields=["received_at"],
                include=["subsidiary", "id"],
                name="lead_received_subsidiary_id",
            ),
            # The dashboard's open leads by status, for one person's subsidiaries or all:
            # small, as only open leads are in it; the key is included as above.
            models.Index(
                fields=["subsidiary", "status"],
                include=["id"],
                condition=models.Q(status__in=["new", "in_progress", "contacted"]),
                name="lead_open_by_subsidiary_id",
            ),
            # The dashboard's time to first contact (intake/dashboard.py): contacted leads
            # received in a range of weeks, read from the index alone (the key and the
            # subsidiary to apply visible_to). Partial: leads never contacted are not in it.
            models.Index(
                fields=["received_at"],
                include=["first_contacted_at", "subsidiary", "id"],
                condition=models.Q(first_contacted_at__isnull=False),
                name="lead_first_contact",
            ),
            # The admin search by email and by phone, and the registry finding one person's
            # leads: exact match on the normalised value.
            models.Index(fields=["email"], name="lead_email"),
            models.Index(fields=["phone"], name="lead_phone"),
            # The admin search by organisation number.
            models.Index(fields=["org_number"], name="lead_org_number"),
            # The admin search by name has trigram indexes on PostgreSQL, made in migration
            # 0006 (SQLite has no such index type).
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.company_name}"

    def routing_recipients(self) -> list[str]:
        """Where this lead goes: its subsidiary's addresses, or the central inbox when the
        person chose "not sure / other"."""
        if self.subsidiary is None:
            return [settings.CENTRAL_INBOX_EMAIL]
        return self.subsidiary.recipients_for(self.county)

    def get_admin_url(self) -> str:
        return reverse("admin:intake_lead_change", args=[self.pk])

    @property
    def delivery_state(self) -> str:
        """From the `with_delivery_state()` annotation: one of LeadDeliveryState."""
        status = getattr(self, "delivery_status", None)
        if status is None:
            return LeadDeliveryState.NONE
        if status == DeliveryStatus.COMPLAINED:
            return LeadDeliveryState.BOUNCED
        if status == DeliveryStatus.SENDING:
            return LeadDeliveryState.WAITING
        return LeadDeliveryState(status)

    def is_overdue(self, cutoff) -> bool:
        return self.status == LeadStatus.NEW and self.received_at < cutoff

    # --- The triage workflow: each change is kept in the lead's history. ---------------------

    @transaction.atomic
    def change_status(self, status: str, *, by) -> bool:
        status = LeadStatus(status)
        if status == self.status:
            return False
        old, self.status = self.status, status
        changed = ["status"]
        event = self.events.create(
            actor=by, kind=LeadEventKind.STATUS_CHANGED, old_value=old, new_value=status
        )
        if status == LeadStatus.CONTACTED and self.first_contacted_at is None:
            self.first_contacted_at = event.at
            changed.append("first_contacted_at")
        self.save(update_fields=changed)
        return True

    @transaction.atomic
    def assign(self, assignee, *, by) -> bool:
        if assignee == self.assignee:
            return False
        old, self.assignee = self.assignee, assignee
        self.save(update_fields=["assignee"])
        # Accounts by key, not name: anonymising a staff account anonymises the history too.
        self.events.create(
            actor=by,
            kind=LeadEventKind.ASSIGNED,
            old_value=str(old.pk) if old else "",
            new_value=str(assignee.pk) if assignee else "",
        )
        return True

    @transaction.atomic
    def rectify(self, changes: dict[str, str], *, by) -> list[str]:
        """Correct the sender's data on their request (the only way these fields change after
        the form): values normalised as the form would, the fields changed named in the
        history. ValueError for an email or phone that cannot be normalised."""
        if "email" in changes:
            changes["email"] = normalise_email(changes["email"])
            if not changes["email"]:
                raise ValueError("an email address cannot be emptied by rectification")
        if "phone" in changes:
            changes["phone"] = normalise_phone(changes["phone"])  # InvalidPhoneNumber
        changed = [name for name, value in changes.items() if getattr(self, name) != value]
        if not changed:
            return []
        for name in changed:
            setattr(self, name, changes[name])
        others = [f.name for f in self._meta.concrete_fields if f.name not in changed]
        try:
            self.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from error
        self.save(update_fields=changed)
        labels = ", ".join(str(self._meta.get_field(name).verbose_name) for name in changed)
        self.events.create(actor=by, kind=LeadEventKind.RECTIFIED, new_value=labels[:200])
        return changed

    @transaction.atomic
    def add_note(self, text: str, *, by) -> "LeadNote":
        note = self.notes.create(author=by, text=text)
        # The history says a note was added; the text itself lives only on the note.
        self.events.create(actor=by, kind=LeadEventKind.NOTE_ADDED)
        return note
