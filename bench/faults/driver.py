"""The visitors of a fault scenario: a separate process that sends the contact form.

    python bench/faults/driver.py --base http://127.0.0.1:8771 --seconds 30 --rate 4 \
        --clients 4 --out /tmp/driver.jsonl [--base http://127.0.0.1:8772 ...] [--spread-ips]

Each virtual visitor does what a browser does (GET the form, POST it with the page's hidden
fields and CSRF cookie, follow the redirect) and writes one JSON line per attempt: the email
it used (unique, so the lead can be found afterwards), the outcome and what the site showed.
Outcomes: `acknowledged` (the thank-you page with a reference), `try_again` (a 503 page in
Norwegian), `rate_limited`/`refused` (a 4xx or the form again), `error` (anything else: a 500,
a stack trace, a broken connection).
"""

import argparse
import http.client
import itertools
import json
import re
import threading
import time
import urllib.parse

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
SUBSIDIARY = re.compile(r'name="subsidiary" id="id_subsidiary_0" value="([^"]+)"')
REFERENCE = re.compile(r"MG-[0-9A-Z-]+")


class Visitor:
    def __init__(self, base: str, ip: str | None):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.ip = ip
        self.cookie = ""

    def _request(self, method: str, path: str, body: str | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if self.ip:
            headers["X-Forwarded-For"] = self.ip
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                    self.cookie = value.split(";", 1)[0]
            return response.status, dict(response.getheaders()), text
        finally:
            connection.close()

    def submit(self, n: int, email: str) -> dict:
        started = time.time()
        result = {"email": email, "started": started}
        try:
            status, _, page = self._request("GET", "/bli-medlem/")
            if status != 200:
                return {**result, **_classify(status, page), "step": "get"}
            fields = dict(HIDDEN.findall(page))
            subsidiary = SUBSIDIARY.search(page)
            fields.update(
                contact_name=f"Åse Ødegård {n}",
                phone="912 34 567",
                email=email,
                company_name="Ødegård Bygg AS",
                org_number="928 050 475",
                county="oslo",
                subsidiary=subsidiary.group(1) if subsidiary else "usikker",
                message="Vi er seks tømrere i Groruddalen.",
                privacy_acknowledged="on",
            )
            status, headers, page = self._request(
                "POST", "/bli-medlem/", urllib.parse.urlencode(fields)
            )
            if status != 302:
                return {**result, **_classify(status, page), "step": "post"}
            location = urllib.parse.urlsplit(headers.get("Location", "")).path
            status, _, page = self._request("GET", location)
            if status != 200:
                return {**result, **_classify(status, page), "step": "thank-you"}
            reference = REFERENCE.search(location) or REFERENCE.search(page)
            return {
                **result,
                "outcome": "acknowledged",
                "reference": reference.group(0) if reference else None,
                "seconds": time.time() - started,
            }
        except (OSError, http.client.HTTPException) as exc:
            return {**result, "outcome": "error", "detail": type(exc).__name__}


def _classify(status: int, page: str) -> dict:
    if status == 503 and "Prøv igjen om litt" in page and "Traceback" not in page:
        return {"outcome": "try_again", "status": status}
    if status == 429 or (status == 200 and "for mange" in page.lower()):
        return {"outcome": "rate_limited", "status": status}
    if 400 <= status < 500 or status == 200:
        return {"outcome": "refused", "status": status}
    return {"outcome": "error", "status": status, "traceback": "Traceback" in page}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", action="append", required=True, help="one per web node")
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--rate", type=float, required=True, help="submissions per second")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--out", required=True)
    parser.add_argument("--tag", default="v")
    parser.add_argument("--spread-ips", action="store_true", help="one client address each")
    parser.add_argument("--ip", default=None, help="every visitor from this client address")
    args = parser.parse_args()

    counter = itertools.count(1)
    lock = threading.Lock()
    out = open(args.out, "a", encoding="utf-8")
    deadline = time.time() + args.seconds
    interval = args.clients / args.rate  # each client's pace, so together they make the rate

    def client(index: int) -> None:
        next_start = time.time() + index * interval / args.clients
        while True:
            now = time.time()
            if now >= deadline:
                return
            if now < next_start:
                time.sleep(next_start - now)
            next_start += interval
            n = next(counter)
            base = args.base[n % len(args.base)]
            # Header values only (the requests go to loopback): 198.18.0.0/15 is the range
            # RFC 2544 sets aside for benchmarks.
            ip = (
                f"198.{18 + n // 65536 % 2}.{n // 256 % 256}.{n % 256}"
                if args.spread_ips
                else args.ip
            )
            record = Visitor(base, ip).submit(n, f"{args.tag}{n}@odegard-bygg.example")
            record["node"] = base
            with lock:
                out.write(json.dumps(record) + "\n")
                out.flush()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
