"""Test settings: the project's settings plus a small app that exercises the privacy registry.

The app lives only here (never in production): its models have no migrations, so the test
database creates their tables directly.
"""

import os
from urllib.parse import urlsplit

# Tests run in parallel processes (pytest-xdist, `-n 2` in CI): each clears the cache between
# its tests (FLUSHDB on Redis), so each needs a Redis database of its own. CACHE_URL names the
# first; worker gwN takes the Nth after it (with `-n 2` and .../14: 14 and 15). Set before the
# project's settings read it, so the processes a test starts (the task worker) use it too.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_cache = urlsplit(os.environ.get("CACHE_URL", ""))
if _worker.startswith("gw") and _cache.scheme in ("redis", "rediss"):
    _database = int(_cache.path.strip("/") or 0) + int(_worker.removeprefix("gw"))
    os.environ["CACHE_URL"] = _cache._replace(path=f"/{_database}").geturl()

from mestergruppen.settings import *  # noqa: E402, F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.registry_testapp"]  # noqa: F405

# The webhook tests post Postmark's payloads; the test run sends through Django's test outbox.
EMAIL_TRACKING_PROVIDER = "postmark"

# Rate limits count in the cache each test clears (tests/conftest.py); the database cache the
# project falls back to is tested on its own (tests/intake/test_misuse_defences.py).
CACHES = {**CACHES, "rate_limits": CACHES["default"]}  # noqa: F405
