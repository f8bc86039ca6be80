"""Staff passwords are strong and the admin's address is the operator's choice."""

import importlib

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import clear_url_caches, reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Kort-1", "for kort"),
        ("password1234", "for vanlig"),
        ("202412311234", "bare tall"),
        ("sentral.ansatt", "for likt"),
    ],
)
def test_a_weak_staff_password_is_refused_with_the_reason(central_staff, password, reason):
    central_staff.username = "sentral.ansatt"
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=central_staff)

    assert reason in " ".join(refused.value.messages)


def test_a_long_uncommon_password_is_accepted(central_staff):
    assert validate_password("tømrer-i-groruddalen-2026", user=central_staff) is None


def test_admin_password_change_refuses_a_short_password(client, central_staff):
    client.force_login(central_staff)

    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "sentral-passord-123",
            "new_password1": "Kort-1x",
            "new_password2": "Kort-1x",
        },
    )

    assert response.status_code == 200
    assert "for kort" in response.content.decode()
    central_staff.refresh_from_db()
    assert central_staff.check_password("sentral-passord-123")


@pytest.fixture
def admin_url(settings):
    """Reloads the URLs with the operator's ADMIN_URL, and puts the default back after."""
    import mestergruppen.urls

    def use(path: str) -> None:
        settings.ADMIN_URL = path
        clear_url_caches()
        importlib.reload(mestergruppen.urls)

    yield use
    settings.ADMIN_URL = "admin/"
    clear_url_caches()
    importlib.reload(mestergruppen.urls)


def test_the_admin_answers_at_the_path_the_operator_chose(client, central_staff, admin_url):
    admin_url("styring/")
    client.force_login(central_staff)

    assert reverse("admin:index") == "/styring/"
    assert client.get("/styring/").status_code == 200
    assert client.get("/admin/").status_code == 404
    response = client.get("/styring/intake/lead/", follow=False)
    assert response.status_code == 200
