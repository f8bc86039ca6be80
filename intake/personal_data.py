"""intake's personal data, declared with the privacy registry (see privacy/registry.py).

Every field of every intake model is classified here; `manage.py check` fails (privacy.E001)
when a field is added without a classification.
"""

from datetime import timedelta

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from intake.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Lead,
    LeadEvent,
    LeadNote,
    RoutingRule,
    Subsidiary,
)
from privacy.registry import (
    Anonymise,
    Category,
    Delete,
    FindBy,
    Keep,
    Personal,
    Purpose,
    Retention,
    RowsThen,
    SubjectCategory,
    declare,
)
from privacy.requests.hooks import (
    Recipient,
    declare_news_consent,
    declare_recipients,
    declare_rectification,
)

ROUTED_TO = _("Datterselskapet henvendelsen ble rutet til (eller Mestergruppens sentrale innboks)")

LEAD_RETENTION_DAYS = 365
# Suspected spam is kept only long enough for staff to spot a genuine lead flagged by mistake.
SPAM_RETENTION_DAYS = 30


def _expired_leads(leads: QuerySet, now) -> QuerySet:
    return leads.filter(
        Q(received_at__lt=now - timedelta(days=LEAD_RETENTION_DAYS))
        | Q(is_suspected_spam=True, received_at__lt=now - timedelta(days=SPAM_RETENTION_DAYS))
    )


# Anonymised, not deleted, by erasure and by retention alike: the dashboard's figures
# (subsidiary, county, week received, status, time to first contact from the history) stay
# true, and nothing that identifies the person stays, free text included. The replacement is
# stored as plain text, not translated: the stored value must not depend on the language of
# whoever triggered the erasure (and the retention run recognises done rows by it).
ANONYMISED = "Anonymisert"
LEAD_ANONYMISATION = Anonymise(
    replace={
        "contact_name": ANONYMISED,
        "email": "",
        "phone": "",
        "company_name": ANONYMISED,
        "org_number": "",
        "message": "",
        "wants_news": False,
    },
    keep={
        "assignee": _("Saksbehandleren er en ansatt, ikke personen som sendte skjemaet"),
        # Which public text was shown identifies no one once the lead is anonymised.
        "privacy_statement": _(
            "Hvilken versjon av personvernerklæringen som ble vist, er ikke knyttet til "
            "noen person når henvendelsen er anonymisert"
        ),
    },
)

ERASED_ERROR = "Ikke sendt: personens opplysninger er slettet (personvernforordningen art. 17)."
IN_FLIGHT = [DeliveryStatus.WAITING, DeliveryStatus.SENDING]

# The record of which subsidiary received which lead, and when, outlives the person's data:
# Art. 19 notices and a request's documentation need it. The routing address is the
# subsidiary's functional inbox (like RoutingRule.email); the receipt's address is the
# person's, and goes. An email not yet sent is never sent: the outbox re-checks the row
# under a lock before sending (intake.outbox).
DELIVERY_ANONYMISATION = Anonymise(
    replace={
        "recipient": Case(
            When(kind=DeliveryKind.RECEIPT, then=Value("")),
            default=F("recipient"),
            output_field=CharField(),
        ),
        "last_error": Case(
            When(status__in=IN_FLIGHT, then=Value(ERASED_ERROR)),
            default=Value(""),
            output_field=CharField(),
        ),
        "status": Case(
            When(status__in=IN_FLIGHT, then=Value(DeliveryStatus.FAILED.value)),
            default=F("status"),
            output_field=CharField(),
        ),
        "next_attempt_at": None,
    },
    # Already as the replacements leave it (a routing email's record, or a receipt already
    # anonymised): the retention run does not write these rows again.
    done=(~Q(kind=DeliveryKind.RECEIPT) | Q(recipient=""))
    & ~Q(status__in=IN_FLIGHT)
    & Q(last_error__in=["", ERASED_ERROR])
    & Q(next_attempt_at__isnull=True),
)

