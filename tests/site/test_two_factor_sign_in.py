"""Every staff account signs in with a password and a second factor: a code from an
authenticator app, or a single-use backup code. The first sign-in sets the app up."""

import base64
import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.staff_sign_in import app_code, authenticator_app

pytestmark = pytest.mark.django_db

ROLES = ["site_admin", "central_staff", "subsidiary_user", "privacy_officer", "outsider"]
PASSWORDS = {
    "site_admin": "system-passord-123",
    "central_staff": "sentral-passord-123",
    "subsidiary_user": "sindre-passord-123",
    "privacy_officer": "personvern-passord-123",
    "outsider": "otto-passord-123",
}


def sign_in_with_password(client, user, password):
    return client.post(
        "/admin/login/?next=/admin/", {"username": user.username, "password": password}
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_password_alone_does_not_open_the_admin_for_any_role(client, request, role, make_lead):
    person = request.getfixturevalue(role)
    make_lead(company_name="Hemmelig Bygg AS")
    client.force_login(person, second_factor=False)

    for url in ["/admin/", "/admin/intake/lead/", "/admin/auth/user/"]:
        response = client.get(url, follow=True)
        assert response.redirect_chain[0][0].startswith("/admin/login/"), url
        assert response.request["PATH_INFO"] in ("/admin/to-trinn/", "/admin/to-trinn/oppsett/")
        assert "Hemmelig Bygg AS" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_in_with_its_password_and_the_code_from_its_app(client, request, role):
    person = request.getfixturevalue(role)
    device = authenticator_app(person)

    response = sign_in_with_password(client, person, PASSWORDS[role])
    assert response.status_code == 302
    assert response["Location"] == "/admin/to-trinn/?next=%2Fadmin%2F"
    assert client.get("/admin/").status_code == 302

    response = client.post(response["Location"], {"code": app_code(device), "next": "/admin/"})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message_and_the_admin_stays_closed(
    client, central_staff
):
    authenticator_app(central_staff)
    sign_in_with_password(client, central_staff, PASSWORDS["central_staff"])

    response = client.post("/admin/to-trinn/", {"code": "000000"})

    assert response.status_code == 200
    assert "Koden stemmer ikke" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_first_sign_in_sets_up_the_app_from_the_qr_code_or_the_key_and_shows_backup_codes_once(
    client, subsidiary_user
):
    response = sign_in_with_password(client, subsidiary_user, PASSWORDS["subsidiary_user"])
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/to-trinn/oppsett/")

    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'href="otpauth://totp/Mestergruppen%3Asindre?secret=' in page
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    key = base64.b32decode(secret.replace(" ", ""))
    response = client.post(
        "/admin/to-trinn/oppsett/?next=/admin/", {"code": f"{totp(key):06d}", "next": "/admin/"}
    )

    assert response["Location"] == "/admin/to-trinn/reservekoder/?next=%2Fadmin%2F"
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=subsidiary_user).confirmed
    assert client.get("/admin/").status_code == 200
    # Shown once: the next visit offers new codes instead.
    assert codes[0] not in client.get("/admin/to-trinn/reservekoder/").content.decode()


def test_a_backup_code_lets_the_person_in_once(client, privacy_officer):
    from mestergruppen.two_factor import issue_backup_codes

    authenticator_app(privacy_officer)
    code = issue_backup_codes(privacy_officer)[0]
    sign_in_with_password(client, privacy_officer, PASSWORDS["privacy_officer"])

    response = client.post("/admin/to-trinn/", {"code": code.upper()}, follow=True)
    assert response.request["PATH_INFO"] == "/admin/"
    assert "Du har 9 igjen" in response.content.decode()
    assert not StaticToken.objects.filter(token=code).exists()

    client.logout()
    sign_in_with_password(client, privacy_officer, PASSWORDS["privacy_officer"])
    response = client.post("/admin/to-trinn/", {"code": code})
    assert "Koden stemmer ikke" in response.content.decode()


def test_someone_with_an_app_cannot_set_up_another_with_the_password_alone(client, central_staff):
    authenticator_app(central_staff)
    client.force_login(central_staff, second_factor=False)

    response = client.get("/admin/to-trinn/oppsett/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/to-trinn/?")
    assert TOTPDevice.objects.filter(user=central_staff).count() == 1


def test_the_second_step_needs_the_password_first(client):
    response = client.get("/admin/to-trinn/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_second_step_does_not_send_the_person_to_another_site(client, central_staff):
    device = authenticator_app(central_staff)
    client.force_login(central_staff, second_factor=False)

    response = client.post(
        "/admin/to-trinn/", {"code": app_code(device), "next": "https://angriper.example/"}
    )

    assert response["Location"] == "/admin/"


def test_the_second_step_has_its_words_in_english_too(rf, central_staff):
    """The admin answers in Norwegian (its paths carry no language prefix); its words are in
    the English catalogue all the same, for the day it offers English."""
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import translation

    from mestergruppen import two_factor

    authenticator_app(central_staff)
    request = rf.get("/admin/to-trinn/")
    request.user, request.session = central_staff, SessionStore()
    request._messages = FallbackStorage(request)
    with translation.override("en"):
        page = two_factor.verify(request, admin.site).render().content.decode()

    assert "Confirm it is you" in page
    assert "The six-digit code from the app, or one of your backup codes." in page


def test_a_staff_session_left_idle_ends_and_asks_for_the_sign_in_again(
    client, central_staff, settings
):
    from mestergruppen.staff_sessions import LAST_SEEN_KEY

    client.force_login(central_staff)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - settings.STAFF_IDLE_TIMEOUT_MINUTES * 60 - 1
    session.save()

    response = client.get("/admin/intake/lead/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_a_staff_session_in_use_does_not_time_out(client, central_staff, settings):
    from mestergruppen.staff_sessions import LAST_SEEN_KEY

    client.force_login(central_staff)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - settings.STAFF_IDLE_TIMEOUT_MINUTES * 60 + 30
    session.save()

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200
