import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_task_queue_as_json(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": True, "cache": True}
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
