"""«Mine data» as a person on a phone lives it: from the rights page to the emailed link, the
overview, the copy, the news consent, a request and the erasure; with JavaScript and without.
Debian's chromium through Playwright; axe checks every page the person sees."""

import io
import json
import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from privacy.models import DataSubjectRequest, RequestRight, RequestStatus

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


@pytest.fixture
def axe_finds_nothing():
    """Every axe violation of WCAG 2.2 AA, whatever its impact: the page must have none."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.conftest import WCAG_TAGS

    def check(page) -> list[str]:
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        return [
            f"{v['impact']} {v['id']}: {[node['target'] for node in v['nodes']]}"
            for v in results.response["violations"]
        ]

    return check


def link_in(message) -> str:
    found = re.search(r"http://\S+/mine-data/lenke/\S+/", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", found)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_person_on_a_phone_sees_downloads_withdraws_asks_and_erases(
    page: Page, plain_http_live_server, kari_lead, ola_lead, run_tasks, axe_finds_nothing
):
    from intake.models import Lead

    Lead.objects.filter(pk=kari_lead.pk).update(wants_news=True)
    server = plain_http_live_server.url
    page.goto(f"{server}/personvern/dine-rettigheter/")
    page.get_by_role("link", name="«Mine data»").click()
    expect(page.get_by_role("heading", name="Mine data", exact=True)).to_be_visible()
    assert axe_finds_nothing(page) == []

    page.get_by_role("button", name="Send meg lenken").click()
    expect(page.get_by_role("heading", name="Skjemaet har feil")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    assert axe_finds_nothing(page) == []
    page.get_by_label("E-post", exact=True).fill("Kari.Nordmann@Eksempel.no")
    page.get_by_role("button", name="Send meg lenken").click()
    expect(page.get_by_role("heading", name="Sjekk e-posten din")).to_be_visible()
    assert axe_finds_nothing(page) == []

    run_tasks()
    link = link_in(mail.outbox[-1])
    page.goto(server + link)
    assert axe_finds_nothing(page) == []
    page.get_by_role("button", name="Vis opplysningene mine").click()
    expect(page.get_by_role("heading", name="Opplysningene vi har om deg")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Henvendelse {kari_lead.reference}")).to_be_visible()
    expect(page.get_by_text("Kjeden har tatt kontakt med deg")).to_be_visible()
    assert ola_lead.reference not in page.content()
    assert fits_the_screen(page)
    assert axe_finds_nothing(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Last ned en kopi (zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
    data = json.loads(archive.read("opplysninger.json"))
    leads = next(group for group in data["records"] if group["model"] == "intake.Lead")
    assert [lead["reference"] for lead in leads["records"]] == [kari_lead.reference]

    page.get_by_role("button", name="Trekk samtykket til nyheter på e-post").click()
    expect(page.get_by_text("Samtykket til nyheter på e-post er trukket tilbake")).to_be_visible()
    assert axe_finds_nothing(page) == []

    page.get_by_role("link", name="Be om retting av noe som er feil").click()
    page.get_by_role("button", name="Send forespørselen").click()
    expect(page.get_by_role("heading", name="Skjemaet har feil")).to_be_visible()
    assert axe_finds_nothing(page) == []
    page.get_by_label("Hva er feil, og hva skal det stå i stedet?").fill(
        "Bedriften heter Nordmann Bygg og Anlegg AS."
    )
    page.get_by_role("button", name="Send forespørselen").click()
    rectification = DataSubjectRequest.objects.get(rights=[RequestRight.RECTIFICATION])
    assert rectification.status == RequestStatus.CONFIRMED
    expect(page.get_by_role("status").get_by_text(rectification.reference)).to_be_visible()

    page.get_by_role("link", name="Slett opplysningene mine").click()
    expect(page.get_by_role("heading", name="Slett opplysningene mine")).to_be_visible()
    expect(page.get_by_text("Henvendelser (1): anonymiseres")).to_be_visible()
    assert fits_the_screen(page)
    assert axe_finds_nothing(page) == []
    page.get_by_role("button", name="Slett nå").click()
    expect(page.get_by_role("heading", name="Opplysningene er slettet")).to_be_visible()
    assert axe_finds_nothing(page) == []
    kari_lead.refresh_from_db()
    assert kari_lead.contact_name == "Anonymisert"

    page.goto(server + link)
    expect(page.get_by_role("heading", name="Lenken virker ikke lenger")).to_be_visible()
    assert axe_finds_nothing(page) == []
    page.goto(f"{server}/personvern/mine-data/oversikt/")
    expect(page.get_by_role("heading", name="Økten er over")).to_be_visible()
    assert axe_finds_nothing(page) == []


def test_mine_data_works_without_javascript(
    browser, plain_http_live_server, kari_lead, run_tasks, axe_finds_nothing
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="nb-NO")
    page = context.new_page()
    server = plain_http_live_server.url
    try:
        page.goto(f"{server}/personvern/mine-data/")
        page.get_by_role("button", name="Send meg lenken").click()
        expect(page.locator("#error-summary")).to_be_focused()
        page.get_by_label("E-post", exact=True).fill("kari.nordmann@eksempel.no")
        page.get_by_role("button", name="Send meg lenken").click()
        expect(page.get_by_role("heading", name="Sjekk e-posten din")).to_be_visible()

        run_tasks()
        page.goto(server + link_in(mail.outbox[-1]))
        page.get_by_role("button", name="Vis opplysningene mine").click()
        expect(
            page.get_by_role("heading", name=f"Henvendelse {kari_lead.reference}")
        ).to_be_visible()

        page.get_by_role("link", name="Be om at vi begrenser behandlingen").click()
        page.get_by_role("button", name="Send forespørselen").click()
        restriction = DataSubjectRequest.objects.get()
        assert restriction.rights == [RequestRight.RESTRICTION]
        expect(page.get_by_role("status").get_by_text(restriction.reference)).to_be_visible()

        page.get_by_role("button", name="Avslutt økten").click()
        expect(page.get_by_text("Økten er avsluttet.")).to_be_visible()
        page.goto(f"{server}/personvern/mine-data/oversikt/")
        expect(page.get_by_role("heading", name="Økten er over")).to_be_visible()
    finally:
        context.close()
