"""The rendered HTML of every public page and the key admin pages passes the Nu HTML Checker
(vnu) without an error: invalid markup is where assistive technology and browsers start to
disagree about a page.

`.ci/run` installs the checker (npm `vnu-jar`, run with the machine's Java) into `var/vnu/`;
a local run without it skips these tests, CI fails instead (`CI=true`).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

pytestmark = [pytest.mark.vnu, pytest.mark.django_db]

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR", settings.BASE_DIR / "var" / "vnu" / "node_modules/vnu-jar/build/dist/vnu.jar"
    )
)


@pytest.fixture(scope="session")
def html_errors():
    """Checks pages with vnu in one run: {name: html} -> {name: [error, ...]}."""
    if not VNU_JAR.exists() or not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail(f"The Nu HTML Checker is missing at {VNU_JAR}: .ci/run installs it.")
        pytest.skip("The Nu HTML Checker is not installed (bash .ci/run installs it in var/vnu).")

    def files_in(folder: Path) -> list[str]:
        return sorted(str(path) for path in folder.glob("page*.html"))

    def check(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
        files = {}
        for number, (name, html) in enumerate(pages.items()):
            path = folder / f"page{number}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        result = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files_in(folder)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        errors: dict[str, list[str]] = {name: [] for name in pages}
        for message in json.loads(result.stderr or result.stdout)["messages"]:
            if message.get("type") == "error" or message.get("subType") == "fatal":
                url = message.get("url", "?")
                name = files.get(url.rsplit("/", 1)[-1], url)
                errors.setdefault(name, []).append(
                    f"line {message.get('lastLine')}: {message.get('message')}"
                )
        return {name: found for name, found in errors.items() if found}

    return check


def test_the_gate_catches_a_deliberately_broken_page(html_errors, tmp_path):
    broken = (
        '<!DOCTYPE html><html lang="nb"><head><title>Ødelagt</title></head><body>'
        '<p id="x">Et avsnitt <div>med en blokk inni</div></p><span id="x"></span>'
        "<button><a href='/'>lenke i knapp</a></button></body></html>"
    )
    valid = (
        '<!DOCTYPE html><html lang="nb"><head><title>Gyldig</title></head>'
        "<body><p>Alt i orden.</p></body></html>"
    )

    errors = html_errors({"ødelagt": broken, "gyldig": valid}, tmp_path)

    assert set(errors) == {"ødelagt"}
    assert any("Duplicate ID" in error for error in errors["ødelagt"])


def test_every_public_page_is_valid_html(html_errors, public_pages, tmp_path):
    client = Client(raise_request_exception=False)
    pages = {}
    for url in public_pages:
        response = client.get(url)
        if response["Content-Type"].startswith("text/html"):
            pages[url] = response.content.decode()
    # The form shown again with its errors, and the error pages.
    shown_again = client.post("/bli-medlem/", {"email": "x", "contact_name": "<Åse>"})
    pages["form with errors"] = shown_again.content.decode()
    pages["404"] = client.get("/finnes-ikke/").content.decode()
    pages["400"] = client.get("/personvern/", QUERY_STRING="x=%00").content.decode()
    pages["403 csrf"] = (
        Client(enforce_csrf_checks=True, raise_request_exception=False)
        .post("/bli-medlem/", {})
        .content.decode()
    )

    assert html_errors(pages, tmp_path) == {}


def test_the_key_admin_pages_are_valid_html(
    html_errors, client, site_admin, make_lead, privacy_statement, tmp_path
):
    lead = make_lead()
    client.force_login(site_admin)
    urls = [
        reverse("admin:index"),
        reverse("admin:intake_lead_dashboard"),
        reverse("admin:intake_lead_change", args=[lead.pk]),
    ]
    for model in admin.site._registry:
        if model._meta.app_label not in ("intake", "privacy"):
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model._default_manager.first() if model._meta.managed else None
        try:
            urls.append(reverse(f"{name}_changelist"))
            if obj is not None:
                urls.append(reverse(f"{name}_change", args=[obj.pk]))
        except NoReverseMatch:
            continue
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    client.logout()
    pages["sign-in"] = client.get(reverse("admin:login")).content.decode()

    assert html_errors(pages, tmp_path) == {}
