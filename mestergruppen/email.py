"""One way to build an email: a template triplet rendered in the recipient's language.

`templates/emails/<name>-subject.txt`, `<name>-body.txt` and `<name>-body.html`. The text
parts are rendered without HTML escaping (they are not HTML); the subject is folded to one
line with control characters removed, so nothing a template prints can add a header.
"""

import re
from email.errors import HeaderParseError
from email.headerregistry import Address

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _render_text(template_name: str, context: dict) -> str:
    # The backend wrapper always autoescapes; the underlying template takes a Context that
    # can switch it off, so "Bølgen & Blå AS" stays itself in the plain-text part.
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def one_line(text: str) -> str:
    """Text safe for a header: no line breaks or other control characters, spaces folded."""
    return " ".join(_CONTROL_CHARACTERS.sub(" ", text).split())


def safe_address(value: str) -> str | None:
    """`value` when it is one valid email address and nothing else, otherwise None."""
    if not value or value != one_line(value) or "," in value:
        return None
    try:
        validate_email(value)
        Address(addr_spec=value)
    except (ValidationError, ValueError, IndexError, HeaderParseError):
        return None
    return value


def deliverable_address(value: str) -> bool:
    """True when `value` is an address the outbox will send to and the internet can reach:
    one valid address (`safe_address`) at a public domain name, not `localhost` or an IP
    literal such as `[127.0.0.1]`, which Django's validator accepts."""
    if safe_address(value) is None:
        return False
    domain = value.rpartition("@")[2].lower().rstrip(".")
    if domain.startswith("[") or "." not in domain:
        return False
    return domain != "localhost" and not domain.endswith(".localhost")


def email_language(language: str | None) -> str:
    """The language to write in: the one asked for when the site has it, else Norwegian."""
    available = {code for code, _name in settings.LANGUAGES}
    if language in available:
        return language
    return settings.LANGUAGE_CODE


def render_email(
    name: str,
    context: dict,
    *,
    to: list[str],
    language: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> EmailMultiAlternatives:
    """Render the triplet `emails/<name>-*` into a message with a text and an HTML part."""
    language = email_language(language)
    context = {**context, "language": language, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = one_line(_render_text(f"emails/{name}-subject.txt", context))
        text = _render_text(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or [],
        headers={"Content-Language": language, **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message


def absolute_url(path: str) -> str:
    """A link for an email: the worker has no request, so the host comes from SITE_URL."""
    return settings.SITE_URL + path
