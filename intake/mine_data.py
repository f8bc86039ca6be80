"""How a lead reads to the person who sent it, on «Mine data» (privacy.mine_data).

Declared with privacy (`declare_description`), so privacy shows it without importing intake.
Plain words for the person: the chain, where the lead is in plain language, what they wrote,
which inboxes received it and when, the consents they gave, and until when it is kept.
Staff names are not shown (they are the staff's data); the notes staff wrote about the lead
are (they are about the person, and in their access copy too).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.models import (
    Delivery,
    DeliveryKind,
    Lead,
    LeadEvent,
    LeadNote,
    LeadStatus,
    RoutingRule,
    Subsidiary,
)
from intake.personal_data import (
    LEAD_RETENTION_DAYS,
    RECEIVED_STATUSES,
    SPAM_RETENTION_DAYS,
)
from privacy.requests.hooks import Described, declare_description

PLAIN_STATUS = {
    LeadStatus.NEW: gettext_lazy("Mottatt, men ingen har begynt på den ennå"),
    LeadStatus.IN_PROGRESS: gettext_lazy("Kjeden ser på henvendelsen"),
    LeadStatus.CONTACTED: gettext_lazy("Kjeden har tatt kontakt med deg"),
    LeadStatus.BECAME_MEMBER: gettext_lazy("Du ble medlem"),
    LeadStatus.NOT_RELEVANT: gettext_lazy("Avsluttet uten medlemskap"),
    LeadStatus.SPAM: gettext_lazy("Sortert ut som mulig søppelpost"),
}


def _inbox_names() -> dict[str, str]:
    """Which chain each routing address belongs to (a delivery keeps the address only)."""
    names = {settings.CENTRAL_INBOX_EMAIL.lower(): _("Mestergruppen sentralt")}
    for rule in RoutingRule.objects.select_related("subsidiary"):
        names[rule.email.lower()] = rule.subsidiary.name
    for subsidiary in Subsidiary.objects.all():
        names[subsidiary.default_email.lower()] = subsidiary.name
    return names


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _kept(lead: Lead) -> str:
    days = SPAM_RETENTION_DAYS if lead.is_suspected_spam else LEAD_RETENTION_DAYS
    until = timezone.localtime(lead.received_at) + timedelta(days=days)
    return _(
        "Til %(date)s. Da fjerner vi navnet, kontaktopplysningene, bedriften og det du skrev; "
        "bare tall til statistikk blir igjen. Notatene slettes samtidig."
    ) % {"date": date_format(until, "DATE_FORMAT")}


def describe_leads(leads) -> list[Described]:
    pks = [lead.pk for lead in leads]
    # Read again with what the page names (chain, statement version): one query, not one
    # per lead.
    leads = list(
        Lead._base_manager.filter(pk__in=pks).select_related("subsidiary", "privacy_statement")
    )
    inboxes = _inbox_names()
    received: dict[int, list] = {pk: [] for pk in pks}
    for delivery in Delivery.objects.filter(
        lead__in=pks, kind=DeliveryKind.ROUTING, status__in=RECEIVED_STATUSES
    ).order_by("sent_at", "pk"):
        name = inboxes.get(delivery.recipient.lower(), _("En av kjedene i Mestergruppen"))
        received[delivery.lead_id].append((name, delivery.sent_at or delivery.created_at))
    notes: dict[int, list] = {pk: [] for pk in pks}
    for note in LeadNote.objects.filter(lead__in=pks).order_by("created_at", "pk"):
        notes[note.lead_id].append((note.created_at, note.text))

    described = []
    for lead in sorted(leads, key=lambda lead: lead.received_at, reverse=True):
        chain = (
            lead.subsidiary.name if lead.subsidiary else _("Ikke valgt (sendt til Mestergruppen)")
        )
        facts = [
            (_("Kjede"), chain),
            (_("Status"), str(PLAIN_STATUS.get(lead.status, lead.get_status_display()))),
            (_("Navn"), lead.contact_name),
            (_("Bedrift"), lead.company_name),
        ]
        if lead.org_number:
            facts.append((_("Organisasjonsnummer"), lead.org_number))
        facts += [
            (_("E-post"), lead.email),
            (_("Telefon"), lead.phone),
            (_("Fylke"), lead.get_county_display()),
            (_("Det du skrev"), lead.message or _("(ingen melding)")),
        ]
        consents = [
            _("Nyheter på e-post: ja") if lead.wants_news else _("Nyheter på e-post: nei"),
        ]
        if lead.privacy_statement_id:
            consents.append(
                _("Du bekreftet personvernerklæringen, versjon %(version)s")
                % {"version": lead.privacy_statement.version}
            )
        described.append(
            Described(
                pk=lead.pk,
                title=_("Henvendelse %(reference)s") % {"reference": lead.reference},
                reference=lead.reference,
                date=lead.received_at,
                facts=tuple(facts),
                received_by=tuple(received[lead.pk]),
                consents=tuple(consents),
                notes=tuple(notes[lead.pk]),
                kept=_kept(lead),
                has_news_consent=lead.wants_news,
            )
        )
    return described


declare_description(Lead, describe_leads, covers=[Delivery, LeadNote, LeadEvent])
