"""A deploy that changes how the statement page looks gives browsers the new page: its ETag
changes, so a browser holding the page from before gets a 200 with the new page, not a 304.

A deploy starts new processes; the tests stand in for one by pointing the settings at changed
copies of the files and forgetting what this process kept."""

import shutil

import pytest
from django.conf import settings as django_settings

from mestergruppen.memo import Memo
from mestergruppen.shared_pages import deploy_fingerprint

pytestmark = pytest.mark.django_db


def _as_a_new_process_after_the_deploy():
    Memo.clear_all()
    deploy_fingerprint.cache_clear()


def test_a_deploy_that_changes_a_translation_changes_the_statement_pages_etag(
    privacy_statement, client, settings, tmp_path
):
    before = client.get("/en/personvern/")
    locale = tmp_path / "locale"
    shutil.copytree(django_settings.LOCALE_PATHS[0], locale)
    catalogue = locale / "en" / "LC_MESSAGES" / "django.mo"
    catalogue.write_bytes(catalogue.read_bytes() + b"\0a new translation")

    settings.LOCALE_PATHS = [locale]
    _as_a_new_process_after_the_deploy()
    after = client.get("/en/personvern/", headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_a_deploy_that_changes_a_template_changes_the_statement_pages_etag(
    privacy_statement, client, settings, tmp_path
):
    before = client.get("/personvern/")
    templates = tmp_path / "templates"
    shutil.copytree(django_settings.BASE_DIR / "templates", templates)
    base = templates / "base.html"
    base.write_text(base.read_text().replace("Mestergruppen AS ·", "Mestergruppen AS, Oslo ·"))

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [templates]}]
    _as_a_new_process_after_the_deploy()
    after = client.get("/personvern/", headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "Mestergruppen AS, Oslo ·" in after.content.decode()


def test_without_a_deploy_the_statement_page_still_answers_304(privacy_statement, client):
    before = client.get("/personvern/")
    _as_a_new_process_after_the_deploy()

    after = client.get("/personvern/", headers={"if-none-match": before["ETag"]})

    assert after.status_code == 304
