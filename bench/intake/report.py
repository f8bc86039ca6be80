"""Turns run.sh's raw lines into bench/intake/RESULTS.md and checks the targets of issue 4: the
form at no less than 80 % of the minimal view's throughput, and the p95 of the full cycle under
100 ms at 8 clients, taken over every cycle of every round (and, as a ratio the shared machine
cannot move, the form's p95 against the minimal view's). Exits non-zero naming what missed.

    python bench/intake/report.py OUT WORK CLIENTS SECONDS ROUNDS WORKERS LEADS TASKS WARMUP
"""

import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results import Target, exit_on_missed, header, p95, verdict

THROUGHPUT_TARGET = 0.80
P95_TARGET_MS = 100


def sh(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def samples(path: Path) -> dict[str, list[float]]:
    """Every counted cycle of every round of one side, in ms: the cycle and each step."""
    columns = {"cycle": [], "get": [], "post": [], "redirect": []}
    if path.exists():
        for line in path.read_text().splitlines():
            if line.startswith("error"):
                continue
            for name, value in zip(columns, line.split(), strict=True):
                columns[name].append(float(value) * 1000)
    return columns


def main() -> None:
    out, work, clients, seconds, rounds, workers, leads, tasks, warmup = sys.argv[1:10]
    work = Path(work)
    runs: dict[str, list[dict]] = {"form": [], "minimal": []}
    for line in (work / "rounds.txt").read_text().splitlines():
        target, _round, payload = line.split(" ", 2)
        runs[target].append(json.loads(payload))
    cpu = json.loads((work / "cpu.json").read_text())
    instructions = json.loads((work / "instructions.json").read_text())
    pooled = {side: samples(work / f"samples-{side}.txt") for side in runs}
    form, minimal = runs["form"], runs["minimal"]
    pairs = list(zip(form, minimal, strict=True))
    ratios = [f["cycles_per_second"] / m["cycles_per_second"] for f, m in pairs]
    ratio = statistics.median(ratios)
    form_rps = statistics.median(r["cycles_per_second"] for r in form)
    minimal_rps = statistics.median(r["cycles_per_second"] for r in minimal)
    form_p95 = p95(pooled["form"]["cycle"])
    minimal_p95 = p95(pooled["minimal"]["cycle"])
    form_p50 = statistics.median(pooled["form"]["cycle"])
    minimal_p50 = statistics.median(pooled["minimal"]["cycle"])
    form_max = max(pooled["form"]["cycle"])
    minimal_max = max(pooled["minimal"]["cycle"])
    steps = ("get", "post", "redirect")

    def step_p95(side: str) -> str:
        return " / ".join(f"{p95(pooled[side][s]):.0f}" for s in steps)

    def step_max(side: str) -> str:
        return " / ".join(f"{max(pooled[side][s]):.0f}" for s in steps)

    def cpu_steps(side: str) -> str:
        return " / ".join(f"{cpu[side][s]:.2f}" for s in steps)

    def sql_steps(side: str) -> str:
        return " / ".join(str(cpu[side]["queries"][s]) for s in steps)

    def instruction_steps(side: str) -> str:
        return " / ".join(f"{instructions[side][s] / 1e6:.2f}" for s in steps)

    steps_i_form, steps_i_minimal = instruction_steps("form"), instruction_steps("minimal")
    instructions_form = instructions["form"]["cycle"] / 1e6
    instructions_minimal = instructions["minimal"]["cycle"] / 1e6
    step_p95_form, step_p95_minimal = step_p95("form"), step_p95("minimal")
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
    sql_form = sum(cpu["form"]["queries"].values())
    sql_minimal = sum(cpu["minimal"]["queries"].values())
    errors = sum(r["errors"] + r.get("socket_errors", 0) for r in form + minimal)
    cycles = {side: len(pooled[side]["cycle"]) for side in pooled}

    def other(r: dict) -> float:
        """Cores busy with anything but this round's gunicorn workers, PostgreSQL backends and
        wrk (other engineers' work, the kernel, PostgreSQL's background writers)."""
        c = r["cpu_seconds"]
        rest = c["machine"] - c["django"] - c["postgres"] - c["wrk"]
        return max(0.0, rest) / (float(seconds) + float(warmup))

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
    pg = sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version")
    gunicorn = sh(".venv/bin/gunicorn", "--version")
    wrk = sh("sh", "-c", "wrk -v 2>&1 | head -n 1").split(" [")[0]
    database = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]
    p95_ratio = minimal_p95 / form_p95
    targets = [
        Target("throughput, form / minimal view (median of per-round ratios)",
               f"{ratio:.1%}", f">= {THROUGHPUT_TARGET:.0%}", ratio >= THROUGHPUT_TARGET),
        Target(f"p95 of the form's full cycle at {clients} clients (every cycle of every round)",
               f"{form_p95:.0f} ms", f"< {P95_TARGET_MS} ms", form_p95 < P95_TARGET_MS),
        Target("p95 of the full cycle, minimal view / form",
               f"{p95_ratio:.1%}", f">= {THROUGHPUT_TARGET:.0%}", p95_ratio >= THROUGHPUT_TARGET),
        Target("failed cycles and socket errors", str(errors), "0", errors == 0),
    ]  # fmt: skip
    cookie = os.environ.get("BENCH_COOKIE", "")
    chosen = os.environ.get("BENCH_VISITOR") == "chosen"
    visitor = (
        "a visitor who has chosen: accepted all cookies, with a statistics script configured "
        f"(bench/chosen_visitor.py), so every page runs it with a CSP nonce; the cookie `{cookie}`"
        if chosen
        else f"every request also carries the cookie `{cookie}` (BENCH_COOKIE), as a visitor who "
        "has it would send"
        if cookie
        else "a first-time visitor: no cookie but the CSRF cookie the site sets (set "
        "BENCH_COOKIE to measure another)"
    )

    # In a closed loop each client starts its next cycle when the last one ends, so the mean
    # cycle takes clients / throughput: the p95 follows from what the machine completes.
    needed_for_p95 = (
        int(clients)
        / 0.100
        * statistics.median(
            r["cycle_p95_ms"] / (int(clients) / r["cycles_per_second"] * 1000) for r in form
        )
    )

    Path(out).write_text(f"""{header("Contact-form benchmark (issue 4)", "bench/intake/run.sh")}
{verdict(targets)}
Cores busy with anything but the benchmark during the rounds (other work, the kernel,
PostgreSQL's background writers and autovacuum): median {statistics.median(others):.2f}, at
most {max(others):.2f} of {os.cpu_count()}.

## Result

| | contact form `/bli-medlem/` | minimal view `/bench/minimal/` |
| --- | ---: | ---: |
| throughput, median of {rounds} rounds (cycles/s) | {form_rps:.1f} | {minimal_rps:.1f} |
| cycles counted (all rounds) | {cycles["form"]} | {cycles["minimal"]} |
| p50 of the full cycle, all cycles (ms) | {form_p50:.0f} | {minimal_p50:.0f} |
| p95 of the full cycle, all cycles (ms) | {form_p95:.0f} | {minimal_p95:.0f} |
| slowest full cycle (ms) | {form_max:.0f} | {minimal_max:.0f} |
| p95 per request, GET / POST / redirect, all cycles (ms) | {step_p95_form} | {step_p95_minimal} |
| slowest request, GET / POST / redirect (ms) | {step_max("form")} | {step_max("minimal")} |
| instructions in one process, GET / POST / redirect (M) | {steps_i_form} | {steps_i_minimal} |
| Django CPU in one process, GET / POST / redirect (ms) | {cpu_form_steps} | {cpu_minimal_steps} |
| SQL statements, GET / POST / redirect | {sql_steps("form")} | {sql_steps("minimal")} |
| CPU per cycle under load: gunicorn / PostgreSQL / wrk (ms) | {machine_form} | {machine_minimal} |

- Throughput: the form reaches **{ratio:.0%}** of the minimal view (median of the per-round
  ratios). Per round: {min(ratios):.0%} to {max(ratios):.0%}.
- p95 of the form's full cycle (three requests) at {clients} clients, over all
  {cycles["form"]} cycles counted: **{form_p95:.0f} ms**; the minimal view's:
  {minimal_p95:.0f} ms. In this closed loop the p95 follows the throughput: the form's p95 was
  {needed_for_p95 / int(clients) * 0.100:.2f} × its mean cycle, so under 100 ms needs about
  {needed_for_p95:.0f} cycles/s, whatever the view; a machine that cannot give that misses the
  absolute target with the minimal view too, which is why the ratio of the two p95s is checked
  beside it. Rounds whose own p95 was under 100 ms:
  {sum(r["cycle_p95_ms"] < 100 for r in form)} of {rounds} for the form,
  {sum(r["cycle_p95_ms"] < 100 for r in minimal)} of {rounds} for the minimal view.
- Instructions per cycle in one process (valgrind's callgrind; Django's test client included
  on both sides alike; the same count whatever else the machine does): form
  {instructions_form:.1f} million, minimal {instructions_minimal:.1f} million
  ({instructions_minimal / instructions_form:.0%}). The Django CPU row measures the same in
  milliseconds and moves with the machine's speed.
- SQL statements per cycle: form {sql_form}, minimal {sql_minimal} (BEGIN and COMMIT
  counted); on top of these, `CONN_HEALTH_CHECKS` sends one `SELECT 1` in each request that
  touches the database: the POST, on both sides.
- CPU per cycle under load, all parts (the gunicorn workers, this database's PostgreSQL
  backends, wrk; median of rounds): form {machine_total["form"]:.1f} ms, minimal
  {machine_total["minimal"]:.1f} ms ({machine_total["minimal"] / machine_total["form"]:.0%}).
  On two cores this bounds the throughput at about {2000 / machine_total["form"]:.0f} and
  {2000 / machine_total["minimal"]:.0f} cycles/s; the gap to the measured rounds is what
  else ran on the machine, and the WAL writer and the kernel, which are not counted.
- Errors (non-2xx/3xx answers, unexpected status, socket errors): {errors}.

### Rounds (alternating, each {seconds} s after a {warmup} s warm-up)

| round | form /s | minimal /s | ratio | form p95 ms (GET / POST / redirect) | minimal | elsewhere |
| ---: | ---: | ---: | ---: | --- | --- | --- |
{round_rows}

A cycle is what a browser does: GET the form, POST it, GET the page the redirect names; one
sample is the wall time of the whole cycle, so its p95 covers three requests. The last column
is the cores busy with anything but the benchmark during the form's and the minimal view's run
of the round; rounds with much there were disturbed. This machine's speed also drifts by up to
a factor of two within minutes (other tenants of the host), which the rounds show; the median
of the per-round ratios and the instruction counts are the numbers to compare across runs.

## Where the form's extra cost goes

Both sides send the same statements but one (the form reads no subsidiary: it keeps the
list in memory) and the same bytes, so what is left is the form's own work, each of it asked
for by the issue:

- **The form class**: Django copies the form's fields for each form made, then cleans each
  field: phonenumbers, the mod-11 check, NFC and control characters, email syntax, the
  statement version shown.
- **The signed tokens**: the form token (the POST's double-click protection and minimum fill
  time) is signed on the GET and checked on the POST; the thank-you address is signed on the
  POST and checked on the redirect.

## What each side does

- **Contact form**: the real view. GET answers the blank form from the worker's memory
  (`intake/page_cache.py`) with this visitor's CSRF token and a freshly signed form token;
  the statement version in force and the subsidiaries offered come from the process's memory
  (a query at most every 30 s each). POST validates every field (phonenumbers, mod-11, NFC,
  the statement version shown, the chain chosen), checks the form token, then in one
  transaction writes the lead, reads the subsidiary's routing rules and writes one routing
  delivery, the receipt delivery and a task row per delivery. The redirect target is the
  thank-you page `/bli-medlem/takk/<reference>/<chain>/<signature>/`: the signature checked,
  the page from memory with its reference and CSRF token filled in.
- **Minimal view** (`intake/bench_views.py`, mounted only with `INTAKE_BENCH_VIEWS=true`): the
  same middleware stack and the same inserts (lead, deliveries, task rows, one transaction,
  with the subsidiary and its routing rules read); no form class, validation or tokens. Its
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
- The visitor: {visitor}.
- Django {django.get_version()}, Python {platform.python_version()}.
- Rows written: {leads} leads and {tasks} task rows.
""")
    print(f"wrote {out}", file=sys.stderr)
    exit_on_missed("intake", targets)


if __name__ == "__main__":
    main()
