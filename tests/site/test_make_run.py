"""`make run PORT=…`: the links it prints and the links in the emails its worker sends name the
port the server listens on."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def planned_commands(*arguments: str) -> str:
    """What `make run` would run (make -n prints the commands without running them)."""
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_on_another_port_serves_it_and_prints_links_to_it():
    commands = planned_commands("PORT=8012")

    assert "runserver --noreload 127.0.0.1:8012" in commands
    assert "Nettstedet: http://127.0.0.1:8012/   Admin: http://127.0.0.1:8012/admin/" in commands
    assert ":8000" not in commands


def test_make_run_gives_the_worker_and_the_server_the_site_url_of_its_port():
    commands = planned_commands("PORT=8012")

    for command in ("manage.py db_worker", "manage.py runserver", "manage.py load_demo_data"):
        assert re.search(rf"SITE_URL=http://127\.0\.0\.1:8012 \S+ {command}", commands), command


def test_links_in_emails_sent_under_make_run_on_another_port_use_that_port():
    site_url = re.search(r"SITE_URL=(\S+) \S+ manage.py db_worker", planned_commands("PORT=8012"))

    # The worker's own process, as make starts it: its settings read SITE_URL at start-up.
    link = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from mestergruppen.email import absolute_url; "
            "print(absolute_url('/personvern/'))",
        ],
        cwd=ROOT,
        env={**os.environ, "SITE_URL": site_url[1], "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert link == "http://127.0.0.1:8012/personvern/"


def test_an_explicit_site_url_wins_over_the_port():
    commands = planned_commands("PORT=8012", "SITE_URL=https://demo.example")

    assert "SITE_URL=https://demo.example" in commands
    assert "runserver --noreload 127.0.0.1:8012" in commands
