"""The intake domain: subsidiaries and their routing rules, leads, and the email outbox.

A lead is what a prospective member sent through the contact form. Routing decides which
addresses receive it; each address gets one `Delivery` row, which is the outbox: the worker
sends from it, records every attempt on it, and never sends a row twice.

One module per aggregate: `subsidiaries`, `leads` (with their queries, `lead_queries`, and
their `history`: notes and events), `deliveries` (the outbox), and the `choices` they share.
Every name is importable from `intake.models`.
"""

from intake.models.choices import (
    OPEN_STATUSES,
    REFERENCE_ALPHABET,
    County,
    DeliveryKind,
    DeliveryStatus,
    LeadDeliveryState,
    LeadEventKind,
    LeadStatus,
)
from intake.models.deliveries import Delivery, DeliveryQuerySet
from intake.models.history import LeadEvent, LeadNote, user_label
from intake.models.lead_queries import (
    LeadQuerySet,
    restricted_lead_ids,
    visible_subsidiary_ids,
)
from intake.models.leads import Lead, new_reference
from intake.models.subsidiaries import RoutingRule, Subsidiary, SubsidiaryQuerySet

__all__ = [
    "OPEN_STATUSES",
    "REFERENCE_ALPHABET",
    "County",
    "Delivery",
    "DeliveryKind",
    "DeliveryQuerySet",
    "DeliveryStatus",
    "Lead",
    "LeadDeliveryState",
    "LeadEvent",
    "LeadEventKind",
    "LeadNote",
    "LeadQuerySet",
    "LeadStatus",
    "RoutingRule",
    "Subsidiary",
    "SubsidiaryQuerySet",
    "new_reference",
    "restricted_lead_ids",
    "user_label",
    "visible_subsidiary_ids",
]
