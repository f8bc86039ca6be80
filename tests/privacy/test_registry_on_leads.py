"""Find, export, erase and restrict on the real intake models: a lead with its deliveries,
notes and history (the registry's test app covers the same operations in the abstract)."""

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from intake import outbox
from intake.models import Delivery, DeliveryKind, DeliveryStatus, Lead, LeadEvent, LeadNote
from privacy.models import AccessRecord, LegalHoldBasis, Restriction
from privacy.services import (
    is_restricted,
    legal_hold_place,
    subject_erase,
    subject_export,
    subject_find,
    subject_restrict,
)

pytestmark = pytest.mark.django_db

NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)
# Everything that identifies Åse, in the forms it could be stored or quoted in.
ASE = ["Åse", "Ødegård", "ase@bolgen.example", "+4791234567", "912 34 567", "Bølgen", "928050475"]


@pytest.fixture
def other_lead(make_lead, subsidiary_blinkhus):
    """Ola's lead, which no request about Åse may touch."""
    lead = make_lead(subsidiary=subsidiary_blinkhus, message="Ring meg")
    LeadNote.objects.create(lead=lead, text="Ola ringer tilbake")
    return lead


def _everything_stored() -> str:
    """Every row of every table, as text."""
    rows = []
    for model in apps.get_models():
        if model._meta.managed:
            rows.extend(model._base_manager.values())
    return json.dumps(rows, default=str, ensure_ascii=False)


# --- Finding and export -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", [{"email": "ASE@Bolgen.example "}, {"phone": "912 34 567"}])
def test_a_persons_lead_is_found_with_its_deliveries_notes_and_history(
    lead_with_history, other_lead, typed
):
    records = subject_find(**typed).by_model

    assert records["intake.Lead"] == [lead_with_history]
    assert len(records["intake.Delivery"]) == 2
    assert [note.text for note in records["intake.LeadNote"]] == [
        "Ringte Åse Ødegård på 912 34 567",
        "Bølgen & Blå vil ha tilbud",
    ]
    assert {event.lead_id for event in records["intake.LeadEvent"]} == {lead_with_history.pk}


def test_the_export_holds_the_lead_and_its_notes_and_nothing_of_anyone_else(
    lead_with_history, other_lead, subsidiary_user
):
    export = subject_export(email="ase@bolgen.example")

    text = json.dumps(export, ensure_ascii=False)
    models = {entry["model"]: entry for entry in export["models"]}
    assert models["intake.Lead"]["records"][0]["company_name"] == "Bølgen & Blå AS"
    assert "Bølgen & Blå vil ha tilbud" in text
    assert other_lead.email not in text and "Ola ringer tilbake" not in text
    # The staff member who wrote the notes is not part of Åse's data.
    assert "author" not in models["intake.LeadNote"]["records"][0]
    assert subsidiary_user.email not in text


# --- Restriction ------------------------------------------------------------------------------


def test_a_restricted_persons_waiting_email_is_kept_and_not_sent(
    lead_with_history, privacy_officer, mailoutbox
):
    subject_restrict(phone="91 23 45 67", by=privacy_officer)
    receipt = Delivery.objects.get(lead=lead_with_history, kind=DeliveryKind.RECEIPT)

    result = outbox.send(receipt.pk)

    receipt.refresh_from_db()
    assert result == "skipped: restricted"
    assert receipt.status == DeliveryStatus.FAILED and mailoutbox == []
    assert Lead.objects.get(pk=lead_with_history.pk).contact_name == "Åse Ødegård"


# --- Erasure ----------------------------------------------------------------------------------


def test_after_erasure_no_table_holds_the_persons_data(lead_with_history, other_lead):
    subject_erase(email="ase@bolgen.example", phone="912 34 567")

    stored = _everything_stored()
    assert [value for value in ASE if value in stored] == []
    # Ola's lead is untouched.
    assert Lead.objects.get(pk=other_lead.pk).email == other_lead.email
    assert LeadNote.objects.filter(lead=other_lead).count() == 1


def test_after_erasure_the_record_of_which_subsidiary_got_the_lead_and_when_stays(
    lead_with_history,
):
    sent = Delivery.objects.get(lead=lead_with_history, kind=DeliveryKind.ROUTING)

    report = subject_erase(email="ase@bolgen.example")

    lead = Lead.objects.get(pk=lead_with_history.pk)
    routing = Delivery.objects.get(pk=sent.pk)
    assert lead.subsidiary.name == "Blinkhus" and lead.reference == lead_with_history.reference
    assert (routing.recipient, routing.sent_at, routing.status) == (
        "post@blinkhus.example",
        sent.sent_at,
        DeliveryStatus.SENT,
    )
    assert LeadEvent.objects.filter(lead=lead).count() == 4
    assert not LeadNote.objects.filter(lead=lead).exists()
    outcomes = {(o.model, o.action) for o in report.outcomes}
    assert ("intake.Delivery", "anonymised") in outcomes
    assert ("intake.LeadNote", "deleted") in outcomes


def test_after_erasure_the_admin_history_and_the_access_log_name_the_lead_by_reference_only(
    lead_with_history,
):
    subject_erase(email="ase@bolgen.example")

    entry = LogEntry.objects.get(object_id=str(lead_with_history.pk))
    access = AccessRecord.objects.get(object_id=str(lead_with_history.pk))
    assert entry.object_repr == f"{lead_with_history.reference} · Anonymisert"
    assert access.object_repr == f"{lead_with_history.reference} · Anonymisert"
    assert "ase@bolgen.example" not in entry.change_message
    assert json.loads(entry.change_message)[0] == {"changed": {"fields": ["Status"]}}


