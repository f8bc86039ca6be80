"""Shared fixtures: fast defaults and named personas (STYLE.md)."""

import pytest
from django.conf import settings


def pytest_configure(config):
    # The manifest exists after `make test` ran collectstatic; a direct pytest run still works.
    settings.WHITENOISE_MANIFEST_STRICT = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Rate limits and cached pages must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def run_tasks():
    """Run every waiting task in this process, as `manage.py db_worker --batch` would."""
    from django.core.management import call_command

    def run() -> None:
        call_command(
            "db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0
        )

    return run


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
            ],
        )
    )
    return user


@pytest.fixture
def central_staff(db, django_user_model):
    """A staff member at Mestergruppen's central office, with no privacy permissions."""
    return django_user_model.objects.create_user(
        username="sentral",
        email="Sentral.Ansatt@Mestergruppen.no",
        password="sentral-passord-123",
        first_name="Siri",
        last_name="Sentral",
        is_staff=True,
    )


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
