"""The lead list on a 1280 × 800 laptop with Django's navigation sidebar open: what staff work
by (status, assignee, age, delivery, the overdue marker) is on screen without scrolling sideways."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from intake.models import Delivery, DeliveryKind, DeliveryStatus
from tests.staff_sign_in import sign_in_through_admin_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 800}
COLUMNS = ["Mottatt", "Status", "Ansvarlig", "Utsending"]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": LAPTOP, "locale": "nb-NO"}


@pytest.fixture
def busy_week(make_lead, subsidiary_blinkhus, subsidiary_mesterhus, subsidiary_user):
    """Leads as they look on a busy Monday: long company names, one overdue and unsent."""
    now = timezone.now()
    overdue = make_lead(
        subsidiary=subsidiary_blinkhus,
        company_name="Fjordtømrer og Snekkerverksted Vestlandet AS",
        contact_name="Kari-Anne Kristoffersen-Bjørnstad",
        received_at=now - datetime.timedelta(days=9),
    )
    make_lead(
        subsidiary=subsidiary_blinkhus,
        company_name="Byggmester Bjørnstad & Sønner Entreprenørforretning AS",
        assignee=subsidiary_user,
        received_at=now - datetime.timedelta(hours=5),
    )
    sent = make_lead(subsidiary=subsidiary_mesterhus, company_name="Nordlys Bygg AS")
    Delivery.objects.create(
        lead=sent,
        kind=DeliveryKind.ROUTING,
        recipient="post@mesterhus.example",
        status=DeliveryStatus.SENT,
    )
    return overdue


def _off_screen(page: Page) -> list[str]:
    """Headings of the lead list's columns that end beyond the right edge of the window."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#result_list thead th')]
            .filter(th => th.getBoundingClientRect().right > window.innerWidth)
            .map(th => th.innerText.trim())"""
    )


@pytest.mark.parametrize(
    ("username", "password"),
    [("sentral", "sentral-passord-123"), ("sindre", "sindre-passord-123")],
    ids=["central staff", "subsidiary staff"],
)
def test_lead_list_shows_what_staff_work_by_without_scrolling_sideways(
    page: Page, plain_http_live_server, central_staff, busy_week, username, password
):
    base = plain_http_live_server.url
    sign_in_through_admin_form(page, base, username, password)
    page.goto(f"{base}/admin/intake/lead/")
    expect(page.locator("#nav-sidebar")).to_be_visible()

    headings = page.locator("#result_list thead th")
    for name in COLUMNS:
        expect(headings.filter(has_text=name)).to_be_in_viewport()
    assert _off_screen(page) == []
    table_box = page.locator(".results").evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert table_box[0] <= table_box[1], "the list scrolls sideways"
    row = page.locator("#result_list tbody tr").filter(has_text=busy_week.reference)
    # The age under the date, and the overdue marker under the status.
    expect(row.get_by_text("1 uke")).to_be_in_viewport()
    expect(row.get_by_text("⚠ Over fristen")).to_be_in_viewport()
    expect(row.get_by_text("Ikke sendt")).to_be_in_viewport()


def test_unsent_and_failed_deliveries_draw_the_eye_and_sent_does_not(
    page: Page, plain_http_live_server, central_staff, busy_week
):
    base = plain_http_live_server.url
    sign_in_through_admin_form(page, base, "sentral", "sentral-passord-123")
    page.goto(f"{base}/admin/intake/lead/")

    def background(text: str) -> str:
        badge = page.locator("#result_list").get_by_text(text, exact=True).first
        return badge.evaluate("el => getComputedStyle(el).backgroundColor")

    assert background("Ikke sendt") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert background("Sendt") in ("rgba(0, 0, 0, 0)", "transparent")
