from datetime import timedelta

from django.utils import timezone

from intake.models import County, Lead
from privacy.registry import registry


def _lead(*, days_old: int, spam: bool) -> Lead:
    return Lead.objects.create(
        contact_name="Åse",
        email="ase@example.no",
        phone="+4791234567",
        company_name="Bygg AS",
        county=County.OSLO,
        received_at=timezone.now() - timedelta(days=days_old),
        is_suspected_spam=spam,
        submission_token=f"t-{days_old}-{spam}",
    )


def test_suspected_spam_expires_after_a_month_and_genuine_leads_after_a_year(db):
    old_spam = _lead(days_old=31, spam=True)
    _lead(days_old=29, spam=True)
    _lead(days_old=200, spam=False)
    old_lead = _lead(days_old=366, spam=False)

    expired = registry.get(Lead).retention.expired(Lead.objects.all())

    assert set(expired) == {old_spam, old_lead}


# --- The retention run on a lead with deliveries, notes and history -------------------------

import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django.contrib.admin.models import LogEntry  # noqa: E402
from django.db import connection  # noqa: E402

from intake.dashboard import dashboard_context  # noqa: E402
from intake.models import (  # noqa: E402
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    LeadEvent,
    LeadNote,
)
from privacy.models import AccessRecord, LegalHoldBasis, RetentionRun  # noqa: E402
from privacy.retention import retention_enforce  # noqa: E402
from privacy.services import legal_hold_place  # noqa: E402

A_YEAR_AND_A_DAY = timedelta(days=366)
PERSONAL = [
    "Åse",
    "Ødegård",
    "ase@bolgen.example",
    "+4791234567",
    "912 34 567",
    "Bølgen",
    "928050475",
    "Tromsøya",
]


def _age(lead, delta):
    """Move the lead and everything around it back in time."""
    Lead.objects.filter(pk=lead.pk).update(received_at=lead.received_at - delta)
    LeadEvent.objects.filter(lead=lead).update(at=lead.received_at - delta)


def _personal_data_left(lead) -> list[str]:
    """Every piece of Åse's data still found in the lead and everything that refers to it."""
    texts = [
        json.dumps(list(Lead.objects.filter(pk=lead.pk).values()), default=str),
        json.dumps(list(Delivery.objects.filter(lead=lead).values()), default=str),
        json.dumps(list(LeadNote.objects.filter(lead=lead).values()), default=str),
        json.dumps(list(LeadEvent.objects.filter(lead=lead).values()), default=str),
        json.dumps(list(LogEntry.objects.values("object_repr", "change_message"))),
        json.dumps(list(AccessRecord.objects.values("object_repr", "detail"))),
    ]
    return [value for value in PERSONAL if any(value in text for text in texts)]


def test_an_expired_lead_is_anonymised_and_keeps_what_the_dashboard_needs(lead_with_history):
    lead = lead_with_history
    _age(lead, A_YEAR_AND_A_DAY)

    run = retention_enforce()

    lead.refresh_from_db()
    assert _personal_data_left(lead) == []
    assert (lead.contact_name, lead.company_name, lead.message) == (
        "Anonymisert",
        "Anonymisert",
        "",
    )
    assert (lead.subsidiary.name, lead.county, lead.status) == ("Blinkhus", "troms", "contacted")
    # Notes are free text about the person: gone. The history (time to first contact) stays.
    assert not LeadNote.objects.filter(lead=lead).exists()
    assert LeadEvent.objects.filter(lead=lead, new_value="contacted").exists()
    # Which subsidiary got the lead, and when, stays; the receipt never goes out now.
    routing = Delivery.objects.get(lead=lead, kind=DeliveryKind.ROUTING)
    assert (routing.recipient, routing.status) == ("post@blinkhus.example", DeliveryStatus.SENT)
    receipt = Delivery.objects.get(lead=lead, kind=DeliveryKind.RECEIPT)
    assert (receipt.recipient, receipt.status) == ("", DeliveryStatus.FAILED)
    assert run.report["intake.Lead"]["anonymised"] == 1
    assert run.report["intake.LeadNote"]["deleted"] == 2
    # The receipt was rewritten; the routing email's record had nothing personal to remove.
    assert run.report["intake.Delivery"]["anonymised"] == 1
    assert run.report["intake.LeadEvent"]["kept"] == 4


def test_a_lead_within_its_year_is_left_alone(lead_with_history):
    _age(lead_with_history, timedelta(days=300))

    retention_enforce()

    lead_with_history.refresh_from_db()
    assert lead_with_history.contact_name == "Åse Ødegård"
    assert LeadNote.objects.filter(lead=lead_with_history).count() == 2


