"""Writes the statement page, as the site renders it, to the file the other two URLs serve."""

import sys
from pathlib import Path

import django

django.setup()

from django.test import Client  # noqa: E402

response = Client(HTTP_HOST="127.0.0.1").get("/personvern/")
if response.status_code != 200:
    sys.exit(f"/personvern/ answered {response.status_code}")
Path(sys.argv[1]).write_bytes(response.content)
print(f"statement page: {len(response.content)} bytes")
