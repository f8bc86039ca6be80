"""The choices the intake models share: counties, statuses of a lead and of its emails, the
kinds of history entry, and the letters of a lead's reference. Apart from the models so that
each model module can use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A lead's reference: Crockford's base32 without I, L, O, U, read aloud over the phone without
# confusion (made by leads.new_reference, recognised by the search in lead_queries).
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class County(models.TextChoices):
    """Norway's counties (fylker) since 1 January 2024."""

    AGDER = "agder", "Agder"
    AKERSHUS = "akershus", "Akershus"
    BUSKERUD = "buskerud", "Buskerud"
    FINNMARK = "finnmark", "Finnmark"
    INNLANDET = "innlandet", "Innlandet"
    MORE_OG_ROMSDAL = "more-og-romsdal", "Møre og Romsdal"
    NORDLAND = "nordland", "Nordland"
    OSLO = "oslo", "Oslo"
    ROGALAND = "rogaland", "Rogaland"
    TELEMARK = "telemark", "Telemark"
    TROMS = "troms", "Troms"
    TRONDELAG = "trondelag", "Trøndelag"
    VESTFOLD = "vestfold", "Vestfold"
    VESTLAND = "vestland", "Vestland"
    OSTFOLD = "ostfold", "Østfold"


class LeadStatus(models.TextChoices):
    NEW = "new", _("Ny")
    IN_PROGRESS = "in_progress", _("Under behandling")
    CONTACTED = "contacted", _("Kontaktet")
    BECAME_MEMBER = "became_member", _("Ble medlem")
    NOT_RELEVANT = "not_relevant", _("Ikke aktuell")
    SPAM = "spam", _("Søppel")


# Statuses in which a lead still needs someone's work; the rest are concluded.
OPEN_STATUSES = [LeadStatus.NEW, LeadStatus.IN_PROGRESS, LeadStatus.CONTACTED]


class LeadDeliveryState(models.TextChoices):
    """How far the routing email(s) of a lead got: the worst state among its deliveries."""

    FAILED = "failed", _("Feilet")
    BOUNCED = "bounced", _("Avvist")
    WAITING = "waiting", _("Venter")
    SENT = "sent", _("Sendt")
    DELIVERED = "delivered", _("Levert")
    NONE = "none", _("Ikke sendt")


class DeliveryKind(models.TextChoices):
    ROUTING = "routing", _("Til datterselskap")
    RECEIPT = "receipt", _("Kvittering til innsender")
    # A problem with another delivery of the lead, reported to the central inbox through the
    # same outbox, so the report itself is durable and retried.
    ALERT = "alert", _("Varsel til sentralt")


class DeliveryStatus(models.TextChoices):
    WAITING = "waiting", _("Venter")
    # Handed to the email server right now. A row left here by a crashed worker is never
    # sent again automatically (see intake.outbox): the sweep reports it instead.
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")
    DELIVERED = "delivered", _("Levert")
    FAILED = "failed", _("Feilet")
    BOUNCED = "bounced", _("Avvist")
    COMPLAINED = "complained", _("Klage på søppelpost")


class LeadEventKind(models.TextChoices):
    STATUS_CHANGED = "status", _("Status endret")
    ASSIGNED = "assigned", _("Saksbehandler endret")
    NOTE_ADDED = "note", _("Notat lagt til")
    FORWARDED = "forwarded", _("Videresendt")
    DELIVERY_RESENT = "resent", _("Utsending sendt på nytt")
    # The privacy officer corrected the sender's data on their request (GDPR Art. 16); the
    # history names the fields, never the values.
    RECTIFIED = "rectified", _("Rettet på personens forespørsel")
