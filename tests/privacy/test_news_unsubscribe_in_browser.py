"""Unsubscribing from the news as a person does it: the link in the email opens a page with
one button, reached by keyboard, with JavaScript on and off; axe finds nothing serious."""

import re

import pytest
from playwright.sync_api import Page, expect

from privacy.consents import ConsentSource, news_consent_give, news_consent_in_force
from privacy.models import ConsentRecord
from privacy.news import news_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def link_in_the_email(plain_http_live_server, settings, make_lead):
    """The unsubscribe link of a news email to Kari, as her mail client shows it."""
    settings.SITE_URL = plain_http_live_server.url
    lead = make_lead(email="kari@eksempel.no", wants_news=True)
    news_consent_give(lead.email, source=ConsentSource.CONTACT_FORM, statement=None)
    message = news_email(lead.email, subject="Nytt fra Mestergruppen", text="Hei")
    return re.search(r"Meld deg av her: (\S+)", message.body)[1]


def test_keyboard_only_unsubscribing_with_javascript_and_axe_finds_nothing(
    page: Page, link_in_the_email, serious_accessibility_violations
):
    page.goto(link_in_the_email)
    expect(page.get_by_role("heading", name="Meld deg av nyhetene")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    assert news_consent_in_force("kari@eksempel.no")  # opening the link changed nothing

    button = page.get_by_role("button", name="Meld meg av")
    for _ in range(30):  # tab from the top of the page until the button has focus
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Du er meldt av nyhetene")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    assert not news_consent_in_force("kari@eksempel.no")
    assert ConsentRecord.objects.filter(given=False, source="unsubscribe_link").count() == 1


def test_unsubscribing_works_without_javascript(browser, link_in_the_email):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()

    page.goto(link_in_the_email)
    page.get_by_role("button", name="Meld meg av").click()

    expect(page.get_by_role("heading", name="Du er meldt av nyhetene")).to_be_visible()
    assert not news_consent_in_force("kari@eksempel.no")
    context.close()
