"""Erasure, restriction and refusal carried out through the admin: a preview first, then one
transaction; the person and the subsidiaries that received the lead (Art. 19) are told."""

import pytest
from django.core import mail
from django.urls import reverse

from intake.models import Lead, LeadNote
from privacy.consents import news_consent_give, news_consent_in_force
from privacy.models import AccessRecord, ConsentRecord, DataSubjectRequest, RequestStatus
from privacy.services import is_restricted

pytestmark = pytest.mark.django_db


@pytest.fixture
def carry_out(client, privacy_officer, run_tasks):
    def step(request, slug, **fields):
        client.force_login(privacy_officer)
        url = reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, slug])
        preview = client.get(url).content.decode()
        response = client.post(url, {**fields, "send": "1"})
        assert response.status_code == 302, response.content.decode()
        mail.outbox.clear()
        run_tasks()
        return preview

    return step


@pytest.fixture
def kari_asks(confirmed_request, run_tasks):
    def ask(rights, **fields):
        request = confirmed_request(rights=rights, **fields)
        run_tasks()
        mail.outbox.clear()
        return request

    return ask


def test_erasure_preview_says_what_will_be_deleted_anonymised_and_kept_and_changes_nothing(
    carry_out, kari_asks, kari_lead, client, privacy_officer
):
    request = kari_asks(["erasure"])
    client.force_login(privacy_officer)

    html = client.get(
        reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, "sletting"])
    ).content.decode()

    assert "intake.Lead" in html and "anonymised" in html
    assert "intake.LeadNote" in html and "deleted" in html
    assert "Blinkhus" in html  # will be told (Art. 19)
    assert "Opplysningene dine er slettet" in html  # the letter
    kari_lead.refresh_from_db()
    assert kari_lead.email == "kari.nordmann@eksempel.no"
    assert LeadNote.objects.filter(lead=kari_lead).exists()


def test_erasure_erases_tells_the_person_and_blinkhus_and_forgets_the_address(
    carry_out, kari_asks, kari_lead, ola_lead
):
    request = kari_asks(["erasure"])

    carry_out(request, "sletting", note="")

    lead = Lead.objects.get(pk=kari_lead.pk)
    assert (lead.email, lead.phone, lead.contact_name) == ("", "", "Anonymisert")
    assert not LeadNote.objects.filter(lead=kari_lead).exists()
    ola = Lead.objects.get(pk=ola_lead.pk)
    assert ola.email == "ola@eksempel.no"
    to_person = [m for m in mail.outbox if m.to == ["kari.nordmann@eksempel.no"]]
    to_blinkhus = [m for m in mail.outbox if m.to == ["post@blinkhus.example"]]
    (letter,) = to_person
    assert request.reference in letter.subject
    assert "Blinkhus" in letter.body
    assert "Ola" not in letter.body
    (notice,) = to_blinkhus
    assert kari_lead.reference in notice.subject
    assert "Kari" not in notice.body and "kari.nordmann" not in notice.body
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert (request.email, request.phone, request.details) == ("", "", "")
    assert request.digest
    # No letter keeps Kari's address once sent; Blinkhus's inbox is not hers.
    assert set(request.messages.values_list("recipient", flat=True)) == {
        "",
        "post@blinkhus.example",
    }
    log = AccessRecord.objects.get(detail__operation="erase")
    assert log.detail["request"] == request.reference


def test_restriction_stops_processing_and_tells_person_and_recipients(
    carry_out, kari_asks, kari_lead
):
    request = kari_asks(["restriction"])

    carry_out(request, "begrensning", reason="Bestrider at opplysningene er riktige", note="")

    assert is_restricted(email="kari.nordmann@eksempel.no")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kari.nordmann@eksempel.no",
        "post@blinkhus.example",
    ]
    letter = next(m for m in mail.outbox if m.to == ["kari.nordmann@eksempel.no"])
    assert "begrenset" in letter.subject
    assert AccessRecord.objects.filter(detail__operation="restrict").exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED


