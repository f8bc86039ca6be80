"""Time of the data-subject request work on the seeded database, in this process.

    python bench/dsr/measure.py RESULTS.md        (run.sh sets the environment)

Finding one person's records (target 20 ms), building their export (1 s), an erasure (1 s,
each round a different person) and the privacy officer's request list (300 ms, Django's test
client through the full middleware stack). Targets are checked at the p95 of the rounds.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from results import Target, exit_on_missed, header, p95, verdict  # noqa: E402

from intake.models import Lead  # noqa: E402
from intake.roles import PRIVACY_OFFICER, sync_role_groups  # noqa: E402
from privacy.models import DataSubjectRequest, RequestStatus  # noqa: E402
from privacy.requests.export import build_export  # noqa: E402
from privacy.requests.fulfil import request_fulfil_erasure  # noqa: E402
from privacy.requests.records import request_records  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
TARGETS_MS = {
    "finding one person's records": 20,
    "building their export (ZIP)": 1000,
    "an erasure (one transaction)": 1000,
    "the officer's request list": 300,
}


def officer():
    user, _created = get_user_model().objects.get_or_create(
        username="bench-personvern", defaults={"is_staff": True}
    )
    user.groups.set([Group.objects.get(name=PRIVACY_OFFICER)])
    return user


def request_for(lead: Lead) -> DataSubjectRequest:
    return DataSubjectRequest.objects.create(
        rights=["access", "erasure"],
        email=lead.email,
        phone=lead.phone,
        phone_confirmed=True,
        status=RequestStatus.CONFIRMED,
    )


def timed(function, *, warm_up=2) -> dict:
    for n in range(warm_up):
        function(n)
    times = []
    for n in range(warm_up, warm_up + ROUNDS):
        start = time.perf_counter()
        function(n)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        function(warm_up + ROUNDS)
    return {
        "p50": statistics.median(times),
        "p95": p95(times),
        "max": max(times),
        "queries": len(queries),
    }


def main(out: Path) -> None:
    sync_role_groups()
    by = officer()
    genuine = Lead.objects.filter(is_suspected_spam=False).order_by("pk")
    leads = list(genuine[5000 : 5000 + ROUNDS + 10])
    person = request_for(leads[0])
    # Each erasure round erases someone else: an erasure cannot be repeated on one person.
    erasures = [request_for(lead) for lead in leads[1 : ROUNDS + 5]]
    client = Client()
    client.force_login(by)
    figures = {
        "finding one person's records": timed(lambda n: request_records(person)),
        "building their export (ZIP)": timed(lambda n: build_export(person)),
        "an erasure (one transaction)": timed(
            lambda n: request_fulfil_erasure(request=erasures[n], by=by), warm_up=1
        ),
        "the officer's request list": timed(
            lambda n: client.get("/admin/privacy/datasubjectrequest/")
        ),
    }
    targets = [
        Target(
            figure=f"{name}, p95",
            value=f"{figures[name]['p95']:.1f} ms",
            goal=f"< {goal} ms",
            met=figures[name]["p95"] < goal,
        )
        for name, goal in TARGETS_MS.items()
    ]
    rows = "\n".join(
        f"| {name} | {f['p50']:.1f} | {f['p95']:.1f} | {f['max']:.1f} | {f['queries']} |"
        for name, f in figures.items()
    )
    title = "Data-subject requests: one million leads in PostgreSQL"
    out.write_text(f"""{header(title, "bench/dsr/run.sh")}
- Seed: {Lead.objects.count():,} leads (bench/triage/seed.sql) and
  {DataSubjectRequest.objects.count():,} requests, in {os.environ.get("BENCH_SEED_SECONDS", "?")} s.
- {ROUNDS} rounds per figure after a warm-up; the person has one lead with its deliveries and
  history among the million.

{verdict(targets)}
## Figures (ms)

| figure | p50 | p95 | slowest | queries |
| --- | ---: | ---: | ---: | ---: |
{rows}
""")
    print(out.read_text())
    exit_on_missed("dsr", targets)


main(Path(sys.argv[1]))
