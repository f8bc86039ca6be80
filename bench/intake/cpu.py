"""CPU time per cycle, in one process without a server (Django's test client), so the number
does not depend on what else the shared machine is doing. Prints one JSON object.

Run by run.sh with the same environment as the server (PostgreSQL, production settings).
"""

import json
import os
import sys
import time
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestergruppen.settings")
sys.path.insert(0, os.path.dirname(__file__))

import django

django.setup()

from client import form_data  # noqa: E402
from django.test import Client  # noqa: E402

REPEAT = 300


def measure(client: Client, url: str) -> dict[str, float]:
    spent = {"get": 0.0, "post": 0.0, "redirect": 0.0}
    for n in range(REPEAT + 30):
        t0 = time.process_time()
        got = client.get(url)
        t1 = time.process_time()
        # URL-encoded, as browsers and the load client send this form (the test client's
        # default, multipart, costs more to parse).
        posted = client.post(
            url,
            urlencode(form_data(got.content.decode(), 9_000_000 + n)),
            content_type="application/x-www-form-urlencoded",
        )
        t2 = time.process_time()
        assert posted.status_code == 302, posted.status_code
        client.get(posted["Location"])
        t3 = time.process_time()
        if n >= 30:  # warm-up: template and connection caches
            spent["get"] += t1 - t0
            spent["post"] += t2 - t1
            spent["redirect"] += t3 - t2
    return {step: round(total / REPEAT * 1000, 2) for step, total in spent.items()}


if __name__ == "__main__":
    client = Client()
    result = {
        "form": measure(client, "/bli-medlem/"),
        "minimal": measure(client, "/bench/minimal/"),
    }
    print(json.dumps(result))
