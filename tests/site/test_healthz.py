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