def test_a_legal_hold_on_a_lead_keeps_its_notes_history_and_deliveries_from_erasure(
    lead_with_history,
):
    legal_hold_place(
        record=lead_with_history,
        basis=LegalHoldBasis.LEGAL_CLAIMS,
        reason="Tvist om tilbudet, sak 2026-7",
        retain_until=NEXT_MONTH,
    )

    report = subject_erase(email="ase@bolgen.example")

    assert Lead.objects.get(pk=lead_with_history.pk).contact_name == "Åse Ødegård"
    assert LeadNote.objects.filter(lead=lead_with_history).count() == 2
    receipt = Delivery.objects.get(lead=lead_with_history, kind=DeliveryKind.RECEIPT)
    assert receipt.recipient == "ase@bolgen.example"
    kept = {o.model: o.reason for o in report.kept}
    assert "Tvist om tilbudet, sak 2026-7" in kept["intake.LeadNote"]
    assert "Tvist om tilbudet, sak 2026-7" in kept["intake.Delivery"]


def test_erasure_keeps_the_active_restriction_while_a_held_lead_is_kept(
    lead_with_history, privacy_officer, mailoutbox
):
    subject_restrict(email="ase@bolgen.example", by=privacy_officer, reason="Bestrider")
    legal_hold_place(
        record=lead_with_history,
        basis=LegalHoldBasis.LEGAL_CLAIMS,
        reason="Tvist",
        retain_until=NEXT_MONTH,
    )

    report = subject_erase(email="ase@bolgen.example")

    assert Restriction.objects.active().count() == 1
    assert is_restricted(email="ase@bolgen.example")
    assert (
        "rettslig hold" in next(o for o in report.kept if o.model == "privacy.Restriction").reason
    )
    # The kept lead is not routed again: its waiting receipt is refused.
    receipt = Delivery.objects.get(lead=lead_with_history, kind=DeliveryKind.RECEIPT)
    assert outbox.send(receipt.pk) == "skipped: restricted"
    assert mailoutbox == []


def test_without_a_hold_erasure_removes_the_restriction_with_the_rest(
    lead_with_history, privacy_officer
):
    subject_restrict(email="ase@bolgen.example", by=privacy_officer)

    subject_erase(email="ase@bolgen.example")

    assert not Restriction.objects.exists()


def test_an_email_waiting_when_the_person_is_erased_is_never_sent(lead_with_history, mailoutbox):
    receipt = Delivery.objects.get(lead=lead_with_history, kind=DeliveryKind.RECEIPT)

    subject_erase(email="ase@bolgen.example")
    result = outbox.send(receipt.pk)

    receipt.refresh_from_db()
    assert result == "skipped: failed"
    assert receipt.status == DeliveryStatus.FAILED
    assert "slettet" in receipt.last_error
    assert mailoutbox == []


def test_an_email_claimed_for_sending_when_the_person_is_erased_is_not_sent(
    lead_with_history, mailoutbox, monkeypatch
):
    receipt = Delivery.objects.get(lead=lead_with_history, kind=DeliveryKind.RECEIPT)
    claim = outbox._claim

    def claim_then_erase(delivery_id):
        claimed = claim(delivery_id)  # the worker has marked it SENDING and committed ...
        subject_erase(email="ase@bolgen.example")  # ... when the officer erases Åse
        return claimed

    monkeypatch.setattr(outbox, "_claim", claim_then_erase)

    result = outbox.send(receipt.pk)

    receipt.refresh_from_db()
    assert result == "skipped: failed"
    assert (receipt.status, receipt.recipient) == (DeliveryStatus.FAILED, "")
    assert mailoutbox == []


class _SlowBackend:
    """An email backend that holds each message until the test lets it go."""

    entered = None
    release = None
    sent: list = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).entered.set()
        type(self).release.wait(10)
        type(self).sent.extend(messages)
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_an_erasure_during_sending_waits_for_the_send_and_nothing_is_sent_after_it(
    lead_with_history, settings
):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite has no row locks to wait on)")
    _SlowBackend.entered, _SlowBackend.release, _SlowBackend.sent = (
        threading.Event(),
        threading.Event(),
        [],
    )
    settings.EMAIL_BACKEND = f"{__name__}._SlowBackend"
    receipt = Delivery.objects.get(lead=lead_with_history, kind=DeliveryKind.RECEIPT)
    results = {}

    def in_thread(name, work):
        try:
            results[name] = work()
        finally:
            connections.close_all()

    sender = threading.Thread(target=in_thread, args=("send", lambda: outbox.send(receipt.pk)))
    eraser = threading.Thread(
        target=in_thread, args=("erase", lambda: subject_erase(email="ase@bolgen.example"))
    )
    sender.start()
    assert _SlowBackend.entered.wait(10)
    eraser.start()
    eraser.join(1)
    waiting = eraser.is_alive()  # blocked on the row the worker is sending
    _SlowBackend.release.set()
    sender.join(10)
    eraser.join(10)

    assert waiting
    assert results["send"] == "sent" and len(_SlowBackend.sent) == 1
    receipt.refresh_from_db()
    assert (receipt.status, receipt.recipient) == (DeliveryStatus.SENT, "")
    assert outbox.send(receipt.pk) == "skipped: sent"
    assert len(_SlowBackend.sent) == 1
