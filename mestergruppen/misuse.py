"""Misuse defences for public forms that send nothing to third parties (the contact form in
`intake`, the data-subject request form in `privacy`).

- A signed form token: one random nonce per rendered form and the time the form was
  rendered (a form sent faster than a person can type is suspected spam). Each form signs
  with its own salt, so one form's token is no good in another.
- A per-client rate limit in the cache. The key is an HMAC of the client's network
  (`mestergruppen.client_pseudonyms.client_key`), so the raw IP address is never stored, and
  the counter expires with its window.

The honeypot field is each form's own (checked in the form).
"""

import secrets
import time
from dataclasses import dataclass

from django.core import signing
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.connection import ConnectionProxy

from mestergruppen.client_pseudonyms import client_key

# Shared by every web process (settings.CACHES["rate_limits"]), never one process's memory.
cache = ConnectionProxy(caches, "rate_limits")


@dataclass(frozen=True)
class FormToken:
    nonce: str
    issued_at: float

    def seconds_since_issued(self, *, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.issued_at


def issue_form_token(*, salt: str) -> str:
    """The signed value of a form's hidden token field."""
    return signing.TimestampSigner(salt=salt).sign(secrets.token_urlsafe(24))


def read_form_token(value: str | None, *, salt: str) -> FormToken | None:
    """The token a POST carried back, or None if it is missing or was tampered with."""
    if not value or len(value) > 200:
        return None
    signer = signing.TimestampSigner(salt=salt)
    try:
        nonce = signer.unsign(value)
    except signing.BadSignature:
        return None
    # unsign() checked the signature over "nonce:timestamp"; read the timestamp it covered.
    timestamp = value.split(signer.sep)[-2]
    return FormToken(nonce=nonce, issued_at=signing.b62_decode(timestamp))


def rate_limit_exceeded(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Counts one submission for this client in `scope`; True once it has sent more than
    `limit` within the window (fixed windows: cheap, and precise enough against floods).
    A limit of 0 switches it off."""
    if limit <= 0:
        return False
    key = f"{scope}:rate:{client_key(request)}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
