"""The «Mine data» link and session.

Asking for a link has the same outcome for every address, held or not: the same page, and the
same email (a link that opens a page saying what we hold, which may be nothing). Nothing is
looked up about the address until the link is opened, so neither the page, its timing nor
whether an email goes out tells anyone whom we hold data about. The one difference is a limit
per address (a few links per half hour), applied to every address alike, so the form cannot
be used to flood someone's inbox.

The link carries the row's random key signed with a timestamp: it cannot be forged, it
expires after 30 minutes, and opening it (a POST, so a mail program that checks links uses up
nothing) marks the row used. The session it opens is a random token in a cookie; the database
keeps only its SHA-256. The session ends after 30 minutes, or at once when the person ends it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from mestergruppen.email import render_email, safe_address
from privacy.models import LinkEmailStatus, MineDataLink
from privacy.normalisation import normalise_email
from privacy.requests.letters import link as absolute_link
from privacy.sending import claim_for_sending

logger = logging.getLogger(__name__)

LINK_SALT = "privacy.mine_data.link"
LINK_VALID_FOR = timedelta(minutes=30)
SESSION_LENGTH = timedelta(minutes=30)
# Links one address may be sent within LINK_VALID_FOR.
LINKS_PER_ADDRESS = 3
COOKIE_NAME = "mine_data"
MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Asking for a link -------------------------------------------------------------------------


@transaction.atomic
def link_request(*, email: str, language: str) -> MineDataLink | None:
    """Store a link for the address and queue its email; None (nothing sent) when the
    address has had its share of links lately. The caller shows the same page either way."""
    email = normalise_email(email)
    if not email:
        raise ValueError("a link needs an email address")
    now = timezone.now()
    recent = MineDataLink.objects.for_email(email).asked_since(now - LINK_VALID_FOR).count()
    if recent >= LINKS_PER_ADDRESS:
        logger.info("mine data link not sent: per-address limit reached")
        return None
    row = MineDataLink.objects.create(email=email, language=language, created_at=now)
    send_link_email.enqueue(row.pk)
    return row


def link_token(row: MineDataLink) -> str:
    return signing.TimestampSigner(salt=LINK_SALT).sign(row.key)


def link_url(row: MineDataLink) -> str:
    return absolute_link(reverse("privacy:mine_data_open", args=[link_token(row)]), row.language)


def find_link(token: str) -> MineDataLink | None:
    """The unused row a genuine link of the last 30 minutes names, else None (forged,
    altered, expired or already used)."""
    if not token or len(token) > 100:
        return None
    try:
        key = signing.TimestampSigner(salt=LINK_SALT).unsign(token, max_age=LINK_VALID_FOR)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return MineDataLink.objects.filter(key=key, opened_at__isnull=True).first()


# --- Sending the link --------------------------------------------------------------------------


def send(link_id: int) -> str:
    """Send one link at most once (claimed before sending, as the other outboxes do)."""
    row = claim_for_sending(MineDataLink, link_id)
    if row is None:
        return "skipped"
    recipient = safe_address(row.email)
    try:
        if recipient is None:
            raise ValueError("the recipient is not one valid address")
        context = {
            "link": link_url(row),
            "minutes": int(LINK_VALID_FOR.total_seconds() // 60),
            "form_url": absolute_link(reverse("privacy:mine_data"), row.language),
        }
        render_email(
            "mine-data-link",
            context,
            to=[recipient],
            language=row.language,
            reply_to=[settings.PRIVACY_OFFICER_EMAIL],
            headers={"Auto-Submitted": "auto-generated"},
        ).send()
    except Exception as exc:  # noqa: BLE001 - recorded, retried a little: the link is short-lived
        logger.warning("mine data link email failed", extra={"error": type(exc).__name__})
        with transaction.atomic():
            if recipient is not None and row.attempts < MAX_ATTEMPTS:
                row.status = LinkEmailStatus.WAITING
                send_link_email.using(run_after=timezone.now() + RETRY_DELAY).enqueue(row.pk)
            else:
                row.status = LinkEmailStatus.FAILED
            row.save(update_fields=["status"])
        return "failed"
    row.status = LinkEmailStatus.SENT
    row.sent_at = timezone.now()
    row.save(update_fields=["status", "sent_at"])
    return "sent"


@task(queue_name="email")
def send_link_email(link_id: int) -> str:
    """Send the «Mine data» link; enqueued with the row. Running it twice sends once."""
    return send(link_id)


# --- The session -------------------------------------------------------------------------------


@transaction.atomic
def link_open(*, token: str) -> tuple[MineDataLink, str] | None:
    """Use up a valid link and open a session: (row, the cookie's token), or None."""
    found = find_link(token)
    if found is None:
        return None
    row = MineDataLink.objects.select_for_update().get(pk=found.pk)
    if row.opened_at is not None:  # opened by a concurrent request a moment ago
        return None
    session_token = secrets.token_urlsafe(32)
    now = timezone.now()
    row.opened_at = now
    row.session_hash = _hash(session_token)
    row.session_expires_at = now + SESSION_LENGTH
    row.save(update_fields=["opened_at", "session_hash", "session_expires_at"])
    return row, session_token


def session_of(request: HttpRequest) -> MineDataLink | None:
    """The open, unexpired session the request's cookie names, or None."""
    token = request.COOKIES.get(COOKIE_NAME, "")
    if not token or len(token) > 100:
        return None
    return MineDataLink.objects.filter(
        session_hash=_hash(token), session_expires_at__gt=timezone.now()
    ).first()


def session_end(row: MineDataLink) -> None:
    MineDataLink.objects.filter(pk=row.pk).update(session_hash="", session_expires_at=None)


def set_session_cookie(response: HttpResponse, token: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(SESSION_LENGTH.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def clear_session_cookie(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE_NAME, samesite="Strict")
