"""A new staff member's first sign-in in Debian's chromium: password, set up the app from the
key on the page, keep the backup codes, and the admin opens. No page needs JavaScript."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nb-NO", "java_script_enabled": False}


def test_first_sign_in_sets_up_the_app_and_shows_backup_codes_without_javascript(
    page: Page, plain_http_live_server, subsidiary_user, serious_accessibility_violations
):
    base = plain_http_live_server.url
    page.goto(f"{base}/admin/")
    page.locator("#id_username").fill("sindre")
    page.locator("#id_password").fill("sindre-passord-123")
    page.locator("input[type=submit]").click()

    expect(page.get_by_role("heading", name="Sett opp innlogging i to trinn")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode med nøkkelen")).to_be_visible()
    secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    page.get_by_label("Kode").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Bekreft og fortsett").click()

    expect(page.locator("#backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="Jeg har tatt vare på kodene, fortsett").click()
    expect(page.locator("#user-tools")).to_be_visible()


def test_the_second_step_pages_have_no_serious_accessibility_violations(
    browser, plain_http_live_server, central_staff, serious_accessibility_violations
):
    from tests.staff_sign_in import authenticator_app

    base = plain_http_live_server.url
    # axe runs as a script in the page: this check needs JavaScript on.
    page = browser.new_page(locale="nb-NO")
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill("sentral")
    page.locator("#id_password").fill("sentral-passord-123")
    page.locator("input[type=submit]").click()
    expect(page.get_by_role("heading", name="Sett opp innlogging i to trinn")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    authenticator_app(central_staff)
    page.goto(f"{base}/admin/to-trinn/")
    expect(page.get_by_role("heading", name="Bekreft at det er deg")).to_be_visible()
    page.get_by_label("Kode").fill("000000")
    page.get_by_role("button", name="Fortsett").click()
    expect(page.locator(".errorlist")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.close()
