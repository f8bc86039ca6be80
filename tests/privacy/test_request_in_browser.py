"""The access journey as people live it: a person on a phone asks for a copy, confirms from
the email, the privacy officer sends it from the admin, and the person downloads the ZIP.
Debian's chromium through Playwright; axe checks every page the person sees."""

import io
import json
import re
import zipfile

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from privacy.models import DataSubjectRequest, RequestStatus
from tests.staff_sign_in import StaffClient

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


def link_in(message, part: str) -> str:
    found = re.search(rf"http://\S+/{part}/\S+/", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", found)


def signed_in_context(browser, live_server, user):
    """A browser window where `user` is signed in to the admin with both factors (the session
    the test client made: sign-in itself is tested elsewhere)."""
    client = StaffClient()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_person_asks_for_access_on_a_phone_and_downloads_the_zip_the_officer_sent(
    page: Page,
    browser,
    plain_http_live_server,
    kari_lead,
    ola_lead,
    privacy_officer,
    run_tasks,
    serious_accessibility_violations,
):
    server = plain_http_live_server.url
    page.goto(f"{server}/personvern/dine-rettigheter/")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Send forespørselen").click()
    expect(page.get_by_role("heading", name="Skjemaet har feil")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Innsyn").check()
    page.get_by_label("E-post", exact=True).fill("Kari.Nordmann@eksempel.no")
    page.get_by_label("Utdyp gjerne (valgfritt)").fill("Hva har dere lagret om meg?")
    page.get_by_role("button", name="Send forespørselen").click()
    expect(page.get_by_role("heading", name="Sjekk e-posten din")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_accessibility_violations(page) == []

    run_tasks()
    page.goto(server + link_in(mail.outbox[-1], "bekreft"))
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Bekreft forespørselen").click()
    expect(page.get_by_role("heading", name="Forespørselen er bekreftet")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    request = DataSubjectRequest.objects.get()
    assert request.status == RequestStatus.CONFIRMED

    officer = signed_in_context(browser, plain_http_live_server, privacy_officer)
    try:
        admin = officer.new_page()
        admin.goto(f"{server}/admin/privacy/datasubjectrequest/")
        admin.get_by_role("link", name=request.reference).click()
        expect(admin.get_by_text(kari_lead.reference).first).to_be_visible()
        admin.get_by_role("link", name="Innsyn og dataportabilitet: send kopi").click()
        expect(admin.get_by_text("Kopien av opplysningene dine er klar")).to_be_visible()
        admin.get_by_role("button", name="Utfør og send").click()
        expect(admin.get_by_text("lenken er sendt til personen")).to_be_visible()
    finally:
        officer.close()

    run_tasks()
    letter = mail.outbox[-1]
    assert letter.to == ["kari.nordmann@eksempel.no"]
    page.goto(server + link_in(letter, "kopi"))
    assert serious_accessibility_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Last ned (zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
    data = json.loads(archive.read("opplysninger.json"))
    leads = next(group for group in data["records"] if group["model"] == "intake.Lead")
    assert [lead["reference"] for lead in leads["records"]] == [kari_lead.reference]
    assert ola_lead.reference not in json.dumps(data)
