"""`enforce_retention --workers N`: several transactions at once (PostgreSQL) do exactly what
one does, on leads with deliveries, notes and history. The data is committed
(transaction=True), so the workers' own connections see it. PostgreSQL only: on SQLite the
run does the work itself (`_parallel_possible`), and a transactional test there would empty
the tables the migrations filled for the tests after it."""

import threading
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from intake.models import Delivery, DeliveryKind, DeliveryStatus, Lead, LeadEvent, LeadNote
from privacy.models import LegalHoldBasis, RetentionRun, RetentionRunStatus
from privacy.retention import retention_enforce
from privacy.services import legal_hold_place

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="parallel transactions: PostgreSQL",
    ),
]

A_YEAR_AND_A_DAY = timedelta(days=366)


@pytest.fixture
def expired_leads(make_lead, subsidiary_blinkhus, subsidiary_user):
    """Twenty expired leads, each with a routing email, a receipt, a note and a status
    change; one of them held, one suspected spam; and one lead within its year."""
    leads = []
    for n in range(20):
        lead = make_lead(subsidiary=subsidiary_blinkhus)
        Delivery.objects.create(
            lead=lead,
            kind=DeliveryKind.ROUTING,
            recipient="post@blinkhus.example",
            status=DeliveryStatus.SENT,
        )
        Delivery.objects.create(
            lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email, status=DeliveryStatus.SENT
        )
        lead.add_note(f"Ringte {lead.contact_name}, notat {n}", by=subsidiary_user)
        lead.change_status("contacted", by=subsidiary_user)
        leads.append(lead)
    Lead.objects.update(received_at=timezone.now() - A_YEAR_AND_A_DAY)
    Lead.objects.filter(pk=leads[7].pk).update(is_suspected_spam=True)
    legal_hold_place(
        record=leads[12],
        basis=LegalHoldBasis.LEGAL_CLAIMS,
        reason="Tvist",
        retain_until=date.today() + timedelta(days=30),
    )
    recent = make_lead(subsidiary=subsidiary_blinkhus)
    return {"all": leads, "spam": leads[7], "held": leads[12], "recent": recent}


def test_several_workers_anonymise_delete_and_keep_exactly_what_one_would(
    expired_leads, monkeypatch
):
    from privacy import retention

    threads = set()
    real_apply = retention._apply

    def noting_the_thread(model, *args, **kwargs):
        if model is Lead:
            threads.add(threading.current_thread().name)
        return real_apply(model, *args, **kwargs)

    monkeypatch.setattr(retention, "_apply", noting_the_thread)
    seen = {}
    run = retention_enforce(
        workers=3, batch_size=2, progress=lambda label, done, total: seen.update({label: done})
    )

    spam, held, recent = expired_leads["spam"], expired_leads["held"], expired_leads["recent"]
    others = [lead for lead in expired_leads["all"] if lead.pk not in (spam.pk, held.pk)]
    assert set(Lead.objects.filter(contact_name="Anonymisert").values_list("pk", flat=True)) == {
        lead.pk for lead in others
    }
    assert not Lead.objects.filter(pk=spam.pk).exists()
    assert Lead.objects.get(pk=held.pk).email == held.email
    assert Lead.objects.get(pk=recent.pk).email == recent.email
    # Only the held lead keeps its note; every anonymised lead keeps its history.
    assert list(LeadNote.objects.values_list("lead_id", flat=True)) == [held.pk]
    assert LeadEvent.objects.filter(lead__in=others, new_value="contacted").count() == 18
    assert set(
        Delivery.objects.filter(lead__in=others, kind=DeliveryKind.RECEIPT).values_list(
            "recipient", flat=True
        )
    ) == {""}
    counts = run.report["intake.Lead"]
    assert (counts["anonymised"], counts["deleted"], counts["held"]) == (18, 1, 1)
    assert run.report["intake.Delivery"]["anonymised"] == 18
    assert run.report["intake.LeadNote"]["deleted"] == 19
    assert run.report["intake.LeadEvent"]["kept"] == 36
    assert seen["henvendelser"] == 19  # the progress bar got to the end
    assert run.status == RetentionRunStatus.FINISHED
    assert len(threads) > 1 and threading.current_thread().name not in threads


def test_an_error_in_one_worker_fails_the_run_and_the_next_run_finishes_it(
    expired_leads, monkeypatch
):
    from privacy import retention

    real_apply = retention._apply
    calls = {"n": 0}
    lock = threading.Lock()

    def fails_on_the_fourth_batch(model, rows, then, run, **kwargs):
        if model is Lead:
            with lock:
                calls["n"] += 1
                failing = calls["n"] == 4
            if failing:
                raise RuntimeError("the database went away")
        return real_apply(model, rows, then, run, **kwargs)

    monkeypatch.setattr(retention, "_apply", fails_on_the_fourth_batch)
    with pytest.raises(RuntimeError):
        retention_enforce(workers=2, batch_size=2)

    failed = RetentionRun.objects.get()
    assert failed.status == RetentionRunStatus.FAILED and failed.error == "RuntimeError"
    anonymised = Lead.objects.filter(contact_name="Anonymisert").count()
    assert 0 < anonymised < 18
    # Every batch is whole: a lead is anonymised exactly when its note is gone.
    assert LeadNote.objects.filter(lead__contact_name="Anonymisert").count() == 0
    assert LeadNote.objects.exclude(lead__contact_name="Anonymisert").count() == 20 - anonymised

    monkeypatch.setattr(retention, "_apply", real_apply)
    run = retention_enforce(workers=2, batch_size=2)

    assert run.status == RetentionRunStatus.FINISHED
    assert Lead.objects.filter(contact_name="Anonymisert").count() == 18
    assert run.report["intake.Lead"]["anonymised"] == 18 - anonymised


def test_the_command_takes_workers_and_says_what_it_did(expired_leads, capsys):
    call_command("enforce_retention", workers=2, batch_size=3)

    out, _err = capsys.readouterr()
    line = next(line for line in out.splitlines() if line.startswith("henvendelser"))
    assert line.split()[1:3] == ["1", "18"]  # deleted (spam), anonymised
    assert RetentionRun.objects.get().status == RetentionRunStatus.FINISHED


def test_inside_a_transaction_the_run_does_the_work_itself(expired_leads, monkeypatch):
    """Workers would not see the caller's uncommitted rows."""
    from django.db import transaction

    from privacy import retention

    threads = set()
    real_apply = retention._apply

    def noting_the_thread(*args, **kwargs):
        threads.add(threading.current_thread().name)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(retention, "_apply", noting_the_thread)
    with transaction.atomic():
        retention_enforce(workers=3, batch_size=2)

    assert threads == {threading.current_thread().name}
    assert Lead.objects.filter(contact_name="Anonymisert").count() == 18
