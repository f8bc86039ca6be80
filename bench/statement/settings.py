"""The site's settings plus a bench-only URLconf; nothing here reaches production URLs."""

from mestergruppen.settings import *  # noqa: F403

ROOT_URLCONF = "bench.statement.urls"
# The static ceiling: a copy of the statement page served by WhiteNoise from this folder.
WHITENOISE_ROOT = env.str("BENCH_STATIC_ROOT", default=None)  # noqa: F405