def test_refusal_records_the_grounds_and_points_to_datatilsynet(carry_out, kari_asks):
    request = kari_asks(["erasure"], language="en")

    carry_out(request, "avsla", reason="We must keep the lead while the contract dispute runs.")

    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert request.decision == "We must keep the lead while the contract dispute runs."
    (letter,) = mail.outbox
    assert letter.to == ["kari.nordmann@eksempel.no"]
    assert "We must keep the lead" in letter.body
    assert "Datatilsynet" in letter.body and "courts" in letter.body


def test_refusal_without_grounds_is_not_sent(client, privacy_officer, kari_asks):
    request = kari_asks(["erasure"])
    client.force_login(privacy_officer)

    response = client.post(
        reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, "avsla"]),
        {"reason": "", "send": "1"},
    )

    assert response.status_code == 200
    assert "Skriv begrunnelsen." in response.content.decode()
    assert DataSubjectRequest.objects.get(pk=request.pk).status == RequestStatus.CONFIRMED


def test_officer_registers_a_request_that_came_by_letter(client, privacy_officer):
    client.force_login(privacy_officer)

    response = client.post(
        reverse("admin:privacy_datasubjectrequest_add"),
        {
            "rights": ["access"],
            "email": " Kari@Eksempel.NO ",
            "phone": "912 34 567",
            "details": "Kom i posten",
            "language": "nb",
            "received_at_0": "31.01.2027",
            "received_at_1": "10:00",
        },
    )

    assert response.status_code == 302, response.content.decode()
    request = DataSubjectRequest.objects.get()
    assert (request.email, request.phone, request.status) == (
        "kari@eksempel.no",
        "+4791234567",
        RequestStatus.CONFIRMED,
    )
    assert request.deadline.isoformat() == "2027-02-28"


def test_objection_to_direct_marketing_is_absolute_and_withdraws_the_news_consent(
    carry_out, kari_asks, kari_lead, ola_lead
):
    Lead.objects.filter(pk__in=[kari_lead.pk, ola_lead.pk]).update(wants_news=True)
    news_consent_give(kari_lead.email, source="contact_form", statement=None)
    news_consent_give(ola_lead.email, source="contact_form", statement=None)
    request = kari_asks(["objection"])

    preview = carry_out(request, "protest", direct_marketing="on", grounds="")

    assert "Vurdering og begrunnelse" in preview
    assert not Lead.objects.get(pk=kari_lead.pk).wants_news
    assert not news_consent_in_force(kari_lead.email)
    assert Lead.objects.get(pk=ola_lead.pk).wants_news
    assert news_consent_in_force(ola_lead.email)
    assert request.actions.get(kind="objection").detail["consents"] == 2
    (letter,) = mail.outbox
    assert "ubetinget" in letter.body and "artikkel 21 nr. 3" in letter.body
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert "art. 21 nr. 3" in request.decision


def test_other_objection_records_the_officers_decision_and_grounds(carry_out, kari_asks, kari_lead):
    request = kari_asks(["objection"])

    carry_out(
        request,
        "protest",
        upheld="no",
        grounds="Loggene trengs for å oppdage misbruk i 30 dager.",
    )

    request.refresh_from_db()
    assert request.decision == "Loggene trengs for å oppdage misbruk i 30 dager."
    action = request.actions.get(kind="objection")
    assert action.detail == {"upheld": False}
    (letter,) = mail.outbox
    assert "tvingende berettigede grunner" in letter.body
    assert "Loggene trengs" in letter.body and "Datatilsynet" in letter.body


def test_withdrawal_of_consent_turns_off_the_news_and_tells_the_person(
    carry_out, kari_asks, kari_lead
):
    Lead.objects.filter(pk=kari_lead.pk).update(wants_news=True)
    news_consent_give(kari_lead.email, source="contact_form", statement=None)
    request = kari_asks(["withdraw_consent"], language="en")

    carry_out(request, "samtykke")

    assert not Lead.objects.get(pk=kari_lead.pk).wants_news
    # The register holds the proof: given in the form, withdrawn through the request.
    history = ConsentRecord.objects.news().for_email(kari_lead.email).newest_first()
    assert [(row.given, row.source) for row in history] == [
        (False, "data_subject_request"),
        (True, "contact_form"),
    ]
    (letter,) = mail.outbox
    assert letter.subject.startswith("Your consent is withdrawn")