declare(
    Lead,
    fields={
        "id": Category.NOT_PERSONAL,
        # Random; without the rest of the lead it identifies no one.
        "reference": Category.NOT_PERSONAL,
        "received_at": Category.NOT_PERSONAL,
        "contact_name": Category.IDENTITY,
        "email": Category.CONTACT,
        "phone": Category.CONTACT,
        "company_name": Category.COMPANY,
        # A sole proprietorship's organisation number points at one person.
        "org_number": Category.COMPANY,
        "county": Category.NOT_PERSONAL,
        "subsidiary": Category.NOT_PERSONAL,
        "message": Category.FREE_TEXT,
        "language": Category.NOT_PERSONAL,
        # Which statement version the person acknowledged (proof of what they were told).
        "privacy_statement": Category.CONSENT,
        "wants_news": Category.CONSENT,
        "status": Category.NOT_PERSONAL,
        "first_contacted_at": Category.NOT_PERSONAL,
        # The staff member handling the lead: their data (declared with the user model),
        # not the sender's, so not part of the sender's export.
        "assignee": Personal(Category.ACTIVITY, export=False),
        "is_suspected_spam": Category.NOT_PERSONAL,
        "spam_reason": Category.NOT_PERSONAL,
        "submission_token": Category.NOT_PERSONAL,
    },
    find=FindBy(email="email", phone="phone"),
    subjects=[SubjectCategory.PROSPECTIVE_MEMBER],
    purposes=[Purpose.REGISTRATION, Purpose.COMMUNICATION],
    recipients=[ROUTED_TO],
    retention=Retention.custom(
        format_lazy(
            _("{days} dager etter at henvendelsen ble mottatt; mistenkt søppel {spam_days} dager"),
            days=LEAD_RETENTION_DAYS,
            spam_days=SPAM_RETENTION_DAYS,
        ),
        expired=_expired_leads,
        then=LEAD_ANONYMISATION,
        # Suspected spam has no purpose left once staff have had their month to spot a
        # genuine lead flagged by mistake: deleted, with its history (SECURITY.md promises
        # it). The dashboard's leads per week count it until then, and not after.
        cases=[
            RowsThen(
                rows=Q(is_suspected_spam=True),
                then=Delete(),
                description=_("mistenkt søppel slettes"),
            )
        ],
    ),
    erasure=LEAD_ANONYMISATION,
)

declare(
    Delivery,
    fields={
        "id": Category.NOT_PERSONAL,
        "lead": Category.NOT_PERSONAL,
        "kind": Category.NOT_PERSONAL,
        # The receipt goes to the person's own address.
        "recipient": Category.CONTACT,
        "status": Category.NOT_PERSONAL,
        "attempts": Category.NOT_PERSONAL,
        # A mail server's refusal often quotes the address.
        "last_error": Category.TECHNICAL,
        "created_at": Category.NOT_PERSONAL,
        "next_attempt_at": Category.NOT_PERSONAL,
        "sent_at": Category.NOT_PERSONAL,
        "status_changed_at": Category.NOT_PERSONAL,
        "message_id": Category.NOT_PERSONAL,
        "provider_message_id": Category.NOT_PERSONAL,
        # An alert's link to the delivery that failed.
        "about": Category.NOT_PERSONAL,
    },
    find=FindBy(through="lead"),
    subjects=[SubjectCategory.PROSPECTIVE_MEMBER],
    purposes=[Purpose.REGISTRATION, Purpose.COMMUNICATION],
    recipients=[ROUTED_TO, _("E-postleverandøren som sender e-postene (databehandler)")],
    retention=Retention.with_parent("lead", then=DELIVERY_ANONYMISATION),
    erasure=DELIVERY_ANONYMISATION,
)

declare(
    Subsidiary,
    fields={
        "id": Category.NOT_PERSONAL,
        "name": Category.NOT_PERSONAL,
        "slug": Category.NOT_PERSONAL,
        "description": Category.NOT_PERSONAL,
        "offered_in_form": Category.NOT_PERSONAL,
        # A company's functional inbox (post@...), not a person's.
        "default_email": Category.NOT_PERSONAL,
        # Who has access is part of the staff account (declared with the user model); an
        # erased account is anonymised, so the link then points at no one.
        "members": Category.NOT_PERSONAL,
        "position": Category.NOT_PERSONAL,
    },
)

