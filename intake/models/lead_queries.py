"""Which leads a staff member may see (`LeadQuerySet.visible_to`, the one access rule), how
staff find them (`search`), and the annotations and filters of the triage list."""

from django.db import models

from intake.models.choices import (
    OPEN_STATUSES,
    REFERENCE_ALPHABET,
    DeliveryKind,
    DeliveryStatus,
    LeadDeliveryState,
    LeadStatus,
)
from intake.models.deliveries import Delivery
from intake.sla import triage_deadline_cutoff
from privacy.models import Restriction
from privacy.registry import InvalidPhoneNumber, normalise_email, normalise_phone


def visible_subsidiary_ids(user) -> list[int]:
    """The subsidiaries a staff member belongs to, read once per request (cached on the user)."""
    if not hasattr(user, "_visible_subsidiary_ids"):
        user._visible_subsidiary_ids = list(user.subsidiaries.values_list("pk", flat=True))
    return user._visible_subsidiary_ids


def restricted_lead_ids(user, model: type[models.Model]) -> list[int]:
    """The leads of people whose processing is restricted, read once per request (cached on
    the user). Restrictions are rare, so this is a short list of keys found through the email
    and phone indexes; excluding it keeps the list queries on their own indexes instead of
    comparing every lead's email and phone."""
    if not hasattr(user, "_restricted_lead_ids"):
        subjects = list(Restriction.objects.active().values_list("email", "phone"))
        emails = [email for email, _phone in subjects if email]
        phones = [phone for _email, phone in subjects if phone]
        user._restricted_lead_ids = (
            list(
                model._default_manager.filter(
                    models.Q(email__in=emails) | models.Q(phone__in=phones)
                ).values_list("pk", flat=True)
            )
            if subjects
            else []
        )
    return user._restricted_lead_ids


def _by_name(term: str) -> models.Q:
    """Every word of the term in the company's or the contact's name."""
    condition = models.Q()
    for word in term.split():
        condition &= models.Q(company_name__icontains=word) | models.Q(contact_name__icontains=word)
    return condition


class LeadQuerySet(models.QuerySet):
    def genuine(self) -> "LeadQuerySet":
        return self.filter(is_suspected_spam=False)

    def visible_to(self, user) -> "LeadQuerySet":
        """The one access rule for leads: every view, action, search, export and chart of
        leads goes through here. Central staff and the privacy officer see every lead; staff of
        a subsidiary only the leads routed to the subsidiaries they are members of; anyone
        else nothing. Leads of a person whose processing is restricted are hidden from all
        but the privacy officer."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_perm("intake.view_all_leads"):
            leads = self
        elif user.has_perm("intake.view_lead"):
            leads = self.filter(subsidiary_id__in=visible_subsidiary_ids(user))
        else:
            return self.none()
        # GDPR Art. 18: a restricted person's leads are stored, not processed: out of staff
        # lists, searches and exports. The privacy officer, who handles the restriction,
        # still sees them.
        if user.has_perm("privacy.view_restriction"):
            return leads
        hidden = restricted_lead_ids(user, self.model)
        return leads.exclude(pk__in=hidden) if hidden else leads

    def open(self) -> "LeadQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None) -> "LeadQuerySet":
        """Still new after LEAD_SLA_WORKING_DAYS working days."""
        return self.filter(status=LeadStatus.NEW, received_at__lt=triage_deadline_cutoff(now))

    def with_delivery_state(self) -> "LeadQuerySet":
        """Annotate `delivery_status`: the worst status among the lead's routing deliveries
        (one indexed subquery per row shown, not one query per row)."""
        worst_first = models.Case(
            models.When(status=DeliveryStatus.FAILED, then=0),
            models.When(status=DeliveryStatus.BOUNCED, then=1),
            models.When(status=DeliveryStatus.COMPLAINED, then=1),
            models.When(status=DeliveryStatus.WAITING, then=2),
            models.When(status=DeliveryStatus.SENDING, then=2),
            models.When(status=DeliveryStatus.SENT, then=3),
            default=4,
        )
        worst = (
            Delivery.objects.filter(lead=models.OuterRef("pk"), kind=DeliveryKind.ROUTING)
            .annotate(rank=worst_first)
            .order_by("rank")
            .values("status")[:1]
        )
        return self.annotate(delivery_status=models.Subquery(worst))

    def search(self, term: str) -> "LeadQuerySet":
        """Leads matching what staff typed in the search box. Each kind of term is matched
        where it is stored normalised, so an index answers: an email exactly (lower case), a
        phone number in E.164 whatever the notation, an organisation number by its digits, a
        reference in any letter case, with or without MG-. Anything else is looked for in the
        names, every word in the company's or the contact's name."""
        term = " ".join(term.split())
        if not term:
            return self
        if "@" in term:
            return self.filter(email=normalise_email(term))
        upper = term.upper()
        if upper.startswith("MG-"):
            return self.filter(reference=upper)
        if (
            len(upper) == 8
            and all(ch in REFERENCE_ALPHABET for ch in upper)
            and not upper.isdigit()  # eight digits: a phone number or a reference, below
        ):
            by_reference = models.Q(reference=f"MG-{upper}")
            if any(ch.isdigit() for ch in upper):
                return self.filter(by_reference)
            # Eight letters are a reference without digits or a name ("Andersen"): both.
            return self.filter(by_reference | _by_name(term))
        digits = "".join(ch for ch in term if ch.isdigit())
        if digits and len(digits) >= 5 and not any(ch.isalpha() for ch in term):
            try:
                phone = normalise_phone(term)
            except InvalidPhoneNumber:
                phone = term
            condition = models.Q(phone=phone)
            if len(digits) == 9:
                condition |= models.Q(org_number=digits)
            if len(term) == 8 and term.isdigit():
                condition |= models.Q(reference=f"MG-{term}")  # a reference of digits only
            return self.filter(condition)
        return self.filter(_by_name(term))

    def with_delivery_state_filter(self, state: str) -> "LeadQuerySet":
        """Leads whose worst routing delivery is in `state`. Written with EXISTS rather than
        by filtering the annotation, so the database can use a semi-join over the (few) rows
        in a problem state instead of evaluating a subquery for every lead."""
        routing = Delivery.objects.filter(lead=models.OuterRef("pk"), kind=DeliveryKind.ROUTING)

        def having(*statuses):
            return models.Exists(routing.filter(status__in=statuses))

        failed = having(DeliveryStatus.FAILED)
        bounced = having(DeliveryStatus.BOUNCED, DeliveryStatus.COMPLAINED)
        waiting = having(DeliveryStatus.WAITING, DeliveryStatus.SENDING)
        sent = having(DeliveryStatus.SENT)
        conditions = {
            LeadDeliveryState.FAILED: [failed],
            LeadDeliveryState.BOUNCED: [bounced, ~failed],
            LeadDeliveryState.WAITING: [waiting, ~failed, ~bounced],
            LeadDeliveryState.SENT: [sent, ~failed, ~bounced, ~waiting],
            LeadDeliveryState.DELIVERED: [
                having(DeliveryStatus.DELIVERED),
                ~failed,
                ~bounced,
                ~waiting,
                ~sent,
            ],
            LeadDeliveryState.NONE: [~models.Exists(routing)],
        }
        return self.filter(*conditions[LeadDeliveryState(state)])
