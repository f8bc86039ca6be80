"""«Mine data»: a person proves control of an address by an emailed link and sees, downloads
and acts on what we hold about it, at once. Real leads with deliveries, notes and history."""

import io
import json
import re
import time
import zipfile

import pytest
from django.core import mail

from privacy.models import (
    AccessRecord,
    DataSubjectRequest,
    LegalHold,
    MineDataLink,
    RequestRight,
    RequestStatus,
)

pytestmark = pytest.mark.django_db

START = "/personvern/mine-data/"
OVERVIEW = "/personvern/mine-data/oversikt/"


def hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def link_path(message) -> str:
    found = re.search(r"https?://\S+/mine-data/lenke/\S+/", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", found)


@pytest.fixture
def ask_for_link(client, run_tasks):
    """Fill in the address as a browser would; returns the response (the email is sent)."""

    def send(email, **changes):
        fields = hidden_fields(client.get(START).content.decode())
        fields.update({"email": email, "website": ""})
        fields.update(changes)
        response = client.post(START, fields)
        run_tasks()
        return response

    return send


@pytest.fixture
def open_session(client, ask_for_link):
    """Ask for a link for `email`, open it from the email: the client holds the session."""

    def open_(email="Kari.Nordmann@Eksempel.no"):
        ask_for_link(email)
        path = link_path(mail.outbox[-1])
        response = client.post(path)
        assert response.status_code == 302
        assert response["Location"] == OVERVIEW
        return client

    return open_


@pytest.fixture
def per_lead(db, subsidiary_mesterhus):
    """Per works at the same company as Kari and gave the company's switchboard number,
    which Kari gave too: a different person with a shared phone."""
    from intake.models import Lead

    return Lead.objects.create(
        contact_name="Per Persen",
        email="per@nordmannbygg.example",
        phone="+4791234567",
        company_name="Nordmann Bygg AS",
        county="oslo",
        subsidiary=subsidiary_mesterhus,
        message="Per sin hemmelige melding.",
        submission_token="per-token",
    )


# --- The link ----------------------------------------------------------------------------------


def test_link_email_opens_a_session_that_shows_the_persons_lead_in_plain_words(
    client, open_session, kari_lead, ola_lead
):
    open_session()
    page = client.get(OVERVIEW).content.decode()

    assert kari_lead.reference in page
    assert "Vi vil bli med i kjeden." in page
    assert "Blinkhus" in page
    assert "Kjeden har tatt kontakt med deg" in page  # status "contacted" in plain words
    assert "Ringte Kari, hun vil ha tilbud." in page  # the note staff wrote
    assert "Nyheter på e-post: nei" in page
    assert "Da fjerner vi navnet" in page  # how long it is kept
    assert ola_lead.reference not in page
    assert "Ola" not in page


def test_the_link_email_says_how_long_it_works_and_the_page_says_the_same_for_every_address(
    client, ask_for_link, kari_lead
):
    known = ask_for_link("kari.nordmann@eksempel.no")
    unknown = ask_for_link("ukjent@eksempel.no")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/personvern/mine-data/sendt/"
    first, second = mail.outbox
    assert first.to == ["kari.nordmann@eksempel.no"] and second.to == ["ukjent@eksempel.no"]
    assert first.subject == second.subject
    # The same email apart from the link itself: nothing says whether we hold anything.
    assert re.sub(r"lenke/\S+/", "", first.body) == re.sub(r"lenke/\S+/", "", second.body)
    assert "30 minutter" in first.body


def test_an_address_we_hold_nothing_about_sees_that_there_is_nothing(client, open_session):
    open_session("ukjent@eksempel.no")
    page = client.get(OVERVIEW).content.decode()
    assert "Vi har ingen opplysninger om denne e-postadressen." in page


def test_person_sees_leads_of_the_address_in_any_letter_case_and_nothing_found_another_way(
    client, open_session, kari_lead, ola_lead, per_lead, subsidiary_blinkhus
):
    from intake.models import Lead

    second = Lead.objects.create(
        contact_name="Kari Nordmann",
        email="kari.nordmann@eksempel.no",
        phone="",
        company_name="Nordmann Bygg AS",
        county="oslo",
        subsidiary=subsidiary_blinkhus,
        message="Andre gang.",
        submission_token="kari-token-2",
    )
    other_address = Lead.objects.create(
        contact_name="Kari Nordmann",
        email="kari@nordmannbygg.example",
        phone="+4791234567",
        company_name="Nordmann Bygg AS",
        county="oslo",
        message="Fra jobbadressen.",
        submission_token="kari-token-3",
    )
    open_session("KARI.NORDMANN@EKSEMPEL.NO")
    page = client.get(OVERVIEW).content.decode()

    shown = set(re.findall(r"Henvendelse ([0-9A-Z-]+)", page))
    assert shown == {kari_lead.reference, second.reference}
    # The switchboard number Kari shares with Per opens nothing of Per's; an address she did
    # not prove opens nothing either.
    for hidden in (ola_lead, per_lead, other_address):
        assert hidden.reference not in page
    assert "Per sin hemmelige melding." not in page


def test_used_link_is_refused(client, ask_for_link, kari_lead):
    ask_for_link("kari.nordmann@eksempel.no")
    path = link_path(mail.outbox[-1])
    assert client.post(path).status_code == 302

    again = client.post(path)
    assert again.status_code == 410
    assert "Lenken virker ikke lenger" in again.content.decode()
    assert client.get(path).status_code == 410


def test_link_expires_after_30_minutes(client, ask_for_link, kari_lead, monkeypatch):
    ask_for_link("kari.nordmann@eksempel.no")
    path = link_path(mail.outbox[-1])

    class HalfAnHourLater:
        @staticmethod
        def time():
            return time.time() + 31 * 60

    monkeypatch.setattr("django.core.signing.time", HalfAnHourLater)
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert client.get(OVERVIEW).status_code == 403


def test_forged_or_altered_links_are_refused(client, ask_for_link, kari_lead, settings):
    from django.core import signing

    from privacy.mine_data.links import LINK_SALT

    ask_for_link("ola@eksempel.no")
    row = MineDataLink.objects.get()
    genuine = link_path(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[1]
    key, stamp, signature = genuine.split(":")
    forged = [
        f"{key}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{key}x:{stamp}:{signature}",
        # A correct signature with another site's key, or for a key we never issued.
        signing.TimestampSigner(key="another-secret", salt=LINK_SALT).sign(row.key),
        signing.TimestampSigner(salt=LINK_SALT).sign("made-up-key"),
        signing.TimestampSigner(salt="privacy.requests.confirm").sign(row.key),
        "x" * 500,
    ]
    for token in forged:
        response = client.post(f"{START}lenke/{token}/")
        assert response.status_code in (404, 410), token
    assert client.get(OVERVIEW).status_code == 403
    assert MineDataLink.objects.get().opened_at is None


def test_session_ends_when_its_time_is_up_or_the_person_ends_it(client, open_session, kari_lead):
    open_session()
    assert client.get(OVERVIEW).status_code == 200
    client.post("/personvern/mine-data/avslutt/")
    ended = client.get(OVERVIEW)
    assert ended.status_code == 403
    assert "Økten er over" in ended.content.decode()

    open_session()
    from django.utils import timezone

    MineDataLink.objects.filter(opened_at__isnull=False).update(session_expires_at=timezone.now())
    assert client.get(OVERVIEW).status_code == 403


def test_the_session_cookie_is_on_the_cookie_page_and_kept_from_scripts_and_other_sites(
    client, ask_for_link, kari_lead, cookie_declaration
):
    from privacy.models import DeclaredCookie

    ask_for_link("kari.nordmann@eksempel.no")
    opened = client.post(link_path(mail.outbox[-1]))
    cookie = opened.cookies["mine_data"]
    assert DeclaredCookie.objects.get(name="mine_data").category == "necessary"
    assert (cookie["httponly"], cookie["samesite"], cookie["max-age"]) == (True, "Strict", 1800)
    assert (
        "<code>mine_data</code>" in client.get("/personvern/informasjonskapsler/").content.decode()
    )


def test_a_session_cookie_of_someone_else_or_made_up_opens_nothing(client, kari_lead):
    client.cookies["mine_data"] = "made-up-session-token"
    assert client.get(OVERVIEW).status_code == 403
    assert client.post("/personvern/mine-data/kopi/").status_code == 403


def test_an_address_gets_at_most_three_links_per_half_hour(ask_for_link):
    for _ in range(4):
        response = ask_for_link("kari.nordmann@eksempel.no")
        assert response["Location"] == "/personvern/mine-data/sendt/"
    assert len(mail.outbox) == 3


def test_a_filled_honeypot_sends_nothing_but_shows_the_same_page(ask_for_link):
    response = ask_for_link("kari.nordmann@eksempel.no", website="http://spam.example")
    assert response["Location"] == "/personvern/mine-data/sendt/"
    assert mail.outbox == []
    assert not MineDataLink.objects.exists()


def test_a_form_sent_faster_than_a_person_types_sends_nothing(ask_for_link, settings):
    settings.INTAKE_MIN_FILL_SECONDS = 60
    response = ask_for_link("kari.nordmann@eksempel.no")
    assert response["Location"] == "/personvern/mine-data/sendt/"
    assert mail.outbox == []


def test_too_many_forms_from_one_client_are_refused_in_norwegian(ask_for_link, settings):
    settings.PRIVACY_REQUEST_RATE_LIMIT = 2
    for n in range(2):
        assert ask_for_link(f"person{n}@eksempel.no").status_code == 302
    refused = ask_for_link("person3@eksempel.no")
    assert refused.status_code == 429
    assert "Du har sendt mange skjemaer på kort tid" in refused.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "email",
    ["", "ikke-en-adresse", "kari@localhost", "kari\x00@eksempel.no", "a" * 300 + "@eksempel.no"],
)
def test_bad_address_gets_a_norwegian_error_and_no_email(ask_for_link, email):
    response = ask_for_link(email)
    assert response.status_code == 200
    assert "Skjemaet har feil" in response.content.decode()
    assert mail.outbox == []


# --- What the person does ----------------------------------------------------------------------


def test_views_and_downloads_are_in_the_access_log_as_the_persons_own(
    client, open_session, kari_lead
):
    open_session()
    client.get(OVERVIEW)
    client.post("/personvern/mine-data/kopi/")

    viewed = AccessRecord.objects.get(action="viewed", object_id=str(kari_lead.pk))
    assert viewed.actor is None
    assert viewed.actor_username == "personen selv («Mine data»)"
    assert viewed.object_repr == kari_lead.reference
    exported = AccessRecord.objects.get(action="exported")
    assert exported.actor_username == "personen selv («Mine data»)"
    assert "kari" not in json.dumps(exported.detail).lower()


def test_download_is_the_request_workflows_zip_with_the_persons_records_only(
    client, open_session, kari_lead, ola_lead, per_lead
):
    open_session()
    response = client.post("/personvern/mine-data/kopi/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"opplysninger.json", "sammendrag.txt", "lead.csv"} <= set(archive.namelist())
    data = json.loads(archive.read("opplysninger.json"))
    leads = next(group for group in data["records"] if group["model"] == "intake.Lead")
    assert [lead["reference"] for lead in leads["records"]] == [kari_lead.reference]
    notes = next(group for group in data["records"] if group["model"] == "intake.LeadNote")
    assert [note["text"] for note in notes["records"]] == ["Ringte Kari, hun vil ha tilbud."]
    text = json.dumps(data)
    assert ola_lead.reference not in text and per_lead.reference not in text
    request = DataSubjectRequest.objects.get()
    assert request.rights == [RequestRight.ACCESS]
    assert request.status == RequestStatus.COMPLETED
    assert request.reference in response["Content-Disposition"]
    assert [a.kind for a in request.actions.all()] == [
        "received",
        "confirmed",
        "exported",
        "downloaded",
        "completed",
    ]


def test_withdrawing_the_news_consent_takes_effect_at_once(
    client, open_session, kari_lead, run_tasks
):
    kari_lead.wants_news = True
    kari_lead.save(update_fields=["wants_news"])
    open_session()
    assert "Trekk samtykket til nyheter" in client.get(OVERVIEW).content.decode()

    response = client.post("/personvern/mine-data/nyheter/", follow=True)
    run_tasks()

    kari_lead.refresh_from_db()
    assert kari_lead.wants_news is False
    page = response.content.decode()
    assert "Samtykket til nyheter på e-post er trukket tilbake" in page
    assert "Trekk samtykket til nyheter" not in page
    request = DataSubjectRequest.objects.get()
    assert request.rights == [RequestRight.WITHDRAW_CONSENT]
    assert request.status == RequestStatus.COMPLETED
    assert mail.outbox[-1].to == ["kari.nordmann@eksempel.no"]


def test_news_consent_from_the_register_is_shown_and_withdrawn_with_mine_data_as_the_source(
    client, open_session, kari_lead
):
    from privacy.consents import (
        ConsentSource,
        news_consent_give,
        news_consent_in_force,
        news_consent_latest,
    )

    news_consent_give(
        "kari.nordmann@eksempel.no", source=ConsentSource.CONTACT_FORM, statement=None
    )
    open_session()
    page = client.get(OVERVIEW).content.decode()
    assert "Samtykke til nyheter på e-post" in page
    assert "Gitt: Kontaktskjemaet" in page

    client.post("/personvern/mine-data/nyheter/")

    assert not news_consent_in_force("kari.nordmann@eksempel.no")
    assert news_consent_latest("kari.nordmann@eksempel.no").source == ConsentSource.MINE_DATA
    page = client.get(OVERVIEW).content.decode()
    assert "Trukket tilbake: Mine data" in page
    assert "Trekk samtykket til nyheter" not in page


@pytest.mark.parametrize(
    ("slug", "right"),
    [
        ("retting", RequestRight.RECTIFICATION),
        ("begrensning", RequestRight.RESTRICTION),
        ("protest", RequestRight.OBJECTION),
    ],
)
def test_each_right_becomes_a_confirmed_request_for_the_privacy_officer(
    client, open_session, kari_lead, run_tasks, slug, right
):
    open_session()
    response = client.post(
        f"/personvern/mine-data/be-om/{slug}/", {"details": "Navnet er feilstavet."}, follow=True
    )
    run_tasks()

    request = DataSubjectRequest.objects.get()
    assert request.rights == [right]
    assert request.status == RequestStatus.CONFIRMED
    assert request.email == "kari.nordmann@eksempel.no"
    assert request.details == "Navnet er feilstavet."
    assert request.reference in response.content.decode()
    assert request.reference in mail.outbox[-1].subject
    kari_lead.refresh_from_db()
    assert kari_lead.contact_name == "Kari Nordmann"  # nothing changed before the officer acts


def test_rectification_needs_to_say_what_is_wrong(client, open_session, kari_lead):
    open_session()
    response = client.post("/personvern/mine-data/be-om/retting/", {"details": "  "})
    assert response.status_code == 200
    assert "Skriv hva som skal rettes." in response.content.decode()
    assert not DataSubjectRequest.objects.exists()
    assert client.get("/personvern/mine-data/be-om/noe-annet/").status_code == 404


def erase_from_the_preview(client, **kwargs):
    """Open the preview and press its button, as the person does."""
    preview = client.get("/personvern/mine-data/slett/").content.decode()
    return client.post("/personvern/mine-data/slett/", hidden_fields(preview), **kwargs)


def test_erasure_without_the_preview_shown_erases_nothing_and_shows_it(
    client, open_session, kari_lead
):
    open_session()
    for mark in ({}, {"preview": "forged"}):
        response = client.post("/personvern/mine-data/slett/", mark)
        assert response.status_code == 200
        assert "Slett nå" in response.content.decode()
    kari_lead.refresh_from_db()
    assert kari_lead.contact_name == "Kari Nordmann"
    assert not DataSubjectRequest.objects.exists()


def test_erasure_shows_the_preview_first_and_then_erases_at_once(
    client, open_session, kari_lead, ola_lead, run_tasks
):
    from intake.models import LeadNote

    open_session()
    preview = client.get("/personvern/mine-data/slett/").content.decode()
    assert "Henvendelser</strong> (1): anonymiseres" in preview
    assert "Blinkhus" in preview  # told to delete the email (Art. 19)
    kari_lead.refresh_from_db()
    assert kari_lead.contact_name == "Kari Nordmann"  # the preview changed nothing

    response = erase_from_the_preview(client, follow=True)
    run_tasks()

    assert "Opplysningene er slettet" in response.content.decode()
    kari_lead.refresh_from_db()
    assert (kari_lead.contact_name, kari_lead.email, kari_lead.message) == ("Anonymisert", "", "")
    assert not LeadNote.objects.filter(lead=kari_lead).exists()
    ola_lead.refresh_from_db()
    assert ola_lead.contact_name == "Ola Hansen"
    request = DataSubjectRequest.objects.get()
    assert request.status == RequestStatus.COMPLETED
    assert request.email == ""  # minimised once answered
    assert client.get(OVERVIEW).status_code == 403  # the session went with the data
    assert any("post@blinkhus.example" in m.to for m in mail.outbox)


def test_erasure_keeps_what_a_legal_hold_protects_and_says_so(
    client, open_session, kari_lead, privacy_officer
):
    import datetime

    LegalHold.objects.create(
        email="kari.nordmann@eksempel.no",
        basis="legal_claims",
        reason="Tvist om kontrakt",
        retain_until=datetime.date.today() + datetime.timedelta(days=90),
        placed_by=privacy_officer,
    )
    open_session()
    page = client.get(OVERVIEW).content.decode()
    assert "Vi må oppbevare opplysningene om deg til og med" in page
    assert "Et rettslig hold gjelder" in page
    preview = client.get("/personvern/mine-data/slett/").content.decode()
    assert "(1): beholdes. Rettslig hold" in preview

    erase_from_the_preview(client)
    kari_lead.refresh_from_db()
    assert kari_lead.contact_name == "Kari Nordmann"


def test_a_restriction_in_force_is_shown(client, open_session, kari_lead, privacy_officer):
    from privacy.services import subject_restrict

    open_session()
    assert "Behandlingen er begrenset" not in client.get(OVERVIEW).content.decode()
    subject_restrict(email="kari.nordmann@eksempel.no", by=privacy_officer, reason="Bestrider")
    page = client.get(OVERVIEW).content.decode()
    assert "Behandlingen er begrenset fra" in page
    assert "Bestrider" not in page  # the officer's reason is internal


def test_erasure_of_an_address_a_staff_account_shares_goes_to_the_officer(
    client, open_session, central_staff
):
    open_session(central_staff.email)
    preview = client.get("/personvern/mine-data/slett/").content.decode()
    assert "ansattkonto" in preview

    response = erase_from_the_preview(client, follow=True)
    assert "Forespørselen er sendt" in response.content.decode()
    central_staff.refresh_from_db()
    assert central_staff.is_active
    request = DataSubjectRequest.objects.get()
    assert (request.rights, request.status) == ([RequestRight.ERASURE], RequestStatus.CONFIRMED)


def test_every_action_needs_a_post_and_an_open_session(client, kari_lead):
    for path in ("kopi/", "nyheter/", "slett/", "be-om/retting/"):
        assert client.post(f"{START}{path}").status_code == 403
    assert not DataSubjectRequest.objects.exists()


# --- Where the page is linked from -------------------------------------------------------------


def test_rights_page_and_the_receipt_email_link_to_mine_data(client, kari_lead):
    from intake.emails import build_message
    from intake.models import Delivery, DeliveryKind

    assert (
        'href="/personvern/mine-data/"'
        in client.get("/personvern/dine-rettigheter/").content.decode()
    )
    receipt = Delivery.objects.get(lead=kari_lead, kind=DeliveryKind.RECEIPT)
    message = build_message(receipt)
    assert "/personvern/mine-data/" in message.body
    assert "/personvern/mine-data/" in message.alternatives[0][0]


def test_english_visitors_get_the_link_and_the_pages_in_english(client, run_tasks, kari_lead):
    fields = hidden_fields(client.get("/en" + START).content.decode())
    fields.update({"email": "kari.nordmann@eksempel.no"})
    client.post("/en" + START, fields)
    run_tasks()

    (message,) = mail.outbox
    assert message.subject == "Your link to “My data” at Mestergruppen"
    assert "/en/personvern/mine-data/lenke/" in message.body
    client.post(link_path(message))
    page = client.get("/en" + OVERVIEW).content.decode()
    assert "The data we hold about you" in page
    assert f"Enquiry {kari_lead.reference}" in page
    assert "The chain has contacted you" in page


# --- Bad input, the worker's email and retention -----------------------------------------------


def test_hostile_input_on_the_session_pages_gets_a_page_never_an_error(
    client, open_session, kari_lead
):
    open_session()
    # The site answers NUL bytes anywhere with its "not understood" page (400).
    for query in ("?sendt=%00", "?sendt=PV-%00%00%00", "?sendt=" + "x" * 5000, "?nyheter=%00"):
        assert client.get(OVERVIEW + query).status_code in (200, 400)
    for details in ("a\x00b" * 10, "x" * 3001):
        response = client.post("/personvern/mine-data/be-om/retting/", {"details": details})
        assert response.status_code in (200, 302)
    too_long = client.post("/personvern/mine-data/be-om/retting/", {"details": "x" * 3001})
    assert "Teksten kan ha høyst 3000 tegn" in too_long.content.decode()
    for token in ("%00", "a:b:%00", "%C3%28"):
        assert client.get(f"{START}lenke/{token}/").status_code in (400, 404, 410)
    assert client.get("/personvern/mine-data/slettet/?k=%00").status_code in (400, 403)
    client.cookies["mine_data"] = "\x7f" * 200
    assert client.get(OVERVIEW).status_code == 403


@pytest.mark.smtp
def test_the_link_arrives_over_smtp_and_opens_the_session(
    client, ask_for_link, smtp_server, kari_lead
):
    ask_for_link("Kari.Nordmann@Eksempel.no")

    [arrived] = smtp_server.messages
    assert arrived["To"] == "kari.nordmann@eksempel.no"
    text = arrived.get_body(("plain",)).get_content().replace("\r\n", "\n")
    url = re.search(r"https?://\S+/mine-data/lenke/\S+/", text).group(0)
    assert url in arrived.get_body(("html",)).get_content()
    assert "kari" not in url.lower()  # the link names a random key, not the address
    row = MineDataLink.objects.get()
    assert (row.status, row.attempts) == ("sent", 1)

    assert client.post(re.sub(r"^https?://[^/]+", "", url)).status_code == 302
    assert kari_lead.reference in client.get(OVERVIEW).content.decode()


@pytest.mark.smtp
def test_a_link_the_mail_server_refused_is_retried_and_sent_once(
    ask_for_link, local_smtp, run_tasks, kari_lead
):
    ask_for_link("kari.nordmann@eksempel.no")  # the server is down: refused
    row = MineDataLink.objects.get()
    assert (row.status, row.attempts) == ("waiting", 1)

    local_smtp.start()
    from django.utils import timezone

    # The retry waits a minute; run it now.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now())
    run_tasks()
    run_tasks()
    assert len(local_smtp.messages) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)


def test_the_retention_run_deletes_links_after_a_day(client, open_session, kari_lead):
    from datetime import timedelta

    from django.utils import timezone

    from privacy.retention import retention_enforce

    open_session()
    MineDataLink.objects.create(email="ola@eksempel.no", language="nb")
    MineDataLink.objects.filter(email="kari.nordmann@eksempel.no").update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    retention_enforce()

    assert list(MineDataLink.objects.values_list("email", flat=True)) == ["ola@eksempel.no"]
    assert client.get(OVERVIEW).status_code == 403


def test_the_page_reads_the_same_number_of_times_for_one_lead_or_six(
    client, open_session, kari_lead, subsidiary_blinkhus, central_staff, privacy_statement
):
    """No read per lead (an N+1 would make a person with many leads slow); what grows is
    only the access log, one entry per record shown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intake.models import Lead

    def reads() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(OVERVIEW).status_code == 200
        return sum(1 for q in queries.captured_queries if q["sql"].startswith("SELECT"))

    open_session()
    reads()  # the first view fills the process's caches (content types)
    one = reads()
    for n in range(5):
        lead = Lead.objects.create(
            contact_name="Kari Nordmann",
            email="kari.nordmann@eksempel.no",
            phone="",
            company_name="Nordmann Bygg AS",
            county="oslo",
            subsidiary=subsidiary_blinkhus,
            privacy_statement=privacy_statement,
            wants_news=bool(n % 2),
            submission_token=f"kari-more-{n}",
        )
        lead.add_note("Notat", by=central_staff)
    assert reads() == one
