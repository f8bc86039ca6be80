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
