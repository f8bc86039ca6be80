"""The site's public pages, found from the URL configuration so a page added later is
checked too (HEAD, hostile input, HTML validity)."""

import pytest
from django.urls import URLResolver, get_resolver

# Not pages: the webhook and the language switch take POSTs (the admin has its own checks).
# Not pages: the webhooks, the language switch, and the contact form's proof-of-work challenge
# (JSON for its script, 404 unless switched on; tests/intake/test_proof_of_work.py), and the
# cookie choice (a POST; tests/privacy/test_cookie_consent.py).
# Not public pages either: «Mine data»'s session pages answer 403 without the session an
# emailed link opens, and its actions take POSTs (tests/privacy/test_mine_data.py covers
# both, the browser journey the pages).
MINE_DATA_SESSION = tuple(
    f"personvern/mine-data/{part}/"
    for part in ("oversikt", "kopi", "nyheter", "be-om", "slett", "slettet", "avslutt")
)
NOT_PAGES = (
    "anymail/",
    "i18n/",
    "bli-medlem/utfordring/",
    "personvern/informasjonskapsler/valg/",
    *MINE_DATA_SESSION,
)


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":  # wherever ADMIN_URL puts it
                yield from _routes(pattern.url_patterns, route)
        else:
            yield route, pattern.name


def public_routes() -> list[tuple[str, str]]:
    """(route, URL name) of every public URL, e.g. ("personvern/", "statement")."""
    return [
        (route, name)
        for route, name in _routes(get_resolver().url_patterns)
        if not route.startswith(NOT_PAGES)
    ]


@pytest.fixture
def public_page_urls(db, privacy_statement, make_lead, subsidiary_blinkhus) -> dict[str, str]:
    """URL name -> the Norwegian address of every public page: those without parameters as
    routed, the others with a real example (a published statement version, a thank-you
    address the site made)."""
    from intake.thank_you import thank_you_path

    lead = make_lead(subsidiary=subsidiary_blinkhus)
    examples = {
        "statement_version": "personvern/versjoner/nb/2024-01-26/",
        "statement_compare": "personvern/versjoner/nb/sammenlign/",
        "thanks": thank_you_path(lead).lstrip("/"),
        # JavaScript, empty without consent (tests/privacy/test_cookie_consent.py).
        "consent_scripts": "personvern/informasjonskapsler/skript/statistics.js",
        **_request_link_examples(lead),
        **_news_link_examples(lead),
    }
    urls = {}
    for route, name in public_routes():
        if "<" in route:
            if name not in examples:
                continue  # a new page with parameters: add an example above
            route = examples[name]
        urls[name] = "/" + route
    return urls


def _request_link_examples(lead) -> dict[str, str]:
    """A data-subject request's confirmation link and an export's download link, as the
    site emails them."""
    import hashlib
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from privacy.mine_data.links import link_request, link_token
    from privacy.models import RequestExport
    from privacy.requests.services import confirmation_token, request_submit

    request = request_submit(rights=["access"], email=lead.email, language="nb")
    RequestExport.objects.create(
        request=request,
        token_hash=hashlib.sha256(b"example-download-token").hexdigest(),
        content=b"PK\x05\x06" + b"\x00" * 18,
        filename=f"{request.reference}.zip",
        expires_at=timezone.now() + timedelta(days=1),
    )
    return {
        "request_confirm": reverse(
            "privacy:request_confirm", args=[confirmation_token(request)]
        ).lstrip("/"),
        "request_download": reverse(
            "privacy:request_download", args=["example-download-token"]
        ).lstrip("/"),
        "mine_data_open": reverse(
            "privacy:mine_data_open",
            args=[link_token(link_request(email=lead.email, language="nb"))],
        ).lstrip("/"),
    }


def _news_link_examples(lead) -> dict[str, str]:
    """The unsubscribe link of a news email to the lead's sender, who said yes to news."""
    from django.urls import reverse

    from privacy.consents import ConsentSource, news_consent_give
    from privacy.news import news_unsubscribe_token

    consent = news_consent_give(lead.email, source=ConsentSource.CONTACT_FORM, statement=None)
    return {
        "news_unsubscribe": reverse(
            "privacy:news_unsubscribe", args=[news_unsubscribe_token(consent)]
        ).lstrip("/")
    }


@pytest.fixture
def public_pages(public_page_urls) -> list[str]:
    """The address of every public page, in Norwegian and in English."""
    pages = []
    for url in public_page_urls.values():
        pages.append(url)
        if url != "/healthz":
            pages.append("/en" + url)
    return pages
