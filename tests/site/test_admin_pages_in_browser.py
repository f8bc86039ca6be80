"""Every admin page staff and the privacy officer use, in Debian's chromium, on a phone and on
a laptop: no serious axe violation (WCAG 2.2 AA), nothing wider than the screen."""

import datetime

import pytest

from intake.models import Delivery, DeliveryKind, DeliveryStatus
from privacy.models import PrivacyStatement
from tests.staff_sign_in import sign_in_through_admin_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


def check_pages(browser, base, user, password, paths, serious_accessibility_violations):
    problems = {}
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, locale="nb-NO")
        page = context.new_page()
        try:
            sign_in_through_admin_form(page, base, user, password)
            for path in paths:
                response = page.goto(base + path)
                assert response.status == 200, (path, response.status)
                found = serious_accessibility_violations(page)
                if found:
                    problems[(name, path)] = found
        finally:
            context.close()
    return problems


@pytest.fixture
def lead_with_deliveries(make_lead, subsidiary_blinkhus, central_staff):
    lead = make_lead(
        subsidiary=subsidiary_blinkhus,
        company_name="Fjordtømrer og Snekkerverksted Vestlandet AS",
        phone="+4722334455",
        assignee=central_staff,
        message="Vi er seks tømrere og vil gjerne høre mer om kjeden.",
    )
    Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.ROUTING,
        recipient="post@blinkhus.example",
        status=DeliveryStatus.FAILED,
        attempts=5,
        last_error="550 5.1.1 <post@blinkhus.example>: Recipient address rejected: User unknown",
        message_id="<170000000000.12345.98765432109876543210@mestergruppen.no>",
    )
    return lead


def test_staff_admin_pages_have_no_serious_accessibility_violations(
    browser,
    plain_http_live_server,
    site_admin,
    lead_with_deliveries,
    subsidiary_blinkhus,
    privacy_statement,
    serious_accessibility_violations,
):
    draft = PrivacyStatement.objects.create(
        version="2031-01-01",
        language="nb",
        title="Personvernerklæring",
        effective_date=datetime.date(2031, 1, 1),
        body="# Personvernerklæring\n\n## 1. Innledning\n\nUtkast.\n",
    )
    paths = [
        "/admin/",
        "/admin/intake/lead/",
        f"/admin/intake/lead/{lead_with_deliveries.pk}/change/",
        "/admin/intake/lead/oversikt/",
        "/admin/intake/subsidiary/",
        f"/admin/intake/subsidiary/{subsidiary_blinkhus.pk}/change/",
        "/admin/privacy/privacystatement/",
        f"/admin/privacy/privacystatement/{draft.pk}/change/",
    ]

    problems = check_pages(
        browser,
        plain_http_live_server.url,
        "systemansvarlig",
        "system-passord-123",
        paths,
        serious_accessibility_violations,
    )

    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())


def test_privacy_officers_admin_pages_have_no_serious_accessibility_violations(
    browser, plain_http_live_server, privacy_officer, serious_accessibility_violations
):
    paths = [
        "/admin/",
        "/admin/privacy/processingrecord/",
        "/admin/privacy/accessrecord/",
        "/admin/privacy/legalhold/",
        "/admin/privacy/legalhold/add/",
        "/admin/privacy/restriction/",
        "/admin/privacy/restriction/add/",
    ]

    problems = check_pages(
        browser,
        plain_http_live_server.url,
        "personvern",
        "personvern-passord-123",
        paths,
        serious_accessibility_violations,
    )

    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())
