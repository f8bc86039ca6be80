"""A task enqueued in a request runs in the worker: `manage.py db_worker` as its own process,
on the test database, sending through a real SMTP server (the foundation's promise)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from intake.models import DeliveryKind, DeliveryStatus, Lead

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    """The test database (not the one in the environment) as a DATABASE_URL."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return "sqlite:///" + str(Path(db["NAME"]).resolve())
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


def worker_environment(*, email_port: int) -> dict[str, str]:
    """A worker process's environment: the test database, SMTP to `email_port`."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{email_port}",
        "DJANGO_ENV_FILE": "/dev/null",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
    }
    env.pop("EMAIL_BACKEND", None)
    return env


def run_worker_process(*, email_port: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--queue-name",
            "*",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=settings.BASE_DIR,
        env=worker_environment(email_port=email_port),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_lead_posted_through_the_form_is_sent_by_the_worker_running_as_its_own_process(
    client, contact_form, smtp_server
):
    response = client.post("/bli-medlem/", contact_form())
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert set(lead.deliveries.values_list("status", flat=True)) == {DeliveryStatus.WAITING}

    worker = run_worker_process(email_port=smtp_server.port)

    assert worker.returncode == 0, worker.stdout + worker.stderr
    deliveries = lead.deliveries.all()
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    arrived = {message["To"]: message for message in smtp_server.messages}
    assert set(arrived) == {d.recipient for d in deliveries}
    routing = deliveries.filter(kind=DeliveryKind.ROUTING).first()
    assert arrived[routing.recipient]["Message-ID"] == routing.message_id
    assert lead.reference in arrived[routing.recipient]["Subject"]


class SlowSmtpServer:
    """Holds its answer to each message for a while, so a test can act mid-send."""

    def __init__(self, server, seconds: float):
        self.server = server
        self.seconds = seconds

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        self.server.envelopes.append(envelope)
        await asyncio.sleep(self.seconds)
        return "250 Message accepted for delivery"


def test_a_worker_stopped_with_sigterm_finishes_the_email_it_is_sending_and_leaves_the_rest(
    client, contact_form, local_smtp
):
    import signal
    import time

    from aiosmtpd.controller import Controller

    controller = Controller(
        SlowSmtpServer(local_smtp, 2), hostname="127.0.0.1", port=local_smtp.port
    )
    controller.start()
    try:
        assert client.post("/bli-medlem/", contact_form()).status_code == 302
        lead = Lead.objects.get()
        assert lead.deliveries.count() >= 2
        env = worker_environment(email_port=local_smtp.port)
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                "*",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0.2",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not local_smtp.envelopes and time.monotonic() < deadline:
                time.sleep(0.05)
            assert local_smtp.envelopes, "the worker sent nothing"
            # The mail server holds its answer: the worker is in the middle of a send.
            worker.send_signal(signal.SIGTERM)
            output, _ = worker.communicate(timeout=30)
        finally:
            if worker.poll() is None:
                worker.kill()
    finally:
        controller.stop()

    assert worker.returncode == 0, output
    statuses = list(lead.deliveries.values_list("status", flat=True))
    # The email under way was finished and recorded; the others wait for the next worker.
    assert statuses.count(DeliveryStatus.SENT) == 1
    assert statuses.count(DeliveryStatus.WAITING) == len(statuses) - 1
    assert len(local_smtp.envelopes) == 1
