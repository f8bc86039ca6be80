"""The retention run deletes or anonymises exactly what has outlived its purpose, respects
legal holds, records itself, and can be stopped and run again (test app and the registry's
own records; the intake models have tests/intake/test_lead_retention.py)."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from privacy.models import (
    AccessRecord,
    LegalHold,
    LegalHoldBasis,
    Restriction,
    RetentionRun,
    RetentionRunStatus,
)
from privacy.retention import retention_enforce
from privacy.services import legal_hold_place
from tests.registry_testapp.models import Member, Ticket, Visit

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()


def _member(name, *, days_old, email=""):
    member = Member.objects.create(
        name=name,
        email=email or f"{name.lower()}@eksempel.no",
        phone="",
        company=f"{name} AS",
        note="Ringte om medlemskap",
        created_at=NOW - datetime.timedelta(days=days_old),
    )
    Visit.objects.create(member=member, ip_address="192.0.2.1")
    return member


@pytest.fixture
def members():
    """Two members past their 30 days, one within them, and a ticket with no automatic expiry."""
    Ticket.objects.create(email="gammel@eksempel.no", body="Spørsmål")
    return {
        "old": _member("Gammel", days_old=45),
        "older": _member("Eldre", days_old=400),
        "new": _member("Ny", days_old=5),
    }


def test_what_is_due_is_anonymised_with_its_rows_and_nothing_else_is(members):
    run = retention_enforce()

    old, older, new = (Member.objects.get(pk=members[k].pk) for k in ("old", "older", "new"))
    assert (old.name, old.email, old.note, old.company) == ("Anonymisert", "", "", "Gammel AS")
    assert older.name == "Anonymisert"
    assert (new.name, new.email, new.note) == ("Ny", "ny@eksempel.no", "Ringte om medlemskap")
    # Visits follow their member (deleted with the anonymisation); the new member keeps hers.
    assert list(Visit.objects.values_list("member_id", flat=True)) == [new.pk]
    # A ticket's retention is decided by a person: untouched.
    assert Ticket.objects.count() == 1
    assert run.status == RetentionRunStatus.FINISHED and not run.dry_run
    assert run.report["registry_testapp.Member"]["anonymised"] == 2
    assert run.report["registry_testapp.Visit"]["deleted"] == 2


def test_running_again_changes_nothing_more(members):
    retention_enforce()

    second = retention_enforce()

    assert second.report["registry_testapp.Member"]["anonymised"] == 0
    assert second.report["registry_testapp.Visit"]["deleted"] == 0
    assert Member.objects.filter(name="Ny").exists()


def test_a_legal_hold_keeps_an_expired_record_and_its_rows(members):
    legal_hold_place(
        email="gammel@eksempel.no",
        basis=LegalHoldBasis.LEGAL_CLAIMS,
        reason="Tvist, sak 2026-3",
        retain_until=TODAY + datetime.timedelta(days=10),
    )
    legal_hold_place(
        record=members["older"],
        basis=LegalHoldBasis.ACCOUNTING,
        reason="Faktura",
        retain_until=TODAY + datetime.timedelta(days=10),
    )

    run = retention_enforce()

    assert Member.objects.get(pk=members["old"].pk).name == "Gammel"
    assert Member.objects.get(pk=members["older"].pk).name == "Eldre"
    assert Visit.objects.count() == 3
    assert run.report["registry_testapp.Member"]["held"] == 2
    assert run.report["registry_testapp.Member"]["anonymised"] == 0


def test_when_the_hold_expires_the_next_run_releases_it_and_does_what_was_due(members):
    hold = legal_hold_place(
        email="gammel@eksempel.no",
        basis=LegalHoldBasis.LEGAL_CLAIMS,
        reason="Tvist",
        retain_until=TODAY + datetime.timedelta(days=10),
    )
    retention_enforce()
    assert Member.objects.get(pk=members["old"].pk).name == "Gammel"

    LegalHold.objects.filter(pk=hold.pk).update(retain_until=TODAY - datetime.timedelta(days=1))
    run = retention_enforce()

    assert Member.objects.get(pk=members["old"].pk).name == "Anonymisert"
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert run.report["privacy.LegalHold"]["released"] == 1


def test_a_dry_run_counts_what_is_due_and_changes_nothing(members):
    before = list(Member.objects.order_by("pk").values())

    run = retention_enforce(dry_run=True)

    assert list(Member.objects.order_by("pk").values()) == before
    assert Visit.objects.count() == 3
    assert run.dry_run
    assert run.report["registry_testapp.Member"]["anonymised"] == 2
    assert run.report["registry_testapp.Visit"]["deleted"] == 2


def test_a_run_stopped_by_an_error_halfway_can_be_run_again_and_finishes(members, monkeypatch):
    from privacy import retention

    real_apply = retention._apply
    calls = {"n": 0}

    def failing_second_batch(model, rows, then, run, **kwargs):
        if model is Member:
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("the database went away")
        return real_apply(model, rows, then, run, **kwargs)

    monkeypatch.setattr(retention, "_apply", failing_second_batch)
    with pytest.raises(RuntimeError):
        retention_enforce(batch_size=1)

    # The first batch is done, the second rolled back whole (member and visits together).
    failed = RetentionRun.objects.get()
    assert failed.status == RetentionRunStatus.FAILED and failed.error == "RuntimeError"
    assert Member.objects.filter(name="Anonymisert").count() == 1
    assert Visit.objects.count() == 2

    monkeypatch.setattr(retention, "_apply", real_apply)
    run = retention_enforce(batch_size=1)

    assert run.status == RetentionRunStatus.FINISHED
    assert run.report["registry_testapp.Member"]["anonymised"] == 1
    assert set(Member.objects.values_list("name", flat=True)) == {"Anonymisert", "Ny"}
    assert Visit.objects.count() == 1


def test_old_access_log_entries_admin_history_sessions_and_tasks_are_deleted(central_staff):
    from django.contrib.contenttypes.models import ContentType

    old = NOW - datetime.timedelta(days=800)
    # Not a literal id: a transactional test before this one may have flushed and rebuilt the
    # content types under new ids.
    content_type_id = ContentType.objects.get_for_model(AccessRecord).pk
    record = AccessRecord.objects.create(
        actor=central_staff,
        actor_username="sentral",
        action="viewed",
        content_type_id=content_type_id,
        at=old,
    )
    recent = AccessRecord.objects.create(
        actor=central_staff,
        actor_username="sentral",
        action="viewed",
        content_type_id=content_type_id,
    )
    entry = LogEntry.objects.create(
        user=central_staff,
        content_type_id=content_type_id,
        object_id="1",
        object_repr="x",
        action_flag=2,
    )
    LogEntry.objects.filter(pk=entry.pk).update(action_time=old)
    Session.objects.create(
        session_key="utlopt", session_data="x", expire_date=NOW - datetime.timedelta(hours=1)
    )
    Session.objects.create(
        session_key="levende", session_data="x", expire_date=NOW + datetime.timedelta(hours=1)
    )
    finished = DBTaskResult.objects.create(
        status=TaskResultStatus.SUCCESSFUL,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="intake.tasks.send_delivery",
        queue_name="email",
        backend_name="default",
        run_after=old,
        finished_at=old,
    )
    waiting = DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        args_kwargs={"args": [2], "kwargs": {}},
        task_path="intake.tasks.send_delivery",
        queue_name="email",
        backend_name="default",
        run_after=old,
    )

    retention_enforce()

    assert list(AccessRecord.objects.all()) == [recent]
    assert not AccessRecord.objects.filter(pk=record.pk).exists()
    assert not LogEntry.objects.filter(pk=entry.pk).exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["levende"]
    assert not DBTaskResult.objects.filter(pk=finished.pk).exists()
    # A task still waiting to send an email is never removed, however old.
    assert DBTaskResult.objects.filter(pk=waiting.pk).exists()


def test_a_lifted_restriction_is_deleted_a_year_later_an_active_one_never():
    Restriction.objects.create(
        email="lang@eksempel.no", lifted_at=NOW - datetime.timedelta(days=400)
    )
    active = Restriction.objects.create(email="aktiv@eksempel.no")
    Restriction.objects.filter(pk=active.pk).update(placed_at=NOW - datetime.timedelta(days=4000))

    retention_enforce()

    assert list(Restriction.objects.all()) == [active]


def test_the_command_prints_a_report_per_kind_of_record_and_records_the_run(members, capsys):
    call_command("enforce_retention", batch_size=1)

    out, err = capsys.readouterr()
    assert "Sletterunden er fullført." in out
    member_line = next(line for line in out.splitlines() if line.startswith("member"))
    assert member_line.split()[1:3] == ["0", "2"]  # deleted, anonymised
    assert "[" in err and "100%" in err  # the progress bar
    run = RetentionRun.objects.get()
    assert run.status == RetentionRunStatus.FINISHED
    assert Member.objects.filter(name="Anonymisert").count() == 2


def test_the_commands_dry_run_says_so_and_changes_nothing(members, capsys):
    call_command("enforce_retention", dry_run=True)

    out, _err = capsys.readouterr()
    assert "Prøvekjøring: ingenting er endret." in out
    assert not Member.objects.filter(name="Anonymisert").exists()


def test_a_scheduler_can_enqueue_the_run_as_a_task(members, run_tasks):
    from privacy.tasks import enforce_retention

    result = enforce_retention.enqueue()
    run_tasks()

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["anonymised"] == 2
    assert RetentionRun.objects.get().status == RetentionRunStatus.FINISHED
