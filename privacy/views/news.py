"""The unsubscribe link of a news email (privacy.news): a GET shows a button, a POST
withdraws the news consent with no further step.

The POST is exempt from the CSRF check on purpose: RFC 8058's one-click unsubscribe is a
POST from the mail provider, with no cookie and no form token. The signed token in the URL
is what authorises it, and withdrawing is all it can do. Neither page shows the address, so
a forwarded email reveals nothing on them.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from privacy.consents import ConsentSource, news_consent_in_force, news_consent_withdraw
from privacy.news import news_unsubscribe_consent

TEMPLATE = "privacy/news_unsubscribe.html"


def _page(request: HttpRequest, context: dict, *, status: int = 200) -> HttpResponse:
    response = render(request, TEMPLATE, context, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def news_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    consent = news_unsubscribe_consent(token)
    if consent is None:
        return _page(request, {"invalid": True}, status=404)
    if request.method == "POST":
        if consent.email:  # "" once erased: nothing left to withdraw
            news_consent_withdraw(consent.email, source=ConsentSource.UNSUBSCRIBE_LINK)
        if "confirm" in request.POST:  # our own button: POST/redirect/GET
            return HttpResponseRedirect(reverse("privacy:news_unsubscribed"))
        # A mail client's one-click POST (`List-Unsubscribe=One-Click`) wants a plain answer.
        return _page(request, {"done": True})
    in_force = bool(consent.email) and news_consent_in_force(consent.email)
    return _page(request, {"in_force": in_force})


@require_safe
def news_unsubscribed(request: HttpRequest) -> HttpResponse:
    return _page(request, {"done": True})
