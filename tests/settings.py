"""Test settings: the project's settings plus a small app that exercises the privacy registry.

The app lives only here (never in production): its models have no migrations, so the test
database creates their tables directly.
"""

from mestergruppen.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.registry_testapp"]  # noqa: F405

# The webhook tests post Postmark's payloads; the test run sends through Django's test outbox.
EMAIL_TRACKING_PROVIDER = "postmark"

# Rate limits count in the cache each test clears (tests/conftest.py); the database cache the
# project falls back to is tested on its own (tests/intake/test_misuse_defences.py).
CACHES = {**CACHES, "rate_limits": CACHES["default"]}  # noqa: F405
