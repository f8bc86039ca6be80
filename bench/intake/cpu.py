"""CPU time per cycle, in one process without a server (Django's test client), so the number
does not depend on what else the shared machine is doing; and the SQL statements each step
sends. Prints one JSON object.

Run by run.sh with the same environment as the server (PostgreSQL, production settings).
The CPU is this process's only: PostgreSQL's own work for each statement is not in it.
"""

import itertools
import json
import os
import re
import time
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestergruppen.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = 300
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
SUBSIDIARY = re.compile(r'name="subsidiary" id="id_subsidiary_0" value="([^"]+)"')


def form_data(html: str, n: int) -> dict[str, str]:
    """What the load client (cycle.lua) sends: the page's hidden fields and a filled-in form."""
    data = dict(HIDDEN.findall(html))
    chosen = SUBSIDIARY.search(html)
    data.update(
        {
            "contact_name": f"Åse Ødegård {n}",
            "phone": "912 34 567",
            "email": f"ase{n}@odegard-bygg.example",
            "company_name": "Ødegård Bygg AS",
            "org_number": "928 050 475",
            "county": "oslo",
            "subsidiary": chosen.group(1) if chosen else "usikker",
            "message": "Vi er seks tømrere i Groruddalen.\nVi vil gjerne høre mer.",
            "privacy_acknowledged": "on",
        }
    )
    return data


def visitor() -> Client:
    """A browser of its own, carrying BENCH_COOKIE's cookies if set (as cycle.lua sends)."""
    client = Client()
    if extra := os.environ.get("BENCH_COOKIE", ""):
        client.cookies.load(extra)
    return client


def cycle(client: Client, url: str, n: int, step_done=lambda step: None) -> None:
    """One GET + POST + redirect, calling `step_done(name)` as each part ends: "get",
    "harness" (building the POST's body: the load client's work, not the server's), "post"
    and "redirect"."""
    got = client.get(url)
    step_done("get")
    # URL-encoded, as browsers and the load client send this form (the test client's
    # default, multipart, costs more to parse).
    body = urlencode(form_data(got.content.decode(), n))
    step_done("harness")
    posted = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert posted.status_code == 302, posted.status_code
    step_done("post")
    done = client.get(posted["Location"])
    assert done.status_code == 200, done.status_code
    step_done("redirect")


def measure(client: Client, url: str) -> dict:
    spent = {"get": 0.0, "post": 0.0, "redirect": 0.0}
    for n in range(REPEAT + 30):
        ends = [("start", time.process_time())]
        cycle(
            client,
            url,
            9_000_000 + n,
            lambda step, ends=ends: ends.append((step, time.process_time())),
        )
        if n >= 30:  # warm-up: template and connection caches
            for (_, started), (step, ended) in itertools.pairwise(ends):
                if step in spent:
                    spent[step] += ended - started
    result = {step: round(total / REPEAT * 1000, 2) for step, total in spent.items()}
    # The statements of one more cycle, per step (BEGIN and COMMIT included; the connection
    # health check's SELECT 1 is sent past Django's cursor and is not counted).
    with CaptureQueriesContext(connection) as queries:
        sent = {}
        cycle(client, url, 8_999_999, lambda step: sent.__setitem__(step, len(queries)))
    result["queries"] = {
        "get": sent["get"],
        "post": sent["post"] - sent["harness"],
        "redirect": sent["redirect"] - sent["post"],
    }
    return result


if __name__ == "__main__":
    client = visitor()
    result = {
        "form": measure(client, "/bli-medlem/"),
        "minimal": measure(client, "/bench/minimal/"),
    }
    print(json.dumps(result))
