"""Writes the statement page, as the site renders it, to the file the other two URLs serve."""

import os
import sys
from pathlib import Path

import django

django.setup()

from django.test import Client  # noqa: E402

client = Client(HTTP_HOST="127.0.0.1")
# The page of the visitor measured (BENCH_COOKIE: one who has chosen gets no banner).
if cookie := os.environ.get("BENCH_COOKIE", ""):
    client.cookies.load(cookie)
response = client.get("/personvern/")
if response.status_code != 200:
    sys.exit(f"/personvern/ answered {response.status_code}")
Path(sys.argv[1]).write_bytes(response.content)
print(f"statement page: {len(response.content)} bytes")
