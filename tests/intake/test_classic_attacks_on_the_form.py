"""The classic attacks through the contact form, each named: email header injection,
spreadsheet formula injection, Host header poisoning of the links in emails and cross-site
request forgery. Each goes through the real form, the real outbox and the real export."""

import csv
import io

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from intake.models import Lead

pytestmark = pytest.mark.django_db

EVIL = "angriper.example"


# --- email header injection -----------------------------------------------------------------


@pytest.mark.parametrize("field", ["contact_name", "company_name"])
@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\r", "\u2028", "\x85"])
def test_a_line_break_in_a_name_cannot_add_a_header_to_the_emails(
    client, contact_form, run_tasks, mailoutbox, field, line_break
):
    injected = f"Åse{line_break}Bcc: offer@{EVIL}{line_break}Subject: Vunnet!"

    response = client.post("/bli-medlem/", contact_form(**{field: injected}))
    run_tasks()

    assert response.status_code == 302
    assert mailoutbox, "the routing email and the receipt were sent"
    for message in mailoutbox:
        assert message.bcc == []
        assert all(EVIL not in address for address in message.recipients())
        raw = message.message().as_string()
        headers = raw.split("\n\n", 1)[0]
        assert f"Bcc: offer@{EVIL}" not in headers
        assert "\nSubject: Vunnet!" not in headers
        assert "\n" not in message.subject and "\r" not in message.subject


def test_an_email_address_with_a_line_break_is_refused_before_anything_is_sent(
    client, contact_form, run_tasks, mailoutbox
):
    response = client.post(
        "/bli-medlem/", contact_form(email=f"ase@example.no\r\nBcc: offer@{EVIL}")
    )
    run_tasks()

    assert response.status_code == 200
    assert "Skriv inn en gyldig e-postadresse" in response.text
    assert not Lead.objects.exists()
    assert mailoutbox == []


# --- spreadsheet formula injection through the form --------------------------------------


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://angriper.example","Klikk")', "+47 Bygg AS", "@SUM(1+1)"]
)
def test_a_formula_typed_into_the_form_reaches_the_csv_export_as_text(
    client, contact_form, central_staff, typed
):
    Client().post("/bli-medlem/", contact_form(company_name=typed, message=typed))
    client.force_login(central_staff)

    response = client.get(reverse("admin:intake_lead_export", args=["csv"]))

    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert row["Bedrift"] == "'" + typed
    assert row["Melding"] == "'" + typed


# --- Host header poisoning of the links in emails -----------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_HOST": "localhost"},
        {"HTTP_HOST": "localhost", "HTTP_X_FORWARDED_HOST": EVIL},
        {"HTTP_HOST": "127.0.0.1", "HTTP_FORWARDED": f"host={EVIL}"},
    ],
    ids=["other-allowed-host", "x-forwarded-host", "forwarded"],
)
def test_links_in_emails_point_at_the_site_whatever_host_the_request_named(
    client, contact_form, run_tasks, mailoutbox, headers
):
    response = client.post("/bli-medlem/", contact_form(), **headers)
    run_tasks()

    assert response.status_code == 302
    assert mailoutbox
    for message in mailoutbox:
        bodies = [message.body, *(content for content, _type in message.alternatives)]
        for body in bodies:
            assert EVIL not in body
            assert "http://localhost" not in body and "//127.0.0.1/" not in body
            links = [word for word in body.split() if "://" in word]
            assert links, "the email links to the site"
            for link in links:
                assert django_settings.SITE_URL in link or "mailto:" in link, link


def test_a_host_not_allowed_is_refused_before_anything_is_stored(client, contact_form):
    client.raise_request_exception = False

    response = client.post("/bli-medlem/", contact_form(), HTTP_HOST=EVIL)

    assert response.status_code == 400
    assert not Lead.objects.exists()


# --- cross-site request forgery ------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "x" * 64, "forfalsket"], ids=["missing", "wrong", "short"])
def test_the_contact_form_refuses_a_post_without_its_csrf_token(contact_form, token):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/bli-medlem/")  # the cookie, as a victim's browser would hold it
    data = contact_form()
    if token is not None:
        data["csrfmiddlewaretoken"] = token

    response = browser.post("/bli-medlem/", data)

    assert response.status_code == 403
    assert "Skjemaet kunne ikke sendes" in response.text
    assert not Lead.objects.exists()
