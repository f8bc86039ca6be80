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
