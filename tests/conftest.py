"""Shared fixtures: fast defaults and named personas (STYLE.md).

Signing staff in: the admin asks every staff account for a password and a second factor
(mestergruppen/admin_site.py). The `client` and `admin_client` fixtures are a `StaffClient`
(tests/staff_sign_in.py) whose `client.force_login(persona)` gives both, so an admin test
reads as before. `client.force_login(persona, second_factor=False)` leaves the session at the
password step, for the tests of what is refused then. In the browser, sign in with
`sign_in_through_admin_form(page, base, username, password)`, which types the persona's
current authenticator code on the second page; `app_code(user)` is that code.
"""

import pytest
from django.conf import settings


def pytest_configure(config):
    # The manifest exists after `make test` ran collectstatic; a direct pytest run still works.
    settings.WHITENOISE_MANIFEST_STRICT = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests inside a rolled-back transaction first, tests that empty the database last, and
    the hostile-input suite at the very front.

    pytest-django sorts by database use, but pytest then groups the tests of a parametrised
    session fixture (Playwright's `[chromium]`) and undoes it: a browser test emptied the rows
    the data migrations load (the shipped statement, the roles, the cookie list) before tests
    that read them. So the order is made again here, last.

    The hostile tests are the longest (HOSTILE_EXAMPLES examples each). With several processes
    (CI runs `-n 2 --maxschedchunk 1`, which hands out tests one by one in this order) the
    short tests then fill the end evenly, instead of one process finishing a long test while
    the other waits. They use the database without transactions, so moving them to the front
    keeps the order by database use. Both sorts are stable."""
    from pytest_django.plugin import pytest_collection_modifyitems as order_by_database_use

    order_by_database_use(items)
    items.sort(key=lambda item: item.get_closest_marker("hostile") is None)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _norwegian_by_default():
    """A request under /en/ activates English for the thread; the next test starts in nb."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Rate limits and cached pages must not leak from one test into the next."""
    from django.core.cache import cache

    from mestergruppen.memo import Memo
    from mestergruppen.shared_pages import deploy_fingerprint

    def forget_everything_kept():
        cache.clear()
        # The statement page, the contact form's pages and the subsidiaries offered in it
        # are kept in process memory; the static files' names change between tests.
        Memo.clear_all()
        deploy_fingerprint.cache_clear()

    forget_everything_kept()
    yield
    forget_everything_kept()


@pytest.fixture
def client():
    """Django's test client; `force_login` signs staff in with both factors (see above)."""
    from tests.staff_sign_in import StaffClient

    return StaffClient()


@pytest.fixture
def admin_client(client, admin_user):
    """A superuser signed in with both factors."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def run_tasks(monkeypatch):
    """Run every waiting task in this process, as `manage.py db_worker --batch` would."""
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.management.commands import db_worker

    # The worker closes "old" connections between tasks; inside a test's transaction that
    # would close the test's own connection (Django's test client skips it the same way).
    real_close_old_connections = db_worker.close_old_connections
    monkeypatch.setattr(
        db_worker,
        "close_old_connections",
        lambda: None if connection.in_atomic_block else real_close_old_connections(),
    )

    def run() -> None:
        call_command(
            "db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0
        )

    return run


@pytest.fixture(
    params=[
        "db",
        pytest.param("rq", marks=[pytest.mark.rq, pytest.mark.django_db(transaction=True)]),
    ]
)
def task_queue(request, settings, run_tasks):
    """The outbox's tests run once per task backend (tests/task_queues.py)."""
    from tests.task_queues import QUEUES, DatabaseTaskQueue, RedisTaskQueue, rq_test_url

    if request.param == "db":
        yield DatabaseTaskQueue(run_tasks)
        return
    import redis

    url = rq_test_url()
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one)")
    connection.flushdb()
    settings.RQ_QUEUES = {queue: {"URL": url} for queue in QUEUES}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": QUEUES}}
    yield RedisTaskQueue(connection)
    connection.flushdb()


