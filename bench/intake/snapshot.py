"""Saves the real form page and thank-you page for the baseline to answer from memory
(intake/bench_views.py): run by run.sh with the server's environment, before the server starts.

    python bench/intake/snapshot.py FOLDER
"""

import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestergruppen.settings")
sys.path.insert(0, os.path.dirname(__file__))

import django

django.setup()

from cpu import form_data  # noqa: E402
from django.test import Client  # noqa: E402

folder = Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
client = Client(HTTP_HOST="127.0.0.1")
# The pages of the visitor measured (BENCH_COOKIE: one who has chosen gets no banner).
if cookie := os.environ.get("BENCH_COOKIE", ""):
    client.cookies.load(cookie)
form = client.get("/bli-medlem/").content.decode()
posted = client.post(
    "/bli-medlem/",
    urlencode(form_data(form, 0)),
    content_type="application/x-www-form-urlencoded",
)
assert posted.status_code == 302, posted.status_code
thanks = client.get(posted["Location"]).content.decode()
csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
reference = posted["Location"].rstrip("/").rsplit("/", 1)[-1]
# One CSRF token per page, the same on both: the baseline swaps it for the visitor's.
thanks = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', rf"\g<1>{csrf}", thanks)
(folder / "form.html").write_text(form)
(folder / "thanks.html").write_text(thanks)
(folder / "pages.json").write_text(json.dumps({"csrf": csrf, "reference": reference}))
print(f"pages: form {len(form.encode())} bytes, thank-you page {len(thanks.encode())} bytes")
