"""The cookie banner and panel in Debian's chromium, with JavaScript on and with it off: the
first visit shows the banner, a keyboard alone rejects, the footer opens the choice again,
accepting statistics runs the configured script, and axe finds nothing."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from privacy.consents import ConsentRecord
from privacy.cookie_consent import CONSENT_COOKIE, parse_choice
from tests.conftest import WCAG_TAGS
from tests.privacy.cookie_helpers import MARKETING_MARKER, STATISTICS_MARKER, configure_scripts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@pytest.fixture
def site(plain_http_live_server, privacy_statement):
    configure_scripts()
    return plain_http_live_server.url


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_with(javascript: bool) -> Page:
        context = browser.new_context(java_script_enabled=javascript, locale="nb-NO")
        contexts.append(context)
        page = context.new_page()
        page.javascript = javascript
        page.csp_errors = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.csp_errors.append(message.text)
            ),
        )
        return page

    yield open_with
    for context in contexts:
        context.close()


def axe_violations(page: Page) -> list[str]:
    """Every violation axe reports for WCAG 2.2 AA, whatever its impact. axe is a script: for
    a page seen without JavaScript it checks the same address with the same cookies in a
    browser that runs scripts (the server sends the same HTML to both)."""
    checked, context = page, None
    if not page.javascript:
        context = page.context.browser.new_context(locale="nb-NO")
        context.add_cookies(page.context.cookies())
        checked = context.new_page()
        checked.goto(page.url)
    try:
        results = Axe().run(checked, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    finally:
        if context is not None:
            context.close()
    return [
        f"{violation['id']} ({violation['impact']}): {[n['target'] for n in violation['nodes']]}"
        for violation in results.response["violations"]
    ]


def consent_cookie(page: Page):
    values = [c["value"] for c in page.context.cookies() if c["name"] == CONSENT_COOKIE]
    return parse_choice(values[0]) if values else None


def banner(page: Page):
    return page.get_by_role("region", name="Informasjonskapsler på mestergruppen.no")


def _focused(locator) -> bool:
    """Without JavaScript in the page, ask the browser's own accessibility tree."""
    try:
        expect(locator).to_be_focused(timeout=100)
    except AssertionError:
        return False
    return True


def mark_this_page(page: Page, javascript: bool) -> None:
    if javascript:  # gone if the page is loaded again
        page.evaluate("window.sammePage = true")


def still_the_same_page(page: Page) -> bool:
    return page.evaluate("window.sammePage === true")


@JAVASCRIPT
def test_a_first_visit_shows_the_banner_at_the_top_and_axe_finds_nothing(
    open_page, site, javascript
):
    page = open_page(javascript)
    page.goto(f"{site}/bli-medlem/")

    expect(banner(page)).to_be_visible()
    accept = banner(page).get_by_role("button", name="Godta alle")
    reject = banner(page).get_by_role("button", name="Avvis alle")
    assert accept.bounding_box()["height"] == reject.bounding_box()["height"]
    assert accept.bounding_box()["width"] == reject.bounding_box()["width"]
    assert accept.get_attribute("class") == reject.get_attribute("class")  # same weight
    expect(banner(page).get_by_role("checkbox", name="Statistikk")).not_to_be_checked()
    expect(banner(page).get_by_role("checkbox", name="Markedsføring")).not_to_be_checked()
    # Above the page's own header: the first thing after the skip link.
    assert banner(page).bounding_box()["y"] < page.locator(".site-header").bounding_box()["y"]
    assert axe_violations(page) == []
    page.goto(f"{site}/personvern/informasjonskapsler/")
    assert axe_violations(page) == []
    assert page.csp_errors == []


@JAVASCRIPT
def test_a_keyboard_alone_rejects_all_and_no_script_runs(open_page, site, javascript):
    page = open_page(javascript)
    page.goto(f"{site}/personvern/")
    mark_this_page(page, javascript)

    reject = banner(page).get_by_role("button", name="Avvis alle")
    for _ in range(12):
        page.keyboard.press("Tab")
        if reject.evaluate("b => b === document.activeElement") if javascript else _focused(reject):
            break
    else:
        pytest.fail("«Avvis alle» was not reached with the Tab key")
    page.keyboard.press("Enter")

    expect(banner(page)).to_be_hidden()
    expect(page).to_have_url(f"{site}/personvern/")
    if javascript:
        saved = page.get_by_role("status")
        expect(saved).to_contain_text("Valget ditt er lagret")
        expect(saved).to_be_focused()
        assert still_the_same_page(page)
    choice = consent_cookie(page)
    assert (choice.statistics, choice.marketing) == (False, False)
    assert {c["name"] for c in page.context.cookies()} <= {CONSENT_COOKIE, "csrftoken"}
    assert page.locator(f"html[data-{STATISTICS_MARKER}]").count() == 0
    recorded = ConsentRecord.objects.filter(consent_id=choice.consent_id)
    assert sorted((r.purpose, r.given) for r in recorded) == [
        ("marketing", False),
        ("statistics", False),
    ]
    page.reload()
    expect(banner(page)).to_be_hidden()
    assert page.csp_errors == []


@JAVASCRIPT
def test_accepting_statistics_runs_the_configured_statistics_script_only(
    open_page, site, javascript
):
    page = open_page(javascript)
    page.goto(f"{site}/bli-medlem/")
    mark_this_page(page, javascript)

    banner(page).get_by_role("checkbox", name="Statistikk").check()
    banner(page).get_by_role("button", name="Lagre valgene mine").click()

    expect(banner(page)).to_be_hidden()
    if javascript:
        expect(page.locator(f"html[data-{STATISTICS_MARKER}='ja']")).to_have_count(1)
        assert page.locator(f"html[data-{MARKETING_MARKER}]").count() == 0
        assert still_the_same_page(page), "the choice reloaded the page"
    else:
        # Nothing runs in this browser; the page it came back to carries the script, with a
        # nonce, for a browser that runs scripts.
        scripts = page.locator("script[nonce]")
        expect(scripts).to_have_count(1)
        assert STATISTICS_MARKER in scripts.text_content()
        assert MARKETING_MARKER not in page.content()
    assert consent_cookie(page).statistics is True
    assert page.csp_errors == []
    assert axe_violations(page) == []


@JAVASCRIPT
def test_the_footer_opens_the_choice_again_and_it_can_be_changed(open_page, site, javascript):
    page = open_page(javascript)
    page.goto(f"{site}/personvern/dine-rettigheter/")
    banner(page).get_by_role("button", name="Godta alle").click()
    expect(banner(page)).to_be_hidden()

    page.get_by_role("link", name="Innstillinger for informasjonskapsler").click()

    if javascript:
        # Opened where it is, at the top of the same page, its heading focused.
        expect(page).to_have_url(f"{site}/personvern/dine-rettigheter/")
        expect(banner(page)).to_be_visible()
        expect(banner(page).get_by_role("heading")).to_be_focused()
        form = banner(page)
    else:
        expect(page).to_have_url(f"{site}/personvern/informasjonskapsler/#cookie-settings")
        form = page.get_by_role("region", name="Dine valg")
    expect(form.get_by_role("checkbox", name="Statistikk")).to_be_checked()
    assert axe_violations(page) == []
    form.get_by_role("button", name="Avvis alle").click()

    expect(page.locator(f"html[data-{STATISTICS_MARKER}]")).to_have_count(0)
    choice = consent_cookie(page)
    assert (choice.statistics, choice.marketing) == (False, False)
    assert ConsentRecord.objects.filter(consent_id=choice.consent_id).count() == 4
