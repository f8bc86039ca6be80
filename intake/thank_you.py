"""The address of a lead's thank-you page, which vouches for itself.

The page shows the lead's reference and the subsidiary it went to. Both are in the address,
signed with the site's secret key, so the page needs no database (it is the last of the three
requests every submission makes, bench/intake/) and no one can make up a thank-you page: an
address someone types, guesses or alters answers 404 and tells nothing, not even whether
the reference exists.
"""

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from intake import subsidiary_cache
from intake.models import Lead, Subsidiary

# The address's word for the central inbox ("not sure / other").
CENTRAL = "sentralt"

SALT = "intake.thank-you"


@dataclass(frozen=True)
class ThankYou:
    reference: str
    # The subsidiary the lead was sent to; None when it went to the central inbox.
    subsidiary: Subsidiary | None


def thank_you_path(lead: Lead) -> str:
    sent_to = str(lead.subsidiary_id) if lead.subsidiary_id else CENTRAL
    proof = _signer().signature(f"{lead.reference}/{sent_to}")
    return reverse(
        "intake:thanks", kwargs={"reference": lead.reference, "sent_to": sent_to, "proof": proof}
    )


def thank_you_from(*, reference: str, sent_to: str, proof: str) -> ThankYou | None:
    """What a thank-you address shows, or None when the address was not made by us."""
    try:
        _signer().unsign(f"{reference}/{sent_to}/{proof}")
    except signing.BadSignature:
        return None
    if sent_to == CENTRAL:
        return ThankYou(reference=reference, subsidiary=None)
    pk = int(sent_to)
    # A subsidiary withdrawn from the form since keeps its name on its leads' pages.
    subsidiary = subsidiary_cache.offered_subsidiary(pk) or Subsidiary.objects.filter(pk=pk).first()
    return ThankYou(reference=reference, subsidiary=subsidiary) if subsidiary else None


def _signer() -> signing.Signer:
    # Made per use, so it reads the keys in force (SECRET_KEY and SECRET_KEY_FALLBACKS).
    return signing.Signer(salt=SALT, sep="/")
