"""Records found only through the phone number are decided one by one: Kari's number is also
the switchboard number of her company, so one of the leads it finds is hers (sent from her
private address) and one is a colleague's. Only what the officer confirms is exported or
erased; what belongs to a lead (its deliveries, notes, history) follows the decision on it.
Real intake models, on SQLite and PostgreSQL alike."""

import io
import json
import re
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from intake.models import Delivery, DeliveryKind, DeliveryStatus, Lead, LeadNote
from privacy.models import RequestActionKind
from privacy.requests.records import request_records

pytestmark = pytest.mark.django_db

KARIS_NUMBER = "+4791234567"


def lead_with_everything(make_lead, subsidiary, staff, *, email, name, note):
    lead = make_lead(
        email=email,
        phone=KARIS_NUMBER,
        contact_name=name,
        company_name="Nordmann Bygg AS",
        subsidiary=subsidiary,
    )
    Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.ROUTING,
        recipient="post@blinkhus.example",
        status=DeliveryStatus.SENT,
    )
    Delivery.objects.create(
        lead=lead, kind=DeliveryKind.RECEIPT, recipient=email, status=DeliveryStatus.SENT
    )
    lead.add_note(note, by=staff)
    lead.change_status("contacted", by=staff)
    return lead


@pytest.fixture
def karis_other_lead(make_lead, subsidiary_blinkhus, central_staff):
    """Kari's own lead, sent from her private address with her work number."""
    return lead_with_everything(
        make_lead,
        subsidiary_blinkhus,
        central_staff,
        email="kari.privat@eksempel.no",
        name="Kari Nordmann",
        note="Kari ringte fra privaten.",
    )


@pytest.fixture
def colleagues_lead(make_lead, subsidiary_blinkhus, central_staff):
    """Per's lead: he gave the company's switchboard number, which is Kari's number too."""
    return lead_with_everything(
        make_lead,
        subsidiary_blinkhus,
        central_staff,
        email="per.hansen@nordmannbygg.example",
        name="Per Hansen",
        note="Per vil ha katalog.",
    )


@pytest.fixture
def karis_request(confirmed_request, kari_lead, karis_other_lead, colleagues_lead, run_tasks):
    request = confirmed_request(rights=("access", "erasure"), phone="912 34 567")
    run_tasks()
    mail.outbox.clear()
    return request


@pytest.fixture
def officer(client, privacy_officer):
    client.force_login(privacy_officer)
    return client


def step_url(request, slug):
    return reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, slug])


def decide(client, request, decisions: dict):
    fields = {f"match-intake-lead-{lead.pk}": value for lead, value in decisions.items()}
    response = client.post(step_url(request, "telefon"), {**fields, "send": "1"})
    assert response.status_code == 302, response.content.decode()


def send(client, request, slug, run_tasks):
    response = client.post(step_url(request, slug), {"note": "", "send": "1"})
    assert response.status_code == 302, response.content.decode()
    run_tasks()


def download(client, letter) -> dict:
    link = re.search(r"http://\S+/kopi/\S+/", letter.body).group(0)
    response = client.post(re.sub(r"^https?://[^/]+", "", link))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("opplysninger.json"))


def exported_references(data) -> set[str]:
    return {
        record["reference"]
        for group in data["records"]
        if group["model"] == "intake.Lead"
        for record in group["records"]
    }


def test_officer_sees_each_lead_found_by_the_phone_awaiting_a_decision_of_its_own(
    officer, karis_request, kari_lead, karis_other_lead, colleagues_lead
):
    page = officer.get(step_url(karis_request, "telefon")).content.decode()

    assert "kari.privat@eksempel.no" in page and "per.hansen@nordmannbygg.example" in page
    assert page.count("Ikke vurdert ennå") == 2
    # Kari's lead found by her address is hers already; it is not offered for a decision.
    assert f'name="match-intake-lead-{kari_lead.pk}"' not in page
    matches = request_records(karis_request).phone_matches
    assert {m.row.pk for m in matches} == {karis_other_lead.pk, colleagues_lead.pk}
    # Each lead brings its two deliveries, its note and its history with it.
    for match in matches:
        kinds = sorted(declaration.label for declaration, _row in match.belonging)
        assert kinds == [
            "intake.Delivery",
            "intake.Delivery",
            "intake.LeadEvent",
            "intake.LeadEvent",
            "intake.LeadNote",
        ]