def test_a_withdrawal_through_a_request_is_recorded_even_when_no_consent_was_in_force(
    carry_out, kari_asks, kari_lead
):
    request = kari_asks(["withdraw_consent"])

    carry_out(request, "samtykke")

    row = ConsentRecord.objects.news().get()
    assert (row.email, row.given, row.source) == (kari_lead.email, False, "data_subject_request")
    assert request.actions.get(kind="withdrawn").detail["consents"] == 0


def test_restriction_is_lifted_only_after_the_person_has_been_told(
    carry_out, kari_asks, kari_lead, client, privacy_officer
):
    request = kari_asks(["restriction"])
    carry_out(request, "begrensning", reason="Bestrider riktigheten", note="")
    lift_url = reverse(
        "admin:privacy_datasubjectrequest_step", args=[request.pk, "opphev-begrensning"]
    )
    client.force_login(privacy_officer)
    assert client.post(lift_url, {"send": "1"}).status_code == 404  # not before the notice

    carry_out(request, "varsle-oppheving", reason="Opplysningene er kontrollert og riktige.")
    (notice,) = mail.outbox
    assert "oppheves" in notice.subject and "kontrollert og riktige" in notice.body
    assert is_restricted(email="kari.nordmann@eksempel.no")

    carry_out(request, "opphev-begrensning")

    assert not is_restricted(email="kari.nordmann@eksempel.no")
    assert request.actions.filter(kind="lifted").exists()


def test_rectification_corrects_the_lead_writes_its_history_and_tells_everyone(
    carry_out, kari_asks, kari_lead, client, privacy_officer
):
    request = kari_asks(["rectification"], details="Firmanavnet er feil.")
    client.force_login(privacy_officer)
    url = reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, "retting"])
    form = client.get(url).content.decode()
    key = f"intake-lead-{kari_lead.pk}"
    assert f'name="{key}-company_name"' in form and "Nordmann Bygg AS" in form

    carry_out(
        request,
        "retting",
        **{
            f"{key}-contact_name": "Kari Nordmann",
            f"{key}-email": "kari.nordmann@eksempel.no",
            f"{key}-phone": "+47 912 34 567",
            f"{key}-company_name": "Nordmann Tre AS",
            f"{key}-org_number": "",
            f"{key}-message": "Vi vil bli med i kjeden.",
            "note": "",
        },
    )

    lead = Lead.objects.get(pk=kari_lead.pk)
    assert lead.company_name == "Nordmann Tre AS"
    assert lead.phone == "+4791234567"  # the same number in another notation: unchanged
    event = lead.events.get(kind="rectified")
    assert event.actor == privacy_officer
    assert event.new_value == "bedrift"
    assert "Nordmann" not in event.new_value
    person = next(m for m in mail.outbox if m.to == ["kari.nordmann@eksempel.no"])
    assert "bedrift" in person.body and "Blinkhus" in person.body
    assert any(m.to == ["post@blinkhus.example"] for m in mail.outbox)
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED


def test_rectification_to_a_phone_that_is_not_one_is_refused_and_nothing_changes(
    kari_asks, kari_lead, client, privacy_officer
):
    request = kari_asks(["rectification"])
    client.force_login(privacy_officer)
    key = f"intake-lead-{kari_lead.pk}"

    response = client.post(
        reverse("admin:privacy_datasubjectrequest_step", args=[request.pk, "retting"]),
        {
            f"{key}-contact_name": "Kari N.",
            f"{key}-email": "kari.nordmann@eksempel.no",
            f"{key}-phone": "12",
            f"{key}-company_name": "Nordmann Bygg AS",
            f"{key}-org_number": "",
            f"{key}-message": "Vi vil bli med i kjeden.",
            "send": "1",
        },
        follow=True,
    )

    assert response.status_code == 200
    lead = Lead.objects.get(pk=kari_lead.pk)
    assert (lead.contact_name, lead.phone) == ("Kari Nordmann", "+4791234567")
    assert not lead.events.filter(kind="rectified").exists()
