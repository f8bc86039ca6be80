"""The proof-of-work challenge in Debian's chromium: our own script solves it under the CSP
and the lead goes through; with JavaScript off the form still works."""

import pytest
from playwright.sync_api import Page, expect

from intake.models import Lead
from tests.intake.test_contact_form_in_browser import _fill_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def proof_of_work(settings):
    settings.INTAKE_PROOF_OF_WORK = True
    settings.INTAKE_PROOF_OF_WORK_MAX_NUMBER = 20_000


def test_the_browser_solves_the_challenge_and_the_lead_is_routed(
    page: Page, plain_http_live_server, mesterhus, privacy_statement, proof_of_work
):
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{plain_http_live_server.url}/bli-medlem/")
    _fill_in(page, phone="912 34 567")
    with page.expect_request(lambda request: request.method == "POST") as sent:
        page.get_by_role("button", name="Send henvendelsen").click()

    expect(page.get_by_role("heading", name="Takk for henvendelsen")).to_be_visible()
    assert "altcha=ey" in sent.value.post_data  # base64 of the JSON answer
    lead = Lead.objects.get()
    assert (lead.is_suspected_spam, lead.spam_reason) == (False, "")
    assert lead.deliveries.count() == 3
    assert blocked == []


def test_without_javascript_the_form_still_goes_through(
    browser, plain_http_live_server, mesterhus, privacy_statement, proof_of_work
):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{plain_http_live_server.url}/bli-medlem/")
        _fill_in(page, phone="912 34 567")
        page.get_by_role("button", name="Send henvendelsen").click()

        expect(page.get_by_role("heading", name="Takk for henvendelsen")).to_be_visible()
        assert Lead.objects.get().spam_reason == ""
    finally:
        context.close()
