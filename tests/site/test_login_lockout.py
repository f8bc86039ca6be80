import logging

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def sign_in(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_staff_member_is_locked_out_after_five_wrong_passwords(client, central_staff, settings):
    statuses = [
        sign_in(client, central_staff.username, "feil-passord").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    response = sign_in(client, central_staff.username, "sentral-passord-123")

    assert response.status_code == 429
    # The heading's long words carry soft hyphens (mestergruppen/hyphenation.py).
    page = response.content.decode().replace("\u00ad", "")
    assert "For mange mislykkede innloggingsforsøk" in page
    assert "_auth_user_id" not in client.session


def test_a_lockout_of_one_user_does_not_lock_out_a_colleague(
    client, central_staff, privacy_officer, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, central_staff.username, "feil-passord")

    response = sign_in(client, privacy_officer.username, "personvern-passord-123")

    # The password was accepted: on to the second factor.
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/to-trinn/")


def test_failed_sign_ins_keep_no_ip_address_and_leave_no_user_name_or_address_in_the_log(
    client, central_staff, caplog
):
    from axes.models import AccessAttempt

    with caplog.at_level(logging.INFO):
        for _ in range(6):
            sign_in(client, "kari.nordmann@example.com", "feil-passord")

    assert caplog.records, "axes logs failed sign-ins; the test must see them to mean anything"
    assert "kari.nordmann" not in caplog.text
    assert "127.0.0.1" not in caplog.text
    stored_addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert stored_addresses and "127.0.0.1" not in stored_addresses


def test_one_client_trying_many_user_names_is_locked_out_for_every_name(
    client, central_staff, settings
):
    """Password spraying: a few guesses on each of many accounts from one client."""
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 8
    names = [f"gjett{n}" for n in range(settings.LOGIN_CLIENT_FAILURE_LIMIT)]
    statuses = [sign_in(client, name, "feil-passord").status_code for name in names]
    assert statuses == [200] * (settings.LOGIN_CLIENT_FAILURE_LIMIT - 1) + [429]

    # Even the right password for a real account is refused from that client now ...
    response = sign_in(client, central_staff.username, "sentral-passord-123")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    # ... while another client (another office) still gets in.
    other = sign_in_from(client_class(client), "10.9.8.7", central_staff, "sentral-passord-123")
    assert other.status_code == 302


def test_a_colleagues_success_does_not_wipe_the_clients_failures_for_other_names(
    client, central_staff, privacy_officer, settings
):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 6
    for n in range(settings.LOGIN_CLIENT_FAILURE_LIMIT - 1):
        sign_in(client, f"gjett{n}", "feil-passord")
    sign_in(client, privacy_officer.username, "personvern-passord-123")
    client.logout()

    response = sign_in(client, "gjett-igjen", "feil-passord")

    assert response.status_code == 429


def test_an_overlong_user_name_gets_a_clear_message_not_a_server_error(client, db):
    response = sign_in(client, "x" * 300, "feil-passord")

    assert response.status_code == 200
    assert "Brukernavnet kan ikke være lengre enn 150 tegn" in response.content.decode()


def client_class(client):
    return type(client)()


def sign_in_from(client, address: str, user, password: str):
    return client.post(
        LOGIN, {"username": user.username, "password": password}, REMOTE_ADDR=address
    )
