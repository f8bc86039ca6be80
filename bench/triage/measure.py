"""Server time of the triage pages on the seeded database, in this process (Django's test
client through the full middleware stack; no network, no browser).

    python bench/triage/measure.py [ROUNDS]        (run.sh sets the environment)

For each persona and page: the median and the slowest of ROUNDS requests after two warm-up
requests, the time spent in the database, the number of queries and the rows shown.
"""

import statistics
import sys
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from intake.models import Lead, Subsidiary  # noqa: E402
from intake.roles import CENTRAL_STAFF, SUBSIDIARY_STAFF, sync_role_groups  # noqa: E402

TARGET_MS = 300
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10


def persona(username: str, role: str, subsidiary: Subsidiary | None):
    from django.contrib.auth.models import Group

    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "first_name": username}
    )
    user.groups.set([Group.objects.get(name=role)])
    if subsidiary is not None:
        subsidiary.members.set([user])
    return user


class DatabaseTimer:
    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def measure(client: Client, url: str) -> dict:
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    totals, in_db = [], []
    for _ in range(ROUNDS):
        timer = DatabaseTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            response = client.get(url)
            totals.append(time.perf_counter() - start)
        in_db.append(timer.seconds)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    rows = response.content.count(b'name="_selected_action"') or None
    return {
        "median_ms": statistics.median(totals) * 1000,
        "max_ms": max(totals) * 1000,
        "db_ms": statistics.median(in_db) * 1000,
        "queries": len(queries),
        "rows": rows,
    }


def main() -> None:
    sync_role_groups()
    blinkhus = Subsidiary.objects.get(name="Blinkhus")
    people = {
        "datterselskap (Blinkhus)": persona("bench-datterselskap", SUBSIDIARY_STAFF, blinkhus),
        "sentralt ansatt": persona("bench-sentral", CENTRAL_STAFF, None),
    }
    # An email address each persona may see: an older Blinkhus lead.
    email = Lead.objects.filter(subsidiary=blinkhus).order_by("pk").values_list("email")[5000][0]
    phone = Lead.objects.filter(email=email).values_list("phone", flat=True).get()
    local_phone = f"{phone[3:6]} {phone[6:8]} {phone[8:]}"
    base = "/admin/intake/lead/"
    pages = {
        "liste (standard)": base,
        "filter status=ny": f"{base}?status__exact=new",
        "søk e-post": f"{base}?q={email}",
        "oversikt (dashbord)": f"{base}oversikt/",
    }
    extra = {
        "søk telefon «912 34 567»-form": f"{base}?q={local_phone.replace(' ', '+')}",
        "filter over fristen": f"{base}?frist=over",
        "filter utsending=feilet": f"{base}?utsending=failed",
        "søk navn (icontains)": f"{base}?q=Person+4242",
    }
    print(f"leads: {Lead.objects.count():,}; rounds per page: {ROUNDS}; target {TARGET_MS} ms")
    print(
        f"{'persona':<26}{'side':<32}{'median':>9}{'maks':>9}{'i DB':>9}{'spørr.':>8}{'rader':>7}"
    )
    failed = []
    for who, user in people.items():
        client = Client()
        client.force_login(user)
        for group, named in (("mål", pages), ("ekstra", extra)):
            for name, url in named.items():
                r = measure(client, url)
                ok = r["median_ms"] < TARGET_MS
                if group == "mål" and not ok:
                    failed.append((who, name, r["median_ms"]))
                mark = "" if group == "ekstra" else ("  ok" if ok else "  OVER MÅLET")
                rows = "-" if r["rows"] is None else str(r["rows"])
                print(
                    f"{who:<26}{name:<32}{r['median_ms']:8.0f} {r['max_ms']:8.0f} "
                    f"{r['db_ms']:8.0f} {r['queries']:7d} {rows:>6}{mark}"
                )
    if failed:
        print("\nOVER 300 ms:", failed)
        sys.exit(1)


main()
