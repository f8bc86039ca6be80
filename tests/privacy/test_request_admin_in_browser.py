"""Every page the privacy officer uses for data-subject requests, in Debian's chromium, on a
phone and on a laptop: the list, a request's page, registering a request received by letter,
and the form of every handling step (including a form sent back with its errors). No serious
axe violation (WCAG 2.2 AA) on any of them."""

import pytest
from django.urls import reverse

from privacy.models import MessageStatus
from privacy.requests import fulfil, steps
from tests.staff_sign_in import sign_in_through_admin_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture
def requests_at_every_step(
    confirmed_request, kari_lead, ola_lead, make_lead, privacy_officer, run_tasks
):
    """Kari asks for every right, with a phone number that also finds a colleague's lead (so
    the phone step has a record to decide on); Ola's restriction is placed and the notice
    that it will be lifted has gone out (so the two lifting steps are offered)."""
    make_lead(email="sentralbord@nordmann.example", phone="+4791234567")
    every_right = confirmed_request(
        rights=(
            "access",
            "rectification",
            "erasure",
            "portability",
            "restriction",
            "objection",
            "withdraw_consent",
        ),
        phone="912 34 567",
    )
    restricted = confirmed_request(rights=("restriction",), email="ola@eksempel.no")
    fulfil.request_fulfil_restriction(
        request=restricted, by=privacy_officer, reason="Bestrider riktigheten"
    )
    fulfil.request_notify_restriction_lift(
        request=restricted, by=privacy_officer, reason="Opplysningene er kontrollert"
    )
    restricted.messages.update(status=MessageStatus.SENT)
    return every_right, restricted


def test_every_request_page_of_the_privacy_officer_has_no_serious_accessibility_violation(
    browser, plain_http_live_server, requests_at_every_step, serious_accessibility_violations
):
    every_right, restricted = requests_at_every_step
    changelist = reverse("admin:privacy_datasubjectrequest_changelist")
    paths = [
        changelist,
        f"{changelist}?status__exact=confirmed",
        reverse("admin:privacy_datasubjectrequest_add"),
    ]
    slugs = set()
    for request in (every_right, restricted):
        paths.append(reverse("admin:privacy_datasubjectrequest_change", args=[request.pk]))
        for step in steps.available(request):
            slugs.add(step.slug)
            paths.append(
                reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, step.slug])
            )
    # Every step the officer has is among the pages checked.
    assert slugs == {step.slug for step in steps.STEPS}
    refusal = reverse("admin:privacy_datasubjectrequest_step", args=[every_right.pk, "avsla"])

    problems = {}
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, locale="nb-NO")
        page = context.new_page()
        try:
            sign_in_through_admin_form(
                page, plain_http_live_server.url, "personvern", "personvern-passord-123"
            )
            for path in paths:
                response = page.goto(plain_http_live_server.url + path)
                assert response.status == 200, (path, response.status)
                found = serious_accessibility_violations(page)
                if found:
                    problems[(name, path)] = found
            # A step's form sent without what it needs (only spaces, which the browser's own
            # check lets through) comes back with its errors.
            page.goto(plain_http_live_server.url + refusal)
            page.get_by_label("Begrunnelse").fill("   ")
            page.get_by_role("button", name="Utfør og send").click()
            assert page.get_by_text("Skriv begrunnelsen.").is_visible()
            found = serious_accessibility_violations(page)
            if found:
                problems[(name, refusal + " (errors)")] = found
        finally:
            context.close()

    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())
