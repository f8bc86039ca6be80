"""Test settings: the project's settings plus a small app that exercises the privacy registry.

The app lives only here (never in production): its models have no migrations, so the test
database creates their tables directly.
"""

from mestergruppen.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.registry_testapp"]  # noqa: F405
