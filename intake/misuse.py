"""Misuse defences for the contact form that send nothing to third parties.

- A signed form token: one random nonce per rendered form (it becomes the lead's
  `submission_token`, so a double click or a resent POST finds the lead already made) and the
  time the form was rendered (a form sent faster than a person can type is suspected spam).
- A honeypot field people never see (checked in the form).
- A per-client rate limit in the cache. The key is an HMAC of the truncated client address,
  so the raw IP address is never stored, and the counter expires with its window.
"""

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.connection import ConnectionProxy

from mestergruppen.clients import client_key

# Shared by every web process (settings.CACHES["rate_limits"]), never one process's memory.
cache = ConnectionProxy(caches, "rate_limits")

TOKEN_SALT = "intake.contact-form.token"  # noqa: S105 (a namespace, not a secret)


@dataclass(frozen=True)
class FormToken:
    nonce: str
    issued_at: float

    def seconds_since_issued(self, *, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.issued_at


def issue_form_token() -> str:
    """The signed value of the form's hidden token field."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(secrets.token_urlsafe(24))


def read_form_token(value: str | None) -> FormToken | None:
    """The token a POST carried back, or None if it is missing or was tampered with."""
    if not value or len(value) > 200:
        return None
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        nonce = signer.unsign(value)
    except signing.BadSignature:
        return None
    # unsign() checked the signature over "nonce:timestamp"; read the timestamp it covered.
    timestamp = value.split(signer.sep)[-2]
    return FormToken(nonce=nonce, issued_at=signing.b62_decode(timestamp))


def rate_limit_exceeded(request: HttpRequest) -> bool:
    """Counts one submission for this client; True once it has sent more than the limit
    within the window (fixed windows: cheap, and precise enough against floods)."""
    limit = settings.INTAKE_RATE_LIMIT
    if limit <= 0:
        return False
    window = settings.INTAKE_RATE_LIMIT_WINDOW_SECONDS
    key = f"intake:rate:{client_key(request)}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
