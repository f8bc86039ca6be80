"""The dashboard in Debian's chromium: readable chart labels, legends that keep each colour with
its name, nothing wider than a phone's screen."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.staff_sign_in import sign_in_through_admin_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "laptop"])
def test_dashboard_labels_are_readable_and_nothing_overflows(
    browser, plain_http_live_server, central_staff, make_lead, subsidiary_blinkhus, width
):
    now = timezone.now()
    for days in (1, 8, 15, 40):
        make_lead(subsidiary=subsidiary_blinkhus, received_at=now - datetime.timedelta(days=days))
    make_lead(received_at=now - datetime.timedelta(days=3))  # to the central inbox
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="nb-NO")
    page = context.new_page()
    try:
        sign_in_through_admin_form(
            page, plain_http_live_server.url, "sentral", "sentral-passord-123"
        )
        page.goto(f"{plain_http_live_server.url}/admin/intake/lead/oversikt/")

        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('svg[role=img] text')]
                .map(t => t.getBoundingClientRect().height))"""
        )
        # A text box is about 1.15 times the font size: 12 px text is a box of 13.8 px or more.
        assert smallest >= 13.8, smallest
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for item in page.locator(".triage-legend li").all():
            swatch, name = item.locator("svg"), item
            assert abs(swatch.bounding_box()["y"] - name.bounding_box()["y"]) < 8
        expect(page.locator(".triage-legend")).to_contain_text("Blinkhus")
        expect(page.locator(".triage-legend")).to_contain_text("Sentralt")
    finally:
        context.close()
