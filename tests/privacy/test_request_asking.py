"""A person asks through /personvern/dine-rettigheter/ and confirms by a signed link; the
page and the email never reveal whether we hold anything about the address."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from privacy.models import DataSubjectRequest, RequestStatus
from privacy.requests.services import requests_housekeeping

pytestmark = pytest.mark.django_db

RIGHTS_URL = "/personvern/dine-rettigheter/"


def hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


@pytest.fixture
def ask(client):
    """Open the form as a browser would, fill it in and send it."""

    def send(url=RIGHTS_URL, **changes):
        fields = hidden_fields(client.get(url).content.decode())
        fields.update(
            {"rights": ["access"], "email": "Kari.Nordmann@Eksempel.no", "phone": "", "details": ""}
        )
        fields.update(changes)
        return client.post(url, fields)

    return send


def confirmation_link(message) -> str:
    return re.search(r"http://\S+/bekreft/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def test_request_is_stored_awaiting_confirmation_and_a_link_is_emailed(ask, run_tasks):
    response = ask(details="Hva har dere om meg?")
    run_tasks()

    assert response.status_code == 302
    assert response["Location"] == "/personvern/dine-rettigheter/sendt/"
    request = DataSubjectRequest.objects.get()
    assert request.status == RequestStatus.AWAITING_CONFIRMATION
    assert (request.email, request.rights, request.language) == (
        "kari.nordmann@eksempel.no",
        ["access"],
        "nb",
    )
    (message,) = mail.outbox
    assert message.to == ["kari.nordmann@eksempel.no"]
    assert request.reference in message.subject
    assert "Bekreft" in message.subject
    assert "24 timer" in message.body


def test_page_and_email_are_the_same_whether_or_not_we_hold_anything(
    client, ask, run_tasks, kari_lead
):
    known = ask(email="kari.nordmann@eksempel.no")
    unknown = ask(email="ukjent@eksempel.no")
    run_tasks()

    assert known["Location"] == unknown["Location"]
    first, second = mail.outbox
    known_reference, unknown_reference = DataSubjectRequest.objects.order_by("pk").values_list(
        "reference", flat=True
    )

    def neutral(message, reference):
        return message.body.replace(confirmation_link(message), "L").replace(reference, "REF")

    assert neutral(first, known_reference) == neutral(second, unknown_reference)
    assert kari_lead.reference not in first.body


def test_english_request_gets_english_pages_and_email(ask, run_tasks):
    response = ask(url="/en/personvern/dine-rettigheter/")
    run_tasks()

    assert response["Location"] == "/en/personvern/dine-rettigheter/sendt/"
    (message,) = mail.outbox
    assert "Confirm your privacy rights request" in message.subject
    assert "/en/personvern/dine-rettigheter/bekreft/" in message.body
    assert message.extra_headers["Content-Language"] == "en"


def test_confirming_from_the_link_takes_a_press_of_a_button(client, ask, run_tasks):
    ask(rights=["access", "erasure"])
    run_tasks()
    link = path_of(confirmation_link(mail.outbox[0]))

    page = client.get(link)
    assert DataSubjectRequest.objects.get().status == RequestStatus.AWAITING_CONFIRMATION
    assert "Innsyn, Sletting" in page.content.decode()

    response = client.post(link)
    run_tasks()

    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.status == RequestStatus.CONFIRMED
    done = client.get(link).content.decode()
    assert "Forespørselen er bekreftet" in done
    assert request.reference in done
    assert "Vi behandler forespørselen din" in mail.outbox[-1].subject


def test_link_older_than_24_hours_or_altered_is_refused(client, ask, run_tasks, monkeypatch):
    ask()
    run_tasks()
    link = path_of(confirmation_link(mail.outbox[0]))

    altered = client.post(link[:-3] + "xx/")
    later = signing.time.time() + 24 * 3600 + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    expired = client.post(link)

    assert altered.status_code == 410
    assert expired.status_code == 410
    assert "Lenken virker ikke lenger" in expired.content.decode()
    assert DataSubjectRequest.objects.get().status == RequestStatus.AWAITING_CONFIRMATION


def test_form_errors_are_shown_in_norwegian_and_what_was_typed_is_kept(ask):
    response = ask(rights=[], email="kari@localhost", details="Min tekst")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Velg minst én rettighet." in html
    assert "Skriv inn en gyldig e-postadresse" in html
    assert "Min tekst" in html and 'value="kari@localhost"' in html
    assert not DataSubjectRequest.objects.exists()


def test_control_characters_and_over_long_text_never_reach_the_database(ask):
    ask(details="Linje\x00 én\r\nlinje to\x1b")
    too_long = ask(email="b@eksempel.no", details="x" * 3001)

    assert DataSubjectRequest.objects.get().details == "Linje én\nlinje to"
    assert "høyst 3000 tegn" in too_long.content.decode()


def test_honeypot_stores_nothing_and_sends_nothing_but_shows_the_same_page(ask, run_tasks):
    response = ask(website="http://spam.example")
    run_tasks()

    assert response["Location"] == "/personvern/dine-rettigheter/sendt/"
    assert not DataSubjectRequest.objects.exists()
    assert mail.outbox == []


def test_many_requests_from_one_client_are_slowed_down(ask, settings):
    settings.PRIVACY_REQUEST_RATE_LIMIT = 2
    ask(email="a@eksempel.no")
    ask(email="b@eksempel.no")

    blocked = ask(email="c@eksempel.no")

    assert blocked.status_code == 429
    assert "c@eksempel.no" in blocked.content.decode()
    assert DataSubjectRequest.objects.count() == 2


def test_second_unconfirmed_request_for_the_same_right_joins_the_first(ask, run_tasks):
    ask()
    ask(email="KARI.nordmann@eksempel.no")
    run_tasks()

    request = DataSubjectRequest.objects.get()
    assert len(mail.outbox) == 2
    assert all(request.reference in message.subject for message in mail.outbox)


def test_a_new_right_cannot_be_added_to_a_request_someone_else_will_confirm(ask, run_tasks):
    ask(rights=["access"])
    ask(rights=["erasure"])
    run_tasks()

    assert sorted(DataSubjectRequest.objects.values_list("rights", flat=True)) == [
        ["access"],
        ["erasure"],
    ]


def test_confirmed_second_request_joins_the_open_one_and_keeps_its_deadline(
    client, ask, run_tasks, confirmed_request
):
    first = confirmed_request(rights=["access"])
    run_tasks()
    mail.outbox.clear()
    ask(rights=["access", "rectification"], details="Telefonnummeret er feil.")
    run_tasks()

    client.post(path_of(confirmation_link(mail.outbox[0])))
    run_tasks()

    first.refresh_from_db()
    assert first.rights == ["access", "rectification"]
    assert "Telefonnummeret er feil." in first.details
    open_requests = DataSubjectRequest.objects.to_handle()
    assert list(open_requests) == [first]
    assert first.reference in mail.outbox[-1].subject
    assert "samme frist" in mail.outbox[-1].body


def test_second_request_is_never_a_way_around_confirmation(ask, run_tasks, confirmed_request):
    first = confirmed_request(rights=["access"])
    ask(rights=["access", "erasure"])
    run_tasks()

    first.refresh_from_db()
    assert first.rights == ["access"]  # nothing joins until the new link is confirmed


def test_unconfirmed_request_is_reminded_once_and_then_deleted(ask, run_tasks):
    ask()
    run_tasks()
    request = DataSubjectRequest.objects.get()
    start = request.received_at

    assert requests_housekeeping(now=start + timedelta(hours=23))["reminded"] == 0
    assert requests_housekeeping(now=start + timedelta(hours=25))["reminded"] == 1
    assert requests_housekeeping(now=start + timedelta(hours=30))["reminded"] == 0
    run_tasks()
    reminder = mail.outbox[-1]
    assert "Påminnelse" in reminder.subject and request.reference in reminder.subject
    assert len(mail.outbox) == 2

    assert requests_housekeeping(now=start + timedelta(hours=50))["expired"] == 1
    assert not DataSubjectRequest.objects.exists()


def test_confirmed_request_is_never_expired_by_housekeeping(confirmed_request):
    request = confirmed_request()

    requests_housekeeping(now=timezone.now() + timedelta(days=10))

    assert DataSubjectRequest.objects.filter(pk=request.pk).exists()
