"""The contact form as a person on a phone uses it: Debian's chromium through Playwright."""

import re

import pytest
from playwright.sync_api import Page, expect

from intake.models import Lead
from intake.thank_you import thank_you_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": PHONE,
        "is_mobile": True,
        "has_touch": True,
        "locale": "nb-NO",
    }


def _fill_in(page: Page, *, phone: str) -> None:
    page.get_by_label("Navn").fill("Åse Ødegård")
    page.get_by_label("Telefon").fill(phone)
    page.get_by_label("E-post", exact=True).fill("ase@ødegård-bygg.example")
    page.get_by_label("Bedrift").fill("Ødegård Bygg AS")
    page.get_by_label("Organisasjonsnummer (valgfritt)").fill("928 050 475")
    page.get_by_label("Fylke").select_option(label="Oslo")
    page.get_by_label("Mesterhus").check()
    page.get_by_label("Melding (valgfritt)").fill("Vi er seks tømrere.\nRing gjerne.")
    page.get_by_label("Jeg har lest personvernerklæringen").check()


def test_person_on_a_phone_fixes_a_bad_phone_number_and_reaches_the_thank_you_page(
    page: Page,
    plain_http_live_server,
    mesterhus,
    privacy_statement,
    serious_accessibility_violations,
):
    page.goto(f"{plain_http_live_server.url}/bli-medlem/")
    _fill_in(page, phone="12 34")
    page.get_by_role("button", name="Send henvendelsen").click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="Skjemaet har feil")).to_be_visible()
    error_link = summary.get_by_role("link", name=re.compile("gyldig telefonnummer"))
    expect(error_link).to_be_visible()
    phone = page.get_by_label("Telefon")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_value("12 34")
    # The summary's link takes the person straight to the field.
    error_link.click()
    expect(phone).to_be_focused()
    # Nothing on the page is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.fill("912 34 567")
    page.get_by_role("button", name="Send henvendelsen").click()

    expect(page.get_by_role("heading", name="Takk for henvendelsen")).to_be_visible()
    lead = Lead.objects.get()
    expect(page).to_have_url(re.compile(re.escape(thank_you_path(lead)) + "$"))
    expect(page.get_by_text(lead.reference)).to_be_visible()
    assert lead.phone == "+4791234567"
    assert lead.privacy_statement == privacy_statement
    assert serious_accessibility_violations(page) == []


def test_form_with_errors_shown_has_no_serious_accessibility_violations(
    page: Page,
    plain_http_live_server,
    mesterhus,
    privacy_statement,
    serious_accessibility_violations,
):
    page.goto(f"{plain_http_live_server.url}/bli-medlem/")
    page.get_by_label("Telefon").fill("12 34")
    page.get_by_role("button", name="Send henvendelsen").click()
    expect(page.get_by_role("heading", name="Skjemaet har feil")).to_be_visible()

    assert serious_accessibility_violations(page) == []


def test_form_works_with_javascript_switched_off(
    browser, plain_http_live_server, mesterhus, privacy_statement
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{plain_http_live_server.url}/bli-medlem/")
        _fill_in(page, phone="912 34 567")
        page.get_by_role("button", name="Send henvendelsen").click()

        expect(page.get_by_role("heading", name="Takk for henvendelsen")).to_be_visible()
        lead = Lead.objects.get()
        assert lead.is_suspected_spam is False
        assert lead.deliveries.count() == 3  # two Oslo addresses and the receipt
    finally:
        context.close()


def test_error_summary_has_focus_after_an_invalid_submit_without_javascript(
    browser, plain_http_live_server, mesterhus, privacy_statement
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{plain_http_live_server.url}/bli-medlem/")
        _fill_in(page, phone="12 34")
        page.get_by_role("button", name="Send henvendelsen").click()

        # A screen reader starts reading at the summary; a keyboard user tabs on to its links.
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        page.keyboard.press("Tab")
        expect(summary.get_by_role("link", name=re.compile("gyldig telefonnummer"))).to_be_focused()
    finally:
        context.close()
