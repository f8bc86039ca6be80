"""A day at Blinkhus in Debian's chromium: log in, filter the new leads, open one, set it to
contacted with a note; the history and the privacy officer's access log show it."""

import pytest
from playwright.sync_api import Page, expect

from intake.models import LeadStatus
from tests.staff_sign_in import sign_in_through_admin_form as log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nb-NO"}


def test_subsidiary_user_contacts_a_new_lead_and_it_shows_in_history_and_access_log(
    page: Page,
    plain_http_live_server,
    subsidiary_user,
    privacy_officer,
    make_lead,
    subsidiary_blinkhus,
    subsidiary_mesterhus,
):
    base = plain_http_live_server.url
    wanted = make_lead(company_name="Fjordtømrer AS", subsidiary=subsidiary_blinkhus)
    make_lead(
        company_name="Allerede Kontaktet AS",
        subsidiary=subsidiary_blinkhus,
        status=LeadStatus.CONTACTED,
    )
    make_lead(company_name="Annen Kjede AS", subsidiary=subsidiary_mesterhus)

    log_in(page, base, "sindre", "sindre-passord-123")
    page.get_by_role("link", name="Nye henvendelser").click()

    results = page.locator("#result_list")
    expect(results).to_contain_text("Fjordtømrer AS")
    expect(results).not_to_contain_text("Allerede Kontaktet AS")
    expect(results).not_to_contain_text("Annen Kjede AS")

    # The status filter itself, as a person would click it after clearing.
    page.locator("#changelist-filter").get_by_role("link", name="Ny", exact=True).click()
    expect(results).to_contain_text("Fjordtømrer AS")

    results.get_by_role("link", name=wanted.reference).click()
    expect(page.get_by_role("heading", level=2, name=wanted.reference, exact=False)).to_be_visible()
    page.get_by_label("Status:").select_option(label="Kontaktet")
    page.get_by_label("Nytt notat:").fill("Ringte Kari, sender tilbud fredag.")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist")).to_be_visible()
    wanted.refresh_from_db()
    assert wanted.status == LeadStatus.CONTACTED

    page.goto(f"{base}/admin/intake/lead/{wanted.pk}/change/")
    history = page.locator("table.triage-history")
    expect(history).to_contain_text("Ny → Kontaktet")
    expect(history).to_contain_text("Notat lagt til")
    expect(history).to_contain_text("Sindre Blink")
    expect(page.locator(".triage-notes")).to_contain_text("Ringte Kari, sender tilbud fredag.")

    page.context.clear_cookies()
    log_in(page, base, "personvern", "personvern-passord-123")
    page.goto(f"{base}/admin/privacy/accessrecord/")
    rows = page.locator("#result_list tbody tr")
    opened = rows.filter(has_text=wanted.reference).filter(has_text="sindre")
    expect(opened.first).to_contain_text("Åpnet")


def test_triage_pages_have_no_serious_accessibility_violations(
    page: Page,
    plain_http_live_server,
    subsidiary_user,
    make_lead,
    subsidiary_blinkhus,
    serious_accessibility_violations,
):
    lead = make_lead(subsidiary=subsidiary_blinkhus)
    base = plain_http_live_server.url
    log_in(page, base, "sindre", "sindre-passord-123")

    for path in (
        "/admin/",
        "/admin/intake/lead/",
        "/admin/intake/lead/oversikt/",
        f"/admin/intake/lead/{lead.pk}/change/",
    ):
        page.goto(base + path)
        assert serious_accessibility_violations(page) == [], path
