"""Writes bench/statement/RESULTS.md from run.sh's raw lines and checks the targets: the
statement page at no less than 80 % of the minimal view, in throughput and at the p95 of
latency (median of the per-round ratios, taken within each round because the machine is
shared). Exits non-zero, naming the figure, when one is missed or a request failed.

    python bench/statement/report.py OUT RAW INPROCESS_JSON SIZES ROUNDS DURATION CONNECTIONS
"""

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results import Target, exit_on_missed, header, verdict

TARGET = 0.80
NAMES = ("statement", "minimal", "static")


def main() -> None:
    out, raw, inprocess_json, sizes, rounds, duration, connections = sys.argv[1:8]
    runs: dict[str, list[dict]] = {name: [] for name in NAMES}
    for line in Path(raw).read_text().splitlines():
        name, _round, payload = line.split(" ", 2)
        runs[name].append(json.loads(payload))
    inprocess = json.loads(Path(inprocess_json).read_text())
    statement, minimal = runs["statement"], runs["minimal"]
    rps_ratios = [s["rps"] / m["rps"] for s, m in zip(statement, minimal, strict=True)]
    p95_ratios = [m["p95_ms"] / s["p95_ms"] for s, m in zip(statement, minimal, strict=True)]
    rps_ratio, p95_ratio = statistics.median(rps_ratios), statistics.median(p95_ratios)
    failed = sum(r["non2xx"] + r["socket_errors"] for rs in runs.values() for r in rs)
    targets = [
        Target("throughput, statement / minimal view (median of per-round ratios)",
               f"{rps_ratio:.1%}", f">= {TARGET:.0%}", rps_ratio >= TARGET),
        Target("p95 latency, minimal view / statement (median of per-round ratios)",
               f"{p95_ratio:.1%}", f">= {TARGET:.0%}", p95_ratio >= TARGET),
        Target("failed requests (non-2xx, socket errors)", str(failed), "0", failed == 0),
    ]  # fmt: skip

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    rows = "\n".join(
        f"| {name} | {med(name, 'rps'):,.0f} | {med(name, 'p50_ms'):.1f} | "
        f"{med(name, 'p95_ms'):.1f} | {max(r['p95_ms'] for r in runs[name]):.1f} | "
        f"{max(r['max_ms'] for r in runs[name]):.0f} |"
        for name in NAMES
    )
    round_rows = "\n".join(
        f"| {i} | {s['rps']:,.0f} | {m['rps']:,.0f} | {st['rps']:,.0f} | {q:.0%} | "
        f"{s['p95_ms']:.1f} / {m['p95_ms']:.1f} | {p:.0%} |"
        for i, (s, m, st, q, p) in enumerate(
            zip(statement, minimal, runs["static"], rps_ratios, p95_ratios, strict=True), 1
        )
    )
    ip = {name: inprocess[name] for name in NAMES}
    cookie = os.environ.get("BENCH_COOKIE", "")
    chosen = os.environ.get("BENCH_VISITOR") == "chosen"
    visitor = (
        "a visitor who has chosen: accepted all cookies, with a statistics script configured "
        f"(bench/chosen_visitor.py), so every page runs it with a CSP nonce; the cookie `{cookie}`"
        if chosen
        else f"a visitor carrying the cookie `{cookie}` (BENCH_COOKIE) on every request"
        if cookie
        else "a first-time visitor: wrk sends no cookie (set BENCH_COOKIE to measure another)"
    )
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" [")[0]
    gunicorn = subprocess.run(
        [".venv/bin/gunicorn", "--version"], capture_output=True, text=True
    ).stdout.strip()
    inprocess_rows = "\n".join(
        f"| {name} | {ip[name]['p50_us']:.0f} | {ip[name]['p95_us']:.0f} | "
        f"{ip[name]['max_us']:.0f} | {ip[name]['bytes']} |"
        for name in NAMES
    )
    title = "The statement page against a minimal view and a static file"
    text = f"""{header(title, "bench/statement/run.sh")}
{verdict(targets)}
## Under load (wrk, gunicorn, PostgreSQL)

{rounds} alternating rounds of {duration} per URL, {connections} connections, median of the
rounds and the worst round:

| URL | req/s (median) | p50 ms (median) | p95 ms (median) | p95 ms (worst round) | slowest ms |
| --- | ---: | ---: | ---: | ---: | ---: |
{rows}

Statement / minimal per round: throughput from {min(rps_ratios):.0%} to {max(rps_ratios):.0%},
p95 (minimal / statement) from {min(p95_ratios):.0%} to {max(p95_ratios):.0%}. Single rounds
swing with whatever else the shared machine does; the ratio within a round compares like with
like, and the median of the ratios is what is checked.

| round | req/s statement | minimal | static | ratio | p95 ms statement / minimal | ratio |
| ---: | ---: | ---: | ---: | ---: | --- | ---: |
{round_rows}

## Django's own cost (in-process, no gunicorn, no network)

The WSGI handler called in this process, one request of each URL in turn, {inprocess["rounds"]}
rounds (`bench/statement/inprocess.py`; not a target, a steadier view of the same work):

| URL | p50 µs | p95 µs | slowest µs | bytes |
| --- | ---: | ---: | ---: | ---: |
{inprocess_rows}

Statement at {ip["minimal"]["p50_us"] / ip["statement"]["p50_us"]:.1%} of the minimal view's
throughput by the p50 and {ip["minimal"]["p95_us"] / ip["statement"]["p95_us"]:.1%} by the p95.

## What is compared

All three URLs are served by the same gunicorn, the same settings and middleware, and answer
the same bytes (the statement page as the site renders it, saved before the run; sizes in
bytes: {sizes.strip()}):

- statement, `/personvern/`: the real view: `require_GET`, `cache_control`, `condition`
  (ETag, Last-Modified), the current version and the page from process memory.
- minimal, `/personvern-minimal/`: a view that returns the saved copy from memory
  (`bench/statement/urls.py`, only in the bench URLconf `bench.statement.settings`), mounted
  beside the statement page so it pays the same URL resolution.
- static, `/statement-copy.html`: the saved copy as a file through WhiteNoise
  (`WHITENOISE_ROOT`): the ceiling.

## Conditions

- The visitor: {visitor}.
- {gunicorn}, 2 sync workers on loopback; `DJANGO_DEBUG=false` with every security header
  (CSP, HSTS) except the HTTPS redirect; `CONN_MAX_AGE=60`; local-memory cache; logs at
  WARNING, no access log. Django {django.get_version()}.
- {wrk} (`-t2 -c{connections}`, `bench/statement/round.lua`), on the same machine.
- PostgreSQL on 127.0.0.1, database `mg_bench_statement`, created for the run and dropped
  after.
"""
    Path(out).write_text(text)
    print(f"wrote {out}", file=sys.stderr)
    exit_on_missed("statement", targets)


if __name__ == "__main__":
    main()
