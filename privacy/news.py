"""News by email, only to people whose news consent is in force, each email with a signed
one-click unsubscribe link (RFC 8058; the statement's section 5 promises a link in every
email).

    message = news_email("kari@eksempel.no", subject="Nytt fra Mestergruppen", text="...")
    if message is not None:   # None: no consent in force, or processing restricted
        message.send()

The link names the consent (its random consent id), never the address, and is signed with
Django's signing under a salt of its own: it cannot be forged, altered to reach someone
else's consent, or made from a token signed for another purpose. A POST to it withdraws with
no further step (what a mail client's "unsubscribe" button sends: `List-Unsubscribe=One-Click`);
a GET only shows a page with a button, because mail scanners open links.

This is the smallest honest sender: nothing schedules news today. A campaign that sends to
many people should go through an outbox (claim before send, as `intake.outbox`) so that a
crash cannot send twice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from mestergruppen.email import absolute_url, email_language, render_email, safe_address
from privacy.consents import news_consent_latest
from privacy.models import ConsentPurpose, ConsentRecord
from privacy.normalisation import normalise_email

# A salt of its own: a value signed for anything else (a confirmation link, a form token)
# is not an unsubscribe token.
UNSUBSCRIBE_SALT = "privacy.news.unsubscribe"
# A UUID, a colon and the signature: anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 120


def news_unsubscribe_token(record: ConsentRecord) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(record.consent_id))


def news_unsubscribe_consent(token: str) -> ConsentRecord | None:
    """The news consent a link names, or None when the token is forged, altered, signed
    for something else, or names no news consent we keep."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        consent_id = uuid.UUID(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return ConsentRecord.objects.filter(
        consent_id=consent_id, purpose=ConsentPurpose.NEWS, given=True
    ).first()


def news_unsubscribe_url(record: ConsentRecord, *, language: str = "nb") -> str:
    path = reverse("privacy:news_unsubscribe", args=[news_unsubscribe_token(record)])
    if language != settings.LANGUAGE_CODE:
        path = f"/{language}{path}"
    return absolute_url(path)


def news_email(
    email: str, *, subject: str, text: str, language: str = "nb"
) -> EmailMultiAlternatives | None:
    """A news email to `email`, or None when its news consent is not in force (never given,
    withdrawn, or erased) or the person's processing is restricted (Art. 18)."""
    from privacy.services import is_restricted  # privacy.services imports the registry

    address = safe_address(normalise_email(email))
    latest = news_consent_latest(address) if address else None
    if latest is None or not latest.given or is_restricted(email=address):
        return None
    language = email_language(language)
    url = news_unsubscribe_url(latest, language=language)
    return render_email(
        "news",
        {"subject": subject, "body": text, "unsubscribe_url": url},
        to=[address],
        language=language,
        headers={
            # RFC 2369 and RFC 8058: the mail client offers "unsubscribe" and POSTs to it.
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