def test_the_dashboard_shows_the_same_figures_before_and_after_anonymisation(
    lead_with_history, make_lead, subsidiary_blinkhus, subsidiary_user
):
    others = [make_lead(subsidiary=subsidiary_blinkhus, county="oslo") for _ in range(3)]
    others[0].change_status("contacted", by=subsidiary_user)
    Delivery.objects.create(
        lead=others[1],
        kind=DeliveryKind.ROUTING,
        recipient="x@blinkhus.example",
        status=DeliveryStatus.FAILED,
    )
    for lead in [lead_with_history, *others]:
        _age(lead, A_YEAR_AND_A_DAY)
    # The dashboard as it looked when the leads were new.
    then = timezone.now() - A_YEAR_AND_A_DAY + timedelta(days=1)

    def figures():
        context = dashboard_context(Lead.objects.all(), now=then)
        return (
            [(s.name, s.values) for s in context["per_week_series"]],
            context["open_items"],
            context["contact_median"],
            context["contact_count"],
            context["failed_rows"],
        )

    before = figures()
    retention_enforce()

    assert Lead.objects.filter(contact_name="Anonymisert").count() == 4
    assert figures() == before


def test_a_legal_hold_on_a_lead_keeps_its_notes_history_and_deliveries(lead_with_history):
    lead = lead_with_history
    _age(lead, A_YEAR_AND_A_DAY)
    legal_hold_place(
        record=lead,
        basis=LegalHoldBasis.LEGAL_CLAIMS,
        reason="Tvist om tilbudet",
        retain_until=date.today() + timedelta(days=30),
    )

    run = retention_enforce()

    lead.refresh_from_db()
    assert lead.contact_name == "Åse Ødegård"
    assert LeadNote.objects.filter(lead=lead).count() == 2
    assert Delivery.objects.get(lead=lead, kind=DeliveryKind.RECEIPT).recipient == lead.email
    assert run.report["intake.Lead"]["held"] == 1


def _spam_with_history(*, days_old: int, by) -> Lead:
    spam = _lead(days_old=days_old, spam=True)
    spam.add_note("Ringte Åse på 912 34 567: ikke seriøs", by=by)
    spam.change_status("not_relevant", by=by)
    return spam


def test_suspected_spam_is_deleted_after_a_month_with_its_notes_and_history(subsidiary_user):
    spam = _spam_with_history(days_old=31, by=subsidiary_user)
    recent_spam = _spam_with_history(days_old=10, by=subsidiary_user)
    genuine = _lead(days_old=31, spam=False)

    run = retention_enforce()

    assert not Lead.objects.filter(pk=spam.pk).exists()
    assert not LeadNote.objects.filter(lead_id=spam.pk).exists()
    assert not LeadEvent.objects.filter(lead_id=spam.pk).exists()
    # Spam within its month, and a genuine lead within its year, are left as they were.
    assert Lead.objects.get(pk=recent_spam.pk).email == "ase@example.no"
    assert LeadNote.objects.filter(lead=recent_spam).count() == 1
    assert Lead.objects.get(pk=genuine.pk).contact_name == "Åse"
    assert run.report["intake.Lead"]["deleted"] == 1
    assert run.report["intake.Lead"]["anonymised"] == 0
    assert run.report["intake.LeadNote"]["deleted"] == 1
    assert run.report["intake.LeadEvent"]["deleted"] == 2


def test_spam_an_earlier_run_anonymised_is_deleted_by_the_next(db):
    spam = _lead(days_old=40, spam=True)
    Lead.objects.filter(pk=spam.pk).update(
        contact_name="Anonymisert", company_name="Anonymisert", email="", phone=""
    )

    retention_enforce()

    assert not Lead.objects.filter(pk=spam.pk).exists()


def test_a_dry_run_counts_the_spam_it_would_delete_and_deletes_nothing(subsidiary_user):
    spam = _spam_with_history(days_old=31, by=subsidiary_user)

    run = retention_enforce(dry_run=True)

    assert Lead.objects.filter(pk=spam.pk).exists()
    assert LeadNote.objects.filter(lead=spam).count() == 1
    assert run.report["intake.Lead"]["deleted"] == 1
    assert run.report["intake.LeadNote"]["deleted"] == 1


def test_a_legal_hold_keeps_suspected_spam_whole(subsidiary_user):
    on_the_person = _spam_with_history(days_old=31, by=subsidiary_user)
    other = Lead.objects.create(
        contact_name="Bo",
        email="bo@example.no",
        county=County.OSLO,
        received_at=timezone.now() - timedelta(days=31),
        is_suspected_spam=True,
        submission_token="t-bo",
    )
    note = other.add_note("Notatet er bevis i en sak", by=subsidiary_user)
    legal_hold_place(
        email="ase@example.no",
        basis=LegalHoldBasis.LEGAL_CLAIMS,
        reason="Tvist",
        retain_until=date.today() + timedelta(days=30),
    )
    # A hold on one note of a lead: deleting the lead would delete the note with it.
    legal_hold_place(
        record=note,
        basis=LegalHoldBasis.LEGAL_CLAIMS,
        reason="Bevis",
        retain_until=date.today() + timedelta(days=30),
    )

    run = retention_enforce()

    assert Lead.objects.get(pk=on_the_person.pk).email == "ase@example.no"
    assert LeadNote.objects.filter(lead=on_the_person).count() == 1
    assert Lead.objects.get(pk=other.pk).email == "bo@example.no"
    assert LeadNote.objects.filter(pk=note.pk).exists()
    assert run.report["intake.Lead"]["deleted"] == 0
    assert run.report["intake.Lead"]["held"] == 2