def test_the_copy_holds_the_lead_the_officer_confirmed_and_not_the_colleagues_rejected_one(
    officer, karis_request, kari_lead, karis_other_lead, colleagues_lead, run_tasks
):
    decide(officer, karis_request, {karis_other_lead: "confirmed", colleagues_lead: "rejected"})

    send(officer, karis_request, "innsyn", run_tasks)

    (letter,) = mail.outbox
    data = download(officer, letter)
    assert exported_references(data) == {kari_lead.reference, karis_other_lead.reference}
    text = json.dumps(data, ensure_ascii=False)
    assert "Kari ringte fra privaten." in text
    assert "Per Hansen" not in text and "per.hansen" not in text and "katalog" not in text


def test_undecided_leads_found_by_the_phone_stay_out_of_the_copy(
    officer, karis_request, kari_lead, karis_other_lead, colleagues_lead, run_tasks
):
    decide(officer, karis_request, {karis_other_lead: "", colleagues_lead: "rejected"})

    send(officer, karis_request, "innsyn", run_tasks)

    assert exported_references(download(officer, mail.outbox[0])) == {kari_lead.reference}


def test_erasure_erases_the_confirmed_lead_with_its_notes_and_leaves_the_colleagues_lead_whole(
    officer, karis_request, kari_lead, karis_other_lead, colleagues_lead, run_tasks
):
    decide(officer, karis_request, {karis_other_lead: "confirmed", colleagues_lead: "rejected"})
    preview = officer.get(step_url(karis_request, "sletting")).content.decode()
    assert f"intake.Lead #{karis_other_lead.pk}" in preview
    assert f"intake.Lead #{colleagues_lead.pk}" not in preview

    send(officer, karis_request, "sletting", run_tasks)

    for erased in (kari_lead, karis_other_lead):
        lead = Lead.objects.get(pk=erased.pk)
        assert (lead.email, lead.phone, lead.contact_name) == ("", "", "Anonymisert")
        assert not LeadNote.objects.filter(lead=erased).exists()
        receipt = Delivery.objects.get(lead=erased, kind=DeliveryKind.RECEIPT)
        assert receipt.recipient == ""
    per = Lead.objects.get(pk=colleagues_lead.pk)
    assert (per.email, per.phone, per.contact_name) == (
        "per.hansen@nordmannbygg.example",
        KARIS_NUMBER,
        "Per Hansen",
    )
    assert LeadNote.objects.get(lead=per).text == "Per vil ha katalog."
    receipt = Delivery.objects.get(lead=per, kind=DeliveryKind.RECEIPT)
    assert receipt.recipient == "per.hansen@nordmannbygg.example"


def test_each_decision_is_recorded_with_the_officer_and_the_records_it_concerns(
    officer, karis_request, karis_other_lead, colleagues_lead, privacy_officer
):
    decide(officer, karis_request, {karis_other_lead: "confirmed", colleagues_lead: "rejected"})

    action = karis_request.actions.get(kind=RequestActionKind.PHONE_CONFIRMED)
    assert action.actor == privacy_officer
    assert action.detail["confirmed"] == [f"intake.Lead:{karis_other_lead.pk}"]
    assert action.detail["rejected"] == [f"intake.Lead:{colleagues_lead.pk}"]
    page = officer.get(
        reverse("admin:privacy_datasubjectrequest_change", args=[karis_request.pk])
    ).content.decode()
    assert "Gjelder personen" in page and "Gjelder noen andre" in page
    assert "Ikke vurdert</strong>" not in page


def test_a_restriction_leaves_out_the_number_while_one_of_its_records_is_someone_elses(
    officer, confirmed_request, kari_lead, karis_other_lead, colleagues_lead, run_tasks
):
    from privacy.services import is_restricted

    request = confirmed_request(rights=("restriction",), phone="912 34 567")
    decide(officer, request, {karis_other_lead: "confirmed", colleagues_lead: "rejected"})

    response = officer.post(
        step_url(request, "begrensning"), {"reason": "Bestrider riktigheten", "send": "1"}
    )

    assert response.status_code == 302
    assert is_restricted(email="kari.nordmann@eksempel.no")
    # Per's lead, found by the shared number, must stay routable.
    assert not is_restricted(email=colleagues_lead.email, phone=colleagues_lead.phone)