@pytest.fixture
def privacy_statement(db):
    """The published statement the set-up ships (2024-01-26, Norwegian).

    The data migration loads it; a transactional test before this one may have flushed it, so
    it is imported again when missing.
    """
    from django.core.management import call_command

    from privacy.models import PrivacyStatement
    from privacy.statement_files import INITIAL_STATEMENT

    if not PrivacyStatement.objects.filter(language="nb", version="2024-01-26").exists():
        call_command("import_privacy_statement", str(INITIAL_STATEMENT), publish=True, verbosity=0)
    return PrivacyStatement.objects.get(language="nb", version="2024-01-26")


@pytest.fixture
def privacy_officer(db, django_user_model):
    """The privacy officer (personvernrådgiver): staff who handles data-subject rights and
    sees the records of processing activities."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        username="personvern",
        email="personvern@mestergruppen.no",
        password="personvern-passord-123",
        first_name="Pia",
        last_name="Personvern",
        is_staff=True,
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="privacy",
            codename__in=[
                "view_processing_record",
                "view_legalhold",
                "add_legalhold",
                "change_legalhold",
                "view_restriction",
                "add_restriction",
                "change_restriction",
                "view_retentionrun",
            ],
        )
    )
    from intake.roles import PRIVACY_OFFICER

    return _join_role(user, PRIVACY_OFFICER)


@pytest.fixture
def central_staff(db, django_user_model):
    """Siri at Mestergruppen's central office (role "Sentralt ansatte"): sees and works every
    lead, with no privacy permissions."""
    from intake.roles import CENTRAL_STAFF

    user = django_user_model.objects.create_user(
        username="sentral",
        email="Sentral.Ansatt@Mestergruppen.no",
        password="sentral-passord-123",
        first_name="Siri",
        last_name="Sentral",
        is_staff=True,
    )
    return _join_role(user, CENTRAL_STAFF)


@pytest.fixture
def site_admin(db, django_user_model):
    """Mestergruppen's system administrator: a superuser who sets up subsidiaries and routing."""
    return django_user_model.objects.create_superuser(
        username="systemansvarlig",
        email="it@mestergruppen.no",
        password="system-passord-123",
        first_name="Sindre",
        last_name="System",
    )


class LocalSmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it accepts."""

    def __init__(self, port: int):
        self.port = port
        self.envelopes = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        """What arrived, parsed with the standard library as a mail client would."""
        import email
        import email.policy

        return [
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            for envelope in self.envelopes
        ]

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def local_smtp(settings):
    """Django's SMTP backend pointed at a free port on 127.0.0.1, the server not started yet:
    `local_smtp.start()` brings it up (until then connections are refused)."""
    import logging

    # aiosmtpd logs every SMTP command at INFO: noise in a failing test's report.
    smtp_log = logging.getLogger("mail.log")
    level = smtp_log.level
    smtp_log.setLevel(logging.WARNING)
    server = LocalSmtpServer(_free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
    smtp_log.setLevel(level)


@pytest.fixture
def smtp_server(local_smtp):
    """A running SMTP server on 127.0.0.1 that Django sends to."""
    local_smtp.start()
    return local_smtp


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, not a downloaded browser (see TESTING-TOOLS.md)."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def plain_http_live_server(live_server, settings):
    """The live server speaks plain HTTP: cookies must not be marked Secure for it. It serves
    /static/ through Django's finders, which know the source names, not the hashed ones."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    return live_server


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def serious_accessibility_violations():
    """axe-core's serious and critical WCAG 2.2 AA violations on a page, with the elements
    they hit; an empty list is a pass (TESTING-TOOLS.md)."""
    from axe_playwright_python.sync_playwright import Axe

    def check(page) -> list[str]:
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        return [
            f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]

    return check


# --- Triage personas (the roles are the groups created by intake's migration 0005) ---------


def _join_role(user, role):
    """Put `user` in a role group. The groups come from a data migration; a transactional
    test before this one may have flushed them, so they are made again when missing."""
    from django.contrib.auth.models import Group

    from intake.roles import sync_role_groups

    if not Group.objects.filter(name=role).exists():
        sync_role_groups()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def subsidiary_blinkhus(db):
    from intake.models import Subsidiary

    return Subsidiary.objects.create(
        name="Blinkhus", slug="blinkhus", default_email="post@blinkhus.example"
    )


