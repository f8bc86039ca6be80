"""The site's URLs plus /personvern-minimal/: the same middleware, the page's bytes in memory.

The minimal view is mounted after the site's patterns and under the same language-prefix
handling as /personvern/, so it pays the same URL resolution as the statement page.
"""

import functools
import os
from pathlib import Path

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from mestergruppen.urls import handler400, handler403, handler404, handler500  # noqa: F401
from mestergruppen.urls import urlpatterns as site_urlpatterns


@functools.cache
def page() -> bytes:
    """Read once (the snapshot is written after the URLconf is first imported), then kept."""
    return Path(os.environ["BENCH_PAGE_FILE"]).read_bytes()


def minimal(request):
    return HttpResponse(page(), content_type="text/html; charset=utf-8")


urlpatterns = [
    *site_urlpatterns,
    *i18n_patterns(path("personvern-minimal/", minimal), prefix_default_language=False),
]
