"""Misuse defences for the contact form that send nothing to third parties.

- A signed form token (`mestergruppen.misuse`): one random nonce per rendered form (it
  becomes the lead's `submission_token`, so a double click or a resent POST finds the lead
  already made) and the time the form was rendered (a form sent faster than a person can
  type is suspected spam).
- A honeypot field people never see (checked in the form).
- A per-client rate limit in the shared cache (`cache`, settings.CACHES["rate_limits"]),
  keyed by a keyed hash of the client's network.
"""

from django.conf import settings
from django.http import HttpRequest

from mestergruppen import misuse
from mestergruppen.misuse import FormToken, cache

__all__ = ["FormToken", "cache", "issue_form_token", "rate_limit_exceeded", "read_form_token"]

TOKEN_SALT = "intake.contact-form.token"  # noqa: S105 (a namespace, not a secret)


def issue_form_token() -> str:
    """The signed value of the form's hidden token field."""
    return misuse.issue_form_token(salt=TOKEN_SALT)


def read_form_token(value: str | None) -> FormToken | None:
    """The token a POST carried back, or None if it is missing or was tampered with."""
    return misuse.read_form_token(value, salt=TOKEN_SALT)


def rate_limit_exceeded(request: HttpRequest) -> bool:
    """Counts one submission for this client; True once it has sent more than the limit."""
    return misuse.rate_limit_exceeded(
        request,
        scope="intake",
        limit=settings.INTAKE_RATE_LIMIT,
        window=settings.INTAKE_RATE_LIMIT_WINDOW_SECONDS,
    )
