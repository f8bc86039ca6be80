"""The emails of a lead: routing to the subsidiary, receipt to the prospect, alerts to central.

Nothing the prospect typed reaches a header: subjects carry the reference (and the county, a
fixed choice), Reply-To is the prospect's address only after validation. The receipt goes to
an address anyone could have typed into the form, so it never repeats the message, the company
or the name: the form cannot be used to send text of one's choosing to a third party.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from intake.models import Delivery, DeliveryKind, Lead
from mestergruppen.email import absolute_url, email_language, render_email, safe_address


def _subsidiary_name(lead: Lead) -> str:
    if lead.subsidiary is None:
        return _("Mestergruppen sentralt")
    return lead.subsidiary.name


def _acknowledged_statement_url(lead: Lead) -> str:
    """The statement version the person acknowledged; the current one when the lead has none
    recorded (the link must work either way)."""
    statement = getattr(lead, "privacy_statement", None)
    if statement is not None and hasattr(statement, "get_absolute_url"):
        return absolute_url(statement.get_absolute_url())
    return absolute_url(reverse("privacy:statement"))


def _headers(delivery: Delivery, *, automatic: bool) -> dict[str, str]:
    headers = {"Message-ID": delivery.message_id}
    if automatic:
        # RFC 3834: an automatic message; well-behaved autoresponders stay quiet.
        headers["Auto-Submitted"] = "auto-generated"
    return headers


def _routing(delivery: Delivery) -> EmailMultiAlternatives:
    lead = delivery.lead
    prospect = safe_address(lead.email)
    with translation.override("nb"):
        context = {
            "lead": lead,
            "county": lead.get_county_display(),
            "subsidiary_name": _subsidiary_name(lead),
            "admin_url": absolute_url(lead.get_admin_url()),
        }
    return render_email(
        "lead-routing",
        context,
        to=[delivery.recipient],
        # Subsidiary staff work in Norwegian whatever language the prospect wrote in.
        language="nb",
        reply_to=[prospect] if prospect else None,
        headers=_headers(delivery, automatic=False),
    )


def _receipt(delivery: Delivery) -> EmailMultiAlternatives:
    lead = delivery.lead
    language = email_language(lead.language)
    with translation.override(language):
        context = {
            "reference": lead.reference,
            "subsidiary_name": _subsidiary_name(lead),
            "statement_url": _acknowledged_statement_url(lead),
            "rights_url": absolute_url(reverse("privacy:rights_request")),
            "mine_data_url": absolute_url(reverse("privacy:mine_data")),
            "central_inbox": settings.CENTRAL_INBOX_EMAIL,
        }
    return render_email(
        "lead-receipt",
        context,
        to=[delivery.recipient],
        language=language,
        reply_to=[settings.CENTRAL_INBOX_EMAIL],
        headers=_headers(delivery, automatic=True),
    )


def _alert(delivery: Delivery) -> EmailMultiAlternatives:
    lead = delivery.lead
    about = delivery.about
    with translation.override("nb"):
        context = {
            "reference": lead.reference,
            "kind": about.get_kind_display() if about else "",
            # The receipt's address is the prospect's: the admin shows it to those allowed.
            "recipient": about.recipient if about and about.kind != DeliveryKind.RECEIPT else "",
            "status": about.get_status_display() if about else "",
            "attempts": about.attempts if about else 0,
            "last_error": about.last_error if about else "",
            "admin_url": absolute_url(lead.get_admin_url()),
        }
    return render_email(
        "delivery-alert",
        context,
        to=[delivery.recipient],
        language="nb",
        headers=_headers(delivery, automatic=True),
    )


_BUILDERS = {
    DeliveryKind.ROUTING: _routing,
    DeliveryKind.RECEIPT: _receipt,
    DeliveryKind.ALERT: _alert,
}


def build_message(delivery: Delivery) -> EmailMultiAlternatives:
    """The message one outbox row sends, with its Message-ID already fixed on the row."""
    message = _BUILDERS[delivery.kind](delivery)
    # Anymail passes these to the provider, whose webhooks hand them back: a second way to
    # find the delivery when the provider names the message by its own id. No personal data.
    message.metadata = {"delivery": str(delivery.pk)}
    message.tags = [f"lead-{delivery.kind}"]
    return message
