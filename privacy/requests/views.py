"""The person's side of a request: the form, the confirmation link and the download.

Each link opens a page with a button; only the button (a POST) confirms or downloads, so a
mail program that opens links to check them confirms nothing and uses up no download.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from mestergruppen.misuse import rate_limit_exceeded, read_form_token
from privacy.models import DataSubjectRequest, RequestStatus
from privacy.requests.forms import FORM_TOKEN_SALT, RightsRequestForm
from privacy.requests.fulfil import export_download, find_export
from privacy.requests.services import read_confirmation_token, request_confirm, request_submit

logger = logging.getLogger(__name__)

RATE_LIMITED_MESSAGE = _(
    "Du har sendt mange skjemaer på kort tid. Vent noen minutter og send skjemaet på nytt. "
    "Det du har skrevet, er tatt vare på."
)


def _never_cache(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def _render_form(request, form, *, status=200, rate_limited=False) -> HttpResponse:
    context = {
        "form": form,
        "controller": settings.CONTROLLER,
        "rate_limited_message": RATE_LIMITED_MESSAGE if rate_limited else None,
    }
    return _never_cache(render(request, "privacy/rights.html", context, status=status))


def _suspected_misuse(form: RightsRequestForm, token) -> str:
    if form.honeypot_filled:
        return "honeypot"
    if token is None:
        return "invalid_token"
    if token.seconds_since_issued() < settings.INTAKE_MIN_FILL_SECONDS:
        return "too_fast"
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
def rights(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, RightsRequestForm())
    form = RightsRequestForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form)
    if rate_limit_exceeded(
        request,
        scope="privacy-request",
        limit=settings.PRIVACY_REQUEST_RATE_LIMIT,
        window=settings.INTAKE_RATE_LIMIT_WINDOW_SECONDS,
    ):
        return _render_form(request, form, status=429, rate_limited=True)
    token = read_form_token(request.POST.get("form_token"), salt=FORM_TOKEN_SALT)
    reason = _suspected_misuse(form, token)
    if reason:
        # Nothing stored and nothing sent: a request is only worth something once the
        # address confirms it, and a bot must not make us email a third party. The page is
        # the normal one, so the bot learns nothing.
        logger.info("privacy request dropped as suspected misuse", extra={"reason": reason})
    else:
        request_submit(
            rights=form.cleaned_data["rights"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            details=form.cleaned_data["details"],
            language=get_language() or settings.LANGUAGE_CODE,
        )
    return HttpResponseRedirect(reverse("privacy:request_sent"))


@require_safe
def request_sent(request: HttpRequest) -> HttpResponse:
    # The same words whether or not we hold anything about the address, or it was dropped.
    return _never_cache(render(request, "privacy/request_sent.html"))


@require_http_methods(["GET", "HEAD", "POST"])
def request_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    reference = read_confirmation_token(token)
    found = DataSubjectRequest.objects.filter(reference=reference).first() if reference else None
    if found is None:
        return _never_cache(
            render(request, "privacy/request_confirm.html", {"invalid": True}, status=410)
        )
    if request.method == "POST":
        request_confirm(reference=reference)
        return HttpResponseRedirect(request.path)
    answered = found.joined_into or found
    context = {
        "request_record": answered,
        "awaiting": found.status == RequestStatus.AWAITING_CONFIRMATION,
        "joined": found.joined_into_id is not None,
    }
    return _never_cache(render(request, "privacy/request_confirm.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def request_download(request: HttpRequest, token: str) -> HttpResponse:
    export = find_export(token)
    if export is None or not export.is_available:
        return _never_cache(
            render(request, "privacy/request_download.html", {"unavailable": True}, status=410)
        )
    if request.method == "POST":
        content = export_download(export=export)
        if content is None:
            return _never_cache(
                render(request, "privacy/request_download.html", {"unavailable": True}, status=410)
            )
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return _never_cache(response)
    return _never_cache(render(request, "privacy/request_download.html", {"export": export}))
