"""Every public page on the narrowest phone (320 CSS px, WCAG's reflow width), in chromium:
nothing scrolls sideways, and long Norwegian words in headings break at a hyphen, not anywhere."""

import datetime

import pytest
from playwright.sync_api import Page

from intake.thank_you import thank_you_path
from privacy.models import PrivacyStatement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROWEST = {"width": 320, "height": 640}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": NARROWEST, "is_mobile": True, "locale": "nb-NO"}


@pytest.fixture
def public_pages(privacy_statement, subsidiary_blinkhus, make_lead) -> list[str]:
    """Each public page, with what makes it long: two versions to compare, a lead's reference."""
    newer = PrivacyStatement.objects.create(
        version="2030-01-01",
        language="nb",
        title=privacy_statement.title,
        effective_date=datetime.date(2030, 1, 1),
        body=privacy_statement.body.replace(
            "Vi lagrer dine personopplysninger så lenge det er nødvendig",
            "Vi lagrer dine personopplysninger i høyst ett år, så lenge det er nødvendig",
        ),
        change_summary="Kortere lagringstid for henvendelser fra kontaktskjemaet.",
    )
    newer.publish(by=None)
    subsidiary_blinkhus.description = "Blinkhus bygger småhus, rekkehus og fritidsboliger."
    subsidiary_blinkhus.save()
    lead = make_lead(subsidiary=subsidiary_blinkhus)
    pages = [
        "/",
        "/bli-medlem/",
        thank_you_path(lead),
        "/personvern/",
        "/personvern/versjoner/",
        "/personvern/versjoner/nb/2024-01-26/",
        "/personvern/versjoner/nb/2030-01-01/",
        "/personvern/versjoner/nb/sammenlign/?fra=2024-01-26&til=2030-01-01",
        "/personvern/versjoner/nb/sammenlign/?fra=2024-01-26&til=finnes-ikke",
        "/personvern/dine-rettigheter/",
        "/personvern/informasjonskapsler/",
        news_unsubscribe_path(lead),
        "/personvern/nyheter/avmeldt/",
        "/finnes-ikke/",
    ]
    return pages + [f"/en{path}" for path in pages]


def news_unsubscribe_path(lead) -> str:
    from privacy.consents import ConsentSource, news_consent_give
    from privacy.news import news_unsubscribe_token

    consent = news_consent_give(lead.email, source=ConsentSource.CONTACT_FORM, statement=None)
    return f"/personvern/nyheter/avmeld/{news_unsubscribe_token(consent)}/"


def _wider_than_the_screen(page: Page) -> list[str]:
    """The elements that reach past the right edge of the screen, for the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right
                          > document.documentElement.clientWidth + 0.5)
            .filter(el => !el.closest('.visually-hidden, .hp-field, .skip-link'))
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""
    )


def test_no_public_page_scrolls_sideways_at_320_pixels(
    page: Page, plain_http_live_server, public_pages
):
    too_wide = {}
    for path in public_pages:
        response = page.goto(f"{plain_http_live_server.url}{path}")
        assert response.status in (200, 400, 404), path
        # The form with errors shown is the longest the contact page gets.
        if path.endswith("/bli-medlem/"):
            page.locator("button[type=submit]").last.click()
        if page.evaluate("document.documentElement.scrollWidth") > NARROWEST["width"]:
            too_wide[path] = _wider_than_the_screen(page)

    assert too_wide == {}


# Each word of a heading that a line break cut in two anywhere but at a soft hyphen.
CUT_WORDS = """() => {
    const cut = [];
    const top = (node, at) => {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const rect = [...range.getClientRects()].filter(r => r.width > 0).pop();
        return rect ? Math.round(rect.top) : null;
    };
    for (const heading of document.querySelectorAll('h1, h2, h3, h4, summary')) {
        const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                let line = null;
                for (let i = match.index; i < match.index + match[0].length; i++) {
                    const here = top(node, i);
                    if (here === null) continue;
                    if (line !== null && here > line && node.data[i - 1] !== '\\u00ad') {
                        cut.push(match[0].replaceAll('\\u00ad', ''));
                    }
                    line = here;
                }
            }
        }
    }
    return cut;
}"""


def test_long_words_in_headings_are_not_cut_mid_word(
    page: Page, plain_http_live_server, public_pages
):
    cut = {}
    for path in public_pages:
        page.goto(f"{plain_http_live_server.url}{path}")
        # Where the browser knows the language's hyphenation it may break at a hyphen.
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).hyphens") == "auto"
        words = page.evaluate(CUT_WORDS)
        if words:
            cut[path] = words

    assert cut == {}
