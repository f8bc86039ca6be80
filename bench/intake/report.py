"""Turns the raw lines of run.sh into bench/intake/RESULTS.md (stdout)."""

import json
import os
import platform
import statistics
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
    raw, clients, seconds, rounds, workers, leads, tasks, cpu_json, load_before, load_after = (
        sys.argv[1:11]
    )
    runs: dict[str, list[dict]] = {"form": [], "minimal": []}
    with open(raw) as lines:
        for line in lines:
            target, _round, payload = line.split(" ", 2)
            runs[target].append(json.loads(payload))
    cpu = json.loads(cpu_json)
    form, minimal = runs["form"], runs["minimal"]
    pairs = list(zip(form, minimal, strict=True))
    ratios = [f["cycles_per_second"] / m["cycles_per_second"] for f, m in pairs]
    ratio = statistics.median(ratios)
    form_rps = statistics.median(r["cycles_per_second"] for r in form)
    minimal_rps = statistics.median(r["cycles_per_second"] for r in minimal)
    form_p95 = statistics.median(r["cycle_p95_ms"] for r in form)
    minimal_p95 = statistics.median(r["cycle_p95_ms"] for r in minimal)
    form_p50 = statistics.median(r["cycle_p50_ms"] for r in form)
    minimal_p50 = statistics.median(r["cycle_p50_ms"] for r in minimal)
    steps = ("get", "post", "redirect")

    def step_p95(results: list[dict]) -> str:
        return " / ".join(
            f"{statistics.median(r['step_p95_ms'][s] for r in results):.0f}" for s in steps
        )

    def cpu_steps(side: str) -> str:
        return " / ".join(f"{cpu[side][s]:.2f}" for s in steps)

    def sql_steps(side: str) -> str:
        return " / ".join(str(cpu[side]["queries"][s]) for s in steps)

    step_p95_form, step_p95_minimal = step_p95(form), step_p95(minimal)
    cpu_form_steps, cpu_minimal_steps = cpu_steps("form"), cpu_steps("minimal")

    def machine_ms(results: list[dict], part: str) -> float:
        """CPU ms per cycle of one part under load: over the whole run (warm-up included),
        divided by the cycles of the whole run (requests / 3)."""
        return statistics.median(
            r["cpu_seconds"][part] * 1000 / (r["requests"] / 3) for r in results
        )

    parts = ("django", "postgres", "wrk")
    machine = {
        side: {part: machine_ms(results, part) for part in parts}
        for side, results in (("form", form), ("minimal", minimal))
    }
    machine_form = " / ".join(f"{machine['form'][p]:.1f}" for p in parts)
    machine_minimal = " / ".join(f"{machine['minimal'][p]:.1f}" for p in parts)
    machine_total = {side: sum(machine[side].values()) for side in machine}
    cpu_form = sum(cpu["form"][s] for s in steps)
    cpu_minimal = sum(cpu["minimal"][s] for s in steps)
    sql_form = sum(cpu["form"]["queries"].values())
    sql_minimal = sum(cpu["minimal"]["queries"].values())
    errors = sum(r["errors"] + r.get("socket_errors", 0) for r in form + minimal)

    def other(r: dict) -> float:
        """Cores busy with anything but this round's gunicorn workers, PostgreSQL backends and
        wrk (other engineers' work, the kernel, PostgreSQL's background writers)."""
        c = r["cpu_seconds"]
        rest = c["machine"] - c["django"] - c["postgres"] - c["wrk"]
        return max(0.0, rest) / (float(seconds) + 3)

    others = [other(r) for r in form + minimal]

    def step(r: dict) -> str:
        s = r["step_p95_ms"]
        return f"{s['get']:.0f} / {s['post']:.0f} / {s['redirect']:.0f}"

    round_rows = "\n".join(
        f"| {i} | {f['cycles_per_second']:.1f} | {m['cycles_per_second']:.1f} | {q:.0%} | "
        f"{f['cycle_p95_ms']:.0f} ({step(f)}) | {m['cycle_p95_ms']:.0f} ({step(m)}) | "
        f"{other(f):.2f} / {other(m):.2f} |"
        for i, ((f, m), q) in enumerate(zip(pairs, ratios, strict=True), start=1)
    )
    model = next(
        (ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if "model name" in ln),
        platform.processor(),
    )
    pg = sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version")
    gunicorn = sh(".venv/bin/gunicorn", "--version")
    wrk = sh("sh", "-c", "wrk -v 2>&1 | head -n 1").split(" [")[0]
    database = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]
    commit = sh("git", "rev-parse", "--short", "HEAD")
    met = {True: "met", False: "**NOT met**"}

    print(f"""# Contact-form benchmark (issue 4)

Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit `{commit}` with
`bash bench/intake/run.sh`. Regenerate with the same command (about four minutes).
Load average (1, 5, 15 min) before the rounds: {load_before}; after: {load_after} (the
benchmark's own processes count in it). Cores busy with anything but the benchmark during the
rounds (other work, the kernel, PostgreSQL's background writers): median
{statistics.median(others):.2f}, at most {max(others):.2f} of 2.

## Result

| | contact form `/bli-medlem/` | minimal view `/bench/minimal/` |
| --- | ---: | ---: |
| throughput, median of {rounds} rounds (cycles/s) | {form_rps:.1f} | {minimal_rps:.1f} |
| p50 of the full cycle, median of rounds (ms) | {form_p50:.0f} | {minimal_p50:.0f} |
| p95 of the full cycle, median of rounds (ms) | {form_p95:.0f} | {minimal_p95:.0f} |
| p95 per request, GET / POST / redirect, median (ms) | {step_p95_form} | {step_p95_minimal} |
| Django CPU in one process, GET / POST / redirect (ms) | {cpu_form_steps} | {cpu_minimal_steps} |
| SQL statements, GET / POST / redirect | {sql_steps("form")} | {sql_steps("minimal")} |
| CPU per cycle under load: gunicorn / PostgreSQL / wrk (ms) | {machine_form} | {machine_minimal} |

- Throughput: the form reaches **{ratio:.0%}** of the minimal view (median of the per-round
  ratios; target at least 80 %): {met[ratio >= 0.8]}.
- p95 of the form's full cycle (three requests) at {clients} clients: **{form_p95:.0f} ms**
  (target under 100 ms): {met[form_p95 < 100]}. The minimal view: {minimal_p95:.0f} ms.
- Django CPU per cycle measured in one process (no server, no concurrency, PostgreSQL's own
  work not included): form {cpu_form:.1f} ms, minimal {cpu_minimal:.1f} ms
  ({cpu_minimal / cpu_form:.0%}). SQL statements per cycle: form {sql_form}, minimal
  {sql_minimal} (BEGIN and COMMIT counted); on top of these, `CONN_HEALTH_CHECKS` sends one
  `SELECT 1` in every request that touches the database: three per cycle for the form, one
  for the minimal view, whose GET and redirect need no database.
- CPU per cycle under load, all parts (the gunicorn workers, this database's PostgreSQL
  backends, wrk; median of rounds): form {machine_total["form"]:.1f} ms, minimal
  {machine_total["minimal"]:.1f} ms ({machine_total["minimal"] / machine_total["form"]:.0%}).
  On two cores this bounds the throughput at about {2000 / machine_total["form"]:.0f} and
  {2000 / machine_total["minimal"]:.0f} cycles/s; the gap to the measured rounds is what
  else ran on the machine, and the WAL writer and the kernel, which are not counted.
- Errors (non-2xx/3xx answers, unexpected status, socket errors): {errors}.

### Rounds (alternating, each {seconds} s after a 3 s warm-up)

| round | form /s | minimal /s | ratio | form p95 ms (GET / POST / redirect) | minimal | elsewhere |
| ---: | ---: | ---: | ---: | --- | --- | --- |
{round_rows}

A cycle is what a browser does: GET the form, POST it, GET the page the redirect names; one
sample is the wall time of the whole cycle, so its p95 covers three requests. The last column
is the cores busy with anything but the benchmark during the form's and the minimal view's run
of the round; rounds with much there were disturbed. The median of the per-round ratios and
the CPU per cycle are the numbers to compare across runs.

## Why the throughput target is {"met" if ratio >= 0.8 else "not met"}

Both sides are CPU-bound on the two cores (gunicorn, PostgreSQL and wrk share them), so the
throughput ratio follows the CPU per cycle: {machine_total["form"]:.1f} ms for the form
against {machine_total["minimal"]:.1f} ms for the minimal view. 80 % would need the form's
cycle within 1.25 × the minimal view's, about {1.25 * machine_total["minimal"]:.1f} ms.
What the form does on top of the minimal view, each of it a behaviour the issue or
ARCHITECTURE.md asks for:

- **Lookups the minimal view skips** ({sql_form} statements against {sql_minimal}, plus
  two more `SELECT 1` health checks): the GET reads the subsidiaries offered (an edit must
  show at once); the POST reads the statement version in force (a lead must name the version
  the person acknowledged), the subsidiaries (to validate the choice), the submission token
  (a double click must not make a second lead) and the privacy register's restrictions (a
  restricted person's lead is stored but not routed); the thank-you page reads the lead (an
  unknown reference answers 404). Each statement costs Django about 0.3–0.5 ms of CPU to
  build and send and PostgreSQL some more (the PostgreSQL column above).
- **Validation**: the form class, phonenumbers, the mod-11 check, NFC and control-character
  cleaning, the signed form token: under 1 ms of the POST (cProfile).

What is no longer in the gap: rendering. The blank form and the thank-you page are kept
rendered per process (`intake/page_cache.py`) and only the tokens and the reference are
filled in, so the GET and the redirect cost about as much as the minimal view's apart from
their one query each. Removing any of the lookups above would change what the form
guarantees; we kept them, and the target stays missed by this much.

## Changes since the first measurement

The first run (2026-11-25 14:18 UTC, commit `8b6d1b5`, load average 5.6) measured the form
at 71 % of the minimal view with a p95 of 378 ms, and 16.3 ms of Django CPU per cycle
(GET 4.53 / POST 8.73 / redirect 3.01) against 7.7 ms. Since then:

- The blank form and the thank-you page are kept rendered in each worker's memory with holes
  for the CSRF token, the form token and the reference (`intake/page_cache.py`); a visitor
  with a message waiting, another cookie or a query string gets the page rendered as before.
  The blank form takes the version in force from the statement page's memory
  (`privacy.statement_cache`) instead of a query; the POST still asks the database.
  The thank-you page loads only the reference and the chain's name.
- The load client is wrk with a Lua script instead of Python threads with `requests`, which
  took a large share of the two cores from the server and made both sides look closer than
  they are (a heavy client adds the same cost to both). This is why the ratio is lower than
  the first run's 71 % although the form's cycle now costs {cpu_form:.1f} ms of Django CPU
  in one process instead of 16.3 ms.
- 5 gunicorn workers (2 × cores + 1) instead of 3: with 3, five of the eight clients waited
  in the listen queue while workers waited for PostgreSQL.
- The minimal view answers the same bytes as the form's pages (from memory), as the statement
  benchmark's baseline does; before, it answered a few dozen bytes.
- The in-process measurement posts URL-encoded data as browsers and wrk do (the test client's
  default, multipart, cost both sides about 1 ms more), reports the SQL statements per step,
  and run.sh records the CPU each part used per cycle under load.

## What each side does

- **Contact form**: the real view. GET takes the statement version in force from the
  statement page's memory (a query at most every 30 s per process), looks up the subsidiaries
  offered, and answers the blank form (kept rendered in the worker's memory,
  `intake/page_cache.py`) with this visitor's CSRF token and a freshly signed form token.
  POST looks up the statement and the subsidiaries again, looks up the submission token
  (double-click protection), validates every field (phonenumbers, mod-11, NFC), then in one
  transaction writes the lead, asks the privacy register whether the person's processing is
  restricted, reads the subsidiary's routing rules and writes one routing delivery, the
  receipt delivery and a task row per delivery. The redirect target is the thank-you page
  `/bli-medlem/takk/<reference>/`: one query for the lead, the page from memory with its
  reference and CSRF token filled in.
- **Minimal view** (`intake/bench_views.py`, mounted only with `INTAKE_BENCH_VIEWS=true`): the
  same middleware stack and the same inserts (lead, deliveries, task rows, one transaction,
  with the subsidiary and its routing rules read); no form class, validation or lookups. Its
  GET and redirect answer the same bytes as the form's two pages (a copy saved by
  `bench/intake/snapshot.py` before the run) from memory, with the visitor's CSRF token and
  the reference filled in, and touch no database.

## Conditions

- {clients} concurrent clients, closed loop, loopback only: `wrk` ({wrk}) with
  `bench/intake/cycle.lua`, one connection per thread, each doing the browser's cycle
  (URL-encoded POST with the page's hidden fields and the CSRF cookie). wrk is written in C,
  so the client takes little of the two cores the server needs.
- {gunicorn}, {workers} sync workers (2 × cores + 1: a sync worker waiting for PostgreSQL
  leaves its core to another), `DJANGO_DEBUG=false` with the production middleware and
  headers; HTTPS redirect and Secure cookies off (plain HTTP on loopback); `CONN_MAX_AGE=60`,
  `CONN_HEALTH_CHECKS` on (as in production); local-memory cache.
- PostgreSQL {pg} on 127.0.0.1, on the same two cores, database `{database}` (dropped and
  created per run); task backend `django_tasks_db`; no worker ran (the bench measures intake,
  not sending).
- Misuse defences off through the environment so the load generator is not treated as a bot:
  `INTAKE_MIN_FILL_SECONDS=0`, `INTAKE_RATE_LIMIT=0`.
- Machine: {os.cpu_count()} CPUs ({model}), Python {platform.python_version()},
  Django {django.get_version()}, shared with other engineers' work (see the load average).
- Rows written: {leads} leads and {tasks} task rows.
""")


if __name__ == "__main__":
    main()