def _run_command_in_a_process(*args) -> subprocess.Popen:
    """`manage.py enforce_retention` as the timer would start it, on the test database."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        url = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
            f"{settings_dict['NAME']}"
        )
    else:
        url = f"sqlite:///{settings_dict['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "mestergruppen.settings"}
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen(
        [sys.executable, "manage.py", "enforce_retention", *args],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_run_killed_halfway_is_finished_by_the_next_run(make_lead, subsidiary_blinkhus):
    if connection.vendor == "sqlite" and ":memory:" in str(connection.settings_dict["NAME"]):
        pytest.skip("another process cannot open an in-memory database")
    leads = []
    for n in range(150):
        lead = make_lead(subsidiary=subsidiary_blinkhus)
        Delivery.objects.create(
            lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email, status=DeliveryStatus.SENT
        )
        LeadNote.objects.create(lead=lead, text=f"Notat {n}")
        leads.append(lead)
    Lead.objects.update(received_at=timezone.now() - A_YEAR_AND_A_DAY)

    process = _run_command_in_a_process("--batch-size", "1")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = Lead.objects.filter(contact_name="Anonymisert").count()
        if done >= 5:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    _out, err = process.communicate()
    done = Lead.objects.filter(contact_name="Anonymisert").count()
    assert 5 <= done < 150, f"the run should have been killed halfway: {err.decode()[-2000:]}"
    # Every batch is whole: a lead is anonymised exactly when its note is gone.
    assert LeadNote.objects.count() == 150 - done

    retention_enforce()

    assert Lead.objects.filter(contact_name="Anonymisert").count() == 150
    assert not LeadNote.objects.exists()
    assert set(Delivery.objects.values_list("recipient", flat=True)) == {""}
    killed, finished = RetentionRun.objects.order_by("started_at")
    assert killed.status == "running" and killed.finished_at is None
    assert finished.status == "finished"


# --- A restricted person, or one whose request is being handled: the run waits ---------------

from privacy.models import DataSubjectRequest, RequestStatus, Restriction  # noqa: E402


def test_a_restricted_persons_expired_lead_is_kept_until_the_restriction_is_lifted(
    lead_with_history,
):
    lead = lead_with_history
    _age(lead, A_YEAR_AND_A_DAY)
    # Art. 18(1)(c): we no longer need it, the person needs it for a legal claim.
    restriction = Restriction.objects.create(phone="+4791234567")

    run = retention_enforce()

    lead.refresh_from_db()
    assert lead.contact_name == "Åse Ødegård"
    assert LeadNote.objects.filter(lead=lead).count() == 2
    assert Delivery.objects.get(lead=lead, kind=DeliveryKind.RECEIPT).recipient == lead.email
    assert run.report["intake.Lead"]["held"] == 1

    Restriction.objects.filter(pk=restriction.pk).update(lifted_at=timezone.now())
    retention_enforce()

    lead.refresh_from_db()
    assert lead.contact_name == "Anonymisert"
    assert not LeadNote.objects.filter(lead=lead).exists()


def test_a_request_being_handled_pauses_the_run_for_that_person_until_it_is_answered(
    lead_with_history,
):
    lead = lead_with_history
    _age(lead, A_YEAR_AND_A_DAY)
    request = DataSubjectRequest.objects.create(
        rights=["access"],
        email="ase@bolgen.example",
        status=RequestStatus.IN_PROGRESS,
        deadline=date.today() + timedelta(days=20),
    )

    retention_enforce()

    lead.refresh_from_db()
    assert lead.contact_name == "Åse Ødegård"
    assert LeadNote.objects.filter(lead=lead).count() == 2

    DataSubjectRequest.objects.filter(pk=request.pk).update(status=RequestStatus.COMPLETED)
    retention_enforce()

    lead.refresh_from_db()
    assert lead.contact_name == "Anonymisert"


def test_a_request_nobody_confirmed_pauses_nothing(lead_with_history):
    """Anyone can type an address into the request form."""
    lead = lead_with_history
    _age(lead, A_YEAR_AND_A_DAY)
    DataSubjectRequest.objects.create(
        rights=["erasure"],
        email="ase@bolgen.example",
        status=RequestStatus.AWAITING_CONFIRMATION,
        deadline=date.today() + timedelta(days=20),
    )

    retention_enforce()

    lead.refresh_from_db()
    assert lead.contact_name == "Anonymisert"
