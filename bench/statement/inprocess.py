"""Django's own cost per request, without gunicorn or the network: the three URLs called
through the WSGI handler in this process, one request each in turn (so that load from other
work on the machine hits all three alike), median of N rounds.

    python bench/statement/inprocess.py [N]      (run.sh sets the environment)
"""

import io
import statistics
import sys
import time

import django

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

URLS = {
    "statement": "/personvern/",
    "minimal": "/personvern-minimal/",
    "static": "/statement-copy.html",
}
handler = WSGIHandler()


def get(path: str) -> bytes:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8765",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    status = []
    body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
    if not status[0].startswith("200"):
        sys.exit(f"{path} answered {status[0]}")
    return body


rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
sizes = {name: len(get(path)) for name, path in URLS.items()}  # also warms the caches
timings: dict[str, list[float]] = {name: [] for name in URLS}
for _ in range(rounds):
    for name, path in URLS.items():
        start = time.perf_counter()
        get(path)
        timings[name].append(time.perf_counter() - start)

median = {name: statistics.median(values) * 1e6 for name, values in timings.items()}
print(f"in-process, median of {rounds} requests each (µs per request):")
for name in URLS:
    print(f"  {name:<10} {median[name]:7.0f} µs   {sizes[name]} bytes")
print(f"  statement/minimal throughput = {100 * median['minimal'] / median['statement']:.1f}%")
