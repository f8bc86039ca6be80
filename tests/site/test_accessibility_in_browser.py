"""Site-wide pages in Debian's chromium, checked with axe against WCAG 2.2 AA."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/en/",
    "/personvern/dine-rettigheter/",
    "/personvern/informasjonskapsler/",
    "/personvern/lagringstid/",
    "/finnes-ikke/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_violations_on_a_phone_or_a_desktop(
    browser, plain_http_live_server, serious_accessibility_violations, path
):
    for viewport in [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        try:
            page.goto(f"{plain_http_live_server.url}{path}")
            assert page.locator("h1").count() == 1
            assert serious_accessibility_violations(page) == [], (path, viewport)
        finally:
            context.close()


def test_skip_link_takes_a_keyboard_user_to_the_main_content(browser, plain_http_live_server):
    page = browser.new_page()
    page.goto(f"{plain_http_live_server.url}/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hopp til hovedinnholdet")
    assert skip_link.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "innhold"
