"""The site's URLs plus /bench/statement-minimal/: same middleware, the page's bytes in memory."""

import functools
import os
from pathlib import Path

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


urlpatterns = [path("bench/statement-minimal/", minimal), *site_urlpatterns]
