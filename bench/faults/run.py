"""Fault scenarios: the promise "once the site said takk, the right people get the lead,
exactly once" under an SMTP outage, a killed worker, a database restart and a burst.

    bash bench/faults/run.sh [smtp-down|worker-kill|db-restart|burst|two-nodes|all]

Each scenario starts what it needs (bench/faults/stack.py), sends the contact form from a
second process (bench/faults/driver.py), and ends with PASS or FAIL and its counts:
submitted, acknowledged ("takk" shown), stored, delivered, duplicates. Exit status 1 if any
scenario failed.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench.faults.stack import RESULTS, ROOT, Stack, report

# The outbox retries after 1, 2, 4 ... minutes; a scenario waits for the second retry.
DELIVERY_WAIT_SECONDS = 240


def delivered_exactly_once(counts: dict) -> bool:
    return (
        counts["acknowledged"] > 0
        and counts["acknowledged_not_stored"] == 0
        and counts["not_delivered"] == 0
        and counts["duplicates"] == 0
        and counts["outcomes"].get("error", 0) == 0
    )


def smtp_down() -> bool:
    """The mail server is gone for 20 s while visitors keep sending, then comes back."""
    with Stack("smtp-down") as stack:
        driver = stack.drive(seconds=40, rate=2, wait=False)
        time.sleep(10)
        stack.stop_smtp()
        time.sleep(20)
        stack.start_smtp()
        driver.wait()
        stack.wait_until_sent(DELIVERY_WAIT_SECONDS)
        counts = stack.counts()
        return report(
            "smtp-down",
            delivered_exactly_once(counts),
            counts,
            [
                "SMTP refused connections for 20 s in the middle of 40 s of submissions; the "
                "outbox retried each failed email after a minute.",
            ],
        )


def worker_kill() -> bool:
    """A worker dies (SIGKILL) while the mail server holds its answer to a message."""
    with Stack("worker-kill", smtp_delay=1.5) as stack:
        driver = stack.drive(seconds=20, rate=1, wait=False)
        time.sleep(8)
        # The worker is inside a send most of the time (each answer takes 1.5 s); its
        # supervisor starts a new one a second later.
        stack.kill_worker_process(stack.workers[0])
        driver.wait()
        stack.wait_until_sent(DELIVERY_WAIT_SECONDS)
        counts = stack.counts()
        left_sending = counts["delivery_status"].get("sending", 0)
        passed = delivered_exactly_once(counts)
        return report(
            "worker-kill",
            passed,
            counts,
            [
                "The worker was killed with SIGKILL during a send; its supervisor started a new "
                "one a second later (like systemd's Restart=always).",
                f"{left_sending} deliveries left in 'sending': each reached the mail server "
                "(counted as delivered above) but the dead worker never learnt it; the outbox "
                "never sends such a row again, and sweep_outbox reports it to the central inbox "
                "after 15 minutes (the provider's webhook would mark it delivered).",
            ],
        )


def db_restart() -> bool:
    """PostgreSQL stops for 8 s during load; visitors see a Norwegian 'try again' page."""
    with Stack("db-restart", private_postgres=True) as stack:
        driver = stack.drive(seconds=35, rate=3, wait=False)
        time.sleep(10)
        stack._pg_ctl("stop", "-m", "fast")
        time.sleep(8)
        stack._pg_ctl("start")
        driver.wait()
        stack.wait_until_sent(DELIVERY_WAIT_SECONDS)
        # A worker that had claimed an email when the database went away could not record
        # what happened to it: the outbox never sends such a row again (at most once), and the
        # sweep timer reports it to the central inbox after 15 minutes. Run that sweep now.
        stack.manage(
            "shell",
            "-c",
            "from datetime import timedelta; "
            "from django.utils import timezone; from intake.outbox import sweep; "
            "sweep(now=timezone.now() + timedelta(minutes=16))",
        )
        stack.wait_until_sent(60)
        counts = stack.counts()
        reported = int(
            stack.sql(
                "SELECT count(DISTINCT a.about_id) FROM intake_delivery a "
                "JOIN intake_delivery d ON d.id = a.about_id "
                "JOIN intake_lead l ON l.id = d.lead_id "
                "WHERE a.kind = 'alert' AND a.status = 'sent' "
                "AND l.email LIKE '%@odegard-bygg.example'"
            )[0][0]
        )
        counts["reported_to_central_inbox"] = reported
        try_again = counts["outcomes"].get("try_again", 0)
        passed = (
            try_again > 0
            and counts["outcomes"].get("error", 0) == 0
            and counts["acknowledged_not_stored"] == 0
            and counts["duplicates"] == 0
            and counts["not_delivered"] <= reported
        )
        return report(
            "db-restart",
            passed,
            counts,
            [
                "PostgreSQL (a cluster of the scenario's own) was stopped for 8 s, then started "
                "again.",
                f"{try_again} visitors got the 503 'Prøv igjen om litt' page while it was down, "
                "none a stack trace; every submission that got a 'takk' is stored.",
                "an email a worker had claimed when the database went away is never sent twice; "
                "the sweep reports it to the central inbox (counted above), where staff resend it.",
            ],
        )


def _statement_latencies(base: str, seconds: float, out: list[float]) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base}/personvern/", timeout=10) as response:
            response.read()
        out.append((time.perf_counter() - started) * 1000)
        time.sleep(0.05)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def burst() -> bool:
    """Twenty times the normal traffic for 15 s: campaign visitors and one bot."""
    normal_rate = 1.0
    with Stack("burst", gunicorn_workers=3, extra_env={"INTAKE_RATE_LIMIT": "5"}) as stack:
        base = stack.bases[0]
        at_rest: list[float] = []
        _statement_latencies(base, 8, at_rest)
        during: list[float] = []
        prober = threading.Thread(target=_statement_latencies, args=(base, 20, during))
        prober.start()
        # Campaign visitors, each from an address of their own, and a bot from one address.
        people = stack.drive(
            seconds=15,
            rate=normal_rate * 16,
            clients=8,
            tag="p",
            extra=["--spread-ips"],
            wait=False,
        )
        bot = stack.drive(
            seconds=15,
            rate=normal_rate * 4,
            clients=2,
            tag="bot",
            extra=["--ip", "198.18.255.1"],
            wait=False,
        )
        people.wait()
        bot.wait()
        prober.join()
        stack.wait_until_sent(DELIVERY_WAIT_SECONDS)
        counts = stack.counts()
        bot_attempts = [a for a in stack.attempts() if a["email"].startswith("bot")]
        bot_acknowledged = sum(a["outcome"] == "acknowledged" for a in bot_attempts)
        bot_limited = sum(a["outcome"] == "rate_limited" for a in bot_attempts)
        counts["statement_p95_ms_at_rest"] = round(_p95(at_rest), 1)
        counts["statement_p95_ms_during_burst"] = round(_p95(during), 1)
        counts["statement_slowest_ms_during_burst"] = round(max(during), 1)
        counts["bot"] = {
            "sent": len(bot_attempts),
            "acknowledged": bot_acknowledged,
            "rate_limited": bot_limited,
        }
        passed = (
            delivered_exactly_once(counts)
            and counts["statement_p95_ms_during_burst"] < 200
            and bot_acknowledged <= 5
            and bot_limited > 0
        )
        return report(
            "burst",
            passed,
            counts,
            [
                f"normal traffic {normal_rate}/s; the burst sent {normal_rate * 20}/s for 15 s "
                "(16/s from distinct addresses, 4/s from one bot address), gunicorn with 3 "
                "workers.",
                "the rate limit (5 per client per 10 minutes, counted in Redis) stopped the bot; "
                "the queue took every person's lead and the worker sent them afterwards.",
            ],
        )


def two_nodes() -> bool:
    """Two web nodes and two workers on one PostgreSQL and one Redis."""
    with Stack("two-nodes", web_nodes=2, workers=2, extra_env={"INTAKE_RATE_LIMIT": "5"}) as stack:
        a, b = stack.bases
        stack.drive(seconds=20, rate=3, bases=[a, b], tag="n", extra=["--spread-ips"])
        # One client sends eight times, alternating between the nodes.
        stack.drive(
            seconds=4, rate=2, clients=1, bases=[a, b], tag="limit", extra=["--ip", "198.18.255.2"]
        )
        stack.wait_until_sent(DELIVERY_WAIT_SECONDS)
        counts = stack.counts()
        limited = [x for x in stack.attempts() if x["email"].startswith("limit")]
        limit_acknowledged = sum(x["outcome"] == "acknowledged" for x in limited)
        counts["rate_limit_across_nodes"] = {
            "sent": len(limited),
            "acknowledged": limit_acknowledged,
        }

        # Every gunicorn worker of both nodes holds the form and the statement in memory...
        for _ in range(12):
            for base in (a, b):
                _get(f"{base}/bli-medlem/")
                _get(f"{base}/personvern/")
        # ... when another process renames a chain and publishes a statement version.
        stack.manage(
            "shell",
            "-c",
            "from intake.models import Subsidiary; "
            "s = Subsidiary.objects.order_by('pk')[0]; s.name = 'Omdøpt Kjede'; s.save()",
        )
        renamed_after = _seconds_until(
            lambda: all(
                "Omdøpt Kjede" in _get(f"{base}/bli-medlem/") for base in (a, b) for _ in range(4)
            ),
            90,
        )
        statement = stack.dir / "statement.md"
        statement.write_text(_new_statement_version())
        stack.manage("import_privacy_statement", str(statement), "--publish")
        published_after = _seconds_until(
            lambda: all(
                "2099-versjon" in _get(f"{base}/personvern/") for base in (a, b) for _ in range(4)
            ),
            90,
        )
        counts["subsidiary_edit_visible_on_both_after_s"] = renamed_after
        counts["statement_version_visible_on_both_after_s"] = published_after
        passed = (
            delivered_exactly_once(counts)
            and limit_acknowledged <= 5
            and renamed_after is not None
            and published_after is not None
        )
        return report(
            "two-nodes",
            passed,
            counts,
            [
                "leads sent alternately through two gunicorn nodes, two db_workers claiming tasks.",
                "the rate limit is counted in the shared Redis: a client alternating between the "
                "nodes is stopped after 5 like on one node.",
                "a chain renamed and a statement version published by another process show on "
                "both nodes (every worker asked 4 times) after the seconds above.",
            ],
        )


def _new_statement_version() -> str:
    """The shipped statement as a new version in force from today."""
    from datetime import date

    shipped = next((ROOT / "privacy").glob("statement*/personvernerklaering-2024-01-26.nb.md"))
    front, body = shipped.read_text().split("---\n", 2)[1:]
    front = front.replace('version: "2024-01-26"', 'version: "2099-versjon"')
    front = front.replace("effective_date: 2024-01-26", f"effective_date: {date.today()}")
    return f"---\n{front}---\n{body}"


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _seconds_until(condition, timeout: float) -> float | None:
    started = time.time()
    while time.time() - started < timeout:
        if condition():
            return round(time.time() - started, 1)
        time.sleep(0.5)
    return None


SCENARIOS = {
    "smtp-down": smtp_down,
    "worker-kill": worker_kill,
    "db-restart": db_restart,
    "burst": burst,
    "two-nodes": two_nodes,
}


COUNT_NAMES = ("submitted", "acknowledged", "stored", "delivered", "duplicates")


def write_results(folder: Path) -> None:
    """Each scenario's last run, kept in `results.json` and shown in RESULTS.md: a run of some
    scenarios replaces their rows and leaves the others, each row naming its own commit."""
    sys.path.insert(0, str(ROOT / "bench"))
    from results import commit, header

    store = folder / "results.json"
    kept = json.loads(store.read_text()) if store.exists() else {}
    sha, changed = commit()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    for result in RESULTS:
        kept[result["name"]] = {
            **result,
            "commit": sha + (" (with uncommitted changes)" if changed else ""),
            "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load_after": load,
        }
    store.write_text(json.dumps(kept, indent=2, ensure_ascii=False) + "\n")

    lines = [
        header(
            "Fault scenarios: every lead that got a 'takk' is delivered, exactly once",
            "bench/faults/run.sh",
        ),
        "The header is the last run's; each row names the commit and time of its own run "
        "(`results.json` keeps them). Each scenario runs its own gunicorn, db_worker(s), "
        "PostgreSQL database and SMTP server (aiosmtpd) on 127.0.0.1, and sends the contact "
        "form from a second process (`bench/faults/driver.py`). *Delivered* counts the routing "
        "emails and receipts of the scenario's leads that reached the SMTP server (matched by "
        "Message-ID); *duplicates* counts messages that arrived more than once.\n",
        "| scenario | result | " + " | ".join(COUNT_NAMES) + " | visitors saw | commit, time |",
        "| --- | --- | " + " | ".join("---:" for _ in COUNT_NAMES) + " | --- | --- |",
    ]
    ordered = [kept[name] for name in SCENARIOS if name in kept]
    for result in ordered:
        counts = result["counts"]
        cells = [
            f"{counts['delivered']} of {counts['deliveries']}"
            if name == "delivered"
            else str(counts[name])
            for name in COUNT_NAMES
        ]
        seen = ", ".join(f"{n} {k}" for k, n in counts["outcomes"].items())
        lines.append(
            f"| {result['name']} | {'PASS' if result['passed'] else '**FAIL**'} | "
            + " | ".join(cells)
            + f" | {seen} | `{result['commit']}`, {result['measured']} |"
        )
    skip = {*COUNT_NAMES, "outcomes", "deliveries", "acknowledged_not_stored", "not_delivered"}
    for result in ordered:
        lines.append(f"\n## {result['name']}\n")
        lines += [f"- {note}" for note in result["notes"]]
        lines += [f"- {k}: {v}" for k, v in result["counts"].items() if k not in skip]
        lines.append(f"- load average after the run: {result['load_after']}")
    (folder / "RESULTS.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str]) -> int:
    names = argv or ["all"]
    if names == ["all"]:
        names = list(SCENARIOS)
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        print(f"unknown scenario {unknown}; choose from {', '.join(SCENARIOS)} or all")
        return 2
    for name in names:
        try:
            SCENARIOS[name]()
        except KeyboardInterrupt:
            print(f"{name}: interrupted")
            return 130
    write_results(ROOT / "bench" / "faults")
    print(
        "summary: " + ", ".join(f"{r['name']} {'PASS' if r['passed'] else 'FAIL'}" for r in RESULTS)
    )
    for result in RESULTS:
        if not result["passed"]:
            print(f"bench faults: MISSED {result['name']}", file=sys.stderr)
    return 0 if all(r["passed"] for r in RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
