"""What every RESULTS.md starts with: where its numbers come from (commit, date, machine, load
before and after, the exact command), and the targets checked, so a reader can trust or redo it.

The benchmark scripts call `header()` and `verdict()`; bench/lib.sh exports the load average
taken before the run, the overrides the caller set and, under `make bench`, the command.
"""

import os
import platform
import shlex
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime


def _run(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    except OSError:
        return "?"


# What the benchmarks themselves write, as git pathspecs to leave out: one benchmark's fresh
# results are not an uncommitted change to the code the next one measures (`make bench` runs
# them one after the other, and intake and statement write two results files each).
RESULTS_FILES = (":!bench/*/RESULTS*.md", ":!bench/faults/results.json")


def commit() -> tuple[str, list[str]]:
    """The commit checked out, and the tracked files that differ from it (results files
    aside): numbers measured with uncommitted changes do not come from that commit."""
    changed = _run("git", "status", "--porcelain", "--", ".", *RESULTS_FILES)
    return _run("git", "rev-parse", "--short=10", "HEAD").strip(), [
        line[3:] for line in changed.splitlines()
    ]


def machine() -> str:
    model = next(
        (ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if "model name" in ln),
        platform.processor() or "?",
    )
    with open("/proc/meminfo") as meminfo:
        kib = int(meminfo.readline().split()[1])
    return (
        f"{os.cpu_count()} cores ({model}), {kib / 1024**2:.0f} GB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def command(script: str) -> str:
    shown = os.environ.get("BENCH_COMMAND") or f"bash {script}"
    overrides = " ".join(
        f"{name}={shlex.quote(os.environ.get(name, ''))}"
        for name in sorted(os.environ.get("BENCH_OVERRIDES", "").split())
    )
    return f"{overrides} {shown}".strip()


def header(title: str, script: str) -> str:
    sha, changed = commit()
    load_after = open("/proc/loadavg").read().split()[:3]
    dirty = (
        f"\n\n**Measured with uncommitted changes** to {', '.join(changed)}: these numbers do "
        "not come from that commit alone."
        if changed
        else ""
    )
    return f"""# {title}

Written by `{script}` (do not edit by hand; run it again).

- Commit: `{sha}`; measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.
- Command: `{command(script)}` from the project root.
- Machine: {machine()}; shared with other work.
- Load average (1, 5, 15 min) before: {os.environ.get("BENCH_LOAD_BEFORE", "?")}; after:
  {" ".join(load_after)} (the benchmark's own processes count in it).{dirty}
"""


@dataclass
class Target:
    figure: str  # what was measured, in words
    value: str  # the measured value, formatted
    goal: str  # the target, formatted
    met: bool


def verdict(targets: list[Target]) -> str:
    rows = "\n".join(
        f"| {t.figure} | {t.value} | {t.goal} | {'met' if t.met else '**MISSED**'} |"
        for t in targets
    )
    missed = [t for t in targets if not t.met]
    summary = (
        f"**{len(missed)} of {len(targets)} targets missed.**"
        if missed
        else f"All {len(targets)} targets met."
    )
    return f"""## Targets

| figure | measured | target | |
| --- | ---: | ---: | --- |
{rows}

{summary}
"""


def exit_on_missed(name: str, targets: list[Target]) -> None:
    """Says on stderr which figure missed and exits non-zero; silent when all are met."""
    missed = [t for t in targets if not t.met]
    for t in missed:
        print(f"bench {name}: MISSED {t.figure}: {t.value} (target {t.goal})", file=sys.stderr)
    if missed:
        sys.exit(1)
    print(f"bench {name}: all {len(targets)} targets met", file=sys.stderr)


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile: the value 95 % of the samples are at or under."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
