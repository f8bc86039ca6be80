import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_task_queue_as_json(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": True, "cache": True, "retention": True}
    assert "oldest_waiting_task_age_seconds" in body


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_a_database_outage_as_unhealthy_not_as_a_server_error(client, monkeypatch):
    connection.close()
    # Point the live connection at a database nobody serves: a real failure to connect.
    if connection.vendor == "postgresql":
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    else:
        monkeypatch.setitem(connection.settings_dict, "NAME", "/nonexistent/dir/db.sqlite3")

    response = client.get("/healthz")
    connection.close()

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"] is False


@pytest.mark.django_db
def test_healthz_turns_unhealthy_when_no_retention_run_finished_for_two_days(client):
    from datetime import timedelta

    from django.db.migrations.recorder import MigrationRecorder
    from django.utils import timezone

    from privacy.models import RetentionRun, RetentionRunStatus

    # Installed three days ago, and the timer never ran.
    MigrationRecorder.Migration.objects.filter(
        app="privacy", name__endswith="_retention_runs"
    ).update(applied=timezone.now() - timedelta(days=3))
    stale = client.get("/healthz")
    # A dry run, and a run that failed, do not count.
    RetentionRun.objects.create(
        dry_run=True, status=RetentionRunStatus.FINISHED, finished_at=timezone.now()
    )
    RetentionRun.objects.create(status=RetentionRunStatus.FAILED, finished_at=timezone.now())
    still_stale = client.get("/healthz")
    RetentionRun.objects.create(
        status=RetentionRunStatus.FINISHED, finished_at=timezone.now() - timedelta(hours=30)
    )
    healthy = client.get("/healthz")

    assert stale.status_code == 503
    assert stale.json()["checks"]["retention"] is False
    assert still_stale.status_code == 503
    assert healthy.status_code == 200 and healthy.json()["checks"]["retention"] is True


@pytest.fixture
def failed_and_waiting_emails(make_lead):
    """One lead whose routing email has waited an hour and whose receipt failed."""
    from datetime import timedelta

    from django.utils import timezone

    from intake.models import Delivery, DeliveryKind, DeliveryStatus

    lead = make_lead(contact_name="Kari Nordmann", email="kari@example.no")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.ROUTING,
        recipient="post@blinkhus.example",
        created_at=an_hour_ago,
    )
    Delivery.objects.create(
        lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email, status=DeliveryStatus.FAILED
    )


def test_healthz_gives_operators_with_the_token_the_outbox_figures(
    client, settings, failed_and_waiting_emails
):
    settings.HEALTHZ_TOKEN = "driftstoken-123"

    body = client.get("/healthz", headers={"Authorization": "Bearer driftstoken-123"}).json()

    assert body["status"] == "ok"
    assert body["detail"]["task_backlog"] == 0
    assert 3500 < body["detail"]["oldest_waiting_delivery_age_seconds"] < 3700
    assert body["detail"]["failed_deliveries_last_day"] == 1
    assert body["detail"]["last_retention_run_hours_ago"] is None
    assert "kari" not in str(body).lower()


@pytest.mark.parametrize("authorization", [None, "Bearer feil-token", "driftstoken-123"])
def test_healthz_keeps_the_figures_from_anyone_without_the_token(
    client, settings, failed_and_waiting_emails, authorization
):
    settings.HEALTHZ_TOKEN = "driftstoken-123"
    headers = {"Authorization": authorization} if authorization else {}

    body = client.get("/healthz", headers=headers).json()

    assert body["status"] == "ok"
    assert "detail" not in body


def test_healthz_has_no_figures_for_anyone_when_no_token_is_set(client, settings, db):
    settings.HEALTHZ_TOKEN = ""

    body = client.get("/healthz", headers={"Authorization": "Bearer "}).json()

    assert "detail" not in body


def test_health_command_prints_the_figures_and_fails_when_unhealthy(
    failed_and_waiting_emails, monkeypatch
):
    from io import StringIO

    from django.core.management import call_command

    from mestergruppen import health

    out = StringIO()
    call_command("health", stdout=out)
    assert "status: ok" in out.getvalue()
    assert "failed_deliveries_last_day: 1" in out.getvalue()

    monkeypatch.setattr(health, "_cache_ok", lambda: False)
    with pytest.raises(SystemExit) as exit_:
        call_command("health", stdout=StringIO())
    assert exit_.value.code == 1
