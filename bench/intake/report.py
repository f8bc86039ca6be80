"""Turns the raw lines of run.sh into bench/intake/RESULTS.md (stdout)."""

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime

import django


def sh(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def main() -> None:
    raw, clients, seconds, rounds, workers, leads, tasks = sys.argv[1:8]
    runs: dict[str, list[dict]] = {"form": [], "minimal": []}
    with open(raw) as lines:
        for line in lines:
            target, _round, payload = line.split(" ", 2)
            runs[target].append(json.loads(payload))

    def summary(target: str) -> dict:
        r = runs[target]
        return {
            "rps": sum(x["cycles_per_second"] for x in r) / len(r),
            "p95": max(x["cycle_p95_ms"] for x in r),
            "p50": max(x["cycle_p50_ms"] for x in r),
            "get_p95": max(x["step_p95_ms"]["get"] for x in r),
            "post_p95": max(x["step_p95_ms"]["post"] for x in r),
            "redirect_p95": max(x["step_p95_ms"]["redirect"] for x in r),
            "errors": sum(x["errors"] for x in r),
            "per_round": [(x["cycles_per_second"], x["cycle_p95_ms"]) for x in r],
        }

    form, minimal = summary("form"), summary("minimal")
    ratio = form["rps"] / minimal["rps"] if minimal["rps"] else 0
    throughput_met = ratio >= 0.8
    p95_met = form["p95"] < 100
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    pg = sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version")
    commit = sh("git", "rev-parse", "--short", "HEAD")

    def row(name, s):
        rounds_text = ", ".join(f"{rps:.1f}/s · {p95:.0f} ms" for rps, p95 in s["per_round"])
        return (
            f"| {name} | {s['rps']:.1f} | {s['p50']:.0f} | {s['p95']:.0f} | "
            f"{s['get_p95']:.0f} / {s['post_p95']:.0f} / {s['redirect_p95']:.0f} | "
            f"{s['errors']} | {rounds_text} |"
        )

    print(f"""# Contact-form benchmark (issue 4)

Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit `{commit}`
with `bash bench/intake/run.sh`.

## Result

| cycle | cycles/s | p50 (ms) | p95 (ms) | p95 GET / POST / redirect (ms) | errors | rounds |
| --- | ---: | ---: | ---: | --- | ---: | --- |
{row("contact form `/bli-medlem/`", form)}
{row("minimal view `/bench/minimal/`", minimal)}

- Throughput of the form: **{ratio:.0%}** of the minimal view's (target at least 80 %):
  **{"met" if throughput_met else "NOT met"}**.
- p95 of the form's full cycle: **{form["p95"]:.0f} ms** (target under 100 ms):
  **{"met" if p95_met else "NOT met"}**.

A cycle is what a browser does: GET the form, POST it, GET the page the redirect names. One
sample is the wall time of the whole cycle, so the p95 covers three requests. Throughput is the
mean over the rounds; p50 and p95 are the worst round's.

## What each side does

- **Contact form**: the real view. GET renders the template with the subsidiaries, the current
  privacy-statement version and a signed form token; POST looks the token up, validates every
  field (phone parsing, mod-11, NFC, ...), checks the restriction register, then in one
  transaction writes the lead, one routing delivery and the receipt delivery, and enqueues a
  task row per delivery; GET of `/bli-medlem/takk/<reference>/` renders the thank-you page.
- **Minimal view** (`intake/bench_views.py`, mounted only with `INTAKE_BENCH_VIEWS=true`): the
  same middleware stack and the same inserts (lead, deliveries, task rows in one transaction),
  with no template, form class, validation or lookups beyond the routing rules; its GETs return
  a few bytes.

## Conditions

- {clients} concurrent clients, closed loop (each starts its next cycle when the last ended),
  {seconds} s per run after 3 s warm-up, {rounds} rounds alternating form / minimal,
  loopback only (`bench/intake/client.py`, Python threads with `requests`, on the same machine).
- gunicorn {sh(".venv/bin/gunicorn", "--version").replace("gunicorn (version ", "").rstrip(")")},
  {workers} sync workers (the README's production command), `DJANGO_DEBUG=false`,
  production middleware and headers, HTTPS redirect and Secure cookies off (plain HTTP on
  loopback), `CONN_MAX_AGE=60`, local-memory cache.
- PostgreSQL {pg} on 127.0.0.1, database `mg_bench_intake` (dropped and created per run);
  task backend `django_tasks_db` (the task rows are part of each transaction). No worker ran:
  the bench measures intake, not sending.
- Misuse defences switched off through the environment so a load generator is not treated
  as a bot: `INTAKE_MIN_FILL_SECONDS=0`, `INTAKE_RATE_LIMIT=0`.
- Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()},
  Django {django.get_version()}. The machine is shared with other work (load average at the
  end: {os.getloadavg()[0]:.2f}); the client runs on the same two cores as the server.
- Rows written during the whole run: {leads} leads, {tasks} task rows.
""")


if __name__ == "__main__":
    main()