@pytest.fixture
def subsidiary_mesterhus(db):
    from intake.models import Subsidiary

    return Subsidiary.objects.create(
        name="Mesterhus", slug="mesterhus", default_email="post@mesterhus.example"
    )


@pytest.fixture
def subsidiary_user(db, django_user_model, subsidiary_blinkhus):
    """Sindre at Blinkhus (role "Datterselskap"): sees Blinkhus's leads and nothing else."""
    from intake.roles import SUBSIDIARY_STAFF

    user = django_user_model.objects.create_user(
        username="sindre",
        email="sindre@blinkhus.example",
        password="sindre-passord-123",
        first_name="Sindre",
        last_name="Blink",
        is_staff=True,
    )
    subsidiary_blinkhus.members.add(user)
    return _join_role(user, SUBSIDIARY_STAFF)


@pytest.fixture
def outsider(db, django_user_model):
    """Otto has a staff login but no role: sees no lead and no privacy record."""
    return django_user_model.objects.create_user(
        username="otto",
        email="otto@mestergruppen.no",
        password="otto-passord-123",
        first_name="Otto",
        is_staff=True,
    )


@pytest.fixture
def make_lead(db):
    """Make a lead as the public form would have stored it (normalised email and phone)."""
    import itertools

    from intake.models import Lead

    numbers = itertools.count(1)

    def make(**fields) -> Lead:
        n = next(numbers)
        values = {
            "contact_name": f"Ola Nordmann {n}",
            "email": f"ola{n}@example.no",
            "phone": f"+479123{n:04d}",
            "company_name": f"Nordmann Bygg {n} AS",
            "county": "oslo",
            "submission_token": f"test-token-{n}-{id(fields)}",
        }
        values.update(fields)
        return Lead.objects.create(**values)

    return make


# --- A lead with everything around it, for the privacy operations on the real models --------


@pytest.fixture
def lead_with_history(db, subsidiary_blinkhus, subsidiary_user):
    """Åse's lead after some triage: routed to Blinkhus (the routing email sent, the receipt
    still waiting for the worker), two notes, a history of status changes, an entry in the
    admin's history and one in the access log."""
    import json

    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from intake.models import Delivery, DeliveryKind, DeliveryStatus, Lead, LeadStatus
    from privacy.audit import AccessAction, record_access

    lead = Lead.objects.create(
        contact_name="Åse Ødegård",
        email="ase@bolgen.example",
        phone="+4791234567",
        company_name="Bølgen & Blå AS",
        org_number="928050475",
        county="troms",
        subsidiary=subsidiary_blinkhus,
        message="Vi er seks tømrere på Tromsøya.",
        wants_news=True,
        submission_token="lead-with-history",
    )
    Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.ROUTING,
        recipient="post@blinkhus.example",
        status=DeliveryStatus.SENT,
        attempts=1,
        sent_at=timezone.now(),
    )
    Delivery.objects.create(lead=lead, kind=DeliveryKind.RECEIPT, recipient=lead.email)
    lead.change_status(LeadStatus.IN_PROGRESS, by=subsidiary_user)
    lead.add_note("Ringte Åse Ødegård på 912 34 567", by=subsidiary_user)
    lead.change_status(LeadStatus.CONTACTED, by=subsidiary_user)
    lead.add_note("Bølgen & Blå vil ha tilbud", by=subsidiary_user)
    LogEntry.objects.create(
        user=subsidiary_user,
        content_type=ContentType.objects.get_for_model(Lead),
        object_id=str(lead.pk),
        object_repr=str(lead)[:200],
        action_flag=CHANGE,
        change_message=json.dumps(
            [
                {"changed": {"fields": ["Status"]}},
                {
                    "added": {
                        "name": "utsending",
                        "object": f"{lead.reference} → ase@bolgen.example",
                    }
                },
            ]
        ),
    )
    record_access(actor=subsidiary_user, action=AccessAction.VIEWED, obj=lead, label=str(lead))
    return lead


@pytest.fixture
def cookie_declaration(db):
    """The cookie list and declaration version 1 as the migration made them: a test after a
    transactional test (which empties every table) finds them again."""
    import importlib

    from django.apps import apps

    seed = importlib.import_module("privacy.migrations.0015_cookie_declaration")
    seed.declare_the_cookies_the_site_sets(apps, None)
