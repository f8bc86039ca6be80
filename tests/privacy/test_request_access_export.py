"""Access and portability: the officer sends a copy from the admin; the person downloads a
ZIP that holds every record of theirs and nothing of anyone else's, through a link that
expires and can be used a limited number of times."""

import csv
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from privacy.models import (
    AccessRecord,
    RequestActionKind,
    RequestExport,
    RequestStatus,
)
from privacy.requests.services import requests_housekeeping

pytestmark = pytest.mark.django_db


@pytest.fixture
def send_copy(client, privacy_officer, run_tasks):
    """The officer opens the access step, reads the letter and sends it."""

    def send(request, note=""):
        client.force_login(privacy_officer)
        url = reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, "innsyn"])
        preview = client.get(url)
        assert preview.status_code == 200
        response = client.post(url, {"note": note, "send": "1"})
        assert response.status_code == 302, response.content.decode()
        run_tasks()
        client.logout()
        return preview.content.decode()

    return send


def download_path(message) -> str:
    link = re.search(r"http://\S+/kopi/\S+/", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", link)


def test_officer_reads_the_letter_before_sending_the_copy(send_copy, confirmed_request, kari_lead):
    request = confirmed_request()

    preview = send_copy(request)

    assert "Kopien av opplysningene dine er klar" in preview
    assert "Brevet personen får" in preview


def test_person_gets_the_link_and_downloads_a_zip_with_all_of_their_records_only(
    client, send_copy, confirmed_request, kari_lead, ola_lead, run_tasks
):
    request = confirmed_request(rights=["access", "portability"])
    run_tasks()
    mail.outbox.clear()

    send_copy(request, note="Ta kontakt om noe er uklart.")
    (letter,) = mail.outbox
    assert letter.to == ["kari.nordmann@eksempel.no"]
    assert request.reference in letter.subject
    assert "Ta kontakt om noe er uklart." in letter.body
    assert "Ola" not in letter.body and "ola@eksempel.no" not in letter.body

    path = download_path(letter)
    page = client.get(path)
    assert page.status_code == 200 and RequestExport.objects.get().downloads == 0
    response = client.post(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"opplysninger.json", "sammendrag.txt", "lead.csv", "leadnote.csv"} <= names
    data = json.loads(archive.read("opplysninger.json"))
    kinds = {group["model"]: group for group in data["records"]}
    (lead,) = kinds["intake.Lead"]["records"]
    assert lead["reference"] == kari_lead.reference
    assert lead["subsidiary"] == "Blinkhus"  # a name, not a key
    assert lead["county"] == "Oslo"
    (note,) = kinds["intake.LeadNote"]["records"]
    assert note["text"] == "Ringte Kari, hun vil ha tilbud."
    assert len(kinds["intake.Delivery"]["records"]) == 2
    assert data["received_by"] == [{"name": "Blinkhus", "reference": kari_lead.reference}]
    everything = b"".join(archive.read(name) for name in names).decode("utf-8")
    for other in ("Ola Hansen", "ola@eksempel.no", "+4799887766", ola_lead.reference):
        assert other not in everything
    rows = list(csv.reader(io.StringIO(archive.read("lead.csv").decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "referanse", "mottatt"]
    assert rows[1][1] == kari_lead.reference
    summary = archive.read("sammendrag.txt").decode()
    for part in ("a) Formål", "c) Mottakere", "Blinkhus", "d) Hvor lenge", "f) Klage"):
        assert part in summary
    assert "Datatilsynet" in summary


def test_copy_is_written_to_the_request_and_the_access_log(
    send_copy, confirmed_request, kari_lead, privacy_officer
):
    request = confirmed_request()

    send_copy(request)

    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    exported = request.actions.get(kind=RequestActionKind.EXPORTED)
    assert exported.actor == privacy_officer
    log = AccessRecord.objects.get(action="exported")
    assert log.detail["request"] == request.reference
    assert log.detail["operation"] == "export"


def test_used_up_link_is_refused(client, send_copy, confirmed_request, kari_lead, run_tasks):
    request = confirmed_request()
    run_tasks()
    mail.outbox.clear()
    send_copy(request)
    path = download_path(mail.outbox[0])

    for _attempt in range(3):
        assert client.post(path).status_code == 200
    refused = client.post(path)

    assert refused.status_code == 410
    assert "ikke lenger tilgjengelig" in refused.content.decode()
    assert client.get(path).status_code == 410


def test_expired_link_is_refused_and_the_file_removed(
    client, send_copy, confirmed_request, kari_lead, run_tasks
):
    request = confirmed_request()
    run_tasks()
    mail.outbox.clear()
    send_copy(request)
    path = download_path(mail.outbox[0])
    RequestExport.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    assert client.post(path).status_code == 410
    assert requests_housekeeping()["exports_removed"] == 1
    export = RequestExport.objects.get()
    assert bytes(export.content) == b"" and export.removed_at is not None


def test_guessed_link_is_refused(client):
    assert client.get("/personvern/dine-rettigheter/kopi/gjettet-lenke/").status_code == 410


def test_english_request_gets_an_english_letter_and_files(
    client, send_copy, confirmed_request, kari_lead, run_tasks
):
    request = confirmed_request(language="en")
    run_tasks()
    mail.outbox.clear()

    send_copy(request)

    (letter,) = mail.outbox
    assert "The copy of your data is ready" in letter.subject
    archive = zipfile.ZipFile(io.BytesIO(client.post(download_path(letter)).content))
    assert {"data.json", "summary.txt"} <= set(archive.namelist())
    assert "Norwegian Data Protection Authority" in archive.read("summary.txt").decode()


def test_records_found_only_through_the_phone_wait_for_the_officer(
    client, send_copy, confirmed_request, kari_lead, make_lead, privacy_officer, run_tasks
):
    colleague = make_lead(email="sentralbord@nordmann.example", phone="+4791234567")
    request = confirmed_request(phone="912 34 567")
    client.force_login(privacy_officer)
    page = client.get(reverse("admin:privacy_datasubjectrequest_change", args=[request.pk]))
    html = page.content.decode()
    unverified = html.split("Funnet bare via telefonnummeret")[1]
    assert colleague.reference in unverified
    assert kari_lead.reference not in unverified
    run_tasks()
    mail.outbox.clear()

    send_copy(request)

    archive = zipfile.ZipFile(io.BytesIO(client.post(download_path(mail.outbox[0])).content))
    assert colleague.reference not in archive.read("opplysninger.json").decode()
