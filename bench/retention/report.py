"""Writes bench/retention/RESULTS.md from what run.sh measured, and checks the targets."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.results import Target, exit_on_missed, header, p95, verdict


def cycles(path: Path) -> tuple[list[float], int]:
    """Cycle times in ms, and the failed cycles, from cycle.lua's sample lines."""
    times, errors = [], 0
    if path.exists():
        for line in path.read_text().splitlines():
            if line.startswith("error"):
                errors += 1
            elif line.strip():
                times.append(float(line.split()[0]) * 1000)
    return times, errors


def main(work: str, out: str) -> None:
    work_dir = Path(work)
    rest, rest_errors = cycles(work_dir / "samples-rest.txt")
    during, during_errors = cycles(work_dir / "samples-during.txt")
    run = json.loads((work_dir / "run.json").read_text())
    leads, spam, deliveries, notes, events = (work_dir / "seeded.txt").read_text().split()
    load_path = work_dir / "load-during.txt"
    loads = [float(x) for x in load_path.read_text().split()] if load_path.exists() else []
    load_during = (
        f"{min(loads):.1f} to {max(loads):.1f} (mean {sum(loads) / len(loads):.1f})"
        if loads
        else "not sampled"
    )
    report = run["report"]
    written = sum(
        report.get(label, {}).get(kind, 0)
        for label in ("intake.Lead", "intake.Delivery", "intake.LeadNote", "intake.LeadEvent")
        for kind in ("deleted", "anonymised")
    )
    seconds = float(os.environ["BENCH_RUN_SECONDS"])
    rest_p95, during_p95 = p95(rest), p95(during)
    # The target is for a million leads; a smaller seed's time is scaled up in proportion
    # (the work is per batch), and the results say so.
    scale = 1_000_000 / int(leads)
    projected = (
        "" if scale == 1 else f" (projected from {int(leads):,}: {seconds:.0f} s × {scale:g})"
    )
    targets = [
        Target(
            f"retention run, 1,000,000 leads{projected}",
            f"{seconds * scale:.0f} s",
            "< 300 s",
            seconds * scale < 300,
        ),
        Target(
            "form cycle p95 during the run, against at rest",
            f"{during_p95:.0f} ms vs {rest_p95:.0f} ms ({during_p95 / rest_p95:.2f}×)",
            "< 2×",
            during_p95 < 2 * rest_p95,
        ),
        Target(
            "expired leads left with personal data",
            str(run["left_with_email"] + run["notes_left"] + run["receipts_with_address"]),
            "0",
            run["left_with_email"] + run["notes_left"] + run["receipts_with_address"] == 0,
        ),
        Target(
            "expired suspected spam left (deleted after 30 days)",
            str(run["spam_left"]),
            "0",
            run["spam_left"] == 0,
        ),
        Target(
            "failed form cycles",
            str(rest_errors + during_errors),
            "0",
            rest_errors + during_errors == 0,
        ),
    ]
    rows = "\n".join(
        f"| {counts['name']} | {counts['deleted']} | {counts['anonymised']} | {counts['kept']} |"
        for counts in report.values()
        if counts["deleted"] or counts["anonymised"] or counts["kept"]
    )
    body = f"""{header("Retention under load", "bench/retention/run.sh")}
## What was measured

- Seeded in PostgreSQL ({os.environ.get("BENCH_SEED_SECONDS", "?")} s): {int(leads):,} leads
  past their 365 days ({int(spam):,} of them suspected spam), {int(deliveries):,} deliveries,
  {int(notes):,} notes and {int(events):,} history entries.
- The contact form's full cycle (GET, POST, redirect; `bench/intake/cycle.lua`, 8 clients,
  gunicorn with {os.environ.get("BENCH_WORKERS", "2 × cores + 1")} workers) at rest:
  {len(rest):,} cycles, p95 {rest_p95:.1f} ms.
- `manage.py enforce_retention --workers {run["workers"]}` (batches of {run["batch_size"]:,},
  one transaction each, {run["workers"]} at a time) while the same load ran in rounds of 5 s:
  {seconds:.1f} s, {int(leads) / seconds:,.0f} leads/s ({written:,} rows deleted or
  anonymised: {written / seconds:,.0f} rows/s); {len(during):,} form cycles during it, p95
  {during_p95:.1f} ms. The run's status: {run["status"]}.
- Load average (1 min) sampled every round during the run: {load_during}, on
  {os.cpu_count()} cores: above that, the run, the form and everything else wait for a core,
  and the run's time grows in proportion.

What the run did:

| kind of record | deleted | anonymised | kept |
| --- | ---: | ---: | ---: |
{rows}

{verdict(targets)}"""
    Path(out).write_text(body)
    exit_on_missed("retention", targets)


if __name__ == "__main__":
    main(*sys.argv[1:])
