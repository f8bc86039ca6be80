"""The statement pages in Debian's chromium: accessibility (axe) and the in-page navigation."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from privacy.models import PrivacyStatement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statement_page_has_no_serious_accessibility_violations_and_its_contents_work(
    page: Page, plain_http_live_server, privacy_statement, serious_accessibility_violations
):
    page.goto(f"{plain_http_live_server.url}/personvern/")

    assert serious_accessibility_violations(page) == []

    contents = page.get_by_role("navigation", name="Innhold")
    contents.get_by_role("link", name="5. Dine rettigheter").click()
    expect(page).to_have_url(f"{plain_http_live_server.url}/personvern/#5-dine-rettigheter")
    expect(page.get_by_role("heading", name="5. Dine rettigheter")).to_be_in_viewport()


def test_comparison_page_has_no_serious_accessibility_violations(
    page: Page, plain_http_live_server, privacy_statement, serious_accessibility_violations
):
    newer = PrivacyStatement.objects.create(
        version="2030-01-01",
        language="nb",
        title=privacy_statement.title,
        effective_date=datetime.date(2030, 1, 1),
        body=privacy_statement.body.replace(
            "Vi lagrer dine personopplysninger så lenge det er nødvendig",
            "Vi lagrer dine personopplysninger i høyst ett år",
        ),
        change_summary="Kortere lagringstid.",
    )
    newer.publish(by=None)
    page.goto(
        f"{plain_http_live_server.url}/personvern/versjoner/nb/sammenlign/"
        "?fra=2024-01-26&til=2030-01-01"
    )
    expect(page.locator("ins").first).to_contain_text("Lagt til:")

    assert serious_accessibility_violations(page) == []


def test_table_of_contents_numbers_each_section_once(
    page: Page, plain_http_live_server, privacy_statement
):
    page.goto(f"{plain_http_live_server.url}/personvern/")
    contents = page.get_by_role("navigation", name="Innhold")
    first = contents.get_by_role("listitem").first

    # The heading carries its number; the list adds none («1. 1. Innledning» before).
    expect(first).to_have_text("1. Innledning")
    assert first.evaluate("li => getComputedStyle(li).listStyleType") == "none"


def test_table_of_contents_numbers_headings_that_carry_no_number(
    page: Page, plain_http_live_server, privacy_statement
):
    PrivacyStatement.objects.create(
        version="2024-02-01",
        language="nb",
        title="Personvernerklæring",
        effective_date=datetime.date(2024, 2, 1),
        body="# Personvernerklæring\n\n## Innledning\n\nTekst.\n\n## Lagring\n\nTekst.\n",
    ).publish(by=None, allow_backdated=True)
    page.goto(f"{plain_http_live_server.url}/personvern/")
    first = page.get_by_role("navigation", name="Innhold").get_by_role("listitem").first

    expect(first).to_have_text("Innledning")
    assert first.evaluate("li => getComputedStyle(li).listStyleType") == "decimal"


def test_comparison_page_folds_unchanged_sections_and_links_the_changed_ones(
    page: Page, plain_http_live_server, privacy_statement
):
    PrivacyStatement.objects.create(
        version="2030-01-01",
        language="nb",
        title=privacy_statement.title,
        effective_date=datetime.date(2030, 1, 1),
        body=privacy_statement.body.replace(
            "Regnskapslovgivning pålegger oss",
            "Kontaktskjemaet slettes etter ett år. Regnskapslovgivning pålegger oss",
        ),
    ).publish(by=None)
    page.goto(f"{plain_http_live_server.url}/personvern/versjoner/nb/sammenlign/")

    summary = page.locator(".diff-summary")
    expect(summary.get_by_role("link")).to_have_count(1)
    summary.get_by_role("link", name="4. Lagring av personopplysninger").click()
    changed = page.get_by_role("region", name="4. Lagring av personopplysninger")
    expect(changed).to_be_in_viewport()
    expect(changed.locator("ins")).to_have_text("Lagt til: Kontaktskjemaet slettes etter ett år.")
    expect(changed.locator("del")).to_have_count(0)
    # Unchanged sections are there, folded; a click opens one.
    folded = page.locator("details.diff-unchanged").filter(has_text="5. Dine rettigheter")
    expect(folded.get_by_text("Be om innsyn:")).to_be_hidden()
    folded.locator("summary").click()
    expect(folded.get_by_text("Be om innsyn:")).to_be_visible()
