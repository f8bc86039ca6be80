"""Machine instructions per step of the cycle, in one process, counted by valgrind's
callgrind: unlike seconds, the count is the same whatever else the shared machine is doing,
so it shows what the form costs beside the minimal view when the rounds under load are noisy.

Run by run.sh with the server's environment:

    valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no \\
        --callgrind-out-file=DIR/cg python bench/intake/instructions.py run LIB
    python bench/intake/instructions.py sum DIR

`run` warms both sides up uninstrumented, then counts CYCLES cycles of each, closing a
section after each step (libmarks, built from callgrind_marks.c). `sum` prints one JSON
object: instructions per cycle and step, per side. Django's test client is part of each
step on both sides alike; building the next POST's body is counted apart ("harness").
"""

import ctypes
import glob
import json
import os
import re
import sys
from collections import Counter

CYCLES = 20


def run(library: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestergruppen.settings")
    import django

    django.setup()

    sys.path.insert(0, os.path.dirname(__file__))
    # The same cycle, filled-in form and visitor as the CPU measurement.
    from cpu import cycle, visitor

    marks = ctypes.CDLL(library)
    client = visitor()

    sides = {"form": "/bli-medlem/", "minimal": "/bench/minimal/"}
    for index, url in enumerate(sides.values()):
        for n in range(30):
            cycle(client, url, 8_000_000 + index * 100_000 + n)
    marks.marks_start()
    for index, (side, url) in enumerate(sides.items()):
        marks.marks_section(b"harness")
        for n in range(CYCLES):
            cycle(
                client,
                url,
                8_500_000 + index * 100_000 + n,
                lambda name, side=side: marks.marks_section(
                    (name if name == "harness" else f"{side}:{name}").encode()
                ),
            )


def summed(folder: str) -> dict:
    totals: Counter = Counter()
    for path in glob.glob(os.path.join(folder, "cg.*")):
        with open(path, errors="replace") as dump:
            text = dump.read()
        name = re.search(r"Client Request: (\S+)", text)
        total = re.search(r"^totals: (\d+)", text, re.MULTILINE)
        if name and total:
            totals[name.group(1)] += int(total.group(1))
    result = {}
    for side in ("form", "minimal"):
        steps = {step: totals[f"{side}:{step}"] / CYCLES for step in ("get", "post", "redirect")}
        result[side] = {**steps, "cycle": sum(steps.values())}
    return result


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(sys.argv[2])
    else:
        print(json.dumps(summed(sys.argv[2])))
