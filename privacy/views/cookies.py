"""The cookie pages: the declaration with the settings panel, the choice itself (the banner's
and the panel's form), and the scripts a category loads after a choice made without reload.

The choice is a plain form POST answered with a redirect back to the page it was made on, so
it works without JavaScript; `static/js/consent.js` sends the same form with `fetch` and gets
JSON instead, so the page is not reloaded.

The form carries no CSRF token: it is on every page, the kept pages and the privacy statement
included, and a token would give the statement (cached by browsers and shared caches, and
setting no cookie) a cookie and a per-visitor page. A forged choice is refused instead by the
browser's own word on where the form was sent from: `Sec-Fetch-Site`, else `Origin`, else
`Referer` must name this site (OWASP's "verifying origin with standard headers").
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from mestergruppen.misuse import rate_limit_exceeded
from privacy import statements
from privacy.cookie_consent import consent_choose, consent_state, declared_cookies
from privacy.models.cookies import VOLUNTARY_CATEGORIES, CookieCategory

CHOICES = {"all", "none", "selected"}


@require_safe
def cookie_settings(request: HttpRequest) -> HttpResponse:
    cookies = declared_cookies()
    groups = [
        {
            "category": category,
            "cookies": [cookie for cookie in cookies if cookie.category == category],
        }
        for category in CookieCategory
    ]
    response = render(
        request,
        "privacy/cookies.html",
        {"groups": groups, "cookies": cookies, "state": consent_state(request)},
    )
    add_never_cache_headers(response)  # shows this visitor's choice and consent id
    return response


def _same_site(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in {"same-origin", "none"}
    own = f"{request.scheme}://{request.get_host()}"
    trusted = {own, *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin in trusted
    referer = urlsplit(request.headers.get("Referer", ""))
    return bool(referer.netloc) and f"{referer.scheme}://{referer.netloc}" in trusted


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if (
        len(target) <= 2000
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return "/"


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


@csrf_exempt  # see the module docstring: the origin is checked instead
@require_POST
def consent_choose_view(request: HttpRequest) -> HttpResponse:
    if not _same_site(request):
        page = render_to_string("errors/403.html", request=request)
        return HttpResponse(page, status=403)
    choice = request.POST.get("choice") or "selected"
    if choice not in CHOICES:
        return HttpResponseBadRequest(
            render_to_string("errors/400.html", request=request), content_type="text/html"
        )
    if rate_limit_exceeded(
        request,
        scope="consent-choice",
        limit=settings.CONSENT_CHOICE_RATE_LIMIT,
        window=settings.INTAKE_RATE_LIMIT_WINDOW_SECONDS,
    ):
        page = render_to_string("errors/429.html", request=request)
        return HttpResponse(page, status=429)
    wanted = {
        category.value: choice == "all"
        or (choice == "selected" and request.POST.get(category.value) == "on")
        for category in VOLUNTARY_CATEGORIES
    }
    if _wants_json(request):
        response: HttpResponse = JsonResponse({})
    else:
        response = HttpResponseRedirect(_next(request), status=303)
    made = consent_choose(
        request=request,
        response=response,
        statistics=wanted["statistics"],
        marketing=wanted["marketing"],
        statement=statements.in_force(get_language()),
    )
    if isinstance(response, JsonResponse):
        allowed = [c.value for c in VOLUNTARY_CATEGORIES if made.allows(c)]
        response.content = JsonResponse(
            {
                "allowed": allowed,
                "scripts": [
                    reverse("privacy:consent_scripts", args=[category]) for category in allowed
                ],
                "message": _(
                    "Valget ditt er lagret. Du kan endre det når som helst under "
                    "«Innstillinger for informasjonskapsler» nederst på siden."
                ),
            }
        ).content
    add_never_cache_headers(response)
    return response


@require_safe
def consent_scripts(request: HttpRequest, category: str) -> HttpResponse:
    """The scripts of one category, for a page where the visitor just consented to it
    without reloading (a script from our own address needs no nonce). Empty unless the
    consent cookie allows the category."""
    state = consent_state(request)
    if category not in state.allowed:
        body = ""
    else:
        # As in the page: each script as staff wrote it, its globals global (gtag and the like).
        body = "\n;\n".join(state.scripts_of(category))
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])
    return response