declare(
    RoutingRule,
    fields={
        "id": Category.NOT_PERSONAL,
        "subsidiary": Category.NOT_PERSONAL,
        "county": Category.NOT_PERSONAL,
        # A company's functional inbox, like Subsidiary.default_email.
        "email": Category.NOT_PERSONAL,
    },
)

# Staff's internal notes about a lead are about the person who sent it: part of their access
# export, and deleted with the rest when they ask for erasure. The author is a staff account.
declare(
    LeadNote,
    fields={
        "id": Category.NOT_PERSONAL,
        "lead": Category.NOT_PERSONAL,
        "author": Personal(Category.ACTIVITY, export=False),
        "text": Category.FREE_TEXT,
        "created_at": Category.NOT_PERSONAL,
    },
    find=FindBy(through="lead"),
    subjects=[SubjectCategory.PROSPECTIVE_MEMBER],
    purposes=[Purpose.REGISTRATION, Purpose.COMMUNICATION],
    recipients=[],
    # Free text about the person: deleted when the lead is anonymised, by retention or erasure.
    retention=Retention.with_parent("lead", then=Delete()),
    erasure=Delete(),
)

# A lead's history holds statuses, subsidiary names and staff account keys (never names: an
# anonymised account anonymises the history), nothing about the sender.
declare(
    LeadEvent,
    fields={
        "id": Category.NOT_PERSONAL,
        "lead": Category.NOT_PERSONAL,
        "at": Category.NOT_PERSONAL,
        "actor": Personal(Category.ACTIVITY, export=False),
        "kind": Category.NOT_PERSONAL,
        "old_value": Category.NOT_PERSONAL,
        "new_value": Category.NOT_PERSONAL,
    },
    find=FindBy(through="lead"),
    subjects=[SubjectCategory.GROUP_STAFF, SubjectCategory.SUBSIDIARY_STAFF],
    purposes=[Purpose.REGISTRATION, Purpose.SECURITY],
    recipients=[],
    retention=Retention.with_parent(
        "lead",
        then=Keep(
            _("Historikken gir tid til første kontakt i oversikten; den nevner ingen innsender")
        ),
    ),
    erasure=Keep(
        _(
            "Historikken inneholder ingen opplysninger om den som sendte skjemaet, bare statuser "
            "og hvilke ansattkontoer som gjorde hva (sporbarhet, GDPR art. 5 nr. 2)"
        )
    ),
)


# --- Who received a person's leads (privacy.requests: Art. 15(1)(c) and Art. 19) -------------

# A routing email counts as received once the email server accepted it.
RECEIVED_STATUSES = [DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.COMPLAINED]


def lead_recipients(leads) -> list[Recipient]:
    """The subsidiaries (or the central inbox) whose address a routing email of these leads
    reached, from the delivery records."""
    deliveries = (
        Delivery.objects.filter(
            lead__in=[lead.pk for lead in leads],
            kind=DeliveryKind.ROUTING,
            status__in=RECEIVED_STATUSES,
        )
        .select_related("lead__subsidiary")
        .order_by("pk")
    )
    return [
        Recipient(
            name=delivery.lead.subsidiary.name
            if delivery.lead.subsidiary
            else str(_("Mestergruppen sentralt")),
            email=delivery.recipient,
            reference=delivery.lead.reference,
        )
        for delivery in deliveries
    ]


declare_recipients(Lead, lead_recipients)


def lead_news_consent_withdraw(leads) -> int:
    """The news consent given in the contact form, turned off on the person's leads."""
    return Lead.objects.filter(pk__in=[lead.pk for lead in leads], wants_news=True).update(
        wants_news=False
    )


declare_news_consent(Lead, lead_news_consent_withdraw)


# What the sender typed, corrected by the privacy officer through a request (Art. 16); the
# lead's own method keeps the history and the normalisation.
declare_rectification(
    Lead,
    fields=["contact_name", "email", "phone", "company_name", "org_number", "message"],
    apply=lambda lead, changes, by: lead.rectify(changes, by=by),
)
