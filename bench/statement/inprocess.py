"""Django's own cost per request, without gunicorn or the network: the three URLs called
through the WSGI handler in this process, one request each in turn (so that load from other
work on the machine hits all three alike), N rounds. Prints one JSON object: per URL the p50,
p95 and slowest in µs, and the bytes answered.

    python bench/statement/inprocess.py [N]      (run.sh sets the environment)

BENCH_COOKIE, if set, is sent as the Cookie header of every request.
"""

import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results import p95  # noqa: E402

URLS = {
    "statement": "/personvern/",
    "minimal": "/personvern-minimal/",
    "static": "/statement-copy.html",
}
COOKIE = os.environ.get("BENCH_COOKIE", "")
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
    if COOKIE:
        environ["HTTP_COOKIE"] = COOKIE
    status = []
    body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
    if not status[0].startswith("200"):
        sys.exit(f"{path} answered {status[0]}")
    return body


rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
sizes = {name: len(get(path)) for name, path in URLS.items()}  # also warms the caches
timings: dict[str, list[float]] = {name: [] for name in URLS}
for _ in range(rounds):
    for name, path in URLS.items():
        start = time.perf_counter()
        get(path)
        timings[name].append((time.perf_counter() - start) * 1e6)

print(
    json.dumps(
        {
            "rounds": rounds,
            **{
                name: {
                    "p50_us": statistics.median(values),
                    "p95_us": p95(values),
                    "max_us": max(values),
                    "bytes": sizes[name],
                }
                for name, values in timings.items()
            },
        }
    )
)
