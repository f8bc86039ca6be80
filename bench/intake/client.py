"""A small closed-loop load client for the contact-form benchmark (loopback only).

Each of N threads repeats the cycle a browser goes through: GET the form, POST it, follow the
redirect with a GET. The cycle's wall time is one sample. Prints one JSON object.

    python bench/intake/client.py --url http://127.0.0.1:8761/bli-medlem/ --clients 8 --seconds 20
"""

import argparse
import json
import re
import statistics
import threading
import time
from urllib.parse import urljoin, urlparse

import requests

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
SUBSIDIARY = re.compile(r'name="subsidiary" id="id_subsidiary_0" value="([^"]+)"')


def form_data(html: str, n: int) -> dict[str, str]:
    data = dict(HIDDEN.findall(html))
    chosen = SUBSIDIARY.search(html)
    data.update(
        {
            "contact_name": f"Åse Ødegård {n}",
            "phone": "912 34 567",
            "email": f"ase{n}@odegard-bygg.example",
            "company_name": "Ødegård Bygg AS",
            "org_number": "928 050 475",
            "county": "oslo",
            "subsidiary": chosen.group(1) if chosen else "usikker",
            "message": "Vi er seks tømrere i Groruddalen.\nVi vil gjerne høre mer.",
            "privacy_acknowledged": "on",
        }
    )
    return data


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def worker(url, deadline, warmup_until, samples, steps, errors, lock, ident):
    session = requests.Session()
    n = 0
    while time.monotonic() < deadline:
        n += 1
        started = time.monotonic()
        try:
            got = session.get(url, timeout=10)
            t_get = time.monotonic()
            got.raise_for_status()
            posted = session.post(
                url,
                data=form_data(got.text, ident * 1_000_000 + n),
                headers={"Referer": url},
                allow_redirects=False,
                timeout=10,
            )
            t_post = time.monotonic()
            if posted.status_code != 302:
                raise RuntimeError(f"POST answered {posted.status_code}")
            done = session.get(urljoin(url, posted.headers["Location"]), timeout=10)
            done.raise_for_status()
            finished = time.monotonic()
        except Exception as error:  # counted and reported, never hidden
            with lock:
                errors.append(repr(error)[:200])
            continue
        if started >= warmup_until:
            with lock:
                samples.append(finished - started)
                steps["get"].append(t_get - started)
                steps["post"].append(t_post - t_get)
                steps["redirect"].append(finished - t_post)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    args = parser.parse_args()
    assert urlparse(args.url).hostname in ("127.0.0.1", "localhost"), "loopback only"

    samples: list[float] = []
    steps: dict[str, list[float]] = {"get": [], "post": [], "redirect": []}
    errors: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    warmup_until = start + args.warmup
    deadline = warmup_until + args.seconds
    threads = [
        threading.Thread(
            target=worker,
            args=(args.url, deadline, warmup_until, samples, steps, errors, lock, i),
        )
        for i in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    ms = 1000
    print(
        json.dumps(
            {
                "url": args.url,
                "clients": args.clients,
                "seconds": args.seconds,
                "cycles": len(samples),
                "cycles_per_second": round(len(samples) / args.seconds, 1),
                "cycle_p50_ms": round(statistics.median(samples) * ms, 1) if samples else None,
                "cycle_p95_ms": round(percentile(samples, 95) * ms, 1) if samples else None,
                "step_p95_ms": {
                    name: round(percentile(values, 95) * ms, 1) if values else None
                    for name, values in steps.items()
                },
                "errors": len(errors),
                "first_errors": errors[:3],
            }
        )
    )


if __name__ == "__main__":
    main()
