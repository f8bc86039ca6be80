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
    assert run.report["intake.Delivery"]["anonymised"] == 2
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


def test_suspected_spam_is_anonymised_after_a_month(db):
    spam = _lead(days_old=31, spam=True)
    recent_spam = _lead(days_old=10, spam=True)

    retention_enforce()

    assert Lead.objects.get(pk=spam.pk).email == ""
    assert Lead.objects.get(pk=recent_spam.pk).email == "ase@example.no"


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
