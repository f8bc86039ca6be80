"""The site's public pages, found from the URL configuration so a page added later is
checked too (HEAD, hostile input, HTML validity)."""

import pytest
from django.urls import URLResolver, get_resolver

# Not pages: the admin has its own checks, the webhook and the language switch take POSTs.
NOT_PAGES = ("admin/", "anymail/", "i18n/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
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
def public_pages(db, privacy_statement, make_lead, subsidiary_blinkhus):
    """The address of every public page, in Norwegian and in English: those without
    parameters as routed, the others with a real example (a published statement version, a
    thank-you address the site made)."""
    from django.utils import translation

    from intake.thank_you import thank_you_path

    lead = make_lead(subsidiary=subsidiary_blinkhus)
    examples = {
        "statement_version": "personvern/versjoner/nb/2024-01-26/",
        "statement_compare": "personvern/versjoner/nb/sammenlign/",
        "thanks": thank_you_path(lead).lstrip("/"),
    }
    pages = []
    for route, name in public_routes():
        if "<" in route:
            if name not in examples:
                continue  # a new page with parameters: add an example above
            route = examples[name]
        pages.append("/" + route)
        if route != "healthz":
            with translation.override("en"):
                pages.append("/en/" + route)
    return pages
