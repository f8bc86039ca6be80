"""The letters of a data-subject request: rendered in the request's language, stored as
they are sent, and queued for the worker in the same transaction as the change they report.

Each letter is `templates/emails/dsr/<kind>.<language>.txt`: the first line is the subject,
the rest the body. A letter is a document the officer reads before it goes, so each language
has its whole text in one file rather than sentence by sentence in the catalogue. Letters go
out through the project's email helper (`mestergruppen.email`, the `dsr-letter` triplet).
"""

from __future__ import annotations

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from mestergruppen.email import absolute_url, email_language
from privacy.models import DataSubjectRequest, RequestMessage, RequestRight
from privacy.requests.outbox import send_request_message

DATATILSYNET = {
    "name": "Datatilsynet",
    "url": "https://www.datatilsynet.no/",
    "address": "Postboks 458 Sentrum, 0105 Oslo",
}


def letter_language(request: DataSubjectRequest) -> str:
    return email_language(request.language)


def _dates(request: DataSubjectRequest, language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "received": date_format(request.received_on, "DATE_FORMAT"),
            "deadline": date_format(request.deadline, "DATE_FORMAT"),
        }


def letter_context(request: DataSubjectRequest, language: str) -> dict:
    with translation.override(language):
        labels = dict(RequestRight.choices)
        rights = [str(labels.get(right, right)) for right in request.rights]
    return {
        "request": request,
        "reference": request.reference,
        "rights": rights,
        **_dates(request, language),
        "controller": settings.CONTROLLER,
        "privacy_email": settings.PRIVACY_OFFICER_EMAIL,
        "rights_url": absolute_url(_localised_path(reverse("privacy:rights_request"), language)),
        "datatilsynet": DATATILSYNET,
    }


def _localised_path(path: str, language: str) -> str:
    """The English pages live under /en/ (i18n_patterns without a prefix for nb)."""
    if language != settings.LANGUAGE_CODE and not path.startswith(f"/{language}/"):
        return f"/{language}{path}"
    return path


def compose(
    request: DataSubjectRequest, kind: str, *, language: str | None = None, **extra
) -> tuple[str, str]:
    """(subject, body) of a letter, without sending it: what the officer reads first."""
    language = language or letter_language(request)
    context = {**letter_context(request, language), **extra, "language": language}
    template = get_template(f"emails/dsr/{kind}.{language}.txt").template
    with translation.override(language):
        text = template.render(Context(context, autoescape=False))
    subject, _blank, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def letter_queue(
    request: DataSubjectRequest,
    kind: str,
    *,
    by=None,
    recipient: str | None = None,
    language: str | None = None,
    **extra,
) -> RequestMessage:
    """Store the letter and enqueue its sending; call inside the change's transaction."""
    language = language or letter_language(request)
    subject, body = compose(request, kind, language=language, **extra)
    message = RequestMessage.objects.create(
        request=request,
        kind=kind,
        recipient=recipient or request.email,
        language=language,
        subject=subject[:200],
        body=body,
        created_by=by,
    )
    send_request_message.enqueue(message.pk)
    return message


def link(path: str, language: str) -> str:
    return absolute_url(_localised_path(path, language))
